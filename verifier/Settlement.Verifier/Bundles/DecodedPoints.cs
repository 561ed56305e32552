using System.Diagnostics.CodeAnalysis;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// The curve points <see cref="BundleCodec.Decode"/> decompressed with their curve and subgroup checks, kept beside
/// their encodings so that a venue's check does not decompress them a second time (six G2 and two G1 subgroup checks
/// per demo bundle). A lookup matches on the bytes, not the array: a bundle changed after decoding (a <c>with</c>
/// copy, an array written in place) only misses, and the point is then decoded and checked again.
/// </summary>
internal sealed class DecodedPoints
{
    /// <summary>No points: every lookup decodes (bundles built in memory rather than decoded).</summary>
    public static readonly DecodedPoints None = new([], []);

    private readonly (byte[] Encoding, G1Affine Point)[] _g1;
    private readonly (byte[] Encoding, G2Affine Point)[] _g2;

    /// <summary>Checked points with copies of their compressed encodings.</summary>
    public DecodedPoints((byte[] Encoding, G1Affine Point)[] g1, (byte[] Encoding, G2Affine Point)[] g2) => (_g1, _g2) = (g1, g2);

    /// <summary>The signature these 96 bytes encode, with the curve and subgroup checks (done at decoding or now).</summary>
    public bool TryGetSignature(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Signature? signature)
    {
        if (Find(_g2, bytes, out var p)) { signature = new Signature(p); return true; }
        return Signature.TryFromBytes(bytes, out signature, out _);
    }

    /// <summary>
    /// The proof these bytes encode, as <see cref="ProofEncoding.Decode"/> (which it falls back to, and whose
    /// <see cref="Groth16Exception"/> it throws): points at infinity are refused either way.
    /// </summary>
    public Proof GetProof(ReadOnlySpan<byte> bytes)
    {
        const int g1 = G1Encoding.CompressedSize, g2 = G2Encoding.CompressedSize;
        if (bytes.Length == ProofEncoding.CompressedSize
            && Find(_g1, bytes[..g1], out var a) && Find(_g2, bytes.Slice(g1, g2), out var b) && Find(_g1, bytes[(g1 + g2)..], out var c))
            return Proof.FromDecodedPoints(a, b, c);
        return ProofEncoding.Decode(bytes);
    }

    private static bool Find<TP>((byte[] Encoding, TP Point)[] points, ReadOnlySpan<byte> bytes, out TP point)
    {
        foreach (var (e, p) in points)
            if (bytes.SequenceEqual(e)) { point = p; return true; }
        point = default!;
        return false;
    }
}
