using System.Buffers;
using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// Multi-scalar multiplication Σ k_i·P_i by Pippenger's bucket method, generic over the curve group so G1 and
/// G2 share one implementation.
/// <list type="bullet">
/// <item>Scalars are recoded into signed c-bit digits in [−2^(c−1), 2^(c−1)]: a negative digit adds −P to bucket |d|,
/// which halves the bucket count (−P is free in affine form).</item>
/// <item>G1 and G2 first split every scalar along the curve endomorphisms (<see cref="EndomorphismSplit"/>): 2n points
/// with 128-bit scalars in G1, 4n points with 64-bit scalars in G2.</item>
/// <item>The window size c minimises a cost model: windows·(n·bucket-add + 2^c·add) (see <see cref="Plan"/>).</item>
/// <item>Buckets are affine and filled by batched affine additions sharing one inversion (<see cref="AffineBuckets{TProj, TAff, TF}"/>)
/// when the batches are long enough to pay for it; otherwise Jacobian buckets with mixed additions. Where the CPU has
/// AVX2, the field products of a batch run four at a time in vector lanes (<see cref="FpX4"/>).</item>
/// <item>Work is split into (window, point-chunk) tasks, about four per core: with 2 cores the 10 G1 windows
/// suffice; otherwise each window is also cut into point chunks whose partial window sums are added.</item>
/// <item>Zero scalars and points at infinity are skipped (their digits are all zero).</item>
/// </list>
/// Variable time: scalars must be ones the caller may leak through timing (the prover's witness-dependent
/// scalars are blinded by the fresh r, s only in the final proof, so run the prover where timing is not observed).
/// </summary>
public static partial class Pippenger
{
    /// <summary>
    /// Costs in base-field multiplications, measured on this code base: a mixed Jacobian addition (7M+4S plus
    /// additions ≈ 12), a batched affine addition (5M+1S plus the subtractions and copies ≈ 6.5; points that collide
    /// inside a batch wait for the next one), a full Jacobian addition of the bucket reduction (11M+5S ≈ 16), and one
    /// field inversion (safegcd, ≈ 100 multiplications), paid once per affine batch. With AVX2 the affine additions
    /// multiply in four lanes (<see cref="FpX4"/>) and cost ≈ 3; the plans for 2^5 … 2^16 points came out the same
    /// with either figure, so the scalar one stays.
    /// </summary>
    private const double MixedAddCost = 12, AffineAddCost = 6.5, FullAddCost = 16, InversionCost = 100;

