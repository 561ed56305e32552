using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The product-scanning Montgomery multiplication and the dedicated squaring on raw Montgomery words chosen to stress
/// the carry counters (all-ones words, p − 1, words that make every column overflow), against BigInteger:
/// raw(a·b) = raw(a)·raw(b)·2^−384 mod p, computed without the code under test.
/// </summary>
public class FpMontgomeryEdgeTests
{
    static readonly BigInteger P = Fp.Modulus;
    static readonly BigInteger RInv = BigInteger.ModPow(BigInteger.Pow(2, 384), P - 2, P);

    static BigInteger Raw(in Fp x) =>
        x.L0 + ((BigInteger)x.L1 << 64) + ((BigInteger)x.L2 << 128) + ((BigInteger)x.L3 << 192) + ((BigInteger)x.L4 << 256) + ((BigInteger)x.L5 << 320);

    static Fp FromRaw(BigInteger v)
    {
        var l = new ulong[6];
        for (int i = 0; i < 6; i++) { l[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    static IEnumerable<BigInteger> EdgeRaws()
    {
        yield return 0;
        yield return 1;
        yield return 2;
        yield return P - 1;
        yield return P - 2;
        yield return (P - 1) / 2;
        yield return (P + 1) / 2;
        yield return BigInteger.Pow(2, 64) - 1;
        yield return BigInteger.Pow(2, 128) - 1;
        yield return BigInteger.Pow(2, 320) - 1;        // five all-ones words
        yield return BigInteger.Pow(2, 380);
        yield return BigInteger.Pow(2, 384) % P;        // R: the Montgomery form of 1
        yield return BigInteger.Pow(2, 384) * BigInteger.Pow(2, 384) % P;
        // The largest value below p whose low five words are all ones: every column of a·a carries.
        yield return (P >> 320 << 320) - 1;
        yield return P - BigInteger.Pow(2, 64);
    }

    [Fact]
    public void Mul_and_square_match_bigint_on_edge_words()
    {
        var raws = EdgeRaws().ToList();
        foreach (var x in raws)
        {
            Assert.True(x < P);
            var a = FromRaw(x);
            Assert.Equal(x * x * RInv % P, Raw(a.Square()));
            foreach (var y in raws)
                Assert.Equal(x * y * RInv % P, Raw(a * FromRaw(y)));
        }
    }

    [Fact]
    public void Mul_and_square_match_bigint_on_random_words_with_saturated_limbs()
    {
        var rng = new Random(61);
        var buf = new byte[48];
        for (int i = 0; i < 3000; i++)
        {
            rng.NextBytes(buf);
            // Force some words to all ones or zero, the cases where counters and shifts matter most.
            for (int w = 0; w < 6; w++)
            {
                int mode = rng.Next(4);
                if (mode == 0) Array.Fill(buf, (byte)0xFF, w * 8, 8);
                else if (mode == 1) Array.Fill(buf, (byte)0, w * 8, 8);
            }
            var x = new BigInteger(buf, isUnsigned: true) % P;
            rng.NextBytes(buf);
            var y = new BigInteger(buf, isUnsigned: true) % P;
            var a = FromRaw(x); var b = FromRaw(y);
            Assert.Equal(x * y * RInv % P, Raw(a * b));
            Assert.Equal(x * x * RInv % P, Raw(a.Square()));
            Assert.Equal(a * a, a.Square());
        }
    }
}
