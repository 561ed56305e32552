using Settlement.Circuits;
using Settlement.Prover.Fft;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>
/// The prover checked with the trapdoor known (development setup): every proof point must equal the scalar the
/// Groth16 equations predict, and those scalars must satisfy the verification equation A·B = α·β + Σ pub·IC·γ + C·δ.
/// </summary>
public class ProverAlgebraTests
{
    private static readonly Trapdoor T = new(Fr.FromUInt64(123456789), Fr.FromUInt64(11), Fr.FromUInt64(13), Fr.FromUInt64(17), Fr.FromUInt64(19));

    /// <summary>U(τ) = Σ w_j u_j(τ), V(τ), W(τ) and the per-signal (β u_j + α v_j + w_j)(τ).</summary>
    private static (Fr U, Fr V, Fr W, Fr[] Combined) AtTau(R1cs r1cs, Fr[] w, Trapdoor t)
    {
        var domain = EvaluationDomain.ForSize(r1cs.NumConstraints + r1cs.NumPublic + 1);
        var l = domain.LagrangeAt(t.Tau);
        var u = new Fr[r1cs.NumWires]; var v = new Fr[r1cs.NumWires]; var ww = new Fr[r1cs.NumWires];
        for (int i = 0; i < r1cs.NumConstraints; i++)
        {
            for (int k = r1cs.A.RowStart[i]; k < r1cs.A.RowStart[i + 1]; k++) u[r1cs.A.Columns[k]] += r1cs.A.Values[k] * l[i];
            for (int k = r1cs.B.RowStart[i]; k < r1cs.B.RowStart[i + 1]; k++) v[r1cs.B.Columns[k]] += r1cs.B.Values[k] * l[i];
            for (int k = r1cs.C.RowStart[i]; k < r1cs.C.RowStart[i + 1]; k++) ww[r1cs.C.Columns[k]] += r1cs.C.Values[k] * l[i];
        }
        for (int j = 0; j <= r1cs.NumPublic; j++) u[j] += l[r1cs.NumConstraints + j];
        Fr U = Fr.Zero, V = Fr.Zero, W = Fr.Zero;
        var comb = new Fr[r1cs.NumWires];
        for (int j = 0; j < r1cs.NumWires; j++)
        {
            U += w[j] * u[j]; V += w[j] * v[j]; W += w[j] * ww[j];
            comb[j] = t.Beta * u[j] + t.Alpha * v[j] + ww[j];
        }
        return (U, V, W, comb);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(100)]
    public void ProofPointsMatchTheTrapdoorScalars(int constraints)
    {
        var (r1cs, w) = ChainCircuit.Build(constraints);
        Assert.True(r1cs.IsSatisfied(w));
        var pk = DevSetup.Create(r1cs, T, 2, null);
        var prover = new Groth16Prover(pk);
        var r = Fr.FromUInt64(1001); var s = Fr.FromUInt64(2002);
        var proof = prover.Prove(w, r, s, 2, null);

        var (U, V, W, comb) = AtTau(r1cs, w, T);
        var a = T.Alpha + U + r * T.Delta;
        var b = T.Beta + V + s * T.Delta;
        var priv = Fr.Zero;
        for (int j = r1cs.NumPublic + 1; j < r1cs.NumWires; j++) priv += w[j] * comb[j];
        var c = (priv + (U * V - W)) * T.Delta.Inverse() + s * a + r * b - r * s * T.Delta;
        Assert.Equal((G1Jacobian.Generator * a).ToAffine(), proof.A);
        Assert.Equal((G2Jacobian.Generator * b).ToAffine(), proof.B);
        Assert.Equal((G1Jacobian.Generator * c).ToAffine(), proof.C);

        // The verifier's equation, on the discrete logarithms.
        var pub = Fr.Zero;
        for (int j = 0; j <= r1cs.NumPublic; j++) pub += w[j] * comb[j];
        Assert.Equal(a * b, T.Alpha * T.Beta + pub + c * T.Delta);
    }

    [Fact]
    public void ConstantTimeBlindingAgreesWithTheVariableTimeFormula()
    {
        // Prove blinds through Groth16Prover.Blind (constant-time multiplications, no r·s in F_r); the old expression
        // with the variable-time operators must give the same three points for random sums and blinding.
        var (r1cs, _) = ChainCircuit.Build(6);
        var pk = DevSetup.Create(r1cs, T, 2, null);
        var rng = new Random(7);
        for (int i = 0; i < 4; i++)
        {
            var aSum = G1Jacobian.Generator * Fr.Random(rng);
            var b1Sum = G1Jacobian.Generator * Fr.Random(rng);
            var b2Sum = G2Jacobian.Generator * Fr.Random(rng);
            var ch = G1Jacobian.Generator * Fr.Random(rng);
            var r = Fr.Random(rng); var s = Fr.Random(rng);
            var (pa, pb, pc) = Groth16Prover.Blind(pk, aSum, b1Sum, b2Sum, ch, r, s);

            var delta1 = pk.Delta1.ToJacobian();
            var a = pk.Alpha1.ToJacobian() + aSum + delta1 * r;
            var b = pk.Beta2.ToJacobian() + b2Sum + pk.Delta2.ToJacobian() * s;
            var b1 = pk.Beta1.ToJacobian() + b1Sum + delta1 * s;
            var c = ch + a * s + b1 * r - delta1 * (r * s);
            Assert.Equal(a, pa);
            Assert.Equal(b, pb);
            Assert.Equal(c, pc);
        }
    }