    /// <summary>
    /// Σ k_i·P_i in G1, as Σ k1_i·P_i + k2_i·(−σ(P_i)) with 128-bit k1, k2 (<see cref="EndomorphismSplit"/>): half the
    /// windows, so half the bucket reductions.
    /// </summary>
    public static G1Jacobian G1(ReadOnlyMemory<G1Affine> points, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        SplitAndRun<G1Jacobian, G1Affine, Fp>(points, scalars, threads, 2, EndomorphismSplit.G1, EndomorphismSplit.G1Limbs, EndomorphismSplit.G1Bits);

    /// <summary>Σ k_i·P_i in G2, as a sum over P_i, −ψ(P_i), ψ²(P_i), −ψ³(P_i) with 64-bit scalars (<see cref="EndomorphismSplit"/>).</summary>
    public static G2Jacobian G2(ReadOnlyMemory<G2Affine> points, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        SplitAndRun<G2Jacobian, G2Affine, Fp2>(points, scalars, threads, 4, EndomorphismSplit.G2, EndomorphismSplit.G2Limbs, EndomorphismSplit.G2Bits);

    /// <summary>Writes the <paramref name="images"/>·n endomorphism images of n points and their short scalars.</summary>
    internal delegate void Split<TAff>(ReadOnlyMemory<TAff> points, ReadOnlyMemory<Fr> scalars, int degree, TAff[] pts, ulong[] limbs);

    private static TProj SplitAndRun<TProj, TAff, TF>(ReadOnlyMemory<TAff> points, ReadOnlyMemory<Fr> scalars, int threads,
        int images, Split<TAff> split, int stride, int bits)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        CheckLengths(points.Length, scalars.Length);
        int degree = Degree(threads);
        // Rented: a fresh copy of the images per MSM was large-object garbage that the GC kept for several proofs.
        var pts = ArrayPool<TAff>.Shared.Rent(images * points.Length);
        var limbs = ArrayPool<ulong>.Shared.Rent(4 * points.Length);
        try
        {
            split(points, scalars, degree, pts, limbs);
            return Run<TProj, TAff, TF>(pts.AsMemory(0, images * points.Length), limbs, stride, bits, degree);
        }
        finally
        {
            ArrayPool<TAff>.Shared.Return(pts);
            ArrayPool<ulong>.Shared.Return(limbs);
        }
    }

    /// <summary>The window size (bits) that minimises the modelled cost for n points and full-width scalars.</summary>
    public static int WindowBits(int n) => Plan(n, FullBits).Bits;

    /// <summary>Bit length of the largest scalar below r.</summary>
    private const int FullBits = 255;

    /// <summary>Window size and bucket strategy (batch-affine or Jacobian) of least modelled cost for n scalars of up to <paramref name="bits"/> bits.</summary>
    internal static (int Bits, bool Affine) Plan(int n, int bits)
    {
        if (n < 4) return (2, false);
        (int, bool) best = (2, false);
        double bestCost = double.MaxValue;
        for (int c = 2; c <= MaxPlannedWindowBits; c++)
        {
            double reduce = (1 << c) * FullAddCost;
            double jacobian = n * MixedAddCost;
            double affine = n * AffineAddCost + Math.Ceiling((double)n / BatchSize(c)) * InversionCost;
            bool useAffine = affine < jacobian;
            double cost = WindowCount(c, bits) * (Math.Min(affine, jacobian) + reduce);
            if (cost < bestCost) { bestCost = cost; best = (c, useAffine); }
        }
        return best;
    }

    /// <summary>
    /// Largest window the plan picks: 2^12 affine buckets (≈ 0.4 MB in G1, 0.8 MB in G2) stay in the 1 MB L2 cache of
    /// the target core; the modelled gain of larger windows is a few percent and was lost to cache misses (G1 2^18).
    /// </summary>
    private const int MaxPlannedWindowBits = 13;

    /// <summary>Affine additions per shared inversion: a quarter of the buckets, so few points collide in a batch.</summary>
    private static int BatchSize(int c) => Math.Clamp((1 << (c - 1)) / 4, MinBatch, MaxBatch);

    /// <summary>Digits are stored as 16-bit integers in [−2^(c−1)+1, 2^(c−1)], so c ≤ 15.</summary>
    public const int MaxWindowBits = 15;

    /// <summary>
    /// Windows covering bits + 1 bits, so the top window absorbs the last carry of the signed recoding without
    /// overflowing (for Fr scalars: 256 bits).
    /// </summary>
    public static int WindowCount(int c, int bits = FullBits) => (bits + c) / c;

    /// <summary>Σ scalars[i]·points[i] on any curve group, without endomorphism; the spans must have equal length. <paramref name="threads"/> 0 = all cores.</summary>
    public static TProj Compute<TProj, TAff, TF>(ReadOnlyMemory<TAff> points, ReadOnlyMemory<Fr> scalars, int threads = 0)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        CheckLengths(points.Length, scalars.Length);
        int n = points.Length;
        var limbs = new ulong[4L * n];
        var sc = scalars.Span;
        var pts = points.Span;
        for (int i = 0; i < n; i++)
            if (!pts[i].IsInfinity) sc[i].ToCanonicalLimbs(limbs.AsSpan(4 * i, 4));
        return Run<TProj, TAff, TF>(points, limbs, 4, FullBits, Degree(threads));
    }

    private static void CheckLengths(int points, int scalars)
    {
        if (points != scalars)
            throw new ArgumentException($"MSM needs as many scalars as points: {scalars} scalars, {points} points");
    }

    private static int Degree(int threads) => threads > 0 ? threads : Environment.ProcessorCount;

    /// <summary>
    /// Σ s_i·points[i] for scalars s_i given as <paramref name="stride"/> little-endian limbs each, below 2^bits
    /// (zero for points at infinity).
    /// </summary>
    private static TProj Run<TProj, TAff, TF>(ReadOnlyMemory<TAff> points, ulong[] limbs, int stride, int bits, int degree)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        int n = points.Length;
        if (n == 0) return TProj.Identity;
        var (c, affine) = Plan(n, bits);
        int windows = WindowCount(c, bits);
        var digits = System.Buffers.ArrayPool<short>.Shared.Rent(windows * n); // every entry below windows·n is written
        Recode(limbs, stride, n, c, windows, digits, degree);

