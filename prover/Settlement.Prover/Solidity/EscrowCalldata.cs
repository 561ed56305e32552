using System.Buffers.Binary;
using System.Numerics;
using Nethereum.ABI;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Solidity;

/// <summary>
/// The calldata of the generated escrow's <c>acceptBundle(bytes bundle, bytes points)</c> (ABI-encoded by
/// Nethereum.ABI): the bundle's bytes unchanged, and what a relayer adds, its compressed points decompressed into the
/// EIP-2537 encoding (docs/evm.md).
/// </summary>
public static class EscrowCalldata
{
    /// <summary>The function's canonical signature.</summary>
    public const string AcceptBundleSignature = "acceptBundle(bytes,bytes)";

    private const int Header = 16, StatementFixed = 184, ProofSize = 192, SignatureSize = 96, ReportSize = 18;

    /// <summary>Calldata that submits <paramref name="bundle"/> with its points decompressed.</summary>
    public static byte[] AcceptBundle(ReadOnlySpan<byte> bundle) => AcceptBundle(bundle.ToArray(), Points(bundle));

    /// <summary>Calldata with any points (for tests of the contract's checks on them).</summary>
    public static byte[] AcceptBundle(byte[] bundle, byte[] points) =>
        [.. Keccak256.Selector(AcceptBundleSignature), .. new ABIEncode().GetABIEncoded(new ABIValue("bytes", bundle), new ABIValue("bytes", points))];

    /// <summary>
    /// The proof's A ‖ B ‖ C (512 bytes), each venue's signature, then the price tick's and the risk update's aggregate
    /// signatures when the bundle carries them (256 bytes each), uncompressed: found by walking the binary format
    /// (spec §8.1). A point that is missing or does not decompress onto its curve is written as zeros; the contract
    /// then refuses the bundle, as a venue's decoder does. Curve membership without the subgroup check: the contract's
    /// precompiles check that.
    /// </summary>
    public static byte[] Points(ReadOnlySpan<byte> bundle)
    {
        int v = U16(bundle, 6), c = U16(bundle, 8), ni = U16(bundle, 10);
        int oracleBitmap = (U16(bundle, 12) + 7) / 8, riskBitmap = (U16(bundle, 14) + 7) / 8;
        int proofAt = Header + StatementFixed + 64 * v;
        long p = proofAt + ProofSize, oracleSig = -1, riskSig = -1;
        if (At(bundle, p) == 1)
        {
            oracleSig = p + 1 + 8 + oracleBitmap;
            int signers = 0;
            for (int i = 0; i < oracleBitmap; i++) signers += BitOperations.PopCount(At(bundle, p + 9 + i));
            p = oracleSig + SignatureSize;
            for (int i = 0; i < signers && p < bundle.Length; i++) p += 2 + ReportSize * U16(bundle, p);
        }
        else p += 1;
        if (At(bundle, p) == 1)
        {
            riskSig = p + 1 + 8 + 8L * c + 24L * ni + riskBitmap;
            p = riskSig + SignatureSize;
        }
        else p += 1;
        int extra = (oracleSig < 0 ? 0 : 1) + (riskSig < 0 ? 0 : 1);
        var points = new byte[Eip2537Proof.Size + (v + extra) * Eip2537.G2PointSize];
        G1(bundle, proofAt, points.AsSpan(0, Eip2537.G1PointSize));
        G2(bundle, proofAt + 48, points.AsSpan(Eip2537.G1PointSize, Eip2537.G2PointSize));
        G1(bundle, proofAt + 144, points.AsSpan(Eip2537.G1PointSize + Eip2537.G2PointSize, Eip2537.G1PointSize));
        for (int i = 0; i < v; i++)
            G2(bundle, p + SignatureSize * i, points.AsSpan(Eip2537Proof.Size + Eip2537.G2PointSize * i, Eip2537.G2PointSize));
        int at = Eip2537Proof.Size + v * Eip2537.G2PointSize;
        if (oracleSig >= 0)
        {
            G2(bundle, oracleSig, points.AsSpan(at, Eip2537.G2PointSize));
            at += Eip2537.G2PointSize;
        }
        if (riskSig >= 0) G2(bundle, riskSig, points.AsSpan(at, Eip2537.G2PointSize));
        return points;
    }

