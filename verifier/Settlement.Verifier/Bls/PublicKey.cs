using System.Diagnostics.CodeAnalysis;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// A public key of the Ethereum ciphersuite (<see cref="PopScheme"/>): a point of G1, 48 bytes compressed.
/// Every instance has passed KeyValidate (IETF BLS draft, section 2.5): on the curve, in the order-r subgroup and
/// not the point at infinity; the only ways in are the checked decoders and <see cref="PopScheme.SkToPk"/>.
/// </summary>
public sealed class PublicKey : IEquatable<PublicKey>
{
    /// <summary>Size of the compressed encoding.</summary>
    public const int ByteLength = G1Encoding.CompressedSize;

    /// <summary>The validated point.</summary>
    public G1Affine Point { get; }

    internal PublicKey(in G1Affine point) => Point = point;

    private PreparedG1? _multiples;

    /// <summary>
    /// The key with a table of its multiples (about 45 KB), built on first use and kept: a venue's pairing batch weights
    /// the keys it trusts by table lookups instead of doubling chains.
    /// </summary>
    internal PreparedG1 Multiples => LazyInitializer.EnsureInitialized(ref _multiples, () => new PreparedG1(Point));

    /// <summary>Decompresses 48 bytes and runs KeyValidate, in one call.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out PublicKey? key, out BlsError error)
    {
        key = null;
        if (bytes.Length != ByteLength) { error = BlsError.WrongLength; return false; }
        if (!G1Encoding.TryDecompress(bytes, out var p, out var pointError)) { error = BlsErrors.FromPointError(pointError); return false; }
        if (p.IsInfinity) { error = BlsError.PublicKeyIsIdentity; return false; }
        key = new PublicKey(p);
        error = BlsError.None;
        return true;
    }

    /// <summary>Decompresses and validates, or throws <see cref="BlsException"/> naming the broken rule.</summary>
    public static PublicKey FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var key, out var error) ? key : throw BlsErrors.Exception(error, "public key", bytes.Length, ByteLength);

    /// <summary>Validates a point (KeyValidate) or throws <see cref="BlsException"/>.</summary>
    public static PublicKey FromPoint(in G1Affine point)
    {
        if (point.IsInfinity) throw BlsErrors.Exception(BlsError.PublicKeyIsIdentity, "public key", 0, 0);
        if (!point.IsOnCurve) throw BlsErrors.Exception(BlsError.InvalidPointEncoding, "public key", 0, 0);
        if (!G1.IsInSubgroup(point)) throw BlsErrors.Exception(BlsError.NotInSubgroup, "public key", 0, 0);
        return new PublicKey(point);
    }

    /// <summary>The 48-byte compressed encoding.</summary>
    public byte[] ToBytes() => G1Encoding.Compress(Point);

    /// <summary>Equal when the points are equal.</summary>
    public bool Equals(PublicKey? other) => other is not null && Point == other.Point;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublicKey);
    /// <inheritdoc/>
    public override int GetHashCode() => Point.GetHashCode();
    /// <summary>The compressed encoding as "0x" and 96 lowercase hex digits.</summary>
    public override string ToString() => "0x" + Convert.ToHexString(ToBytes()).ToLowerInvariant();
}
