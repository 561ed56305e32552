using System.Diagnostics.CodeAnalysis;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// A signature of the Ethereum ciphersuite (<see cref="PopScheme"/>): a point of G2, 96 bytes compressed. Every
/// instance is on the curve and in the order-r subgroup (signature_subgroup_check of the IETF draft); the point at
/// infinity is a valid encoding (it never verifies against a valid key).
/// </summary>
public sealed class Signature : IEquatable<Signature>
{
    /// <summary>Size of the compressed encoding.</summary>
    public const int ByteLength = G2Encoding.CompressedSize;

    /// <summary>The validated point.</summary>
    public G2Affine Point { get; }

    internal Signature(in G2Affine point) => Point = point;

    /// <summary>Decompresses 96 bytes with the curve and subgroup checks, in one call.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Signature? signature, out BlsError error)
    {
        signature = null;
        if (bytes.Length != ByteLength) { error = BlsError.WrongLength; return false; }
        if (!G2Encoding.TryDecompress(bytes, out var p, out var pointError)) { error = BlsErrors.FromPointError(pointError); return false; }
        signature = new Signature(p);
        error = BlsError.None;
        return true;
    }

    /// <summary>Decompresses and checks, or throws <see cref="BlsException"/> naming the broken rule.</summary>
    public static Signature FromBytes(ReadOnlySpan<byte> bytes) =>
        TryFromBytes(bytes, out var sig, out var error) ? sig : throw BlsErrors.Exception(error, "signature", bytes.Length, ByteLength);

    /// <summary>Checks a point (on the curve, in G2) or throws <see cref="BlsException"/>.</summary>
    public static Signature FromPoint(in G2Affine point)
    {
        if (!point.IsOnCurve) throw BlsErrors.Exception(BlsError.InvalidPointEncoding, "signature", 0, 0);
        if (!G2.IsInSubgroup(point)) throw BlsErrors.Exception(BlsError.NotInSubgroup, "signature", 0, 0);
        return new Signature(point);
    }

    /// <summary>The 96-byte compressed encoding.</summary>
    public byte[] ToBytes() => G2Encoding.Compress(Point);

    /// <summary>Equal when the points are equal.</summary>
    public bool Equals(Signature? other) => other is not null && Point == other.Point;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Signature);
    /// <inheritdoc/>
    public override int GetHashCode() => Point.GetHashCode();
    /// <summary>The compressed encoding as "0x" and 192 lowercase hex digits.</summary>
    public override string ToString() => "0x" + Convert.ToHexString(ToBytes()).ToLowerInvariant();
}
