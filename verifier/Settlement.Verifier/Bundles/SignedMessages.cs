using System.Buffers.Binary;
using System.Text;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// Byte layouts of what oracles, the risk committee and venues sign (docs/spec.md §6). Every message starts with a
/// 32-byte role tag and the 32-byte configHash, so a signature is bound to one role in one deployment.
/// </summary>
public static class SignedMessages
{
    public const string OracleTag = "SETTLEMENT-V1/ORACLE";
    public const string RiskTag = "SETTLEMENT-V1/RISK";
    public const string VenueOpsTag = "SETTLEMENT-V1/VENUE-OPS";

    internal static void WriteHeader(Span<byte> dest, string tag, in Fr configHash)
    {
        dest[..32].Clear();
        Encoding.ASCII.GetBytes(tag, dest);
        configHash.ToBytesBE(dest.Slice(32, 32));
    }

    /// <summary>What venue v signs: its ops commitment for this batch on top of the root it last accepted.</summary>
    public static byte[] VenueOps(in Fr configHash, int venue, ulong batchIndex, in Fr oldRoot, in Fr opsCommitment)
    {
        var m = new byte[64 + 2 + 8 + 32 + 32];
        WriteHeader(m, VenueOpsTag, configHash);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(64), (ushort)venue);
        BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(66), batchIndex);
        oldRoot.ToBytesBE(m.AsSpan(74));
        opsCommitment.ToBytesBE(m.AsSpan(106));
        return m;
    }
}
