using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Two fixed G2 points Q1, Q2 (Groth16's γ and δ) whose Miller-loop lines are multiplied together ahead of time, for
/// products f_{x,Q1}(P1)·f_{x,Q2}(P2) with G1 points that change at every call.
///
/// With Q1's line c0 + c1·x1·v + c4·y1·v·w and Q2's line d0 + d1·x2·v + d4·y2·v·w (<see cref="LineCoefficients"/>),
/// and v³ = ξ, w² = v, their product is
/// (c0d0 + ξc4d4·y1y2) + (c0d1·x2 + c1d0·x1)·v + c1d1·x1x2·v² + (c0d4·y2 + c4d0·y1)·v·w + (c1d4·x1y2 + c4d1·x2y1)·v²·w:
/// nine fixed F_p² products scaled by F_p values of the two points (18 F_p products, 10 reductions), with no w term. Multiplying
/// that into the accumulator (<see cref="Fp12.MulByLineProduct"/>, 17 F_p² multiplications) replaces two line products
/// (26) and the two evaluations. P1 may stay in Jacobian coordinates (X, Y, Z): Q1's line at (X/Z², Y/Z³) times Z³ is
/// c0·Z³ + c1·XZ·v + c4·Y·v·w, and a factor in F_p is sent to 1 by the final exponentiation, so no inversion is needed.
/// </summary>
internal sealed class PreparedG2Pair
{
    /// <summary>The nine fixed products of one line pair, named after the terms of the class comment.</summary>
    private readonly struct Products(in LineCoefficients c, in LineCoefficients d)
    {
        public readonly Fp2 C0D0 = c.C0 * d.C0, XiC4D4 = (c.C4 * d.C4).MulByNonResidue(), C0D1 = c.C0 * d.C1,
            C1D0 = c.C1 * d.C0, C1D1 = c.C1 * d.C1, C0D4 = c.C0 * d.C4, C4D0 = c.C4 * d.C0, C1D4 = c.C1 * d.C4,
            C4D1 = c.C4 * d.C1;
    }

    /// <summary>The F_p scalars of one pair of G1 points (P1 Jacobian, scaled by Z³; P2 affine).</summary>
    internal readonly struct Scalars
    {
        public readonly Fp Z3, Y1Y2, Z3X2, X1, X1X2, Z3Y2, Y1, X1Y2, X2Y1;

        public Scalars(in G1Jacobian p1, in G1Affine p2)
        {
            var z = p1.Z;
            Z3 = z.Square() * z;
            X1 = p1.X * z;
            Y1 = p1.Y;
            Y1Y2 = Y1 * p2.Y;
            Z3X2 = Z3 * p2.X;
            X1X2 = X1 * p2.X;
            Z3Y2 = Z3 * p2.Y;
            X1Y2 = X1 * p2.Y;
            X2Y1 = p2.X * Y1;
        }
    }

    private readonly Products[] _lines;

    /// <summary>Both points must be in G2 and not at infinity (then their lines exist).</summary>
    public PreparedG2Pair(PreparedG2 q1, PreparedG2 q2)
    {
        if (q1.IsInfinity || q2.IsInfinity) throw new ArgumentException("a point at infinity has no Miller-loop lines");
        _lines = new Products[LineFunctions.LineCount];
        for (int i = 0; i < _lines.Length; i++) _lines[i] = new Products(q1.Lines[i], q2.Lines[i]);
    }

    /// <summary>f · (line i of Q1 at P1) · (line i of Q2 at P2), up to a factor in F_p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12 Multiply(in Fp12 f, int i, in Scalars s)
    {
        ref readonly var l = ref _lines[i];
        var g = new Fp6(SumOfProducts(l.C0D0, s.Z3, l.XiC4D4, s.Y1Y2), SumOfProducts(l.C0D1, s.Z3X2, l.C1D0, s.X1), l.C1D1 * s.X1X2);
        var h1 = SumOfProducts(l.C0D4, s.Z3Y2, l.C4D0, s.Y1);
        var h2 = SumOfProducts(l.C1D4, s.X1Y2, l.C4D1, s.X2Y1);
        return f.MulByLineProduct(g, h1, h2);
    }

    /// <summary>a·x + b·y for F_p² values a, b and F_p scalars, one reduction per coefficient (sums below 2p²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp2 SumOfProducts(in Fp2 a, in Fp x, in Fp2 b, in Fp y)
    {
        FpWide.MulWide(a.C0, x, out var a0);
        FpWide.MulWide(b.C0, y, out var b0);
        FpWide.Add(a0, b0, out var c0);
        FpWide.MulWide(a.C1, x, out var a1);
        FpWide.MulWide(b.C1, y, out var b1);
        FpWide.Add(a1, b1, out var c1);
        return new(FpWide.Reduce(c0), FpWide.Reduce(c1));
    }
}
