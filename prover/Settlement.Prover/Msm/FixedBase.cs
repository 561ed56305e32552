using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// k·P for many scalars k and one fixed base P (setup: every table entry of a proving key is a multiple of the
/// generator). A table of the 2^w − 1 nonzero multiples of 2^(w·i)·P for every w-bit window i turns each
/// multiplication into at most ⌈256/w⌉ mixed additions, with no doublings.
/// </summary>
public sealed class FixedBase<TProj, TAff, TF>
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    private const int W = 8;
    private const int Windows = (255 + W - 1) / W;
    private readonly TAff[] _table; // [window][digit − 1]

    public FixedBase(in TProj basePoint)
    {
        int per = (1 << W) - 1;
        var jac = new TProj[Windows * per];
        var b = basePoint;
        for (int i = 0; i < Windows; i++)
        {
            var acc = b;
            for (int d = 0; d < per; d++) { jac[i * per + d] = acc; acc = acc + b; }
            b = acc; // 2^W · b
        }
        _table = new TAff[jac.Length];
        CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, _table);
    }

    public TProj Multiply(in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        int per = (1 << W) - 1;
        var acc = TProj.Identity;
        for (int i = 0; i < Windows; i++)
        {
            int d = (int)((limbs[i / 8] >> (8 * (i % 8))) & 0xFF);
            if (d != 0) acc = acc.AddMixed(_table[i * per + d - 1]);
        }
        return acc;
    }

    /// <summary>k_i·P for all i, in parallel, normalised to affine with one inversion per chunk.</summary>
    public TAff[] MultiplyAll(ReadOnlySpan<Fr> scalars, int threads = 0, Action<int>? progress = null)
    {
        var ks = scalars.ToArray();
        var result = new TAff[ks.Length];
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        const int chunk = 4096;
        int chunks = (ks.Length + chunk - 1) / chunk;
        int done = 0;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, c =>
        {
            int lo = c * chunk, hi = Math.Min(ks.Length, lo + chunk);
            var jac = new TProj[hi - lo];
            for (int i = lo; i < hi; i++) jac[i - lo] = Multiply(ks[i]);
            CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, result.AsSpan(lo, hi - lo));
            progress?.Invoke(Interlocked.Add(ref done, hi - lo));
        });
        return result;
    }
}
