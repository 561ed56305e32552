using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// Multi-scalar multiplication Σ k_i·P_i by Pippenger's bucket method, generic over the curve group so G1 and
/// G2 share one implementation.
/// <list type="bullet">
/// <item>Scalars are recoded into signed c-bit digits in [−2^(c−1), 2^(c−1)]: a negative digit adds −P to bucket |d|,
/// which halves the bucket count (−P is free in affine form).</item>
/// <item>The window size c minimises a cost model: windows·(n·mixed-add + 2^c·add) (see <see cref="WindowBits"/>).</item>
/// <item>Large windows keep affine buckets filled by batched affine additions sharing one inversion; small windows
/// use Jacobian buckets and mixed additions (the cost model picks).</item>
/// <item>Work is split into (window, point-chunk) tasks, enough for every core: with 2 cores the ~20 windows
/// suffice; with 64 cores each window is also cut into point chunks whose partial window sums are added.</item>
/// <item>Zero scalars and points at infinity are skipped (their digits are all zero).</item>
/// </list>
/// Variable time: scalars must be ones the caller may leak through timing (the prover's witness-dependent
/// scalars are blinded by the fresh r, s only in the final proof, so run the prover where timing is not observed).
/// </summary>
public static class Pippenger
{
    /// <summary>
    /// Costs in base-field multiplications, measured on this code base: a mixed Jacobian addition (7M+4S plus
    /// additions ≈ 12), a batched affine addition (≈ 6M, plus 1/8 of the points that collide inside a batch and fall
    /// back to a mixed addition), a full Jacobian addition of the bucket reduction (11M+5S ≈ 16), and one field
    /// inversion (Fermat, ≈ 600 multiplications: measured 440 µs against 750 ns per product in the same run), paid once per affine batch.
    /// </summary>
    private const double MixedAddCost = 12, AffineAddCost = 6 + 12 / 8.0, FullAddCost = 16, InversionCost = 600;

