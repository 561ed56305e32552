using System.Runtime.CompilerServices;
using Settlement.Circuits;
using Settlement.Prover.Fft;
using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Groth16;

/// <summary>The secret scalars of a Groth16 setup. Whoever knows them can forge proofs.</summary>
internal readonly record struct Trapdoor(Fr Tau, Fr Alpha, Fr Beta, Fr Gamma, Fr Delta)
{
    public static Trapdoor Random() => new(NonZero(), NonZero(), NonZero(), NonZero(), NonZero());

    private static Fr NonZero()
    {
        while (true) { var x = Fr.Random(); if (!x.IsZero && !x.IsOne) return x; }
    }
}

/// <summary>
/// INSECURE development setup: draws τ, α, β, γ, δ from local randomness and builds the proving key directly.
/// The process that ran it held the trapdoor and could forge proofs, so the key is flagged
/// <see cref="ProvingKey.Insecure"/> and every file and message derived from it says so. Use the ptau-based setup
/// with phase-2 contributions for anything real.
/// </summary>
public static class DevSetup
{
    public const string Warning = "INSECURE development setup: the trapdoor came from this machine's randomness; whoever ran it can forge proofs";

    // Multiples of the generators, built once per process (about 8,000 points each).
    private static readonly Lazy<FixedBase<G1Jacobian, G1Affine, Fp>> G1Table = new(() => new(G1Jacobian.Generator));
    private static readonly Lazy<FixedBase<G2Jacobian, G2Affine, Fp2>> G2Table = new(() => new(G2Jacobian.Generator));

    public static ProvingKey Create(R1cs r1cs, int threads = 0, Action<string, double>? progress = null) =>
        Create(r1cs, Trapdoor.Random(), threads, progress);

    /// <summary>The QAP coefficient list of an R1CS in the snarkjs layout (A and B rows, then one A row per public signal).</summary>
    public static QapCoefficient[] Coefficients(R1cs r1cs)
    {
        var list = new List<QapCoefficient>(r1cs.A.NonZeros + r1cs.B.NonZeros + r1cs.NumPublic + 1);
        for (int i = 0; i < r1cs.NumConstraints; i++)
        {
            for (int k = r1cs.A.RowStart[i]; k < r1cs.A.RowStart[i + 1]; k++) list.Add(new(QapCoefficient.MatrixA, i, r1cs.A.Columns[k], r1cs.A.Values[k]));
            for (int k = r1cs.B.RowStart[i]; k < r1cs.B.RowStart[i + 1]; k++) list.Add(new(QapCoefficient.MatrixB, i, r1cs.B.Columns[k], r1cs.B.Values[k]));
        }
        for (int j = 0; j <= r1cs.NumPublic; j++) list.Add(new(QapCoefficient.MatrixA, r1cs.NumConstraints + j, j, Fr.One));
        return [.. list];
    }

