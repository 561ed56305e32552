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
    private readonly TProj[] _overflow;
    private readonly bool[] _hasOverflow;
    private readonly int[] _stamp;          // batch id of the bucket's pending addition
    private readonly int[] _batchBucket;
    private readonly TAff[] _batchPoint;
    private readonly TF[] _den;
    private readonly TF[] _scratch;
    private readonly int[] _queueBucket;    // deferred points, a ring buffer shorter than a batch, so re-adding them
    private readonly TAff[] _queuePoint;    // right after a flush never fills the batch again
    private int _batchId = 1, _count, _queueHead, _queueCount, _top = -1;

    private static readonly System.Collections.Concurrent.ConcurrentBag<AffineBuckets<TProj, TAff, TF>> Pool = [];

    /// <summary>
    /// Empty buckets of this shape, reused from an earlier MSM when one is free: the arrays are about 1 MiB (G1) or
    /// 2 MiB (G2) per worker at 2^16, and allocating them per window task made them most of a proof's garbage.
    /// </summary>
    public static AffineBuckets<TProj, TAff, TF> Rent(int buckets, int batch)
    {
        while (Pool.TryTake(out var b))
            if (b._bucket.Length == buckets && b._batchBucket.Length == batch) return b;
        return new AffineBuckets<TProj, TAff, TF>(buckets, batch);
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
        Array.Clear(_hasOverflow);
        Array.Clear(_stamp);
        _batchId = 1;
        _count = _queueHead = _queueCount = 0;
        _top = -1;
    }

    private AffineBuckets(int buckets, int batch)
    {
        _bucket = new TAff[buckets];
        _filled = new bool[buckets];
        _overflow = new TProj[buckets];
        _hasOverflow = new bool[buckets];
        _stamp = new int[buckets];
        _batchBucket = new int[batch];
        _batchPoint = new TAff[batch];
        _den = new TF[batch];
        _scratch = new TF[batch];
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
        _overflow[k] = _hasOverflow[k] ? _overflow[k].AddMixed(p) : TProj.FromAffine(p);
        _hasOverflow[k] = true;
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
            if (_hasOverflow[k]) running = running + _overflow[k];
            if (_filled[k]) running = running.AddMixed(_bucket[k]);
            sum = sum + running;
        }
        return sum;
    }

    /// <summary>Applies the pending additions B_k ← B_k + P (distinct buckets, x(B_k) ≠ x(P)) with one inversion.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Flush()
    {
        int count = _count;
        _count = 0;
        _batchId++;
        if (count == 0) return;
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
}
