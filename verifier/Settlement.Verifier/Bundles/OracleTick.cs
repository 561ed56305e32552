using System.Buffers.Binary;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>One price report: asset, price (VU per whole unit), timestamp (ms since the Unix epoch).</summary>
public readonly record struct OracleReport(ushort AssetId, ulong Price, ulong Timestamp);

/// <summary>The reports one committee member signed in a tick, assetId strictly increasing.</summary>
public sealed record SignerReports(int Signer, IReadOnlyList<OracleReport> Reports);

/// <summary>
/// A PriceTick as carried by a bundle (docs/spec.md §4, §5.3, §8.1): the tick time, each reporting member's reports
/// (members in increasing order) and one aggregate BLS signature over the members' distinct messages.
/// </summary>
public sealed record OracleTick(ulong Time, IReadOnlyList<SignerReports> Signers, byte[] AggregateSignature)
{
    /// <summary>Total reports over all signers.</summary>
    public int ReportCount => Signers.Sum(s => s.Reports.Count);

    /// <summary>Hash([T, count, per report: assetId + 2¹⁶·signer + 2³²·timestamp, price], OracleCommitment).</summary>
    public Fr Commitment()
    {
        var e = new List<Fr> { Fr.FromUInt64(Time), Fr.FromUInt64((ulong)ReportCount) };
        foreach (var s in Signers)
            foreach (var r in s.Reports)
            {
                e.Add(Fr.FromBigInteger(r.AssetId + ((System.Numerics.BigInteger)s.Signer << 16) + ((System.Numerics.BigInteger)r.Timestamp << 32)));
                e.Add(Fr.FromUInt64(r.Price));
            }
        return Poseidon.Poseidon.Hash(e.ToArray(), HashDomain.OracleCommitment);
    }

    /// <summary>The message member <paramref name="signer"/> signs (docs/spec.md §6).</summary>
    public static byte[] Message(in Fr configHash, int signer, IReadOnlyList<OracleReport> reports)
    {
        var m = new byte[64 + 4 + reports.Count * 18];
        SignedMessages.WriteHeader(m, SignedMessages.OracleTag, configHash);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(64), (ushort)signer);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(66), (ushort)reports.Count);
        int o = 68;
        foreach (var r in reports)
        {
            BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(o), r.AssetId);
            BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(o + 2), r.Price);
            BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(o + 10), r.Timestamp);
            o += 18;
        }
        return m;
    }
}