    [Fact]
    public void QuotientIsAPolynomialOnlyForASatisfyingWitness()
    {
        var (r1cs, w) = ChainCircuit.Build(50);
        var pk = DevSetup.Create(r1cs, T, 1, null);
        var prover = new Groth16Prover(pk);
        var domain = new EvaluationDomain(pk.LogDomainSize);
        var x = Fr.FromUInt64(987654321);

        bool Divides(Fr[] witness)
        {
            // Coset values of A·B − C divided by Z = −2 interpolate h; then h(x)·Z(x) must equal A(x)B(x) − C(x).
            var h = prover.QuotientEvaluations(witness, 2);
            EvaluationDomain.Scale(h, Fr.FromInt64(-2).Inverse());
            domain.InverseCosetNtt(h, domain.CosetShift);
            var (U, V, W, _) = AtTau(r1cs, witness, T with { Tau = x });
            var z = x.Pow((ulong)domain.Size) - Fr.One;
            return EvaluationDomain.Evaluate(h, x) * z == U * V - W;
        }

        Assert.True(Divides(w));
        var bad = (Fr[])w.Clone();
        bad[10] += Fr.One;
        Assert.False(r1cs.IsSatisfied(bad));
        Assert.False(Divides(bad));
    }

    [Fact]
    public void InvalidWitnessGivesAProofThatFailsTheEquation()
    {
        var (r1cs, w) = ChainCircuit.Build(20);
        var pk = DevSetup.Create(r1cs, T, 2, null);
        var bad = (Fr[])w.Clone();
        bad[5] += Fr.One;
        var r = Fr.FromUInt64(5); var s = Fr.FromUInt64(6);
        var proof = new Groth16Prover(pk).Prove(bad, r, s, 2, null);
        var (U, V, W, comb) = AtTau(r1cs, bad, T);
        var a = T.Alpha + U + r * T.Delta;
        var b = T.Beta + V + s * T.Delta;
        var pub = w[0] * comb[0] + bad[1] * comb[1];
        // The only C that would verify is (a·b − α·β − pub)/δ; the prover's is different.
        var forged = (a * b - T.Alpha * T.Beta - pub) * T.Delta.Inverse();
        Assert.NotEqual((G1Jacobian.Generator * forged).ToAffine(), proof.C);
    }

    [Fact]
    public void FreshBlindingMakesEveryProofDifferent()
    {
        var (r1cs, w) = ChainCircuit.Build(8);
        var prover = new Groth16Prover(DevSetup.Create(r1cs, 2));
        var p1 = prover.Prove(w, 2);
        var p2 = prover.Prove(w, 2);
        Assert.NotEqual(p1.A, p2.A);
        Assert.NotEqual(p1.B, p2.B);
        Assert.NotEqual(p1.C, p2.C);
        Assert.True(prover.Key.Insecure);
    }

    [Fact]
    public void WrongWitnessLengthAndConstantWireAreRejected()
    {
        var (r1cs, w) = ChainCircuit.Build(4);
        var prover = new Groth16Prover(DevSetup.Create(r1cs, 1));
        Assert.Throws<ArgumentException>(() => prover.Prove(w[..^1]));
        var z = (Fr[])w.Clone(); z[0] = Fr.Zero;
        Assert.Throws<ArgumentException>(() => prover.Prove(z));
    }

    [Fact]
    public void DegenerateKeysAreRefused()
    {
        var (r1cs, _) = ChainCircuit.Build(4);
        Assert.Throws<InvalidKeyException>(() => DevSetup.Create(r1cs, T with { Delta = T.Gamma }, 1, null));
        Assert.Throws<InvalidKeyException>(() => DevSetup.Create(r1cs, T with { Delta = Fr.One }, 1, null));
        var pk = DevSetup.Create(r1cs, T, 1, null);
        var broken = new ProvingKey
        {
            NumVars = pk.NumVars, NumPublic = pk.NumPublic, DomainSize = pk.DomainSize, Alpha1 = G1Affine.Infinity, Beta1 = pk.Beta1,
            Beta2 = pk.Beta2, Gamma2 = pk.Gamma2, Delta1 = pk.Delta1, Delta2 = pk.Delta2, IC = pk.IC, Coefficients = pk.Coefficients,
            A = pk.A, B1 = pk.B1, B2 = pk.B2, C = pk.C, H = pk.H,
        };
        var e = Assert.Throws<InvalidKeyException>(() => broken.Validate("k.zkey"));
        Assert.Contains("alpha", e.Message);
    }
}
