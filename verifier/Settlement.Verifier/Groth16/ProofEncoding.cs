using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Byte encodings of a Groth16 proof in the ZCash point format (<see cref="G1Encoding"/>, <see cref="G2Encoding"/>):
/// compressed A (48) ‖ B (96) ‖ C (48) = 192 bytes, or uncompressed A (96) ‖ B (192) ‖ C (96) = 384 bytes.
/// Decoding checks every point (canonical coordinates, flags, curve, subgroup, not infinity) and reports the first
/// failure as a <see cref="Groth16Exception"/> naming the point.
/// </summary>
public static class ProofEncoding
{
    /// <summary>Bytes in the compressed form: 48 + 96 + 48.</summary>
    public const int CompressedSize = 2 * G1Encoding.CompressedSize + G2Encoding.CompressedSize;
    /// <summary>Bytes in the uncompressed form: 96 + 192 + 96.</summary>
    public const int UncompressedSize = 2 * G1Encoding.UncompressedSize + G2Encoding.UncompressedSize;

    /// <summary>The 192-byte compressed form A ‖ B ‖ C.</summary>
    public static byte[] Compress(Proof proof)
    {
        var b = new byte[CompressedSize];
        G1Encoding.Compress(proof.A, b.AsSpan(0, G1Encoding.CompressedSize));
        G2Encoding.Compress(proof.B, b.AsSpan(G1Encoding.CompressedSize, G2Encoding.CompressedSize));
        G1Encoding.Compress(proof.C, b.AsSpan(G1Encoding.CompressedSize + G2Encoding.CompressedSize));
        return b;
    }

    /// <summary>The 384-byte uncompressed form A ‖ B ‖ C.</summary>
    public static byte[] Serialize(Proof proof)
    {
        var b = new byte[UncompressedSize];
        G1Encoding.Serialize(proof.A, b.AsSpan(0, G1Encoding.UncompressedSize));
        G2Encoding.Serialize(proof.B, b.AsSpan(G1Encoding.UncompressedSize, G2Encoding.UncompressedSize));
        G1Encoding.Serialize(proof.C, b.AsSpan(G1Encoding.UncompressedSize + G2Encoding.UncompressedSize));
        return b;
    }

    /// <summary>Decodes either form, chosen by the length (192 or 384 bytes); every point must use that form.</summary>
    public static Proof Decode(ReadOnlySpan<byte> bytes)
    {
        bool compressed = bytes.Length switch
        {
            CompressedSize => true,
            UncompressedSize => false,
            _ => throw new Groth16Exception(Groth16Error.MalformedEncoding, "proof",
                $"{bytes.Length} bytes; a proof is {CompressedSize} bytes compressed or {UncompressedSize} uncompressed"),
        };
        int g1 = compressed ? G1Encoding.CompressedSize : G1Encoding.UncompressedSize;
        int g2 = compressed ? G2Encoding.CompressedSize : G2Encoding.UncompressedSize;
        // The length of each slice fixes its form; the decoders refuse a compression flag that disagrees.
        var a = G1(bytes[..g1], "A");
        var b = G2(bytes.Slice(g1, g2), "B");
        var c = G1(bytes[(g1 + g2)..], "C");
        return Proof.FromDecodedPoints(a, b, c);
    }

    private static G1Affine G1(ReadOnlySpan<byte> b, string field) =>
        G1Encoding.TryDecode(b, out var p, out var e) ? p : throw Refused(e, field);

    private static G2Affine G2(ReadOnlySpan<byte> b, string field) =>
        G2Encoding.TryDecode(b, out var q, out var e) ? q : throw Refused(e, field);

    private static Groth16Exception Refused(PointDecodeError e, string field) => new(e switch
    {
        PointDecodeError.NotOnCurve => Groth16Error.PointNotOnCurve,
        PointDecodeError.NotInSubgroup => Groth16Error.PointNotInSubgroup,
        _ => Groth16Error.MalformedEncoding,
    }, field, PointDecodeException.Describe(e));
}
