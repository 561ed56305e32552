using Settlement.Prover.Fft;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The A and B matrices of a proving key regrouped by constraint row (compressed rows), so that A·w and B·w are
/// computed in parallel over row ranges, and the quotient evaluations on the odd coset from them.
/// </summary>
internal sealed class Qap
{
    // Row r of matrix A is _coefs[_orderA[k]] for k in [_rowStartA[r], _rowStartA[r + 1]): positions into the key's own
    // coefficient array rather than a regrouped copy of signals and values (4 bytes per entry instead of 36, the copy
    // was ~5 MiB at 2^16 beside the key's 6 MiB).
    private readonly QapCoefficient[] _coefs;
    private readonly int[] _rowStartA, _orderA, _rowStartB, _orderB;
    private readonly bool _omitted;
    public EvaluationDomain Domain { get; }

    public Qap(ProvingKey pk)
    {
        Domain = new EvaluationDomain(pk.LogDomainSize);
        _coefs = pk.Coefficients;
        _omitted = pk.CoefficientsOmitted;
        if (_omitted) { _rowStartA = _orderA = _rowStartB = _orderB = []; return; } // nothing to group: the solver gives A·w and B·w
        (_rowStartA, _orderA) = Group(_coefs, QapCoefficient.MatrixA, pk.DomainSize);
        (_rowStartB, _orderB) = Group(_coefs, QapCoefficient.MatrixB, pk.DomainSize);
    }

    private static (int[], int[]) Group(QapCoefficient[] coefs, byte matrix, int rows)
    {
        var start = new int[rows + 1];
        foreach (var c in coefs) if (c.Matrix == matrix) start[c.Constraint + 1]++;
        for (int i = 0; i < rows; i++) start[i + 1] += start[i];
        var pos = (int[])start.Clone();
        var order = new int[start[rows]];
        for (int k = 0; k < coefs.Length; k++)
            if (coefs[k].Matrix == matrix) order[pos[coefs[k].Constraint]++] = k;
        return (start, order);
    }

    /// <summary>(A·w)_i and (B·w)_i for every domain row i (rows past the constraints are zero).</summary>
    public void Evaluate(Fr[] witness, Fr[] a, Fr[] b, int threads)
    {
        if (_omitted) throw new InvalidOperationException("the key was read without its coefficients: only a prover given A·w and B·w by the circuit can use it");
        int n = Domain.Size;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        int chunks = Math.Max(1, Math.Min(degree * 4, n / 1024));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, ch =>
        {
            int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
            Rows(_rowStartA, _orderA, _coefs, witness, a, lo, hi);
            Rows(_rowStartB, _orderB, _coefs, witness, b, lo, hi);
        });
    }

    private static void Rows(int[] start, int[] order, QapCoefficient[] coefs, Fr[] w, Fr[] dest, int lo, int hi)
    {
        for (int i = lo; i < hi; i++)
        {
            var acc = Fr.Zero;
            for (int k = start[i]; k < start[i + 1]; k++)
            {
                ref readonly var c = ref coefs[order[k]];
                acc += c.Value * w[c.Signal];
            }
            dest[i] = acc;
        }
    }

    /// <summary>
    /// The H scalars: (A·B − C) on the odd coset ω_2n^(2i+1), where A, B, C are the interpolants of A·w, B·w and
    /// (A·w)∘(B·w) over the domain. For a satisfying witness A·B − C vanishes on the domain, so its values on the
    /// odd coset alone, paired with the odd-index 2n-Lagrange points of the key, give h(τ)·Z(τ)/δ.
    /// </summary>
    public Fr[] QuotientEvaluations(Fr[] witness, int threads, Action<string, double>? progress = null)
    {
        var buffers = new QuotientBuffers(Domain.Size);
        QuotientEvaluations(witness, buffers, threads, progress);
        return buffers.A;
    }

    /// <summary>As above, in <paramref name="buffers"/> (every entry is overwritten); H is left in <c>buffers.A</c>.</summary>
    /// <param name="evaluated">A·w and B·w are already in <c>buffers.A</c> and <c>buffers.B</c> (the circuit's solver wrote them).</param>
    public void QuotientEvaluations(Fr[] witness, QuotientBuffers buffers, int threads, Action<string, double>? progress = null, bool evaluated = false)
    {
        var (a, b, c) = (buffers.A, buffers.B, buffers.C);
        if (!evaluated) Evaluate(witness, a, b, threads);
        EvaluationDomain.ForChunks(c, threads, (span, start) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = a[start + i] * b[start + i];
        });
        progress?.Invoke("quotient: interpolate", 0.1);
        var shift = Domain.CosetShift;
        foreach (var (v, k) in new[] { (a, 0), (b, 1), (c, 2) })
        {
            Domain.InverseNtt(v, threads);
            Domain.CosetNtt(v, shift, threads);
            progress?.Invoke("quotient: coset NTT", 0.1 + 0.3 * (k + 1));
        }
        EvaluationDomain.ForChunks(a, threads, (span, start) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = span[i] * b[start + i] - c[start + i];
        });
    }

    private QuotientBuffers? _spare;

    /// <summary>
    /// Work arrays for one quotient, kept from the previous proof when there is one: fresh 3n-element arrays per proof
    /// were large-object garbage that the GC let pile up (peak memory), and a prover proves many times.
    /// </summary>
    public QuotientBuffers RentBuffers() => Interlocked.Exchange(ref _spare, null) ?? new QuotientBuffers(Domain.Size);

    /// <summary>Hands the arrays back for the next proof (the caller must not use them afterwards).</summary>
    public void ReturnBuffers(QuotientBuffers buffers) => _spare = buffers;
}

/// <summary>The three domain-sized arrays the quotient works in; A ends as the H scalars.</summary>
internal sealed class QuotientBuffers(int n)
{
    public Fr[] A { get; } = new Fr[n];
    public Fr[] B { get; } = new Fr[n];
    public Fr[] C { get; } = new Fr[n];
}
