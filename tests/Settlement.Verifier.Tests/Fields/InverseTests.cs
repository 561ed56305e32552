using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>The safegcd inversions of Fp and Fr against Fermat (BigInteger.ModPow(a, m − 2, m)) on edge and random values.</summary>
public class InverseTests
{
    static IEnumerable<BigInteger> Edges(BigInteger m)
    {
        yield return 0; yield return 1; yield return 2; yield return 3; yield return m - 1; yield return m - 2;
        yield return (m - 1) / 2; yield return (m + 1) / 2;
        for (int k = 1; k < m.GetBitLength(); k += 7) { yield return BigInteger.Pow(2, k); yield return BigInteger.Pow(2, k) - 1; }
        yield return BigInteger.Pow(2, 2 * 64) + 1; // limbs crossing the 62/64-bit boundaries
        yield return (BigInteger.One << 62) - 1; yield return BigInteger.One << 62; yield return (BigInteger.One << 124) + (BigInteger.One << 62);
    }

    [Fact]
    public void Fp_inverse_matches_fermat()
    {
        var p = Fp.Modulus;
        var values = Edges(p).Where(v => v < p).ToList();
        var rng = new Random(5);
        for (int i = 0; i < 3000; i++) values.Add(Fp.Random(rng).ToBigInteger());
        foreach (var v in values)
        {
            var got = Fp.FromBigInteger(v).Inverse().ToBigInteger();
            Assert.Equal(v.IsZero ? 0 : BigInteger.ModPow(v, p - 2, p), got);
        }
    }

    [Fact]
    public void Fr_inverse_matches_fermat()
    {
        var r = Fr.Modulus;
        var values = Edges(r).Where(v => v < r).ToList();
        var rng = new Random(6);
        for (int i = 0; i < 3000; i++) values.Add(Fr.Random(rng).ToBigInteger());
        foreach (var v in values)
        {
            var got = Fr.FromBigInteger(v).Inverse().ToBigInteger();
            Assert.Equal(v.IsZero ? 0 : BigInteger.ModPow(v, r - 2, r), got);
        }
    }

    [Fact]
    public void Inverse_times_value_is_one_on_many_random_values()
    {
        var rng = new Random(7);
        for (int i = 0; i < 20000; i++)
        {
            var a = Fp.Random(rng);
            Assert.True((a * a.Inverse()).IsOne);
            var b = Fr.Random(rng);
            Assert.True((b * b.Inverse()).IsOne);
        }
    }
}
