using Settlement.Prover.Fft;
using Settlement.Prover.Msm;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>
/// Writes a phase-2-prepared BLS12-381 ptau (docs: shared/formats/snarkjs.md §6) from known τ, α, β, for tests that need
/// a larger power than the committed snarkjs fixture (power 10) and cannot wait for snarkjs's own 'prepare phase2'.
/// Whoever knows τ, α, β can forge proofs: such a file is for tests only. One difference from snarkjs: the top Lagrange
/// block of section 12 holds the exact L_i(τ), where snarkjs's holds L_i(τ) − ω^i·τ^(m−1)/m; against a valid witness
/// the difference cancels (it pairs with the degree m−1 coefficient of A·B − C, which is zero), so proofs are the same.
/// </summary>
internal static class KnownTauPtau
{
    public static void Write(string path, int power, Fr tau, Fr alpha, Fr beta, int threads = 0)
    {
        // Power p takes about 12·2^p multiplications in G1 (16-bit windows pay from power 15 on) and 3·2^p in G2.
        var g1 = new FixedBase<G1Jacobian, G1Affine, Fp>(G1Jacobian.Generator, power >= 15 ? 16 : 8);
        var g2 = new FixedBase<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator);
        int n = 1 << power;
        var powers = new Fr[2 * n - 1];
        powers[0] = Fr.One;
        for (int i = 1; i < powers.Length; i++) powers[i] = powers[i - 1] * tau;
        Fr[] Scaled(ReadOnlySpan<Fr> xs, Fr k) { var r = new Fr[xs.Length]; for (int i = 0; i < r.Length; i++) r[i] = xs[i] * k; return r; }

        using var fs = File.Create(path);
        using var w = new BinFileWriter(fs, "ptau", 1, 11);
        w.BeginSection(1);
        w.Writer.Write(48u);
        w.Writer.Write(CurveIo.ModulusLE(Fp.Modulus, 48));
        w.Writer.Write((uint)power);
        w.Writer.Write((uint)power);
        w.EndSection();
        Section(w, 2, g1.MultiplyAll(powers, threads));
        Section(w, 3, g2.MultiplyAll(powers.AsSpan(0, n), threads));
        Section(w, 4, g1.MultiplyAll(Scaled(powers.AsSpan(0, n), alpha), threads));
        Section(w, 5, g1.MultiplyAll(Scaled(powers.AsSpan(0, n), beta), threads));
        Section(w, 6, [(G2Jacobian.Generator * beta).ToAffine()]);
        w.BeginSection(7);
        w.Writer.Write(0u); // no contribution records: the secrets are the test's own
        w.EndSection();

        var lagrange = Enumerable.Range(0, power + 2).Select(k => new EvaluationDomain(k).LagrangeAt(tau)).ToArray();
        Section(w, PtauFile.LagrangeG1, g1.MultiplyAll(lagrange.SelectMany(l => l).ToArray(), threads));
        var upToN = lagrange[..(power + 1)].SelectMany(l => l).ToArray();
        Section(w, PtauFile.LagrangeG2, g2.MultiplyAll(upToN, threads));
        Section(w, PtauFile.AlphaLagrangeG1, g1.MultiplyAll(Scaled(upToN, alpha), threads));
        Section(w, PtauFile.BetaLagrangeG1, g1.MultiplyAll(Scaled(upToN, beta), threads));
    }

    private static void Section(BinFileWriter w, int id, G1Affine[] points)
    {
        w.BeginSection(id);
        var buf = new byte[CurveIo.G1Size];
        foreach (var p in points) { CurveIo.WriteG1(buf, p); w.Writer.Write(buf); }
        w.EndSection();
    }

    private static void Section(BinFileWriter w, int id, G2Affine[] points)
    {
        w.BeginSection(id);
        var buf = new byte[CurveIo.G2Size];
        foreach (var p in points) { CurveIo.WriteG2(buf, p); w.Writer.Write(buf); }
        w.EndSection();
    }
}
