using Settlement.Prover.Fft;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Fft;

public class EvaluationDomainTests
{
    private static Fr[] RandomVector(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new Fr[n];
        for (int i = 0; i < n; i++) v[i] = Fr.Random(rng);
        return v;
    }

    [Fact]
    public void RootsAreSnarkjsRoots()
    {
        // ffjavascript's Fr.w[32] for bls12381 (printed by node from snarkjs 0.7.6's ffjavascript).
        Assert.Equal("937917089079007706106976984802249742464848817460758522850752807661925904159",
            EvaluationDomain.RootOfUnity(32).ToDecimalString());
        Assert.Equal(Fr.Zero - Fr.One, EvaluationDomain.RootOfUnity(1));
        var w = EvaluationDomain.RootOfUnity(10);
        Assert.True(w.Pow(1UL << 10).IsOne);
        Assert.False(w.Pow(1UL << 9).IsOne);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void NttMatchesNaiveEvaluation(int log)
    {
        var d = new EvaluationDomain(log);
        var coeffs = RandomVector(d.Size, log);
        var evals = (Fr[])coeffs.Clone();
        d.Ntt(evals);
        var x = Fr.One;
        for (int i = 0; i < d.Size; i++)
        {
            Assert.Equal(EvaluationDomain.Evaluate(coeffs, x), evals[i]);
            x *= d.Omega;
        }
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(12, 2)]
    [InlineData(14, 2)]
    public void InverseUndoesForwardAndThreadCountsAgree(int log, int threads)
    {
        var d = new EvaluationDomain(log);
        var coeffs = RandomVector(d.Size, 7);
        var a = (Fr[])coeffs.Clone();
        var b = (Fr[])coeffs.Clone();
        d.Ntt(a, threads);
        d.Ntt(b, 1);
        Assert.Equal(b, a);
        // Spot-check a few evaluations against Horner.
        foreach (int i in new[] { 0, 1, d.Size / 3, d.Size - 1 })
            Assert.Equal(EvaluationDomain.Evaluate(coeffs, d.Omega.Pow((ulong)i)), a[i]);
        d.InverseNtt(a, threads);
        Assert.Equal(coeffs, a);
    }

    [Fact]
    public void CosetNttEvaluatesOnTheOddPowersOfTheDoubleDomain()
    {
        var d = new EvaluationDomain(5);
        var coeffs = RandomVector(d.Size, 3);
        var a = (Fr[])coeffs.Clone();
        d.CosetNtt(a, d.CosetShift);
        var w2 = EvaluationDomain.RootOfUnity(6);
        Assert.Equal(d.CosetShift, w2);
        for (int i = 0; i < d.Size; i++)
            Assert.Equal(EvaluationDomain.Evaluate(coeffs, w2.Pow((ulong)(2 * i + 1))), a[i]);
        // Z(x) = x^n − 1 is −2 on the whole coset.
        Assert.Equal(Fr.FromInt64(-2), d.CosetShift.Pow((ulong)d.Size) - Fr.One);
        d.InverseCosetNtt(a, d.CosetShift);
        Assert.Equal(coeffs, a);
    }

    [Fact]
    public void LagrangeBasisInterpolates()
    {
        var d = new EvaluationDomain(4);
        var coeffs = RandomVector(d.Size, 11);
        var evals = (Fr[])coeffs.Clone();
        d.Ntt(evals);
        var x = Fr.Random(new Random(5));
        var l = d.LagrangeAt(x);
        var sum = Fr.Zero;
        for (int i = 0; i < d.Size; i++) sum += l[i] * evals[i];
        Assert.Equal(EvaluationDomain.Evaluate(coeffs, x), sum);
    }

    [Fact]
    public void WrongLengthIsRejected()
    {
        var d = new EvaluationDomain(3);
        Assert.Throws<ArgumentException>(() => d.Ntt(new Fr[7]));
    }
}
