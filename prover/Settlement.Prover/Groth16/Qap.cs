using Settlement.Prover.Fft;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The A and B matrices of a proving key regrouped by constraint row (compressed rows), so that A·w and B·w are
/// computed in parallel over row ranges, and the quotient evaluations on the odd coset from them.
/// </summary>
internal sealed class Qap
{
    private readonly int[] _rowStartA, _signalsA, _rowStartB, _signalsB;
    private readonly Fr[] _valuesA, _valuesB;
    public EvaluationDomain Domain { get; }

    public Qap(ProvingKey pk)
    {
        Domain = new EvaluationDomain(pk.LogDomainSize);
        (_rowStartA, _signalsA, _valuesA) = Group(pk.Coefficients, QapCoefficient.MatrixA, pk.DomainSize);
        (_rowStartB, _signalsB, _valuesB) = Group(pk.Coefficients, QapCoefficient.MatrixB, pk.DomainSize);
    }

    private static (int[], int[], Fr[]) Group(QapCoefficient[] coefs, byte matrix, int rows)
    {
        var start = new int[rows + 1];
        foreach (var c in coefs) if (c.Matrix == matrix) start[c.Constraint + 1]++;
        for (int i = 0; i < rows; i++) start[i + 1] += start[i];
        var pos = (int[])start.Clone();
        var signals = new int[start[rows]];
        var values = new Fr[start[rows]];
        foreach (var c in coefs)
        {
            if (c.Matrix != matrix) continue;
            int p = pos[c.Constraint]++;
            signals[p] = c.Signal;
            values[p] = c.Value;
        }
        return (start, signals, values);
    }

    /// <summary>(A·w)_i and (B·w)_i for every domain row i (rows past the constraints are zero).</summary>
    public void Evaluate(Fr[] witness, Fr[] a, Fr[] b, int threads)
    {
        int n = Domain.Size;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        int chunks = Math.Max(1, Math.Min(degree * 4, n / 1024));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, ch =>
        {
            int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
            Rows(_rowStartA, _signalsA, _valuesA, witness, a, lo, hi);
            Rows(_rowStartB, _signalsB, _valuesB, witness, b, lo, hi);
        });
    }

    private static void Rows(int[] start, int[] signals, Fr[] values, Fr[] w, Fr[] dest, int lo, int hi)
    {
        for (int i = lo; i < hi; i++)
        {
            var acc = Fr.Zero;
            for (int k = start[i]; k < start[i + 1]; k++) acc += values[k] * w[signals[k]];
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
    public void QuotientEvaluations(Fr[] witness, QuotientBuffers buffers, int threads, Action<string, double>? progress = null)
    {
        var (a, b, c) = (buffers.A, buffers.B, buffers.C);
        Evaluate(witness, a, b, threads);
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
