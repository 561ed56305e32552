using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Msm;

/// <summary>
/// k·P for many scalars k and one fixed base P (setup: every table entry of a proving key is a multiple of the
/// generator), over the verifier's <see cref="FixedBaseTable{TProj, TAff, TF}"/> with 8-bit windows by default: each
/// multiplication is at most 32 mixed additions, with no doublings. 16-bit windows halve that for a table of about a
/// million points (100 MB in G1, 200 MB in G2), which pays from about a million multiplications.
/// </summary>
public sealed class FixedBase<TProj, TAff, TF>
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    private readonly FixedBaseTable<TProj, TAff, TF> _table;

    public FixedBase(in TProj basePoint, int windowBits = 8) => _table = new(basePoint, windowBits);

    public TProj Multiply(in Fr k) => _table.Multiply(k);

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
