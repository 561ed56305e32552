using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// F_r: the product-scanning Montgomery multiplication and the dedicated squaring on raw Montgomery words chosen to stress
/// the carry counters (all-ones words, r − 1, words that make every column overflow), against BigInteger:
/// raw(a·b) = raw(a)·raw(b)·2^−256 mod r, computed without the code under test.
/// </summary>
public class FrMontgomeryEdgeTests
{
    static readonly BigInteger P = Fr.Modulus;
    static readonly BigInteger RInv = BigInteger.ModPow(BigInteger.Pow(2, 256), P - 2, P);

    static BigInteger Raw(in Fr x) =>
        x.L0 + ((BigInteger)x.L1 << 64) + ((BigInteger)x.L2 << 128) + ((BigInteger)x.L3 << 192);

    static Fr FromRaw(BigInteger v)
    {
        var l = new ulong[4];
        for (int i = 0; i < 4; i++) { l[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return new Fr(l[0], l[1], l[2], l[3]);
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
        yield return BigInteger.Pow(2, 192) - 1;        // three all-ones words
        yield return BigInteger.Pow(2, 254);
        yield return BigInteger.Pow(2, 256) % P;        // R: the Montgomery form of 1
        yield return BigInteger.Pow(2, 256) * BigInteger.Pow(2, 256) % P;
        // The largest value below r whose low three words are all ones: every column of a·a carries.
        yield return (P >> 192 << 192) - 1;
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
        var buf = new byte[32];
        for (int i = 0; i < 3000; i++)
        {
            rng.NextBytes(buf);
            // Force some words to all ones or zero, the cases where counters and shifts matter most.
            for (int w = 0; w < 4; w++)
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
