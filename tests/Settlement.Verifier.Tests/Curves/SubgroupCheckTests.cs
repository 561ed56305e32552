using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>The endomorphism subgroup checks against the oracle [r]P = O.</summary>
public class SubgroupCheckTests
{
    static readonly BigInteger X = -(BigInteger)Endomorphism.SeedAbs;

    [Fact]
    public void Endomorphism_constants_have_their_defining_properties()
    {
        var beta = Endomorphism.Beta;
        Assert.True(beta != Fp.One && beta.Square() * beta == Fp.One);
        // σ(G) = [−x²]G and ψ(G) = [x]G on the generators fix which cube root and which twist constants are right.
        Assert.Equal(G1Jacobian.Generator.MultiplyBy(-X * X), Endomorphism.Sigma(G1Jacobian.Generator));
        Assert.Equal(G2Jacobian.Generator.MultiplyBy(X), Endomorphism.Psi(G2Jacobian.Generator));
        // c_x = ξ^−(p−1)/3 and c_y = ξ^−(p−1)/2.
        var xi = new Fp2(Fp.One, Fp.One);
        Assert.Equal(xi.Pow(Fp.ToLimbs((Fp.Modulus - 1) / 3)).Inverse(), Endomorphism.PsiCoeffX);
        Assert.Equal(xi.Pow(Fp.ToLimbs((Fp.Modulus - 1) / 2)).Inverse(), Endomorphism.PsiCoeffY);
        Assert.Equal(Fr.Modulus, X * X * X * X - X * X + 1);
    }

    [Fact]
    public void G1_check_agrees_with_oracle()
    {
        var rng = new Random(11);
        Assert.True(G1.IsInSubgroup(G1Affine.Infinity));
        Assert.True(G1.IsInSubgroup(G1Affine.Generator));
        for (int i = 0; i < 8; i++)
        {
            var inG = CurveSamples.RandomG1(rng);
            Assert.True(G1.IsInSubgroup(inG));
            var any = CurveSamples.RandomOnCurveG1(rng);
            Assert.Equal(CurveSamples.SubgroupOracle(any), G1.IsInSubgroup(any));
            Assert.False(G1.IsInSubgroup(any)); // a random curve point is outside G1 with probability 1 − 1/h₁
            // ψ-independent torsion: σ(P) is on the curve too and must be judged the same.
            Assert.False(G1.IsInSubgroup(Endomorphism.Sigma(any.ToJacobian()).ToAffine()));
        }
    }

    [Fact]
    public void G1_check_rejects_every_small_order_component()
    {
        var rng = new Random(12);
        var n = CurveSamples.G1Cofactor * Fr.Modulus;
        foreach (var l in CurveSamples.G1CofactorPrimes)
        {
            // [n / l^v]Q is the l-primary part of Q (order l, l², … or O); it and its order-l multiple must both fail.
            var m = n;
            while (m % l == 0) m /= l;
            int found = 0;
            for (int i = 0; i < 12 && found < 3; i++)
            {
                var t = CurveSamples.RandomOnCurveG1(rng).ToJacobian().MultiplyBy(m);
                if (t.IsIdentity) continue;
                found++;
                while (!t.MultiplyBy(l).IsIdentity)
                {
                    Assert.False(G1.IsInSubgroup(t.ToAffine()), $"l-primary point (l = {l}) accepted");
                    t = t.MultiplyBy(l);
                }
                Assert.False(G1.IsInSubgroup(t.ToAffine()), $"order {l} point accepted");
                // A subgroup point plus a torsion point is outside the subgroup as well.
                var mixed = (t + CurveSamples.RandomG1(rng).ToJacobian()).ToAffine();
                Assert.False(G1.IsInSubgroup(mixed), $"G1 + order-{l} point accepted");
            }
            Assert.True(found > 0, $"no point of order {l} found");
        }
    }

    [Fact]
    public void G2_check_agrees_with_oracle()
    {
        var rng = new Random(21);
        Assert.True(G2.IsInSubgroup(G2Affine.Infinity));
        Assert.True(G2.IsInSubgroup(G2Affine.Generator));
        for (int i = 0; i < 6; i++)
        {
            Assert.True(G2.IsInSubgroup(CurveSamples.RandomG2(rng)));
            var any = CurveSamples.RandomOnCurveG2(rng);
            Assert.Equal(CurveSamples.SubgroupOracle(any), G2.IsInSubgroup(any));
            Assert.False(G2.IsInSubgroup(any));
        }
    }

    [Fact]
    public void G2_check_rejects_every_small_order_component()
    {
        var rng = new Random(22);
        var n = CurveSamples.G2Cofactor * Fr.Modulus;
        foreach (var l in CurveSamples.G2CofactorPrimes)
        {
            // [n / l^v]Q is the l-primary part of Q (order l, l², … or O); it and its order-l multiple must both fail.
            var m = n;
            while (m % l == 0) m /= l;
            int found = 0;
            for (int i = 0; i < 12 && found < 3; i++)
            {
                var t = CurveSamples.RandomOnCurveG2(rng).ToJacobian().MultiplyBy(m);
                if (t.IsIdentity) continue;
                found++;
                while (!t.MultiplyBy(l).IsIdentity)
                {
                    Assert.False(G2.IsInSubgroup(t.ToAffine()), $"l-primary point (l = {l}) accepted");
                    t = t.MultiplyBy(l);
                }
                Assert.False(G2.IsInSubgroup(t.ToAffine()), $"order {l} point accepted");
                // A subgroup point plus a torsion point is outside the subgroup as well.
                var mixed = (t + CurveSamples.RandomG2(rng).ToJacobian()).ToAffine();
                Assert.False(G2.IsInSubgroup(mixed), $"G2 + order-{l} point accepted");
            }
            Assert.True(found > 0, $"no point of order {l} found");
        }
    }
}
