using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// Everything a venue needs to accept one settlement batch (docs/spec.md §8): the statement, the Groth16 proof
/// (192 bytes compressed), the signed oracle tick and risk parameters when the batch has them, every venue's
/// signature over the batch digest, and each venue's outputs. Sizes are carried so decoding needs no configuration.
/// </summary>
public sealed record SettlementBundle(
    int AssetCount,
    int InstrumentCount,
    int OracleMembers,
    int RiskMembers,
    Statement Statement,
    byte[] Proof,
    OracleTick? Oracle,
    RiskParameters? Risk,
    IReadOnlyList<byte[]> VenueSignatures,
    IReadOnlyList<VenueOutputs> Outputs)
{
    /// <summary>Version 2: venues sign the batch digest (version 1 had them sign only their own ops commitment).</summary>
    public const int Version = 2;
    public const int ProofSize = 192;
    public const int SignatureSize = 96;

    public int VenueCount => Statement.VenueCount;

    public byte[] ToBytes() => BundleCodec.Encode(this);
    public static SettlementBundle FromBytes(ReadOnlySpan<byte> bytes) => BundleCodec.Decode(bytes);
    public string ToJson() => BundleJson.Write(this);
    public static SettlementBundle FromJson(string json) => BundleJson.Read(json);

    /// <summary>The refusal of a bundle in another format version, for both codecs.</summary>
    internal static BundleFormatException UnsupportedVersion(int version) => new("version", version == 1
        ? "version 1 is no longer accepted: its venue signatures cover only each venue's ops commitment, which lets a prover fork the venues; this library reads version 2 (venues sign the batch digest)"
        : $"version {version} is not supported (this library reads version {Version})");

    public bool Equals(SettlementBundle? o) => o is not null && ToBytes().AsSpan().SequenceEqual(o.ToBytes());
    public override int GetHashCode() => Statement.GetHashCode();
}

/// <summary>Why a bundle could not be decoded: the field and what is wrong with it.</summary>
public sealed class BundleFormatException(string field, string problem)
    : FormatException($"bundle {field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}
