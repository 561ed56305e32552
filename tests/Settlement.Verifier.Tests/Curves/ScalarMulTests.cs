using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>GLV (G1) and 4-dimensional GLS (G2) scalar multiplication against the generic double-and-add.</summary>
public class ScalarMulTests
{
    static IEnumerable<Fr> EdgeScalars()
    {
        yield return Fr.Zero;
        yield return Fr.One;
        yield return Fr.FromUInt64(2);
        yield return -Fr.One;                                    // r − 1
        yield return -Fr.FromUInt64(2);
        yield return Fr.FromBigInteger(Endomorphism.SeedAbs);    // one base-|x| digit boundary
        yield return Fr.FromBigInteger((BigInteger)Endomorphism.SeedAbs - 1);
        yield return Fr.FromBigInteger((BigInteger)Endomorphism.SeedAbs * Endomorphism.SeedAbs);       // x²: a = 0, b = 1
        yield return Fr.FromBigInteger((BigInteger)Endomorphism.SeedAbs * Endomorphism.SeedAbs - 1);   // a = x² − 1, b = 0
        yield return Fr.FromBigInteger(BigInteger.Pow(Endomorphism.SeedAbs, 3));
        yield return Fr.FromBigInteger(BigInteger.Pow(2, 128) - 1);
        yield return Fr.FromBigInteger(BigInteger.Pow(2, 254));
        yield return Fr.FromBigInteger((Fr.Modulus - 1) / 2);
        yield return Fr.FromUInt64(0x8000_0000_0000_0000);
        yield return Fr.FromUInt64(15);
        yield return Fr.FromUInt64(31);
    }

    [Fact]
    public void G1_glv_matches_generic_on_edge_and_random_scalars()
    {
        var rng = new Random(31);
        var points = new[] { G1Jacobian.Generator, CurveSamples.RandomG1(rng).ToJacobian() };
        foreach (var p in points)
        {
            foreach (var k in EdgeScalars()) Assert.Equal(p.MultiplyBy(k.ToBigInteger()), ScalarMul.G1(p, k));
            for (int i = 0; i < 20; i++)
            {
                var k = Fr.Random(rng);
                Assert.Equal(p.MultiplyBy(k.ToBigInteger()), p * k);
            }
        }
        Assert.True(ScalarMul.G1(G1Jacobian.Identity, Fr.FromUInt64(5)).IsIdentity);
        Assert.True((G1Jacobian.Generator * -Fr.One + G1Jacobian.Generator).IsIdentity);
    }

    [Fact]
    public void G2_gls_matches_generic_on_edge_and_random_scalars()
    {
        var rng = new Random(32);
        var points = new[] { G2Jacobian.Generator, CurveSamples.RandomG2(rng).ToJacobian() };
        foreach (var p in points)
        {
            foreach (var k in EdgeScalars()) Assert.Equal(p.MultiplyBy(k.ToBigInteger()), ScalarMul.G2(p, k));
            for (int i = 0; i < 12; i++)
            {
                var k = Fr.Random(rng);
                Assert.Equal(p.MultiplyBy(k.ToBigInteger()), p * k);
            }
        }
        Assert.True(ScalarMul.G2(G2Jacobian.Identity, Fr.FromUInt64(5)).IsIdentity);
        Assert.True((G2Jacobian.Generator * -Fr.One + G2Jacobian.Generator).IsIdentity);
    }

    [Fact]
    public void Seed_digits_recompose_the_scalar()
    {
        var rng = new Random(33);
        Span<ulong> d = stackalloc ulong[4];
        for (int i = 0; i < 200; i++)
        {
            var k = i < 16 ? EdgeScalars().ElementAt(i) : Fr.Random(rng);
            ScalarMul.SeedDigits(k, d);
            BigInteger x = Endomorphism.SeedAbs, sum = 0;
            for (int j = 3; j >= 0; j--) { Assert.True(d[j] < Endomorphism.SeedAbs); sum = sum * x + d[j]; }
            Assert.Equal(k.ToBigInteger(), sum);
        }
    }

