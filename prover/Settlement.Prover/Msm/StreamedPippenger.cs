using System.Buffers;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>Writes points [start, start + dest.Length) of a table that is not held in memory into <paramref name="dest"/>.</summary>
public delegate void PointSource<TAff>(int start, Memory<TAff> dest);

/// <summary>
/// MSMs over a point table read chunk by chunk (a proving key's tables left in its file): only one chunk of points, its
/// endomorphism images and digits are in memory at a time. Each window's buckets live through the whole table, so
/// the plan and the additions are those of the in-memory MSM over the same n points.
/// </summary>
public static partial class Pippenger
{
    /// <summary>Table points per chunk: 8192 G1 or 2048 G2 points, whose endomorphism images (2 or 4 per point) are then
    /// 1.6 MiB either way (half that raised the peak at 2^16: more per-chunk garbage outweighed the smaller buffers).</summary>
    public const int StreamChunkG1 = 8192, StreamChunkG2 = 2048;

    /// <summary>
    /// Largest G2 window here: the bucket sets live through the whole table, one per window, and 11 bits instead of the
    /// planned 13 makes them a quarter the size (1,024 points of 200 bytes) and the windows six instead of five, an even
    /// split for two cores: measured at 2^16, the same proving time and ≈ 90 bytes per constraint less peak memory.
    /// </summary>
    private const int StreamMaxWindowBitsG2 = 11;

    /// <summary>Σ k_i·P_i in G1 for the n points that <paramref name="source"/> yields, read in chunks.</summary>
    public static G1Jacobian G1(int n, PointSource<G1Affine> source, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        Streamed<G1Jacobian, G1Affine, Fp>(n, source, scalars, threads, StreamChunkG1, 2, EndomorphismSplit.G1,
            EndomorphismSplit.G1Limbs, EndomorphismSplit.G1Bits, MaxPlannedWindowBits);

    /// <summary>Σ k_i·P_i in G2 for the n points that <paramref name="source"/> yields, read in chunks.</summary>
    public static G2Jacobian G2(int n, PointSource<G2Affine> source, ReadOnlyMemory<Fr> scalars, int threads = 0) =>
        Streamed<G2Jacobian, G2Affine, Fp2>(n, source, scalars, threads, StreamChunkG2, 4, EndomorphismSplit.G2,
            EndomorphismSplit.G2Limbs, EndomorphismSplit.G2Bits, StreamMaxWindowBitsG2);

    private static TProj Streamed<TProj, TAff, TF>(int n, PointSource<TAff> source, ReadOnlyMemory<Fr> scalars, int threads,
        int chunkSize, int images, Split<TAff> split, int stride, int bits, int maxWindowBits)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        CheckLengths(n, scalars.Length);
        int degree = Degree(threads);
        if (n <= chunkSize || !Plan(images * n, bits).Affine)
            return SplitAndRun<TProj, TAff, TF>(ReadAll(n, source), scalars, threads, images, split, stride, bits);
        var pts = ArrayPool<TAff>.Shared.Rent(images * chunkSize);
        var limbs = ArrayPool<ulong>.Shared.Rent(4 * chunkSize);
        var sum = RunStreamed<TProj, TAff, TF>(n, chunkSize, images, stride, bits, maxWindowBits, degree, (start, k) =>
        {
            var input = pts.AsMemory(0, k);
            source(start, input);
            split(input, scalars.Slice(start, k), degree, pts, limbs);
            return (pts, limbs);
        });
        ArrayPool<TAff>.Shared.Return(pts);
        ArrayPool<ulong>.Shared.Return(limbs);
        return sum;
    }

    /// <summary>Small tables (or a plan with Jacobian buckets): one chunk, then the in-memory MSM.</summary>
    private static TAff[] ReadAll<TAff>(int n, PointSource<TAff> source)
    {
        var all = new TAff[n];
        if (n > 0) source(0, all);
        return all;
    }

    /// <summary>
    /// The affine-bucket Pippenger of <see cref="Run{TProj, TAff, TF}"/> with the points arriving in chunks:
    /// <paramref name="chunk"/>(start, k) yields the <paramref name="perInput"/>·k split points of table points
    /// [start, start + k) and their scalars as <paramref name="stride"/> limbs each.
    /// </summary>
    private static TProj RunStreamed<TProj, TAff, TF>(int n, int chunkSize, int perInput, int stride, int bits, int maxWindowBits, int degree,
        Func<int, int, (TAff[] Points, ulong[] Limbs)> chunk)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        int c = Math.Min(Plan(perInput * n, bits).Bits, maxWindowBits);
        int windows = WindowCount(c, bits);
        // One bucket set per window, living through the whole table; the windows alone (≥ 5) are enough tasks for
        // the cores, so windows are not cut into point chunks as in Run (each cut would be one more set).
        var spare = Interlocked.Exchange(ref StreamBuckets<TProj, TAff, TF>.Spare, null);
        var buckets = spare is { } sp && sp.Bits == c && sp.Buckets.Length == windows ? sp.Buckets : new AffineBuckets<TProj, TAff, TF>[windows];
        for (int w = 0; w < windows; w++)
        {
            buckets[w] ??= AffineBuckets<TProj, TAff, TF>.Rent(1 << (c - 1), BatchSize(c));
            buckets[w].Clear();
        }
        var digits = ArrayPool<short>.Shared.Rent(windows * perInput * chunkSize);
        var options = new ParallelOptions { MaxDegreeOfParallelism = degree };
        for (int start = 0; start < n; start += chunkSize)
        {
            int k = Math.Min(chunkSize, n - start), m = perInput * k;
            var (points, limbs) = chunk(start, k);
            Recode(limbs, stride, m, c, windows, digits, degree);
            Parallel.For(0, windows, options, w => AddDigits(points, new ReadOnlySpan<short>(digits, w * m, m), 0, buckets[w]));
        }
        ArrayPool<short>.Shared.Return(digits);
        var partial = new TProj[windows];
        Parallel.For(0, windows, options, w => partial[w] = buckets[w].WeightedSum());
        StreamBuckets<TProj, TAff, TF>.Spare = new(c, buckets);
        return Combine<TProj, TAff, TF>(partial, windows, 1, c);
    }

    /// <summary>
    /// The bucket sets of the last streamed MSM of this group, for the next one of the same window size: a proof's
    /// four G1 tables use the same plan, and fresh sets (a MiB each) per MSM were large-object garbage that raised the peak.
    /// </summary>
    private static class StreamBuckets<TProj, TAff, TF>
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        public static Sets? Spare;

        public sealed record Sets(int Bits, AffineBuckets<TProj, TAff, TF>[] Buckets);
    }
}
