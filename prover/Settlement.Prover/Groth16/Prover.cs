using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The Groth16 prover for keys in the zkey model (<see cref="ProvingKey"/>): witness → A·w, B·w → quotient on the
/// odd coset (three inverse and three coset NTTs) → five MSMs → (πA, πB, πC).
/// <para>Every proof uses fresh r, s from the operating system's CSPRNG, so proofs of the same statement differ and
/// reveal nothing about the witness. Proofs are also re-randomizable by anyone: never use proof bytes as an id.</para>
/// <para>Every product with r, s (and r·s) is a constant-time scalar multiplication (<see cref="ConstantTimeScalarMul"/>),
/// and r·s is never formed in F_r: [rs]δ₁ = [r]([s]δ₁). The MSMs are variable-time in the witness: run the prover where
/// its timing is not observable by whoever must not learn the witness.</para>
/// </summary>
public sealed class Groth16Prover
{
    private readonly ProvingKey _pk;
    private readonly Qap _qap;

    /// <summary>Prepares a key for proving (groups the QAP rows once; reuse the prover for many proofs).</summary>
    public Groth16Prover(ProvingKey pk)
    {
        _pk = pk;
        _qap = new Qap(pk);
    }

    public ProvingKey Key => _pk;

    /// <summary>
    /// Proves with fresh blinding r, s. <paramref name="progress"/> receives (stage, fraction 0..1): "start", "MSM B2",
    /// "MSM A", "MSM B1", "MSM C", "MSM H", "done" in order on the calling thread, and "quotient" (the FFTs are done)
    /// (fraction 0.5) from another thread at some point before "MSM H", so the callback must be thread-safe.
    /// </summary>
    public Proof Prove(Fr[] witness, int threads = 0, Action<string, double>? progress = null) =>
        Prove(witness, Fr.Random(), Fr.Random(), threads, progress);

    /// <summary>
    /// Proves the witness <paramref name="solve"/> returns, which also writes (A·w)_i and (B·w)_i of each of the
    /// <paramref name="constraints"/> constraints into the two zeroed, domain-sized arrays it is given (the circuit's
    /// solver computes them while checking the witness). The key's coefficients are then never read, so it may be
    /// loaded without them, the largest part of a key besides its tables. A wrong A·w or B·w only yields a proof that
    /// does not verify.
    /// </summary>
    public Proof Prove(int constraints, Func<Fr[], Fr[], Fr[]> solve, int threads = 0, Action<string, double>? progress = null)
    {
        if (constraints < 0 || constraints + _pk.NumPublic + 1 > _pk.DomainSize)
            throw new ArgumentException($"{constraints} constraints and {_pk.NumPublic + 1} public rows do not fit the key's domain of {_pk.DomainSize}");
        var buffers = _qap.RentBuffers();
        Array.Clear(buffers.A);
        Array.Clear(buffers.B);
        Fr[] witness;
        try { witness = solve(buffers.A, buffers.B); }
        catch { _qap.ReturnBuffers(buffers); throw; }
        // The key model's extra A rows, one per public signal (ProvingKey): row m + j of A·w is w_j.
        for (int j = 0; j <= _pk.NumPublic && j < witness.Length; j++) buffers.A[constraints + j] = witness[j];
        return Prove(witness, Fr.Random(), Fr.Random(), threads, progress, buffers);
    }

    /// <summary>Proves with the given blinding (tests only: reused r, s leak the witness).</summary>
    internal Proof Prove(Fr[] witness, Fr r, Fr s, int threads, Action<string, double>? progress) =>
        Prove(witness, r, s, threads, progress, evaluated: null);

