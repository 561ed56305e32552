using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// Pippenger buckets B_0 … B_(count−1) in affine form, accumulated by batched affine additions: up to
/// <c>batch</c> pending additions, each into a different bucket, share one field inversion (Montgomery's trick).
/// A point for a bucket that already has an addition pending waits in a short queue for the next batch; when the
/// queue is full, or when x equals the bucket's (doubling or cancellation), it goes to a Jacobian overflow bucket.
/// </summary>
internal sealed class AffineBuckets<TProj, TAff, TF>
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    private readonly TAff[] _bucket;
    private readonly bool[] _filled;
    // Jacobian overflow sums, few in practice (collisions beyond the queue, doublings, cancellations): bucket k's is
    // _overflow[_overflowSlot[k] − 1], so the buckets carry 4 bytes each for it instead of a 144/288-byte point.
    private readonly int[] _overflowSlot;
    private TProj[] _overflow = new TProj[16];
    private int _overflowCount;
    private readonly int[] _stamp;          // batch id of the bucket's pending addition
    private readonly int[] _batchBucket;
    private readonly TAff[] _batchPoint;
    private readonly TF[] _den;
    private readonly TF[] _scratch;
    private readonly bool _lanes;
    private readonly FpX4[]? _den4, _prefix4;  // with AVX2: denominators (G1) or their norms (G2), prefix products
    private readonly int[] _queueBucket;    // deferred points, a ring buffer shorter than a batch, so re-adding them
    private readonly TAff[] _queuePoint;    // right after a flush never fills the batch again
    private int _batchId = 1, _count, _queueHead, _queueCount, _top = -1;

    private static readonly System.Collections.Concurrent.ConcurrentBag<AffineBuckets<TProj, TAff, TF>> Pool = [];

    /// <summary>
    /// Empty buckets of this shape, reused from an earlier MSM when one is free: the arrays are about 1 MiB (G1) or
    /// 2 MiB (G2) per worker at 2^16, and allocating them per window task made them most of a proof's garbage.
    /// </summary>
    /// <param name="lanes">false forces the scalar flush where the four-lane one would run (for tests).</param>
    public static AffineBuckets<TProj, TAff, TF> Rent(int buckets, int batch, bool lanes = true)
    {
        lanes &= LanesSupported;
        while (Pool.TryTake(out var b))
            if (b._bucket.Length == buckets && b._batchBucket.Length == batch && b._lanes == lanes) return b;
        return new AffineBuckets<TProj, TAff, TF>(buckets, batch, lanes);
    }

    /// <summary>Gives the buckets back for the next MSM (at most one set per core is kept).</summary>
    public static void Return(AffineBuckets<TProj, TAff, TF> b)
    {
        if (Pool.Count < Environment.ProcessorCount) Pool.Add(b);
    }

    /// <summary>Empties every bucket, ready for the next window sum.</summary>
    public void Clear()
    {
        Array.Clear(_filled);
        Array.Clear(_overflowSlot);
        _overflowCount = 0;
        Array.Clear(_stamp);
        _batchId = 1;
        _count = _queueHead = _queueCount = 0;
        _top = -1;
    }

    private AffineBuckets(int buckets, int batch, bool lanes)
    {
        _lanes = lanes;
        _bucket = new TAff[buckets];
        _filled = new bool[buckets];
        _overflowSlot = new int[buckets];
        _stamp = new int[buckets];
        _batchBucket = new int[batch];
        _batchPoint = new TAff[batch];
        _den = new TF[batch];
        _scratch = new TF[batch];
        if (lanes)
        {
            _den4 = new FpX4[(batch + 3) / 4];
            _prefix4 = new FpX4[(batch + 3) / 4];
        }
        _queueBucket = new int[batch / 2];
        _queuePoint = new TAff[batch / 2];
    }

    /// <summary>B_k ← B_k + p for a point p that is not at infinity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int k, in TAff p)
    {
        if (k > _top) _top = k;
        Place(k, p);
    }

    private void Place(int k, in TAff p)
    {
        if (_stamp[k] == _batchId)
        {
            if (_queueCount < _queueBucket.Length)
            {
                int slot = (_queueHead + _queueCount++) % _queueBucket.Length;
                _queueBucket[slot] = k;
                _queuePoint[slot] = p;
            }
            else AddOverflow(k, p);
        }
        else if (!_filled[k])
        {
            _bucket[k] = p;
            _filled[k] = true;
        }
        else if (_bucket[k].X == p.X) AddOverflow(k, p);
        else
        {
            _stamp[k] = _batchId;
            _batchBucket[_count] = k;
            _batchPoint[_count] = p;
            if (++_count == _batchBucket.Length)
            {
                Flush();
                // The queued points now find their buckets free (except repeats among themselves, queued again).
                for (int n = _queueCount; n > 0; n--)
                {
                    int k2 = _queueBucket[_queueHead];
                    var p2 = _queuePoint[_queueHead];
                    _queueHead = (_queueHead + 1) % _queueBucket.Length;
                    _queueCount--;
                    Place(k2, p2);
                }
            }
        }
    }

    private void AddOverflow(int k, in TAff p)
    {
        int slot = _overflowSlot[k];
        if (slot != 0)
        {
            _overflow[slot - 1] = _overflow[slot - 1].AddMixed(p);
            return;
        }
        if (_overflowCount == _overflow.Length) Array.Resize(ref _overflow, 2 * _overflow.Length);
        _overflow[_overflowCount++] = TProj.FromAffine(p);
        _overflowSlot[k] = _overflowCount;
    }

    /// <summary>Σ (k+1)·B_k, as a running sum from the top bucket down; ends the accumulation.</summary>
    public TProj WeightedSum()
    {
        Flush();
        for (; _queueCount > 0; _queueCount--)
        {
            AddOverflow(_queueBucket[_queueHead], _queuePoint[_queueHead]);
            _queueHead = (_queueHead + 1) % _queueBucket.Length;
        }
        var running = TProj.Identity;
        var sum = TProj.Identity;
        for (int k = _top; k >= 0; k--)
        {
            if (_overflowSlot[k] != 0) running = running + _overflow[_overflowSlot[k] - 1];
            if (_filled[k]) running = running.AddMixed(_bucket[k]);
            sum = sum + running;
        }
        return sum;
    }

    // JIT-time constants per instantiation: G1 and G2 buckets take the four-lane paths where the CPU has AVX2.
    private static bool LanesSupported => (typeof(TAff) == typeof(G1Affine) || typeof(TAff) == typeof(G2Affine)) && FpX4.IsSupported;

    /// <summary>Applies the pending additions B_k ← B_k + P (distinct buckets, x(B_k) ≠ x(P)) with one inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush()
    {
        int count = _count;
        _count = 0;
        _batchId++;
        if (count == 0) return;
        if (_lanes)
        {
            if (typeof(TAff) == typeof(G1Affine)) FlushInLanes(count, Unsafe.As<G1Affine[]>(_bucket), Unsafe.As<G1Affine[]>(_batchPoint));
            else FlushInLanes(count, Unsafe.As<G2Affine[]>(_bucket), Unsafe.As<G2Affine[]>(_batchPoint));
            return;
        }
        var bucket = _bucket;
        var den = _den.AsSpan(0, count);
        for (int i = 0; i < count; i++) den[i] = _batchPoint[i].X - bucket[_batchBucket[i]].X;
        BatchInverse.InvertNonZero(den, _scratch);
        for (int i = 0; i < count; i++)
        {
            ref TAff b = ref bucket[_batchBucket[i]];
            ref readonly TAff p = ref _batchPoint[i];
            var lambda = (p.Y - b.Y) * den[i];
            var x3 = lambda.Square() - b.X - p.X;
            var y3 = lambda * (b.X - x3) - b.Y;
            b = TAff.FromCoordinatesUnchecked(x3, y3);
        }
    }

    // Montgomery's trick in four lanes, as the lane flushes use it: prefix_g = v₀ ⋯ v_g lane by lane; then, from
    // t = 1/prefix_last and going down, 1/v_g = t · prefix_(g−1) while t becomes 1/prefix_(g−1).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AppendPrefix(FpX4[] values, FpX4[] prefix, int g)
    {
        if (g == 0) prefix[0] = values[0];
        else FpX4.Mul(prefix[g - 1], values[g], out prefix[g]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NextInverse(FpX4[] values, FpX4[] prefix, int g, ref FpX4 t, out FpX4 inverse)
    {
        if (g == 0)
        {
            inverse = t;
            return;
        }
        FpX4.Mul(t, prefix[g - 1], out inverse);
        FpX4.Mul(t, values[g], out t);
    }

    /// <summary>
    /// <see cref="Flush"/> for G1 with the six F_p products of each addition done four at a time (<see cref="FpX4"/>):
    /// addition 4g + l is lane l of group g. Montgomery's trick runs per lane (four prefix-product chains, the four
    /// totals inverted together with one inversion); sums and differences stay in scalar <see cref="Fp"/>, where they
    /// are cheap, and only products go through the lanes. Unused lanes of the last group carry 1 and 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushInLanes(int count, G1Affine[] bucket, G1Affine[] point)
    {
        var den = _den4!;
        var prefix = _prefix4!;
        var slot = _batchBucket;
        int groups = (count + 3) >> 2;
        Span<Fp> e = stackalloc Fp[4];
        Span<Fp> x3 = stackalloc Fp[4];
        for (int g = 0; g < groups; g++)
        {
            for (int l = 0, i = 4 * g; l < 4; l++, i++)
                e[l] = i < count ? point[i].X - bucket[slot[i]].X : Fp.One;
            FpX4.Load(out den[g], e[0], e[1], e[2], e[3]);
            AppendPrefix(den, prefix, g);
        }
        FpX4.InvertEachLane(prefix[groups - 1], out var t);
        for (int g = groups - 1; g >= 0; g--)
        {
            NextInverse(den, prefix, g, ref t, out var denInv);
            int n = Math.Min(4, count - 4 * g);
            for (int l = 0; l < 4; l++)
            {
                int i = 4 * g + l;
                e[l] = l < n ? point[i].Y - bucket[slot[i]].Y : Fp.Zero;
            }
            FpX4.Load(out var dy, e[0], e[1], e[2], e[3]);
            FpX4.Mul(dy, denInv, out var lambda);
            FpX4.Mul(lambda, lambda, out var lambda2);
            lambda2.Store(out e[0], out e[1], out e[2], out e[3]);
            // x₃ = λ² − x_B − x_P, kept in e; the lanes then take x_B − x₃ for y₃ = λ(x_B − x₃) − y_B.
            for (int l = 0; l < 4; l++)
            {
                if (l >= n) { e[l] = Fp.Zero; continue; }
                int i = 4 * g + l;
                ref readonly G1Affine b = ref bucket[slot[i]];
                x3[l] = e[l] - b.X - point[i].X;
                e[l] = b.X - x3[l];
            }
            FpX4.Load(out var w, e[0], e[1], e[2], e[3]);
            FpX4.Mul(lambda, w, out var yl);
            yl.Store(out e[0], out e[1], out e[2], out e[3]);
            for (int l = 0; l < n; l++)
            {
                ref G1Affine b = ref bucket[slot[4 * g + l]];
                b = G1Affine.FromCoordinatesUnchecked(x3[l], e[l] - b.Y);
            }
        }
    }

    /// <summary>
    /// The G2 form of the four-lane flush: F_p² coordinates travel as two lane vectors (c₀, c₁). The denominators
    /// d = x_P − x_B are inverted through their norms N = d₀² + d₁² (1/d = (d₀ − d₁u)/N), and every F_p² product
    /// component is one <see cref="FpX4.MulAdd"/> (a sum of two F_p products, one reduction), with negated operands
    /// loaded where u² = −1 asks for a difference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FlushInLanes(int count, G2Affine[] bucket, G2Affine[] point)
    {
        var norm = _den4!;
        var prefix = _prefix4!;
        var slot = _batchBucket;
        int groups = (count + 3) >> 2;
        Span<Fp> e0 = stackalloc Fp[4], e1 = stackalloc Fp[4], e2 = stackalloc Fp[4], y0 = stackalloc Fp[4];
        Span<Fp2> x3 = stackalloc Fp2[4];
        for (int g = 0; g < groups; g++)
        {
            for (int l = 0, i = 4 * g; l < 4; l++, i++)
            {
                var d = i < count ? point[i].X - bucket[slot[i]].X : Fp2.One;
                e0[l] = d.C0;
                e1[l] = d.C1;
            }
            FpX4.Load(out var d0, e0[0], e0[1], e0[2], e0[3]);
            FpX4.Load(out var d1, e1[0], e1[1], e1[2], e1[3]);
            FpX4.MulAdd(d0, d0, d1, d1, out norm[g]);
            AppendPrefix(norm, prefix, g);
        }
        FpX4.InvertEachLane(prefix[groups - 1], out var t);
        for (int g = groups - 1; g >= 0; g--)
        {
            NextInverse(norm, prefix, g, ref t, out var normInv);
            int n = Math.Min(4, count - 4 * g);
            for (int l = 0; l < 4; l++)
            {
                int i = 4 * g + l;
                var d = l < n ? point[i].X - bucket[slot[i]].X : Fp2.One;
                var dy = l < n ? point[i].Y - bucket[slot[i]].Y : Fp2.Zero;
                e0[l] = d.C0; e1[l] = d.C1;
                y0[l] = dy.C0; e2[l] = dy.C1;
            }
            // 1/d = i₀ − i₁u with iₖ = dₖ/N.
            FpX4.Load(out var d0, e0[0], e0[1], e0[2], e0[3]);
            FpX4.Load(out var d1, e1[0], e1[1], e1[2], e1[3]);
            FpX4.Mul(d0, normInv, out var i0);
            FpX4.Mul(d1, normInv, out var i1);
            // λ = (y₀ + y₁u)(i₀ − i₁u) = (y₀i₀ + y₁i₁) + (y₁i₀ − y₀i₁)u.
            FpX4.Load(out var dy0, y0[0], y0[1], y0[2], y0[3]);
            FpX4.Load(out var dy1, e2[0], e2[1], e2[2], e2[3]);
            FpX4.Load(out var dy0Neg, -y0[0], -y0[1], -y0[2], -y0[3]);
            FpX4.MulAdd(dy0, i0, dy1, i1, out var l0);
            FpX4.MulAdd(dy1, i0, dy0Neg, i1, out var l1);
            l1.Store(out e0[0], out e0[1], out e0[2], out e0[3]);
            FpX4.Load(out var l1Neg, -e0[0], -e0[1], -e0[2], -e0[3]);
            // λ² = (λ₀² − λ₁²) + 2λ₀λ₁u, then x₃ = λ² − x_B − x_P and w = x_B − x₃ for y₃ = λw − y_B.
            FpX4.MulAdd(l0, l0, l1, l1Neg, out var s0);
            FpX4.MulAdd(l0, l1, l1, l0, out var s1);
            s0.Store(out e0[0], out e0[1], out e0[2], out e0[3]);
            s1.Store(out e1[0], out e1[1], out e1[2], out e1[3]);
            for (int l = 0; l < 4; l++)
            {
                if (l >= n) { e0[l] = e1[l] = e2[l] = Fp.Zero; continue; }
                int i = 4 * g + l;
                ref readonly G2Affine b = ref bucket[slot[i]];
                x3[l] = new Fp2(e0[l], e1[l]) - b.X - point[i].X;
                var w = b.X - x3[l];
                e0[l] = w.C0; e1[l] = w.C1; e2[l] = -w.C1;
            }
            FpX4.Load(out var w0, e0[0], e0[1], e0[2], e0[3]);
            FpX4.Load(out var w1, e1[0], e1[1], e1[2], e1[3]);
            FpX4.Load(out var w1Neg, e2[0], e2[1], e2[2], e2[3]);
            // λw = (λ₀w₀ − λ₁w₁) + (λ₀w₁ + λ₁w₀)u.
            FpX4.MulAdd(l0, w0, l1Neg, w1, out var q0);
            FpX4.MulAdd(l0, w1, l1, w0, out var q1);
            q0.Store(out e0[0], out e0[1], out e0[2], out e0[3]);
            q1.Store(out e1[0], out e1[1], out e1[2], out e1[3]);
            for (int l = 0; l < n; l++)
            {
                ref G2Affine b = ref bucket[slot[4 * g + l]];
                b = G2Affine.FromCoordinatesUnchecked(x3[l], new Fp2(e0[l], e1[l]) - b.Y);
            }
        }
    }
}