    [Fact]
    public void Wnaf_digits_recompose_and_are_sparse()
    {
        var rng = new Random(34);
        Span<sbyte> digits = stackalloc sbyte[Wnaf.MaxDigits128];
        var buf = new byte[16];
        for (int i = 0; i < 500; i++)
        {
            rng.NextBytes(buf);
            UInt128 k = i switch { 0 => 0, 1 => 1, 2 => UInt128.MaxValue - 32, 3 => UInt128.MaxValue >> 1, _ => new UInt128(BitConverter.ToUInt64(buf, 8), BitConverter.ToUInt64(buf, 0)) };
            foreach (int w in new[] { 2, 4, 5, 6 })
            {
                int n = Wnaf.Recode(k, w, digits);
                BigInteger sum = 0;
                int lastNonZero = -w;
                for (int j = n - 1; j >= 0; j--) sum = 2 * sum + digits[j];
                for (int j = 0; j < n; j++)
                {
                    if (digits[j] == 0) continue;
                    Assert.True((digits[j] & 1) != 0 && Math.Abs((int)digits[j]) < (1 << (w - 1)));
                    Assert.True(j - lastNonZero >= w);
                    lastNonZero = j;
                }
                Assert.Equal((BigInteger)k, sum);
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Wnaf.Recode(UInt128.MaxValue, 5, new sbyte[Wnaf.MaxDigits128]));
    }

    [Fact]
    public void Straus_sums_of_128_bit_weights_match_separate_multiplications_at_the_split_edges()
    {
        // A pairing batch's weights: below 2^128, so w = a + b·x² on G1 and w = d₀ + d₁|x| + d₂|x|² on G2 with b, d₂ ∈ {0, 1}.
        var rng = new Random(17);
        UInt128 x = Endomorphism.SeedAbs, x2 = x * x;
        UInt128[] edge = [0, 1, 2, 15, ulong.MaxValue, (UInt128)ulong.MaxValue + 1, x - 1, x, x + 1, x2 - 1, x2, x2 + 1, UInt128.MaxValue - 1, UInt128.MaxValue];
        foreach (int n in new[] { 1, 2, 5, edge.Length })
        {
            var k = new Fr[n];
            var p1 = new G1Affine[n]; var p2 = new G2Affine[n];
            var e1 = G1Jacobian.Identity; var e2 = G2Jacobian.Identity;
            for (int j = 0; j < n; j++)
            {
                var w = n == edge.Length ? edge[j] : new UInt128((ulong)rng.NextInt64() * 2 + (ulong)rng.Next(2), (ulong)rng.NextInt64() * 2 + (ulong)rng.Next(2));
                k[j] = Fr.FromBigInteger((System.Numerics.BigInteger)w);
                p1[j] = CurveSamples.RandomG1(rng);
                p2[j] = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
                e1 += p1[j].ToJacobian().MultiplyBy((System.Numerics.BigInteger)w);
                e2 += p2[j].ToJacobian().MultiplyBy((System.Numerics.BigInteger)w);
            }
            Assert.Equal(e1, ScalarMul.SumG1(p1, k));
            Assert.Equal(e2, ScalarMul.SumG2(p2, k));
        }
    }

    [Fact]
    public void Straus_sums_of_full_scalars_match_separate_multiplications()
    {
        var rng = new Random(37);
        var edge = EdgeScalars().ToArray();
        foreach (int n in new[] { 0, 1, 2, 7, edge.Length })
        {
            var k = new Fr[n];
            var p1 = new G1Affine[n]; var p2 = new G2Affine[n];
            var e1 = G1Jacobian.Identity; var e2 = G2Jacobian.Identity;
            for (int j = 0; j < n; j++)
            {
                k[j] = n == edge.Length ? edge[j] : Fr.Random(rng);
                // The point at infinity among the terms, once.
                p1[j] = j == 3 ? G1Affine.Infinity : CurveSamples.RandomG1(rng);
                p2[j] = j == 3 ? G2Affine.Infinity : (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
                e1 += p1[j].ToJacobian().MultiplyBy(k[j].ToBigInteger());
                e2 += p2[j].ToJacobian().MultiplyBy(k[j].ToBigInteger());
            }
            Assert.Equal(e1, ScalarMul.SumG1(p1, k));
            Assert.Equal(e2, ScalarMul.SumG2(p2, k));
        }
    }
}