    /// <param name="evaluated">Buffers already holding A·w and B·w, or null to compute them from the key's coefficients.</param>
    private Proof Prove(Fr[] witness, Fr r, Fr s, int threads, Action<string, double>? progress, QuotientBuffers? evaluated)
    {
        var pk = _pk;
        var buffers = evaluated ?? _qap.RentBuffers();
        Task? quotient = null;
        G1Jacobian aSum, b1Sum, cSum, hSum;
        G2Jacobian b2Sum;
        try
        {
            if (witness.Length != pk.NumVars)
                throw new ArgumentException($"the witness has {witness.Length} values, the key expects nVars = {pk.NumVars}");
            if (!witness[0].IsOne) throw new ArgumentException("witness[0] must be 1 (the constant wire)");
            progress?.Invoke("start", 0);

            // The quotient (FFTs) runs concurrently with the MSMs that need only the witness; both sides are
            // internally parallel and share the thread pool, so idle cores in one are taken up by the other.
            // "quotient" is reported from the quotient's own task when the FFTs end (benchmarks split FFT from MSM time by it).
            quotient = Task.Run(() =>
            {
                _qap.QuotientEvaluations(witness, buffers, threads, evaluated: evaluated is not null);
                progress?.Invoke("quotient", 0.5);
            });
            var w = witness.AsMemory();
            var file = pk.TablesInFile;
            // B2 first: its few windows (5 in G2) leave a core idle part of the time, which the quotient's FFTs fill.
            b2Sum = file is null ? Pippenger.G2(pk.B2, w, threads) : file.MsmG2(file.B2, w, threads);
            progress?.Invoke("MSM B2", 0.3);
            aSum = file is null ? Pippenger.G1(pk.A, w, threads) : file.MsmG1(file.A, w, threads);
            progress?.Invoke("MSM A", 0.45);
            b1Sum = file is null ? Pippenger.G1(pk.B1, w, threads) : file.MsmG1(file.B1, w, threads);
            progress?.Invoke("MSM B1", 0.6);
            var wC = w[(pk.NumPublic + 1)..];
            cSum = file is null ? Pippenger.G1(pk.C, wC, threads) : file.MsmG1(file.C, wC, threads);
            progress?.Invoke("MSM C", 0.7);
            quotient.GetAwaiter().GetResult();
            hSum = file is null ? Pippenger.G1(pk.H, buffers.A, threads) : file.MsmG1(file.H, buffers.A, threads);
            progress?.Invoke("MSM H", 0.95);
        }
        finally
        {
            // The buffers go back to the pool whatever failed (a wrong witness, a key file that cannot be read), but
            // only once the quotient's task has stopped writing them; the first failure is the one that propagates.
            if (quotient is not null)
                try { quotient.Wait(); }
                catch (AggregateException) { }
            _qap.ReturnBuffers(buffers);
        }

        var (piA, piB, piC) = Blind(pk, aSum, b1Sum, b2Sum, cSum + hSum, r, s);
        progress?.Invoke("done", 1);
        return new Proof(piA.ToAffine(), piB.ToAffine(), piC.ToAffine());
    }

    /// <summary>
    /// πA = α + A + rδ, πB = β + B + sδ, πC = C + H + s·πA + r·(β₁ + B₁ + sδ₁) − rsδ₁, with the secret r, s only in
    /// constant-time multiplications (the MSM sums are not secret-blinded yet, so their additions may branch).
    /// </summary>
    internal static (G1Jacobian A, G2Jacobian B, G1Jacobian C) Blind(ProvingKey pk, in G1Jacobian aSum, in G1Jacobian b1Sum,
        in G2Jacobian b2Sum, in G1Jacobian cPlusH, in Fr r, in Fr s)
    {
        var delta1 = pk.Delta1.ToJacobian();
        var sDelta1 = ConstantTimeScalarMul.G1(delta1, s);
        var piA = pk.Alpha1.ToJacobian() + aSum + ConstantTimeScalarMul.G1(delta1, r);
        var piB = pk.Beta2.ToJacobian() + b2Sum + ConstantTimeScalarMul.G2(pk.Delta2.ToJacobian(), s);
        var piB1 = pk.Beta1.ToJacobian() + b1Sum + sDelta1;
        var piC = cPlusH + ConstantTimeScalarMul.G1(piA, s) + ConstantTimeScalarMul.G1(piB1, r)
                  - ConstantTimeScalarMul.G1(sDelta1, r);
        return (piA, piB, piC);
    }

    /// <summary>The H scalars of a witness (for tests of the quotient algebra).</summary>
    internal Fr[] QuotientEvaluations(Fr[] witness, int threads = 0) => _qap.QuotientEvaluations(witness, threads);
}