    private static int U16(ReadOnlySpan<byte> b, long at) => at + 2 <= b.Length ? BinaryPrimitives.ReadUInt16BigEndian(b[(int)at..]) : 0;

    private static uint At(ReadOnlySpan<byte> b, long at) => at < b.Length ? b[(int)at] : 0u;

    /// <summary>The function that takes an exit claim (its one argument is the claim as a tuple).</summary>
    public const string ClaimExitSignature = "claimExit((uint32,uint256,uint64,int64[],uint256[],uint256[],uint256))";

    /// <summary>
    /// Calldata of <c>claimExit</c> for <paramref name="claim"/>: the position slots go as the leaf's packed slot
    /// elements (AccountLeaf.Elements), which the contract hashes as they are. Throws
    /// <see cref="ArgumentOutOfRangeException"/> when the id or nonce does not fit a leaf.
    /// </summary>
    public static byte[] ClaimExit(ExitClaim claim)
    {
        var elements = AccountLeaf.Elements(claim.AccountId, claim.Nonce, claim.Salt, claim.Balances.ToArray(), claim.Slots.ToArray());
        int balanceWords = (claim.Balances.Count + 2) / 3;
        // A dynamic tuple is encoded as an offset, then its components as if they were the arguments.
        var tuple = new ABIEncode().GetABIEncoded(
            new ABIValue("uint32", (uint)claim.AccountId),
            new ABIValue("uint256", Big(claim.Salt)),
            new ABIValue("uint64", (ulong)claim.Nonce),
            new ABIValue("int64[]", claim.Balances.Select(b => new BigInteger(b)).ToList()),
            new ABIValue("uint256[]", elements.Skip(2 + balanceWords).Select(Big).ToList()),
            new ABIValue("uint256[]", claim.Siblings.Select(Big).ToList()),
            new ABIValue("uint256", Big(claim.EpochHash)));
        return [.. Keccak256.Selector(ClaimExitSignature), .. new ABIEncode().GetABIEncoded(new ABIValue("uint256", 32)), .. tuple];
    }

    /// <summary>The function that takes equivocation evidence.</summary>
    public const string ReportEquivocationSignature = "reportEquivocation(uint256,bytes32,uint64,bytes32,bytes32,bytes,bytes32,bytes)";

    /// <summary>
    /// Calldata of <c>reportEquivocation</c> for <paramref name="e"/>, its two signatures decompressed into the EIP-2537
    /// encoding (zeros when one does not decompress onto the curve: the contract then refuses the evidence).
    /// </summary>
    public static byte[] ReportEquivocation(EquivocationEvidence e)
    {
        var a = new byte[Eip2537.G2PointSize];
        var b = new byte[Eip2537.G2PointSize];
        G2(e.SignatureA, 0, a);
        G2(e.SignatureB, 0, b);
        return [.. Keccak256.Selector(ReportEquivocationSignature), .. new ABIEncode().GetABIEncoded(
            new ABIValue("uint256", e.Venue), new ABIValue("bytes32", e.ConfigHash.ToBytesBE()), new ABIValue("uint64", e.BatchIndex),
            new ABIValue("bytes32", e.OldRoot.ToBytesBE()), new ABIValue("bytes32", e.DigestA.ToBytesBE()), new ABIValue("bytes", a),
            new ABIValue("bytes32", e.DigestB.ToBytesBE()), new ABIValue("bytes", b))];
    }

    private static BigInteger Big(Fr x) => x.ToBigInteger();

    private static void G1(ReadOnlySpan<byte> bundle, long at, Span<byte> dest)
    {
        if (at + 48 <= bundle.Length && G1Encoding.TryDecodeUnchecked(bundle.Slice((int)at, 48), out var p, out _)) Eip2537.EncodeG1(p, dest);
    }

    private static void G2(ReadOnlySpan<byte> bundle, long at, Span<byte> dest)
    {
        if (at >= 0 && at + 96 <= bundle.Length && G2Encoding.TryDecodeUnchecked(bundle.Slice((int)at, 96), out var p, out _)) Eip2537.EncodeG2(p, dest);
    }
}
