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
    /// <summary>Bytes of the compressed Groth16 proof: A (48, G1) ‖ B (96, G2) ‖ C (48, G1).</summary>
    public const int ProofSize = 192;
    /// <summary>Bytes of one compressed BLS signature (a G2 point).</summary>
    public const int SignatureSize = 96;

    /// <summary>The points the decoder already checked, so <see cref="Venue.VenueVerifier.Check"/> does not decompress them again.</summary>
    internal DecodedPoints Decoded { get; init; } = DecodedPoints.None;

    /// <summary>Number of venues in the batch (from the statement).</summary>
    public int VenueCount => Statement.VenueCount;

    /// <summary>The binary encoding (docs/spec.md §8.1).</summary>
    public byte[] ToBytes() => BundleCodec.Encode(this);
    /// <summary>
    /// Decodes the binary encoding; throws <see cref="BundleFormatException"/> naming the field on any malformed,
    /// non-canonical or inconsistent input.
    /// </summary>
    public static SettlementBundle FromBytes(ReadOnlySpan<byte> bytes) => BundleCodec.Decode(bytes);
    /// <summary>The JSON view (docs/spec.md §8.2).</summary>
    public string ToJson() => BundleJson.Write(this);
    /// <summary>
    /// Reads the JSON view with the binary decoder's checks; throws <see cref="BundleFormatException"/> naming the field on
    /// bad input.
    /// </summary>
    public static SettlementBundle FromJson(string json) => BundleJson.Read(json);

    /// <summary>The refusal of a bundle in another format version, for both codecs.</summary>
    internal static BundleFormatException UnsupportedVersion(int version) => new("version", version == 1
        ? "version 1 is no longer accepted: its venue signatures cover only each venue's ops commitment, which lets a prover fork the venues; this library reads version 2 (venues sign the batch digest)"
        : $"version {version} is not supported (this library reads version {Version})");

    /// <summary>
    /// Equal when the binary encodings are equal (the record default would compare the byte arrays by reference).
    /// </summary>
    public bool Equals(SettlementBundle? o) => o is not null && ToBytes().AsSpan().SequenceEqual(o.ToBytes());
    /// <summary>Hash of the statement (consistent with <see cref="Equals(SettlementBundle?)"/>).</summary>
    public override int GetHashCode() => Statement.GetHashCode();
}

/// <summary>Why a bundle could not be decoded: the field and what is wrong with it.</summary>
public sealed class BundleFormatException(string field, string problem)
    : FormatException($"bundle {field}: {problem}")
{
    /// <summary>The field that is wrong, as named in the format (e.g. "version", "proof").</summary>
    public string Field { get; } = field;
    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;
}
