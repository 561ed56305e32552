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
    /// <summary>The oracle members' role tag (ASCII, zero-padded to 32 bytes).</summary>
    public const string OracleTag = "SETTLEMENT-V1/ORACLE";
    /// <summary>The risk committee's role tag (ASCII, zero-padded to 32 bytes).</summary>
    public const string RiskTag = "SETTLEMENT-V1/RISK";
    /// <summary>A new tag for the venues' version-2 message, so no signature over the old ops-only message is read as one.</summary>
    public const string BatchDigestTag = "SETTLEMENT-V2/BATCH-DIGEST";

    internal static void WriteHeader(Span<byte> dest, string tag, in Fr configHash)
    {
        dest[..32].Clear();
        Encoding.ASCII.GetBytes(tag, dest);
        configHash.ToBytesBE(dest.Slice(32, 32));
    }

    /// <summary>
    /// What every venue signs (the same message for all venues): the batch digest on top of the root it last accepted.
    /// A venue signs at most one digest per (batchIndex, oldRoot); two are equivocation evidence.
    /// </summary>
    public static byte[] BatchDigest(in Fr configHash, ulong batchIndex, in Fr oldRoot, in Fr batchDigest)
    {
        var m = new byte[64 + 8 + 32 + 32];
        WriteHeader(m, BatchDigestTag, configHash);
        BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(64), batchIndex);
        oldRoot.ToBytesBE(m.AsSpan(72));
        batchDigest.ToBytesBE(m.AsSpan(104));
        return m;
    }

    /// <summary>The message venues sign for <paramref name="s"/>.</summary>
    public static byte[] BatchDigest(Statement s) => BatchDigest(s.ConfigHash, s.BatchIndex, s.OldRoot, s.BatchDigest());
}
