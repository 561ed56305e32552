using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The lazy-reduction primitives against BigInteger on raw words: the 768-bit product (also of unreduced sums up to
/// 2p − 2), the wide subtraction with its p·2^384 lift, and the Montgomery reduction at the edges of its domain
/// [0, p·2^384): 0, 1, p² , p·2^384 − 1, all-ones words. Then the lazy F_p² product against the schoolbook formula.
/// </summary>
public class FpWideTests
{
    static readonly BigInteger P = Fp.Modulus;
    static readonly BigInteger R = BigInteger.Pow(2, 384);
    static readonly BigInteger RInv = BigInteger.ModPow(R, P - 2, P);

    static BigInteger Raw(in Fp x) =>
        x.L0 + ((BigInteger)x.L1 << 64) + ((BigInteger)x.L2 << 128) + ((BigInteger)x.L3 << 192) + ((BigInteger)x.L4 << 256) + ((BigInteger)x.L5 << 320);

    static BigInteger Raw(in FpWide w)
    {
        ulong[] l = [w.W0, w.W1, w.W2, w.W3, w.W4, w.W5, w.W6, w.W7, w.W8, w.W9, w.W10, w.W11];
        BigInteger v = 0;
        for (int i = 11; i >= 0; i--) v = (v << 64) + l[i];
        return v;
    }

    static ulong[] Words(BigInteger v, int n)
    {
        var l = new ulong[n];
        for (int i = 0; i < n; i++) { l[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return l;
    }

    static Fp FpRaw(BigInteger v) { var l = Words(v, 6); return new Fp(l[0], l[1], l[2], l[3], l[4], l[5]); }
    static FpWide WideRaw(BigInteger v) { var l = Words(v, 12); return new FpWide(l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9], l[10], l[11]); }

    static List<BigInteger> Edges()
    {
        var l = new List<BigInteger> { 0, 1, 2, P - 1, P - 2, (P - 1) / 2, BigInteger.Pow(2, 64) - 1, BigInteger.Pow(2, 320) - 1,
            (P >> 320 << 320) - 1, P - BigInteger.Pow(2, 64), BigInteger.Pow(2, 380), R % P };
        var rng = new Random(3);
        for (int i = 0; i < 6; i++) l.Add(Raw(Fp.Random(rng)));
        return l;
    }

    [Fact]
    public void MulWide_is_the_exact_product_also_of_unreduced_sums()
    {
        var edges = Edges();
        foreach (var x in edges)
            foreach (var y in edges)
            {
                FpWide.MulWide(FpRaw(x), FpRaw(y), out var w);
                Assert.Equal(x * y, Raw(w));
                var sx = FpWide.AddUnreduced(FpRaw(x), FpRaw(y));
                Assert.Equal(x + y, Raw(sx));
                FpWide.MulWide(sx, sx, out w);
                Assert.Equal((x + y) * (x + y), Raw(w));
            }
        // The largest unreduced sum, (p − 1) + (p − 1).
        var top = FpWide.AddUnreduced(FpRaw(P - 1), FpRaw(P - 1));
        FpWide.MulWide(top, top, out var wt);
        Assert.Equal(4 * (P - 1) * (P - 1), Raw(wt));
    }

    [Fact]
    public void Reduce_matches_montgomery_reduction_over_its_whole_domain()
    {
        var cases = new List<BigInteger> { 0, 1, 2, P, P - 1, (P - 1) * (P - 1), P * P, 2 * (P - 1) * (P - 1), P * R - 1, P * R - P,
            P * R / 2, R - 1, R, R * R / 16 - 1, BigInteger.Pow(2, 700) - 1 };
        var rng = new Random(9);
        var buf = new byte[96];
        for (int i = 0; i < 200; i++) { rng.NextBytes(buf); cases.Add(new BigInteger(buf, isUnsigned: true) % (P * R)); }
        foreach (var t in cases)
        {
            Assert.True(t < P * R);
            var r = FpWide.Reduce(WideRaw(t));
            Assert.Equal(t * RInv % P, Raw(r));
        }
    }

    /// <summary>The loose signed reduction over (−2p·2^384, 2p·2^384), held in two's complement, at its edges and inside.</summary>
    [Fact]
    public void Loose_signed_reduction_matches_montgomery_reduction_over_its_whole_domain()
    {
        var m = BigInteger.Pow(2, 768);
        var bound = 2 * P * R;
        var cases = new List<BigInteger> { 0, 1, P, P * P, 18 * P * P, P * R - 1, P * R, P * R + 1, bound - 1, bound - P, R * R / 8 };
        var rng = new Random(12);
        var buf = new byte[97];
        for (int i = 0; i < 200; i++) { rng.NextBytes(buf); buf[^1] = 0; cases.Add(new BigInteger(buf) % bound); }
        foreach (var t in cases.ToArray()) cases.Add(-t);
        foreach (var t in cases)
        {
            Assert.True(t > -bound && t < bound);
            var r = FpWide.ReduceSignedLoose(WideRaw(((t % m) + m) % m));
            Assert.Equal(((t * RInv % P) + P) % P, Raw(r));
        }
    }

    [Fact]
    public void Wide_subtraction_and_lift()
    {
        var edges = Edges();
        foreach (var x in edges)
            foreach (var y in edges)
            {
                var a = WideRaw(x * y); var b = WideRaw(y * y);
                var lifted = FpWide.SubtractModP(a, b);
                var expect = x * y - y * y;
                if (expect < 0) expect += P * R;
                Assert.Equal(expect, Raw(lifted));
                Assert.True(Raw(lifted) < P * R);
                ulong borrow = FpWide.Subtract(a, b, out var d);
                Assert.Equal(x * y < y * y ? 1UL : 0UL, borrow);
                if (borrow == 0) Assert.Equal(x * y - y * y, Raw(d));
            }
    }

    /// <summary>
    /// 768-bit addition and subtraction (wrapping, with the borrow out), scalar and AVX-512 forms: carries and borrows
    /// that run through long stretches of all-ones or zero words, across the 8-word/4-word split of the vector form,
    /// and out of the top word.
    /// </summary>
    [Fact]
    public void Wide_addition_and_subtraction_wrap_mod_2_768_in_both_forms()
    {
        var m = BigInteger.Pow(2, 768);
        var cases = new List<BigInteger> { 0, 1, 2, m - 1, m - 2, BigInteger.Pow(2, 512) - 1, BigInteger.Pow(2, 512), BigInteger.Pow(2, 448) - 1,
            BigInteger.Pow(2, 576) - 1, BigInteger.Pow(2, 767), P * R - 1, P * P };
        var rng = new Random(11);
        for (int i = 0; i < 60; i++)
        {
            // Words drawn from {0, 1, all ones, random}: long carry and borrow chains.
            BigInteger v = 0;
            for (int w = 0; w < 12; w++)
                v = (v << 64) + (rng.Next(4) switch { 0 => 0, 1 => 1, 2 => ulong.MaxValue, _ => (ulong)rng.NextInt64() });
            cases.Add(v);
        }
        foreach (var x in cases)
            foreach (var y in cases)
            {
                FpWide a = WideRaw(x), b = WideRaw(y);
                FpWide.AddScalar(a, b, out var s);
                Assert.Equal((x + y) % m, Raw(s));
                Assert.Equal(x < y ? 1UL : 0UL, FpWide.SubtractScalar(a, b, out var d));
                Assert.Equal(((x - y) % m + m) % m, Raw(d));
                if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) continue;
                FpWide.AddVector(a, b, out s);
                Assert.Equal((x + y) % m, Raw(s));
                Assert.Equal(x < y ? 1UL : 0UL, FpWide.SubtractVector(a, b, out d));
                Assert.Equal(((x - y) % m + m) % m, Raw(d));
            }
    }

    [Fact]
    public void Lazy_fp2_product_matches_the_schoolbook_formula()
    {
        var edges = Edges();
        foreach (var x0 in edges)
            foreach (var x1 in new[] { edges[0], edges[1], edges[3], edges[^1] })
                foreach (var y0 in new[] { edges[0], edges[3], edges[4], edges[^2] })
                    foreach (var y1 in new[] { edges[0], edges[1], edges[3], edges[^3] })
                    {
                        Fp a0 = FpRaw(x0), a1 = FpRaw(x1), b0 = FpRaw(y0), b1 = FpRaw(y1);
                        var lazy = new Fp2(a0, a1) * new Fp2(b0, b1);
                        Assert.Equal(a0 * b0 - a1 * b1, lazy.C0);
                        Assert.Equal(a0 * b1 + a1 * b0, lazy.C1);
                    }
    }
}