    public static G1Jacobian G1(ReadOnlyMemory<G1Affine> points, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        Compute<G1Jacobian, G1Affine, Fp>(points, scalars, threads);

    public static G2Jacobian G2(ReadOnlyMemory<G2Affine> points, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        Compute<G2Jacobian, G2Affine, Fp2>(points, scalars, threads);

    /// <summary>The window size (bits) that minimises the modelled cost for n points.</summary>
    public static int WindowBits(int n) => Plan(n).Bits;

    /// <summary>Window size and bucket strategy (batch-affine or Jacobian) of least modelled cost.</summary>
    internal static (int Bits, bool Affine) Plan(int n)
    {
        if (n < 4) return (2, false);
        (int, bool) best = (2, false);
        double bestCost = double.MaxValue;
        for (int c = 2; c <= MaxWindowBits; c++)
        {
            double reduce = (1 << c) * FullAddCost;
            double jacobian = n * MixedAddCost;
            double affine = n * AffineAddCost + Math.Ceiling((double)n / BatchSize(c)) * InversionCost;
            bool useAffine = affine < jacobian;
            double cost = WindowCount(c) * (Math.Min(affine, jacobian) + reduce);
            if (cost < bestCost) { bestCost = cost; best = (c, useAffine); }
        }
        return best;
    }

    /// <summary>Affine additions per shared inversion: a quarter of the buckets, so few points collide in a batch.</summary>
    private static int BatchSize(int c) => Math.Clamp((1 << (c - 1)) / 4, MinBatch, MaxBatch);

    /// <summary>Digits are stored as 16-bit integers in [−2^(c−1)+1, 2^(c−1)], so c ≤ 15.</summary>
    public const int MaxWindowBits = 15;

    /// <summary>
    /// Windows covering 256 bits: the scalar is below r &lt; 2^255, so the top window holds at most c − 1 value bits
    /// and absorbs the last carry without overflowing.
    /// </summary>
    public static int WindowCount(int c) => (256 + c - 1) / c;

    /// <summary>Σ scalars[i]·points[i]; the spans must have equal length. <paramref name="threads"/> 0 = all cores.</summary>
    public static TProj Compute<TProj, TAff, TF>(ReadOnlyMemory<TAff> points, ReadOnlyMemory<Fr> scalars, int threads = 0)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        if (points.Length != scalars.Length)
            throw new ArgumentException($"MSM needs as many scalars as points: {scalars.Length} scalars, {points.Length} points");
        int n = points.Length;
        if (n == 0) return TProj.Identity;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        var (c, affine) = Plan(n);
        int windows = WindowCount(c);
        var digits = System.Buffers.ArrayPool<short>.Shared.Rent(windows * n); // every entry below windows·n is written
        Recode<TAff, TF>(points, scalars, c, windows, digits, degree);

        // Enough tasks for all cores: cut each window into point chunks when windows alone are too few.
        int chunks = Math.Max(1, Math.Min((2 * degree + windows - 1) / windows, n / 1024));
        var partial = new TProj[windows * chunks];
        var options = new ParallelOptions { MaxDegreeOfParallelism = degree };
        // Bucket scratch is per worker and pooled, not per task: per-task arrays were ~1 MiB (G1) / 2 MiB (G2) of
        // large-object garbage per window at 2^16, most of the prover's peak-memory headroom.
        Parallel.For(0, windows * chunks, options, () => BucketScratch<TProj, TAff, TF>.Rent(c), (task, _, scratch) =>
        {
            int w = task / chunks, ch = task % chunks;
            int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
            var d = new ReadOnlySpan<short>(digits, w * n + lo, hi - lo);
            partial[task] = affine
                ? WindowSumAffine(points.Span, d, lo, c, scratch)
                : WindowSumJacobian<TProj, TAff, TF>(points.Span, d, lo, c);
            return scratch;
        }, BucketScratch<TProj, TAff, TF>.Return);
        System.Buffers.ArrayPool<short>.Shared.Return(digits);

        var acc = TProj.Identity;
        for (int w = windows - 1; w >= 0; w--)
        {
            for (int i = 0; i < c; i++) acc = acc.Double();
            for (int ch = 0; ch < chunks; ch++) acc = acc + partial[w * chunks + ch];
        }
        return acc;
    }

    /// <summary>
    /// Σ_j d_j·P_(offset+j) for the digits of one window, through 2^(c−1) buckets kept in affine form and
    /// filled by batched affine additions: a batch of up to <see cref="MaxBatch"/> additions, each into a
    /// different bucket, shares one field inversion (Montgomery's trick), so an addition costs about 6
    /// multiplications instead of a mixed Jacobian addition's 11. A point whose bucket already waits in the
    /// current batch, or whose x equals the bucket's (doubling or cancellation), goes to a Jacobian overflow
    /// bucket instead, so adversarial scalars (all equal) degrade to plain Jacobian speed, never worse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TProj WindowSumAffine<TProj, TAff, TF>(ReadOnlySpan<TAff> points, ReadOnlySpan<short> digits, int offset, int c,
        BucketScratch<TProj, TAff, TF> scratch)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        int batchCap = BatchSize(c);
        var (bucket, filled, overflow, hasOverflow, stamp) = scratch.Reset();
        var (batchBucket, batchPoint, prefix) = (scratch.BatchBucket, scratch.BatchPoint, scratch.Prefix);
        int batchId = 1, count = 0, top = -1;

        for (int j = 0; j < digits.Length; j++)
        {
            int d = digits[j];
            if (d == 0) continue;
            int k;
            TAff p;
            if (d > 0) { k = d - 1; p = points[offset + j]; }
            else { k = -d - 1; ref readonly TAff q = ref points[offset + j]; p = TAff.FromCoordinatesUnchecked(q.X, -q.Y); }
            if (k > top) top = k;
            if (stamp[k] == batchId || (filled[k] && bucket[k].X == p.X))
            {
                overflow[k] = hasOverflow[k] ? overflow[k].AddMixed(p) : TProj.FromAffine(p);
                hasOverflow[k] = true;
            }
            else if (!filled[k])
            {
                bucket[k] = p;
                filled[k] = true;
            }
            else
            {
                stamp[k] = batchId;
                batchBucket[count] = k;
                batchPoint[count] = p;
                if (++count == batchCap)
                {
                    FlushBatch<TAff, TF>(bucket, batchBucket, batchPoint, prefix, count);
                    count = 0;
                    batchId++;
                }
            }
        }
        FlushBatch<TAff, TF>(bucket, batchBucket, batchPoint, prefix, count);

