using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// Rewrites k·P as a sum of short-scalar multiples of endomorphism images (GLV, GLS). With the seed x
/// (|x| = <see cref="Endomorphism.SeedAbs"/>, 64 bits) and r = x⁴ − x² + 1 &lt; |x|⁴, every k &lt; r has four base-|x|
/// digits: k = d0 + d1·|x| + d2·|x|² + d3·|x|³ with d_j &lt; |x|.
/// <list type="bullet">
/// <item>G1: σ = [−x²], so [x²]P = −σ(P) = (β·x, −y) and k·P = (d0 + d1·|x|)·P + (d2 + d3·|x|)·(−σ(P)): two 128-bit scalars.</item>
/// <item>G2: ψ = [x] = [−|x|], so k·P = d0·P + d1·(−ψ(P)) + d2·ψ²(P) + d3·(−ψ³(P)): four 64-bit scalars.</item>
/// </list>
/// Pippenger then needs windows for 128 or 64 bits instead of 255: the same number of bucket additions, but a half or
/// a quarter of the bucket reductions, and a larger window pays off. Points at infinity get zero scalars.
/// </summary>
internal static class EndomorphismSplit
{
    public const int G1Limbs = 2, G1Bits = 128, G2Limbs = 1, G2Bits = 64;

    /// <summary>
    /// 2n points (P_i, then −σ(P_i)) and their 128-bit scalars, two limbs each, into the first 2n entries of
    /// <paramref name="pts"/> and 4n of <paramref name="limbs"/> (every one written). <paramref name="points"/> may be the first n entries of <paramref name="pts"/>: each P_i is read before
    /// its images are written, and P_i is written back in place.
    /// </summary>
    public static void G1(ReadOnlyMemory<G1Affine> points, ReadOnlyMemory<Fr> scalars, int degree, G1Affine[] pts, ulong[] limbs)
    {
        int n = points.Length;
        ForChunks(n, degree, (lo, hi) =>
        {
            var p = points.Span;
            var k = scalars.Span;
            Span<ulong> d = stackalloc ulong[4];
            for (int i = lo; i < hi; i++)
            {
                var q = p[i];
                pts[i] = q;
                if (q.IsInfinity)
                {
                    pts[n + i] = q;
                    limbs.AsSpan(2 * i, 2).Clear();
                    limbs.AsSpan(2 * (n + i), 2).Clear();
                    continue;
                }
                pts[n + i] = G1Affine.FromCoordinatesUnchecked(Endomorphism.Beta * q.X, -q.Y);
                Digits(k[i], d);
                Combine(d[0], d[1], limbs.AsSpan(2 * i, 2));
                Combine(d[2], d[3], limbs.AsSpan(2 * (n + i), 2));
            }
        });
    }

    // N(c_x) = c_x·c̄_x: ψ²(x, y) = (x·N(c_x), y·N(c_y)), and N(c_y) = −1 on this twist (checked by the tests).
    private static readonly Fp PsiSquaredX = Endomorphism.PsiCoeffX.C0.Square() + Endomorphism.PsiCoeffX.C1.Square();

    /// <summary>4n points (P_i, −ψ(P_i), ψ²(P_i), −ψ³(P_i), in four blocks of n) and their 64-bit scalars, into the first
    /// 4n entries of <paramref name="pts"/> and <paramref name="limbs"/>; <paramref name="points"/> may be the first n
    /// entries of <paramref name="pts"/> (each P_i is read before its images are written).</summary>
    public static void G2(ReadOnlyMemory<G2Affine> points, ReadOnlyMemory<Fr> scalars, int degree, G2Affine[] pts, ulong[] limbs)
    {
        int n = points.Length;
        ForChunks(n, degree, (lo, hi) =>
        {
            var p = points.Span;
            var k = scalars.Span;
            Span<ulong> d = stackalloc ulong[4];
            for (int i = lo; i < hi; i++)
            {
                if (p[i].IsInfinity)
                {
                    var inf = p[i];
                    for (int j = 0; j < 4; j++) { pts[j * n + i] = inf; limbs[j * n + i] = 0; }
                    continue;
                }
                Digits(k[i], d);
                // ψ of an affine point (Z = 1) keeps Z = 1: X, Y are the affine image. ψ²(x, y) = (ω·x, −y) with
                // ω = N(c_x) in F_p, so ψ² and ψ³ cost two F_p products each instead of a full ψ.
                var q = Endomorphism.Psi(G2Jacobian.FromAffine(p[i]));
                pts[i] = p[i];
                pts[n + i] = G2Affine.FromCoordinatesUnchecked(q.X, -q.Y);
                pts[2 * n + i] = G2Affine.FromCoordinatesUnchecked(p[i].X * PsiSquaredX, -p[i].Y);
                pts[3 * n + i] = G2Affine.FromCoordinatesUnchecked(q.X * PsiSquaredX, q.Y);
                for (int j = 0; j < 4; j++) limbs[j * n + i] = d[j];
            }
        });
    }

    /// <summary>The base-|x| digits of the canonical k.</summary>
    private static void Digits(in Fr k, Span<ulong> d)
    {
        Span<ulong> l = stackalloc ulong[4];
        k.ToCanonicalLimbs(l);
        for (int j = 0; j < 4; j++)
        {
            ulong rem = 0;
            for (int i = 3; i >= 0; i--)
            {
                var (q, r) = UInt128.DivRem(new UInt128(rem, l[i]), Endomorphism.SeedAbs);
                l[i] = (ulong)q;
                rem = (ulong)r;
            }
            d[j] = rem;
        }
    }

    /// <summary>lo + hi·|x| (below |x|² &lt; 2^128) as two limbs.</summary>
    private static void Combine(ulong lo, ulong hi, Span<ulong> dest)
    {
        ulong h = Math.BigMul(hi, Endomorphism.SeedAbs, out ulong l);
        ulong sum = l + lo;
        dest[0] = sum;
        dest[1] = h + (sum < lo ? 1UL : 0UL);
    }

    private static void ForChunks(int n, int degree, Action<int, int> body)
    {
        int chunks = Math.Max(1, Math.Min(degree * 4, n / 4096));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, ch =>
            body((int)((long)n * ch / chunks), (int)((long)n * (ch + 1) / chunks)));
    }
}
