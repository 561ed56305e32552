using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The product-scanning Montgomery multiplication and the dedicated squaring on raw Montgomery words chosen to stress
/// the carry counters (all-ones words, modulus − 1, words that make every column overflow), against BigInteger:
/// raw(a·b) = raw(a)·raw(b)·2^−(64·words) mod modulus, computed without the code under test. One body for F_p and F_r.
/// </summary>
public abstract class MontgomeryEdgeTests<T> where T : struct, IEquatable<T>
{
    /// <summary>Number of 64-bit words.</summary>
    protected abstract int Words { get; }
    protected abstract BigInteger Modulus { get; }
    /// <summary>A high power of two below the modulus (top-word stress value).</summary>
    protected abstract BigInteger HighPower { get; }
    protected abstract T FromWords(ulong[] words);
    protected abstract ulong[] ToWords(in T x);
    protected abstract T Mul(in T a, in T b);
    protected abstract T Square(in T a);

    private BigInteger RInv => BigInteger.ModPow(BigInteger.Pow(2, 64 * Words), Modulus - 2, Modulus);

    private BigInteger Raw(in T x)
    {
        var w = ToWords(x);
        BigInteger v = 0;
        for (int i = w.Length - 1; i >= 0; i--) v = (v << 64) + w[i];
        return v;
    }

    private T FromRaw(BigInteger v)
    {
        var l = new ulong[Words];
        for (int i = 0; i < Words; i++) { l[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return FromWords(l);
    }

    private IEnumerable<BigInteger> EdgeRaws()
    {
        var p = Modulus;
        var r = BigInteger.Pow(2, 64 * Words);
        int low = 64 * (Words - 1);
        yield return 0;
        yield return 1;
        yield return 2;
        yield return p - 1;
        yield return p - 2;
        yield return (p - 1) / 2;
        yield return (p + 1) / 2;
        yield return BigInteger.Pow(2, 64) - 1;
        yield return BigInteger.Pow(2, 128) - 1;
        yield return BigInteger.Pow(2, low) - 1;        // all words but the top one all ones
        yield return HighPower;
        yield return r % p;                             // R: the Montgomery form of 1
        yield return r * r % p;
        // The largest value below the modulus whose low words are all ones: every column of a·a carries.
        yield return (p >> low << low) - 1;
        yield return p - BigInteger.Pow(2, 64);
    }

    [Fact]
    public void Mul_and_square_match_bigint_on_edge_words()
    {
        var p = Modulus; var rInv = RInv;
        var raws = EdgeRaws().ToList();
        foreach (var x in raws)
        {
            Assert.True(x < p);
            var a = FromRaw(x);
            Assert.Equal(x * x * rInv % p, Raw(Square(a)));
            foreach (var y in raws)
                Assert.Equal(x * y * rInv % p, Raw(Mul(a, FromRaw(y))));
        }
    }

    [Fact]
    public void Mul_and_square_match_bigint_on_random_words_with_saturated_limbs()
    {
        var p = Modulus; var rInv = RInv;
        var rng = new Random(61);
        var buf = new byte[8 * Words];
        for (int i = 0; i < 3000; i++)
        {
            rng.NextBytes(buf);
            // Force some words to all ones or zero, the cases where counters and shifts matter most.
            for (int w = 0; w < Words; w++)
            {
                int mode = rng.Next(4);
                if (mode == 0) Array.Fill(buf, (byte)0xFF, w * 8, 8);
                else if (mode == 1) Array.Fill(buf, (byte)0, w * 8, 8);
            }
            var x = new BigInteger(buf, isUnsigned: true) % p;
            rng.NextBytes(buf);
            var y = new BigInteger(buf, isUnsigned: true) % p;
            var a = FromRaw(x); var b = FromRaw(y);
            Assert.Equal(x * y * rInv % p, Raw(Mul(a, b)));
            Assert.Equal(x * x * rInv % p, Raw(Square(a)));
            Assert.Equal(Mul(a, a), Square(a));
        }
    }
}

public class FpMontgomeryEdgeTests : MontgomeryEdgeTests<Fp>
{
    protected override int Words => 6;
    protected override BigInteger Modulus => Fp.Modulus;
    protected override BigInteger HighPower => BigInteger.Pow(2, 380);
    protected override Fp FromWords(ulong[] l) => new(l[0], l[1], l[2], l[3], l[4], l[5]);
    protected override ulong[] ToWords(in Fp x) => [x.L0, x.L1, x.L2, x.L3, x.L4, x.L5];
    protected override Fp Mul(in Fp a, in Fp b) => a * b;
    protected override Fp Square(in Fp a) => a.Square();
}

public class FrMontgomeryEdgeTests : MontgomeryEdgeTests<Fr>
{
    protected override int Words => 4;
    protected override BigInteger Modulus => Fr.Modulus;
    protected override BigInteger HighPower => BigInteger.Pow(2, 254);
    protected override Fr FromWords(ulong[] l) => new(l[0], l[1], l[2], l[3]);
    protected override ulong[] ToWords(in Fr x) => [x.L0, x.L1, x.L2, x.L3];
    protected override Fr Mul(in Fr a, in Fr b) => a * b;
    protected override Fr Square(in Fr a) => a.Square();
}
