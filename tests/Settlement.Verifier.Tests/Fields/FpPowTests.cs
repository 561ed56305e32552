using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The sliding-window Fp exponentiation against BigInteger.ModPow: zero exponent and base, window edges (runs of ones
/// and zeros longer than a window, across limb boundaries), p − 1, p − 2, random exponents.
/// </summary>
public class FpPowTests
{
    static readonly BigInteger P = Fp.Modulus;

    [Fact]
    public void Pow_matches_modpow_on_edge_exponents_and_bases()
    {
        var exps = new List<BigInteger> { 0, 1, 2, 15, 16, 17, 255, 256, BigInteger.Pow(2, 64) - 1, BigInteger.Pow(2, 64),
            BigInteger.Pow(2, 383), BigInteger.Pow(2, 384) - 1, P - 1, P - 2, (P + 1) / 4, (P - 3) / 4, (P - 1) / 2,
            31, 32, 33, 0b100001, 0b1000011, 0b10101010101, (BigInteger.One << 130) + (BigInteger.One << 62) + 1,
            ((BigInteger.One << 70) - 1) << 60, (BigInteger.One << 65) + 0b11111 };
        var rng = new Random(21);
        for (int i = 0; i < 6; i++) exps.Add(Fp.Random(rng).ToBigInteger());
        var bases = new List<BigInteger> { 0, 1, 2, P - 1, P - 2 };
        for (int i = 0; i < 4; i++) bases.Add(Fp.Random(rng).ToBigInteger());
        foreach (var b in bases)
            foreach (var e in exps)
            {
                var got = Fp.FromBigInteger(b).Pow(Fp.ToLimbs(e)).ToBigInteger();
                Assert.Equal(BigInteger.ModPow(b, e, P), got);
            }
        // Exponents shorter than six limbs.
        Assert.Equal(BigInteger.ModPow(bases[^1], 12345, P), Fp.FromBigInteger(bases[^1]).Pow([12345UL]).ToBigInteger());
        Assert.True(Fp.FromUInt64(7).Pow([]).IsOne);
    }
}