        // Σ (k+1)·B_k as a running sum from the top bucket down.
        var running = TProj.Identity;
        var sum = TProj.Identity;
        for (int k = top; k >= 0; k--)
        {
            if (hasOverflow[k]) running = running + overflow[k];
            if (filled[k]) running = running.AddMixed(bucket[k]);
            sum = sum + running;
        }
        return sum;
    }

    private const int MinBatch = 16, MaxBatch = 4096;

    /// <summary>
    /// The arrays of one affine window sum, reused by a worker across its windows and kept (at most one per core) for
    /// the next MSM with the same window size.
    /// </summary>
    private sealed class BucketScratch<TProj, TAff, TF>(int c)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        private static readonly System.Collections.Concurrent.ConcurrentBag<BucketScratch<TProj, TAff, TF>> Pool = [];
        private readonly int _bits = c;

        public static BucketScratch<TProj, TAff, TF> Rent(int c)
        {
            while (Pool.TryTake(out var s))
                if (s._bits == c) return s;
            return new BucketScratch<TProj, TAff, TF>(c);
        }

        public static void Return(BucketScratch<TProj, TAff, TF> s)
        {
            if (Pool.Count < Environment.ProcessorCount) Pool.Add(s);
        }

        private readonly TAff[] _bucket = new TAff[1 << (c - 1)];
        private readonly bool[] _filled = new bool[1 << (c - 1)];
        private readonly TProj[] _overflow = new TProj[1 << (c - 1)];
        private readonly bool[] _hasOverflow = new bool[1 << (c - 1)];
        private readonly int[] _stamp = new int[1 << (c - 1)];
        public int[] BatchBucket { get; } = new int[BatchSize(c)];
        public TAff[] BatchPoint { get; } = new TAff[BatchSize(c)];
        public TF[] Prefix { get; } = new TF[BatchSize(c)];

        /// <summary>The bucket arrays with the flags and stamps cleared (buckets themselves are only read when flagged).</summary>
        public (TAff[], bool[], TProj[], bool[], int[]) Reset()
        {
            Array.Clear(_filled);
            Array.Clear(_hasOverflow);
            Array.Clear(_stamp);
            return (_bucket, _filled, _overflow, _hasOverflow, _stamp);
        }
    }

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

    /// <summary>bucket[k_i] ← bucket[k_i] + P_i for a batch of distinct buckets with x(bucket) ≠ x(P), one inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FlushBatch<TAff, TF>(TAff[] bucket, int[] batchBucket, TAff[] batchPoint, TF[] prefix, int count)
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        if (count == 0) return;
        var acc = TF.One;
        for (int i = 0; i < count; i++)
        {
            prefix[i] = acc;
            acc *= batchPoint[i].X - bucket[batchBucket[i]].X;
        }
        var inv = acc.Inverse();
        for (int i = count - 1; i >= 0; i--)
        {
            ref TAff b = ref bucket[batchBucket[i]];
            ref readonly TAff p = ref batchPoint[i];
            var den = p.X - b.X;
            var denInv = inv * prefix[i];
            inv *= den;
            var lambda = (p.Y - b.Y) * denInv;
            var x3 = lambda.Square() - b.X - p.X;
            var y3 = lambda * (b.X - x3) - b.Y;
            b = TAff.FromCoordinatesUnchecked(x3, y3);
        }
    }

    /// <summary>
    /// Writes the signed digits of every scalar, window-major: digits[w·n + i] is window w of scalar i, in
    /// [−2^(c−1), 2^(c−1)], with Σ_w d_w·2^(c·w) = k_i. Points at infinity get all-zero digits.
    /// </summary>
    internal static void Recode<TAff, TF>(ReadOnlyMemory<TAff> points, ReadOnlyMemory<Fr> scalars, int c, int windows, short[] digits, int degree)
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        int n = scalars.Length;
        int chunks = Math.Max(1, Math.Min(degree * 4, n / 4096));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, ch =>
        {
            int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
            var sc = scalars.Span;
            var pts = points.Span;
            Span<ulong> limbs = stackalloc ulong[5];
            int half = 1 << (c - 1);
            ulong mask = (1UL << c) - 1;
            for (int i = lo; i < hi; i++)
            {
                if (sc[i].IsZero || pts[i].IsInfinity)
                {
                    for (int w = 0; w < windows; w++) digits[(long)w * n + i] = 0;
                    continue;
                }
                sc[i].ToCanonicalLimbs(limbs);
                limbs[4] = 0;
                int carry = 0;
                for (int w = 0; w < windows; w++)
                {
                    int bit = w * c;
                    int limb = bit >> 6, shift = bit & 63;
                    ulong v = limbs[limb] >> shift;
                    if (shift + c > 64 && limb < 4) v |= limbs[limb + 1] << (64 - shift);
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
