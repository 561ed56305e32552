using System.Numerics;
using Nethereum.ABI;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Solidity;

/// <summary>
/// The calldata of the generated verifier's <c>verifyProof(bytes proof, uint256[n] input)</c> (ABI-encoded by
/// Nethereum.ABI), the C# reading of the same bytes with the contract's checks in the contract's order, and the revert
/// data the contract gives for each refusal. Together they state what "the contract refuses what the C# verifier
/// refuses, for the same reason" means (docs/evm.md).
/// </summary>
public static class VerifierCalldata
{
    private const int Word = 32;

    /// <summary>The function's canonical signature for a key with <paramref name="publicInputs"/> inputs.</summary>
    public static string Signature(int publicInputs) => $"verifyProof(bytes,uint256[{publicInputs}])";

    /// <summary>Calldata for a proof and its public inputs.</summary>
    public static byte[] Encode(Proof proof, ReadOnlySpan<Fr> inputs)
    {
        var values = new BigInteger[inputs.Length];
        Span<byte> be = stackalloc byte[Fr.ByteLength];
        for (int i = 0; i < values.Length; i++)
        {
            inputs[i].ToBytesBE(be);
            values[i] = new BigInteger(be, isUnsigned: true, isBigEndian: true);
        }
        return EncodeUnchecked(Eip2537Proof.Encode(proof), values);
    }

    /// <summary>Calldata for any proof bytes and any 256-bit inputs, refused ones included (for tests and tools).</summary>
    public static byte[] EncodeUnchecked(byte[] proof, IReadOnlyList<BigInteger> inputs)
    {
        var args = new ABIEncode().GetABIEncoded(
            new ABIValue("bytes", proof),
            new ABIValue($"uint256[{inputs.Count}]", inputs.ToList()));
        return [.. Keccak256.Selector(Signature(inputs.Count)), .. args];
    }

    /// <summary>
    /// Reads calldata as the contract does, in its order (the selector, which routes the call, is not looked at): the
    /// exact canonical layout (else MalformedEncoding on "calldata"), each input below r, then <see cref="Eip2537Proof.Decode"/>. Throws <see cref="Groth16Exception"/>.
    /// </summary>
    public static (Proof Proof, Fr[] Inputs) Decode(ReadOnlySpan<byte> calldata, int publicInputs)
    {
        int proofStart = 4 + Word + Word * publicInputs + Word;
        if (calldata.Length != proofStart + Eip2537Proof.Size
            || Word256(calldata.Slice(4, Word)) != proofStart - 4 - Word || Word256(calldata.Slice(proofStart - Word, Word)) != Eip2537Proof.Size)
            throw new Groth16Exception(Groth16Error.MalformedEncoding, "calldata",
                $"{calldata.Length} bytes are not the canonical encoding of {Signature(publicInputs)} with a {Eip2537Proof.Size}-byte proof");
        var inputs = PublicInputs.FromBytesBE(calldata.Slice(4 + Word, Word * publicInputs));
        return (Eip2537Proof.Decode(calldata[proofStart..]), inputs);
    }

    /// <summary>
    /// The revert data of the contract's custom error for a refusal from <see cref="Decode"/> (its field says which
    /// point or input), or of <c>ProofInvalid()</c> when <paramref name="refusal"/> is null (the pairing equation
    /// failed).
    /// </summary>
    public static byte[] RevertData(Groth16Exception? refusal)
    {
        if (refusal is null) return Keccak256.Selector("ProofInvalid()");
        var field = refusal.Field;
        return refusal.Error switch
        {
            Groth16Error.MalformedEncoding when field is "calldata" or "proof" => Keccak256.Selector("CalldataMalformed()"),
            Groth16Error.PublicInputNotCanonical => Error("PublicInputNotCanonical", Index(field)),
            Groth16Error.MalformedEncoding => Error("PointMalformed", Point(field)),
            Groth16Error.PointAtInfinity => Error("PointAtInfinity", Point(field)),
            Groth16Error.PointNotOnCurve => Error("PointNotOnCurve", Point(field)),
            Groth16Error.PointNotInSubgroup => Error("PointNotInSubgroup", Point(field)),
            _ => throw new ArgumentException($"{refusal.Error} ({field}) is not a refusal the verifier contract makes", nameof(refusal)),
        };
    }

    private static byte[] Error(string name, int argument) =>
        [.. Keccak256.Selector($"{name}(uint256)"), .. new ABIEncode().GetABIEncoded(new ABIValue("uint256", new BigInteger(argument)))];

    private static int Point(string field) => field switch
    {
        "A" => 0, "B" => 1, "C" => 2,
        _ => throw new ArgumentException($"'{field}' is not a proof point", nameof(field)),
    };

    // "public[3]" → 3, the index PublicInputs names.
    private static int Index(string field) =>
        field.StartsWith("public[", StringComparison.Ordinal) && field.EndsWith(']') ? int.Parse(field[7..^1], System.Globalization.CultureInfo.InvariantCulture)
        : throw new ArgumentException($"'{field}' is not a public input", nameof(field));

    private static BigInteger Word256(ReadOnlySpan<byte> word) => new(word, isUnsigned: true, isBigEndian: true);
}
