using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>The constant-time fixed-window multiplication against the generic double-and-add and the GLV/GLS path.</summary>
public class ConstantTimeScalarMulTests
{
    static IEnumerable<Fr> EdgeScalars()
    {
        yield return Fr.Zero;
        yield return Fr.One;
        yield return Fr.FromUInt64(2);
        yield return Fr.FromUInt64(15);                          // one full window
        yield return Fr.FromUInt64(16);                          // window boundary
        yield return -Fr.One;                                    // r − 1
        yield return -Fr.FromUInt64(2);
        yield return Fr.FromBigInteger((Fr.Modulus - 1) / 2);
        for (int k = 1; k < 255; k += 17) yield return Fr.FromBigInteger(BigInteger.Pow(2, k));
        yield return Fr.FromBigInteger(BigInteger.Pow(2, 254));
        yield return Fr.FromBigInteger(BigInteger.Pow(2, 128) - 1);
    }

    [Fact]
    public void G1_matches_generic_and_glv_on_edge_and_random_scalars()
    {
        var rng = new Random(41);
        foreach (var p in new[] { G1Jacobian.Generator, CurveSamples.RandomG1(rng).ToJacobian() })
        {
            foreach (var k in EdgeScalars()) Assert.Equal(p.MultiplyBy(k.ToBigInteger()), ConstantTimeScalarMul.G1(p, k));
            for (int i = 0; i < 16; i++)
            {
                var k = Fr.Random(rng);
                Assert.Equal(ScalarMul.G1(p, k), ConstantTimeScalarMul.G1(p, k));
            }
        }
    }

    [Fact]
    public void G2_matches_generic_and_gls_on_edge_and_random_scalars()
    {
        var rng = new Random(42);
        foreach (var p in new[] { G2Jacobian.Generator, CurveSamples.RandomG2(rng).ToJacobian() })
        {
            foreach (var k in EdgeScalars()) Assert.Equal(p.MultiplyBy(k.ToBigInteger()), ConstantTimeScalarMul.G2(p, k));
            for (int i = 0; i < 8; i++)
            {
                var k = Fr.Random(rng);
                Assert.Equal(ScalarMul.G2(p, k), ConstantTimeScalarMul.G2(p, k));
            }
        }
    }

    [Fact]
    public void Identity_in_gives_identity_out_in_the_standard_representation()
    {
        var rng = new Random(43);
        foreach (var k in new[] { Fr.Zero, Fr.One, Fr.Random(rng), -Fr.One })
        {
            var g1 = ConstantTimeScalarMul.G1(G1Jacobian.Identity, k);
            var g2 = ConstantTimeScalarMul.G2(G2Jacobian.Identity, k);
            Assert.True(g1.IsIdentity);
            Assert.True(g2.IsIdentity);
            Assert.Equal(G1Jacobian.Identity.X, g1.X);   // (1, 1, 0), as the rest of the code base builds it
            Assert.Equal(G2Jacobian.Identity.Y, g2.Y);
        }
        // A Jacobian identity with other X, Y (any Z = 0 triple is the identity).
        var odd = G1Jacobian.FromJacobianUnchecked(Fp.FromUInt64(5), Fp.Zero, Fp.Zero);
        Assert.True(ConstantTimeScalarMul.G1(odd, Fr.FromUInt64(7)).IsIdentity);
        Assert.True(ConstantTimeScalarMul.G1(G1Jacobian.Generator, Fr.Zero).IsIdentity);
        Assert.True((ConstantTimeScalarMul.G1(G1Jacobian.Generator, -Fr.One) + G1Jacobian.Generator).IsIdentity);
    }

    [Fact]
    public void Complete_formulas_hold_off_the_subgroup_and_on_non_normalised_inputs()
    {
        // Points of the whole curve (cofactor not cleared): [k]P is still k·P as an integer multiple.
        var rng = new Random(44);
        for (int i = 0; i < 3; i++)
        {
            var p1 = CurveSamples.RandomOnCurveG1(rng).ToJacobian();
            var p2 = CurveSamples.RandomOnCurveG2(rng).ToJacobian();
            var k = Fr.Random(rng);
            Assert.Equal(p1.MultiplyBy(k.ToBigInteger()), ConstantTimeScalarMul.G1(p1, k));
            Assert.Equal(p2.MultiplyBy(k.ToBigInteger()), ConstantTimeScalarMul.G2(p2, k));
        }
        // Z ≠ 1 input.
        var q = G1Jacobian.Generator.Double() + G1Jacobian.Generator;
        var s = Fr.Random(rng);
        Assert.Equal(q.MultiplyBy(s.ToBigInteger()), ConstantTimeScalarMul.G1(q, s));
    }

    [Fact]
    public void Curve_orders_are_odd_so_the_complete_formulas_have_no_exceptions()
    {
        // RCB's formulas are complete on a curve without a rational point of order 2, i.e. of odd order.
        Assert.True(!(CurveSamples.G1Cofactor * Fr.Modulus).IsEven);
        Assert.True(!(CurveSamples.G2Cofactor * Fr.Modulus).IsEven);
    }

    [Fact]
    public void Canonical_limbs_match_the_field_conversion()
    {
        var rng = new Random(45);
        Span<ulong> a = stackalloc ulong[4], b = stackalloc ulong[4];
        foreach (var k in EdgeScalars().Concat(Enumerable.Range(0, 50).Select(_ => Fr.Random(rng))))
        {
            k.ToCanonicalLimbs(a);
            ConstantTimeScalarMul.CanonicalLimbs(k, b);
            Assert.True(a.SequenceEqual(b));
        }
    }
}
