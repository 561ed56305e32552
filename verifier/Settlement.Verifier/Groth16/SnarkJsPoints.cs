using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Points in the snarkjs in-file layout ("LEM", used by .ptau and .zkey files and by phase-2 transcripts): each
/// base-field coordinate as 48 little-endian bytes in Montgomery form (R = 2^384, the form <see cref="Fp"/> holds),
/// G1 = x‖y (96 bytes), G2 = x.c0‖x.c1‖y.c0‖y.c1 (192 bytes), the point at infinity all zeros.
/// </summary>
public static class SnarkJsPoints
{
    /// <summary>Bytes of a G1 point, of a G2 point and of one base-field coordinate.</summary>
    public const int G1Size = 96, G2Size = 192, FpSize = 48;

    /// <summary>
    /// Decodes a G1 point; false when a coordinate is not below p, or (with <paramref name="checkOnCurve"/>) the point is
    /// off the curve. The subgroup is not checked here.
    /// </summary>
    public static bool TryReadG1(ReadOnlySpan<byte> b, bool checkOnCurve, out G1Affine p)
    {
        p = G1Affine.Infinity;
        if (b[..G1Size].IndexOfAnyExcept((byte)0) < 0) return true;
        if (!Fp.TryFromMontgomeryLE(b[..FpSize], out var x) || !Fp.TryFromMontgomeryLE(b.Slice(FpSize, FpSize), out var y)) return false;
        p = G1Affine.FromCoordinatesUnchecked(x, y);
        return !checkOnCurve || p.IsOnCurve;
    }

    /// <summary>Decodes a G2 point as <see cref="TryReadG1"/> does a G1 point.</summary>
    public static bool TryReadG2(ReadOnlySpan<byte> b, bool checkOnCurve, out G2Affine p)
    {
        p = G2Affine.Infinity;
        if (b[..G2Size].IndexOfAnyExcept((byte)0) < 0) return true;
        if (!Fp.TryFromMontgomeryLE(b[..FpSize], out var x0) || !Fp.TryFromMontgomeryLE(b.Slice(FpSize, FpSize), out var x1) ||
            !Fp.TryFromMontgomeryLE(b.Slice(2 * FpSize, FpSize), out var y0) || !Fp.TryFromMontgomeryLE(b.Slice(3 * FpSize, FpSize), out var y1)) return false;
        p = G2Affine.FromCoordinatesUnchecked(new Fp2(x0, x1), new Fp2(y0, y1));
        return !checkOnCurve || p.IsOnCurve;
    }

    /// <summary>Writes a G1 point into the first <see cref="G1Size"/> bytes of <paramref name="b"/>.</summary>
    public static void WriteG1(Span<byte> b, in G1Affine p)
    {
        if (p.IsInfinity) { b[..G1Size].Clear(); return; }
        p.X.ToMontgomeryLE(b[..FpSize]);
        p.Y.ToMontgomeryLE(b.Slice(FpSize, FpSize));
    }

    /// <summary>Writes a G2 point into the first <see cref="G2Size"/> bytes of <paramref name="b"/>.</summary>
    public static void WriteG2(Span<byte> b, in G2Affine p)
    {
        if (p.IsInfinity) { b[..G2Size].Clear(); return; }
        p.X.C0.ToMontgomeryLE(b[..FpSize]);
        p.X.C1.ToMontgomeryLE(b.Slice(FpSize, FpSize));
        p.Y.C0.ToMontgomeryLE(b.Slice(2 * FpSize, FpSize));
        p.Y.C1.ToMontgomeryLE(b.Slice(3 * FpSize, FpSize));
    }
}
