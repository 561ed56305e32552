using Org.BouncyCastle.Crypto.Digests;

namespace Settlement.Prover.Solidity;

/// <summary>
/// Ethereum's Keccak-256 (the original Keccak padding, not NIST SHA3-256), from BouncyCastle, and the 4-byte selectors
/// of functions and custom errors that Solidity derives from it.
/// </summary>
public static class Keccak256
{
    /// <summary>The 32-byte digest.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        var output = new byte[32];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>The selector of a canonical signature such as <c>verifyProof(bytes,uint256[1])</c>: its hash's first 4 bytes.</summary>
    public static byte[] Selector(string signature) => Hash(System.Text.Encoding.ASCII.GetBytes(signature))[..4];
}