    internal static ProvingKey Create(R1cs r1cs, Trapdoor t, int threads, Action<string, double>? progress)
    {
        int nVars = r1cs.NumWires, nPub = r1cs.NumPublic;
        var domain = EvaluationDomain.ForSize(r1cs.NumConstraints + nPub + 1);
        int n = domain.Size;
        var coefs = Coefficients(r1cs);
        progress?.Invoke("Lagrange basis", 0);

        // u_j(τ), v_j(τ), w_j(τ): the QAP polynomials of every signal at τ.
        var lagrange = domain.LagrangeAt(t.Tau);
        var u = new Fr[nVars];
        var v = new Fr[nVars];
        var w = new Fr[nVars];
        foreach (var c in coefs)
        {
            if (c.Matrix == QapCoefficient.MatrixA) u[c.Signal] += c.Value * lagrange[c.Constraint];
            else v[c.Signal] += c.Value * lagrange[c.Constraint];
        }
        for (int i = 0; i < r1cs.NumConstraints; i++)
            for (int k = r1cs.C.RowStart[i]; k < r1cs.C.RowStart[i + 1]; k++)
                w[r1cs.C.Columns[k]] += r1cs.C.Values[k] * lagrange[i];

        var gammaInv = t.Gamma.Inverse();
        var deltaInv = t.Delta.Inverse();
        var ic = new Fr[nPub + 1];
        var cs = new Fr[nVars - nPub - 1];
        for (int j = 0; j < nVars; j++)
        {
            var x = t.Beta * u[j] + t.Alpha * v[j] + w[j];
            if (j <= nPub) ic[j] = x * gammaInv; else cs[j - nPub - 1] = x * deltaInv;
        }
        // H_i = L_(2i+1)(τ)/δ over the 2n domain.
        var l2 = new EvaluationDomain(domain.LogSize + 1).LagrangeAt(t.Tau);
        var hs = new Fr[n];
        for (int i = 0; i < n; i++) hs[i] = l2[2 * i + 1] * deltaInv;

        var g1 = G1Table.Value;
        var g2 = G2Table.Value;
        // Progress in G1-multiplication units: a G2 multiplication costs about three, so the bar moves evenly.
        const int G2Cost = 3;
        long total = 3L * nVars + n + G2Cost * (long)nVars, done = 0;
        // The tables are what the key holds in memory, and nearly all of the time; the stage says how much of each
        // before they start, so a large setup is not a surprise.
        long keyBytes = (3L * nVars + n) * Unsafe.SizeOf<G1Affine>() + (long)nVars * Unsafe.SizeOf<G2Affine>() + (long)coefs.Length * Unsafe.SizeOf<QapCoefficient>();
        string stage = progress is null ? "" : $"tables (2^{domain.LogSize} domain, {nVars:N0} wires, key ≈ {keyBytes / (1 << 20):N0} MB, " +
                       $"≈ {Minutes(EstimateTables(NonZero(u) + NonZero(v) + NonZero(cs) + n, NonZero(v), threads))})";
        Action<int> tick(long baseDone, int cost = 1) => k => progress?.Invoke(stage, (double)(baseDone + (long)cost * k) / total);
        var a = g1.MultiplyAll(u, threads, tick(done)); done += nVars;
        var b1 = g1.MultiplyAll(v, threads, tick(done)); done += nVars;
        var c1 = g1.MultiplyAll(cs, threads, tick(done)); done += nVars;
        var h = g1.MultiplyAll(hs, threads, tick(done)); done += n;
        var b2 = g2.MultiplyAll(v, threads, tick(done, G2Cost));
        var pk = new ProvingKey
        {
            NumVars = nVars, NumPublic = nPub, DomainSize = n,
            Alpha1 = g1.Multiply(t.Alpha).ToAffine(), Beta1 = g1.Multiply(t.Beta).ToAffine(), Beta2 = g2.Multiply(t.Beta).ToAffine(),
            Gamma2 = g2.Multiply(t.Gamma).ToAffine(), Delta1 = g1.Multiply(t.Delta).ToAffine(), Delta2 = g2.Multiply(t.Delta).ToAffine(),
            IC = g1.MultiplyAll(ic, threads), Coefficients = coefs, A = a, B1 = b1, B2 = b2, C = c1, H = h, Insecure = true,
        };
        pk.Validate("development setup");
        progress?.Invoke("done", 1);
        return pk;
    }

    /// <summary>
    /// How long <paramref name="g1"/> G1 and <paramref name="g2"/> G2 fixed-base multiplications take on this machine,
    /// from a timed sample of each (after warm-up rounds, so the JIT's first tier does not inflate it).
    /// </summary>
    internal static TimeSpan EstimateTables(long g1, long g2, int threads)
    {
        var sample = new Fr[256];
        for (int i = 0; i < sample.Length; i++) sample[i] = Fr.Random();
        for (int round = 0; round < 4; round++)
        {
            G1Table.Value.MultiplyAll(sample, 1);
            G2Table.Value.MultiplyAll(sample.AsSpan(0, 64), 1);
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        G1Table.Value.MultiplyAll(sample, 1);
        double perG1 = sw.Elapsed.TotalSeconds / sample.Length;
        sw.Restart();
        G2Table.Value.MultiplyAll(sample.AsSpan(0, 64), 1);
        double perG2 = sw.Elapsed.TotalSeconds / 64;
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        return TimeSpan.FromSeconds((g1 * perG1 + g2 * perG2) / t);
    }

    // A zero scalar costs nothing in the table, and wires absent from A or B leave many.
    private static long NonZero(Fr[] xs) => xs.LongCount(x => !x.IsZero);

    private static string Minutes(TimeSpan t) => t.TotalSeconds < 90 ? $"{t.TotalSeconds:F0} s" : $"{t.TotalMinutes:F0} min";
}
