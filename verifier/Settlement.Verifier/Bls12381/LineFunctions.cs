using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The F_p² coefficients of one Miller-loop line, before evaluation at a G1 point P = (xP, yP):
/// the line is C0 + (C1·xP)·v + (C4·yP)·v·w, a sparse F_p¹² element (see <see cref="Fp12.MulBy014"/>).
/// </summary>
internal readonly struct LineCoefficients(in Fp2 c0, in Fp2 c1, in Fp2 c4)
{
    public readonly Fp2 C0 = c0, C1 = c1, C4 = c4;
}

/// <summary>A G2 point in homogeneous projective coordinates (x = X/Z, y = Y/Z): the Miller loop's running point T.</summary>
internal struct G2Homogeneous
{
    public Fp2 X, Y, Z;

    public G2Homogeneous(in G2Affine q) { X = q.X; Y = q.Y; Z = Fp2.One; }
}

/// <summary>
/// Doubling and addition steps of the optimal ate Miller loop on the M-type sextic twist E'/F_p²: y² = x³ + b',
/// b' = 4ξ, untwisted into E(F_p¹²) by ψ(x, y) = (x/w², y/w³) (w⁶ = ξ).
///
/// The line through ψ(T) with twist slope λ, evaluated at P and multiplied by w³ (an element of the subfield F_p⁴,
/// which the final exponentiation sends to 1), is (λ·xT − yT) − λ·xP·v + yP·v·w, since w² = v. It is sparse in
/// the F_p² slots 0, 1 and 4, which <see cref="Fp12.MulBy014"/> multiplies cheaply. Each step multiplies its line
/// by a further F_p² factor to clear denominators (also sent to 1). Formulas follow Costello, Lange and Naehrig,
/// "Faster pairing computations on curves with high-degree twists" (PKC 2010), as presented by Aranha et al.,
/// "Faster explicit formulas for computing pairings over ordinary curves" (Eurocrypt 2011), derived again here for this
/// twist and scaled to avoid halvings.
/// </summary>
[SkipLocalsInit]
internal static class LineFunctions
{
    /// <summary>|x| for the BLS parameter x = −0xd201000000010000 (the curve's seed; the Miller loop runs over its bits).</summary>
    public const ulong AbsX = 0xd201000000010000;

    /// <summary>The seed is negative: the loop computes f_{|x|,Q} and conjugates.</summary>
    public const bool XIsNegative = true;

    /// <summary>Index of the top set bit of |x|; the loop starts below it with T = Q.</summary>
    public const int TopBit = 63;

    /// <summary>Lines per Miller loop: one doubling per bit below the top (63) plus one addition per further set bit (5).</summary>
    public const int LineCount = TopBit + 5;

    // 3·b' = 3·4·ξ = 12ξ, applied as: ξ·c by MulByNonResidue, then ×12 by additions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp2 MulBy3B(in Fp2 c)
    {
        var x = c.MulByNonResidue();
        var x3 = x.Double() + x;
        return x3.Double().Double();
    }

    /// <summary>
    /// T ← 2T and the tangent line at T. With B = Y², C = Z², E = 3b'C, F = 3E, H = 2YZ:
    /// tangent slope 3X²/(2YZ); line scaled by 2YZ, with 3X³ − 2Y²Z = Z(Y² − 3b'Z²) from the curve equation:
    /// (B − E) + (−3X²)·xP·v + H·yP·v·w;
    /// 2T = (2XY(B − F), (B + F)² − 12E², 4BH), the usual formulas scaled by 4 to drop the halvings.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LineCoefficients DoublingStep(ref G2Homogeneous t)
    {
        var b = t.Y.Square();
        var c = t.Z.Square();
        var e = MulBy3B(c);
        var f = e.Double() + e;
        var j = t.X.Square();
        var h = (t.Y + t.Z).Square() - b - c;
        var e2 = e.Double().Square();              // 4E²
        var xy = t.X * t.Y;
        var bf = b + f;
        t.X = (xy * (b - f)).Double();
        t.Y = bf.Square() - (e2.Double() + e2);    // (B + F)² − 12E²
        t.Z = (b * h).Double().Double();
        return new LineCoefficients(b - e, -(j.Double() + j), h);
    }

    /// <summary>
    /// T ← T + Q (Q affine, T ≠ ±Q) and the line through them. With θ = Y − yQ·Z, λ = X − xQ·Z the slope is θ/λ;
    /// line ×λ: (θ·xQ − λ·yQ) + (−θ)·xP·v + λ·yP·v·w. Sum (add-1998-cmo-2, Z2 = 1, negated projectively):
    /// D = λ², E = λ³, G = X·D, H = E + Z·θ² − 2G; T + Q = (λH, θ(G − H) − Y·E, Z·E).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LineCoefficients AdditionStep(ref G2Homogeneous t, in G2Affine q)
    {
        var theta = t.Y - q.Y * t.Z;
        var lambda = t.X - q.X * t.Z;
        var c = theta.Square();
        var d = lambda.Square();
        var e = lambda * d;
        var f = t.Z * c;
        var g = t.X * d;
        var h = e + f - g.Double();
        var line = new LineCoefficients(theta * q.X - lambda * q.Y, -theta, lambda);
        t.X = lambda * h;
        t.Y = theta * (g - h) - t.Y * e;
        t.Z = t.Z * e;
        return line;
    }
}
