using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The branch-free Fp addition, subtraction and negation on raw Montgomery words that stress every carry and borrow
/// and the final select (sums just below, at and above p; differences that wrap; zero), against BigInteger. The three
/// maps are linear, so raw(a ± b) = raw(a) ± raw(b) mod p, computed without the code under test.
/// </summary>
public class FpAddSubEdgeTests
{
    static readonly BigInteger P = Fp.Modulus;

    static BigInteger Raw(in Fp x) =>
        x.L0 + ((BigInteger)x.L1 << 64) + ((BigInteger)x.L2 << 128) + ((BigInteger)x.L3 << 192) + ((BigInteger)x.L4 << 256) + ((BigInteger)x.L5 << 320);

    static Fp FromRaw(BigInteger v)
    {
        Assert.True(v >= 0 && v < P);
        var l = new ulong[6];
        for (int i = 0; i < 6; i++) { l[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
    }

    static BigInteger Mod(BigInteger v) { v %= P; return v.Sign < 0 ? v + P : v; }

    static List<BigInteger> EdgeRaws()
    {
        var l = new List<BigInteger> { 0, 1, 2, P - 1, P - 2, (P - 1) / 2, (P + 1) / 2, (P + 3) / 2 };
        for (int i = 1; i <= 6; i++)
        {
            var allOnes = BigInteger.Pow(2, 64 * i) - 1;           // i all-ones words: a carry through each
            if (allOnes < P) l.Add(allOnes);
            var word = BigInteger.Pow(2, 64 * (i - 1));
            if (word < P) { l.Add(word); l.Add(P - word); }        // borrows through the low words
        }
        l.Add((P >> 320 << 320) - 1);
        l.Add(P >> 1 << 1 >> 64 << 64);
        l.Add(BigInteger.Pow(2, 380));
        l.Add(BigInteger.Pow(2, 384) % P);
        return l;
    }

    [Fact]
    public void Add_sub_neg_match_bigint_on_edge_words()
    {
        var raws = EdgeRaws();
        foreach (var x in raws)
        {
            var a = FromRaw(x);
            Assert.Equal(Mod(-x), Raw(-a));
            Assert.Equal(Mod(2 * x), Raw(a.Double()));
            foreach (var y in raws)
            {
                var b = FromRaw(y);
                Assert.Equal(Mod(x + y), Raw(a + b));
                Assert.Equal(Mod(x - y), Raw(a - b));
            }
            // Sums landing exactly on p and one either side of it.
            foreach (var d in new BigInteger[] { -1, 0, 1 })
            {
                var y = P - x + d;
                if (y < 0 || y >= P) continue;
                Assert.Equal(Mod(x + y), Raw(a + FromRaw(y)));
                Assert.Equal(Mod(x - y), Raw(a - FromRaw(y)));
            }
        }
    }

    /// <summary>The vector forms behind <see cref="Fp.AddIndependent"/> on the same edges, including sums on p ± 1.</summary>
    [Fact]
    public void Vector_add_and_sub_match_bigint_on_edge_words()
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return;
        var raws = EdgeRaws();
        var rng = new Random(4);
        for (int i = 0; i < 20; i++) raws.Add(Raw(Fp.Random(rng)));
        foreach (var x in raws)
        {
            var a = FromRaw(x);
            var partners = new List<BigInteger>(raws);
            foreach (var d in new BigInteger[] { -1, 0, 1 })
                if (P - x + d >= 0 && P - x + d < P) partners.Add(P - x + d);
            foreach (var y in partners)
            {
                var b = FromRaw(y);
                Assert.Equal(Mod(x + y), Raw(Fp.AddVector(a, b)));
                Assert.Equal(Mod(x - y), Raw(Fp.SubtractVector(a, b)));
                Assert.Equal(Mod(x + y), Raw(Fp.AddIndependent(a, b)));
                Assert.Equal(Mod(x - y), Raw(Fp.SubtractIndependent(a, b)));
            }
        }
    }

    [Fact]
    public void Negation_of_zero_is_zero_and_results_stay_reduced()
    {
        Assert.True((-Fp.Zero).IsZero);
        Assert.True((Fp.Zero - Fp.Zero).IsZero);
        var pm1 = FromRaw(P - 1);
        Assert.True((pm1 + FromRaw(1)).IsZero);
        Assert.Equal(P - 1, Raw(Fp.Zero - FromRaw(1)));
        Assert.Equal(P - 3, Raw(pm1 + pm1 - FromRaw(1)));
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            var a = Fp.Random(rng); var b = Fp.Random(rng);
            Assert.True(Raw(a + b) < P);
            Assert.True(Raw(a - b) < P);
            Assert.True(Raw(-a) < P);
        }
    }
}
