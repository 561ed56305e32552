using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// An element of the cyclotomic subgroup of F_p¹² (order p⁴ − p² + 1) kept as four of its six F_p² coefficients, which
/// is enough to square it: Karabina, "Squaring in cyclotomic subgroups" (Math. Comp. 2013), derived again here for
/// this tower. In the view of <see cref="Fp12.CyclotomicSquareUnchecked"/>, z = A + B·w + C·w² over
/// F_p⁴ = F_p²[s]/(s² − ξ), s = w³, with A = g0 + h1·s, B = h0 + g2·s, C = g1 + h2·s. Granger–Scott's
/// B' = 3s·C² + 2B̄ and C' = 3B² − 2C̄ do not involve A, so a squaring costs two F_p⁴ squarings instead of three.
///
/// A comes back from B and C (<see cref="Decompress"/>). Comparing z² = (A² + 2sBC) + (2AB + sC²)·w + (B² + 2AC)·w²
/// with Granger–Scott gives AB = B̄ + sC² and A² = Ā + sBC; z·z̄ = 1 gives, in its w and 1 coefficients,
/// 2(g0g2 − h1h0) = ξh2² − g1² and g0² − ξh1² + 2ξ(g2g1 − h0h2) = 1. The s-part of the first relation minus the
/// w-equation, and the real part of the second relation minus the 1-equation, leave
/// h1 = (3g1² + ξh2² − 2g2) / (4h0) and g0 = ξ(2h1² + h0h2 − 3g2g1) + 1.
/// When h0 = 0 the real part of AB = B̄ + sC² gives h1 = 2g1h2 / g2 instead. If h0 = g2 = 0 (B = 0), the w-equation
/// forces C = 0, so z lies in F_p⁴, whose only element in the subgroup is 1 (gcd(p⁴ − 1, p⁴ − p² + 1) = 1 here).
/// </summary>
[SkipLocalsInit] // the stackallocs below are written before any read
internal readonly struct CompressedCyclotomic
{
    private readonly Fp2 _h0, _g2, _g1, _h2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private CompressedCyclotomic(in Fp2 h0, in Fp2 g2, in Fp2 g1, in Fp2 h2) { _h0 = h0; _g2 = g2; _g1 = g1; _h2 = h2; }

    /// <summary>Drops g0 and h1. The element must be in the cyclotomic subgroup, or decompression returns garbage.</summary>
    public static CompressedCyclotomic Compress(in Fp12 z) => new(z.C1.C0, z.C0.C2, z.C0.C1, z.C1.C2);

    /// <summary>z²: the B and C parts of <see cref="Fp12.CyclotomicSquareUnchecked"/> (two F_p⁴ squarings).</summary>
    public CompressedCyclotomic Square()
    {
        Fp2 b0, b1, c0, c1;
        if (FpX4.IsSupported)
        {
            Fp12.Fp4SquareInLanes(_h0, _g2, out b0, out b1);
            Fp12.Fp4SquareInLanes(_g1, _h2, out c0, out c1);
        }
        else
        {
            Fp12.Fp4Square(_h0, _g2, out b0, out b1);
            Fp12.Fp4Square(_g1, _h2, out c0, out c1);
        }
        // B' = 3s·C² + 2B̄: real part 3ξc1 + 2h0, s-part 3c0 − 2g2. C' = 3B² − 2C̄: real part 3b0 − 2g1, s-part 3b1 + 2h2.
        var xc1 = c1.MulByNonResidue();
        var h0 = xc1 + _h0; h0 = h0.Double() + xc1;
        var g2 = c0 - _g2; g2 = g2.Double() + c0;
        var g1 = b0 - _g1; g1 = g1.Double() + b0;
        var h2 = b1 + _h2; h2 = h2.Double() + b1;
        return new(h0, g2, g1, h2);
    }

    /// <summary>
    /// The full elements, with one F_p² inversion for all of them (Montgomery's trick; the inversion is the fast
    /// safegcd one). The only element with a zero denominator is 1, whose numerator is zero too: its denominator is
    /// replaced by 1 so that it does not spoil the shared inversion.
    /// </summary>
    public static void Decompress(ReadOnlySpan<CompressedCyclotomic> z, Span<Fp12> result)
    {
        int n = z.Length;
        Span<Fp2> num = stackalloc Fp2[n];
        Span<Fp2> den = stackalloc Fp2[n];
        Span<Fp2> prefix = stackalloc Fp2[n];
        var acc = Fp2.One;
        for (int i = 0; i < n; i++)
        {
            ref readonly var e = ref z[i];
            if (!e._h0.IsZero)
            {
                var g1Sq = e._g1.Square();
                num[i] = g1Sq.Double() + g1Sq + e._h2.Square().MulByNonResidue() - e._g2.Double();
                den[i] = e._h0.Double().Double();
            }
            else
            {
                num[i] = (e._g1 * e._h2).Double();
                den[i] = e._g2.IsZero ? Fp2.One : e._g2;
            }
            prefix[i] = acc;
            acc *= den[i];
        }
        acc = acc.Inverse();
        for (int i = n - 1; i >= 0; i--)
        {
            var h1 = num[i] * (acc * prefix[i]);
            acc *= den[i];
            ref readonly var e = ref z[i];
            var g2g1 = e._g2 * e._g1;
            var g0 = (h1.Square().Double() + e._h0 * e._h2 - g2g1.Double() - g2g1).MulByNonResidue() + Fp2.One;
            result[i] = new Fp12(new Fp6(g0, e._g1, e._g2), new Fp6(e._h0, h1, e._h2));
        }
    }
}