        // About four tasks per core, so cores finish together: cut each window into point chunks when windows alone
        // are too few (the 5 windows of a G2 MSM on 2 cores), at the price of one more bucket reduction per chunk.
        int chunks = Math.Max(1, Math.Min((4 * degree + windows - 1) / windows, n / 1024));
        var partial = new TProj[windows * chunks];
        var options = new ParallelOptions { MaxDegreeOfParallelism = degree };
        // Affine buckets are per worker and pooled, not per task (see AffineBuckets.Rent).
        Parallel.For(0, windows * chunks, options,
            () => affine ? AffineBuckets<TProj, TAff, TF>.Rent(1 << (c - 1), BatchSize(c)) : null,
            (task, _, buckets) =>
            {
                int w = task / chunks, ch = task % chunks;
                int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
                var d = new ReadOnlySpan<short>(digits, w * n + lo, hi - lo);
                partial[task] = buckets != null
                    ? WindowSumAffine(points.Span, d, lo, buckets)
                    : WindowSumJacobian<TProj, TAff, TF>(points.Span, d, lo, c);
                return buckets;
            },
            buckets => { if (buckets != null) AffineBuckets<TProj, TAff, TF>.Return(buckets); });
        System.Buffers.ArrayPool<short>.Shared.Return(digits);
        return Combine<TProj, TAff, TF>(partial, windows, chunks, c);
    }

    /// <summary>Σ_w 2^(c·w)·(Σ_ch partial[w·chunks + ch]), by doubling from the top window down.</summary>
    private static TProj Combine<TProj, TAff, TF>(TProj[] partial, int windows, int chunks, int c)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var acc = TProj.Identity;
        for (int w = windows - 1; w >= 0; w--)
        {
            for (int i = 0; i < c; i++) acc = acc.Double();
            for (int ch = 0; ch < chunks; ch++) acc = acc + partial[w * chunks + ch];
        }
        return acc;
    }

    /// <summary>
    /// Σ_j d_j·P_(offset+j) for the digits of one window, through 2^(c−1) affine buckets filled by batched affine
    /// additions (about 6 multiplications each, four at a time with AVX2, instead of a mixed Jacobian addition's 11; see
    /// <see cref="AffineBuckets{TProj, TAff, TF}"/> for collisions, doublings and cancellations).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TProj WindowSumAffine<TProj, TAff, TF>(ReadOnlySpan<TAff> points, ReadOnlySpan<short> digits, int offset,
        AffineBuckets<TProj, TAff, TF> acc)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        acc.Clear();
        AddDigits(points, digits, offset, acc);
        return acc.WeightedSum();
    }

    /// <summary>Adds d_j·P_(offset+j) for the digits of one window into the buckets (P into bucket d − 1, −P into −d − 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddDigits<TProj, TAff, TF>(ReadOnlySpan<TAff> points, ReadOnlySpan<short> digits, int offset,
        AffineBuckets<TProj, TAff, TF> acc)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        for (int j = 0; j < digits.Length; j++)
        {
            int d = digits[j];
            if (d == 0) continue;
            if (d > 0) acc.Add(d - 1, points[offset + j]);
            else
            {
                ref readonly TAff q = ref points[offset + j];
                acc.Add(-d - 1, TAff.FromCoordinatesUnchecked(q.X, -q.Y));
            }
        }
    }

    private const int MinBatch = 16, MaxBatch = 4096;

    /// <summary>The same window sum with Jacobian buckets and mixed additions: cheaper for small windows, where an
    /// affine batch would be too short to pay for its inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TProj WindowSumJacobian<TProj, TAff, TF>(ReadOnlySpan<TAff> points, ReadOnlySpan<short> digits, int offset, int c)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        int half = 1 << (c - 1);
        var buckets = new TProj[half];
        var identity = TProj.Identity;
        for (int i = 0; i < half; i++) buckets[i] = identity;
        int top = -1;
        for (int j = 0; j < digits.Length; j++)
        {
            int d = digits[j];
            if (d == 0) continue;
            ref readonly TAff p = ref points[offset + j];
            int k = d > 0 ? d - 1 : -d - 1;
            ref TProj b = ref buckets[k];
            b = d > 0 ? b.AddMixed(p) : b.AddMixed(TAff.FromCoordinatesUnchecked(p.X, -p.Y));
            if (k > top) top = k;
        }
        var running = identity;
        var sum = identity;
        for (int k = top; k >= 0; k--)
        {
            running = running + buckets[k];
            sum = sum + running;
        }
        return sum;
    }

    /// <summary>
    /// Writes the signed digits of every scalar, window-major: digits[w·n + i] is window w of scalar i, in
    /// [−2^(c−1), 2^(c−1)], with Σ_w d_w·2^(c·w) = s_i.
    /// </summary>
    private static void Recode(ulong[] limbs, int stride, int n, int c, int windows, short[] digits, int degree)
    {
        int chunks = Math.Max(1, Math.Min(degree * 4, n / 4096));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, ch =>
        {
            int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
            int half = 1 << (c - 1);
            ulong mask = (1UL << c) - 1;
            for (int i = lo; i < hi; i++)
            {
                var l = new ReadOnlySpan<ulong>(limbs, i * stride, stride);
                int carry = 0;
                for (int w = 0; w < windows; w++)
                {
                    int bit = w * c;
                    int limb = bit >> 6, shift = bit & 63;
                    ulong v = limb < stride ? l[limb] >> shift : 0;
                    if (shift + c > 64 && limb + 1 < stride) v |= l[limb + 1] << (64 - shift);
                    int d = (int)(v & mask) + carry;
                    if (d > half) { d -= 1 << c; carry = 1; } else carry = 0;
                    digits[(long)w * n + i] = (short)d;
                }
            }
        });
    }

    /// <summary>Σ k_i·P_i by one scalar multiplication per point: the reference the tests compare against.</summary>
    public static TProj Naive<TProj, TAff, TF>(ReadOnlySpan<TAff> points, ReadOnlySpan<Fr> scalars)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var acc = TProj.Identity;
        Span<ulong> limbs = stackalloc ulong[4];
        for (int i = 0; i < points.Length; i++)
        {
            scalars[i].ToCanonicalLimbs(limbs);
            acc = acc + CurveGroup.Multiply<TProj, TAff, TF>(TProj.FromAffine(points[i]), limbs);
        }
        return acc;
    }
}
