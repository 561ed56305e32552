using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Pairing;

/// <summary>F_p⁶ and F_p¹²: field laws, the sparse products against full products, Frobenius against x^p, and the
/// cyclotomic squaring against plain squaring inside the cyclotomic subgroup.</summary>
public class TowerTests
{
    internal static Fp2 RandFp2(Random r) => new(Fp.Random(r), Fp.Random(r));
    internal static Fp6 RandFp6(Random r) => new(RandFp2(r), RandFp2(r), RandFp2(r));
    internal static Fp12 RandFp12(Random r) => new(RandFp6(r), RandFp6(r));

    static ulong[] Limbs(BigInteger v)
    {
        var b = v.ToByteArray(isUnsigned: true);
        var l = new ulong[(b.Length + 7) / 8];
        for (int i = 0; i < b.Length; i++) l[i / 8] |= (ulong)b[i] << (8 * (i % 8));
        return l;
    }

    /// <summary>An element of the cyclotomic subgroup: the easy part of the final exponentiation applied to a random value.</summary>
    internal static Fp12 RandCyclotomic(Random r)
    {
        var f = RandFp12(r);
        var t = f.Conjugate() * f.Inverse();
        return t.Frobenius(2) * t;
    }

    [Fact]
    public void Fp6_field_laws()
    {
        var r = new Random(1);
        for (int i = 0; i < 30; i++)
        {
            var a = RandFp6(r); var b = RandFp6(r); var c = RandFp6(r);
            Assert.Equal(a * b, b * a);
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal(a * a, a.Square());
            Assert.Equal(Fp6.One, a * a.Inverse());
            Assert.Equal(a * new Fp6(Fp2.Zero, Fp2.One, Fp2.Zero), a.MulByNonResidue());
            var b0 = RandFp2(r); var b1 = RandFp2(r);
            Assert.Equal(a * new Fp6(b0, b1, Fp2.Zero), a.MulBy01(b0, b1));
            Assert.Equal(a * new Fp6(b0, Fp2.Zero, Fp2.Zero), a * b0);
        }
        Assert.True(Fp6.Zero.Inverse().IsZero);
    }

    /// <summary>
    /// The lazily reduced F_p⁶ products against the schoolbook formula in reduced F_p² arithmetic, on coefficients
    /// whose Montgomery words are 0, p − 1 (the largest reduced value) or random: p − 1 everywhere drives the unreduced
    /// sums to their extremes, and mixing 0 with p − 1 pushes single result coefficients to either end of their
    /// signed range.
    /// </summary>
    [Fact]
    public void Lazy_Fp6_products_match_the_schoolbook_formula()
    {
        var r = new Random(3);
        var max = new Fp(Fp.M0 - 1, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        Fp2[] edges = [Fp2.Zero, new(max, max), new(max, Fp.Zero), new(Fp.Zero, max), RandFp2(r)];
        static Fp6 Schoolbook(in Fp6 a, in Fp6 b) => new(
            a.C0 * b.C0 + (a.C1 * b.C2 + a.C2 * b.C1).MulByNonResidue(),
            a.C0 * b.C1 + a.C1 * b.C0 + (a.C2 * b.C2).MulByNonResidue(),
            a.C0 * b.C2 + a.C2 * b.C0 + a.C1 * b.C1);
        for (int i = 0; i < 600; i++)
        {
            Fp2 Pick() => edges[r.Next(edges.Length)];
            var a = new Fp6(Pick(), Pick(), Pick());
            var b = new Fp6(Pick(), Pick(), Pick());
            Assert.Equal(Schoolbook(a, b), a * b);
            Assert.Equal(Schoolbook(a, new Fp6(b.C0, b.C1, Fp2.Zero)), a.MulBy01(b.C0, b.C1));
        }
    }

    /// <summary>
    /// The F_p¹² products reduced once per coefficient (the full product and the product with two lines) against the
    /// Karatsuba formula in reduced F_p⁶ arithmetic, on the edge words above: all coefficients p − 1, and 0 mixed with
    /// p − 1, push the unreduced sums to either end of the ±18p² that <see cref="FpWide.ReduceSignedLoose"/> must take.
    /// </summary>
    [Fact]
    public void Lazy_Fp12_products_match_the_reduced_formula()
    {
        var r = new Random(6);
        var max = new Fp(Fp.M0 - 1, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        Fp2[] edges = [Fp2.Zero, new(max, max), new(max, Fp.Zero), new(Fp.Zero, max), RandFp2(r)];
        static Fp12 Reference(in Fp12 a, in Fp12 b)
        {
            var t0 = a.C0 * b.C0;
            var t1 = a.C1 * b.C1;
            return new(t0 + t1.MulByNonResidue(), (a.C0 + a.C1) * (b.C0 + b.C1) - t0 - t1);
        }
        // Inputs found by a random search over the first four edge words (digit k of a string picks the k-th F_p²
        // coefficient of a, then b, from edges): each drives some unreduced coefficient of the full product (first
        // list, up to 12p²) or of the line product (second list, b.C1.C0 unused; up to 10p²) beyond the ±9.84p² that a
        // single lift by p·2^384 covers.
        Fp12 FromDigits(string d, int at) => new(new Fp6(edges[d[at] - '0'], edges[d[at + 1] - '0'], edges[d[at + 2] - '0']),
            new Fp6(edges[d[at + 3] - '0'], edges[d[at + 4] - '0'], edges[d[at + 5] - '0']));
        foreach (var d in "012121112111 323121121111 121211113222 111121131123 222121112212 211121332121 211111022211 333231111313 221211321211 121322123112 212111111221 111122110111 221131311121 231111322112 111221022211 312221211211 313111013313 311112221111 112112111231 111131313111 113313323131 121112122222 111122312121 132111122121".Split(' '))
            Assert.Equal(Reference(FromDigits(d, 0), FromDigits(d, 6)), FromDigits(d, 0) * FromDigits(d, 6));
        foreach (var d in "121111111011 121211111111 112111112021 111221122011 111021111211 111120112211 111122111012 111222122011 111212122121 111110121022 112220111111 111210121311 121112111012 112223111311 111213111111 111311112321 111112122312 112212111021 111121121212 121123121211 122120111311 111110112111 111223122311".Split(' '))
        {
            var (f, b) = (FromDigits(d, 0), FromDigits(d, 6));
            Assert.Equal(Reference(f, new Fp12(b.C0, new Fp6(Fp2.Zero, b.C1.C1, b.C1.C2))), f.MulByLineProduct(b.C0, b.C1.C1, b.C1.C2));
        }
        for (int i = 0; i < 600; i++)
        {
            Fp2 Pick() => edges[r.Next(edges.Length)];
            var a = new Fp12(new Fp6(Pick(), Pick(), Pick()), new Fp6(Pick(), Pick(), Pick()));
            var b = new Fp12(new Fp6(Pick(), Pick(), Pick()), new Fp6(Pick(), Pick(), Pick()));
            Assert.Equal(Reference(a, b), a * b);
            var (h1, h2) = (Pick(), Pick());
            Assert.Equal(Reference(a, new Fp12(b.C0, new Fp6(Fp2.Zero, h1, h2))), a.MulByLineProduct(b.C0, h1, h2));
        }
    }

    /// <summary>The lazily reduced F_p⁴ squaring of the cyclotomic squaring against x² + ξy² and 2xy, on the same edge words.</summary>
    [Fact]
    public void Lazy_Fp4_square_matches_the_formula()
    {
        var r = new Random(4);
        var max = new Fp(Fp.M0 - 1, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        Fp2[] edges = [Fp2.Zero, new(max, max), new(max, Fp.Zero), new(Fp.Zero, max), RandFp2(r)];
        for (int i = 0; i < 200; i++)
        {
            var x = edges[r.Next(edges.Length)];
            var y = edges[r.Next(edges.Length)];
            Fp12.Fp4Square(x, y, out var r0, out var r1);
            Assert.Equal(x.Square() + y.Square().MulByNonResidue(), r0);
            Assert.Equal((x * y).Double(), r1);
        }
    }

    /// <summary>The lazily reduced products with lines (one line, and two lines together) against full F_p¹² products, on the same edge words.</summary>
    [Fact]
    public void Line_product_matches_the_full_product()
    {
        var r = new Random(5);
        var max = new Fp(Fp.M0 - 1, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        Fp2[] edges = [Fp2.Zero, new(max, max), new(max, Fp.Zero), new(Fp.Zero, max), RandFp2(r)];
        static Fp12 Line(in Fp2 c0, in Fp2 c1, in Fp2 c4) => new(new Fp6(c0, c1, Fp2.Zero), new Fp6(Fp2.Zero, c4, Fp2.Zero));
        for (int i = 0; i < 300; i++)
        {
            Fp2 Pick() => edges[r.Next(edges.Length)];
            var (c0, c1, c4, d0, d1, d4) = (Pick(), Pick(), Pick(), Pick(), Pick(), Pick());
            // The lazily reduced line product into an F_p¹² element, on edge words too.
            var e = new Fp12(new Fp6(Pick(), Pick(), Pick()), new Fp6(Pick(), Pick(), Pick()));
            Assert.Equal(e * Line(c0, c1, c4), e.MulBy014(c0, c1, c4));
            Fp12.LineProduct(c0, c1, c4, d0, d1, d4, out var g, out var h1, out var h2);
            Assert.Equal(Line(c0, c1, c4) * Line(d0, d1, d4), new Fp12(g, new Fp6(Fp2.Zero, h1, h2)));
            var f = RandFp12(r);
            Assert.Equal(f * new Fp12(g, new Fp6(Fp2.Zero, h1, h2)), f.MulByLineProduct(g, h1, h2));
        }
    }

    [Fact]
    public void Fp12_field_laws()
    {
        var r = new Random(2);
        for (int i = 0; i < 20; i++)
        {
            var a = RandFp12(r); var b = RandFp12(r); var c = RandFp12(r);
            Assert.Equal(a * b, b * a);
            Assert.Equal((a * b) * c, a * (b * c));
            Assert.Equal(a * (b + c), a * b + a * c);
            Assert.Equal(a * a, a.Square());
            Assert.Equal(Fp12.One, a * a.Inverse());
            Assert.Equal(a - b, a + (-b));
            var c0 = RandFp2(r); var c1 = RandFp2(r); var c4 = RandFp2(r);
            var sparse = new Fp12(new Fp6(c0, c1, Fp2.Zero), new Fp6(Fp2.Zero, c4, Fp2.Zero));
            Assert.Equal(a * sparse, a.MulBy014(c0, c1, c4));
        }
    }

    [Fact]
    public void Tower_relations_hold()
    {
        // v³ = ξ = 1 + u in F_p⁶, and w² = v in F_p¹².
        var v = new Fp6(Fp2.Zero, Fp2.One, Fp2.Zero);
        Assert.Equal(new Fp6(new Fp2(Fp.One, Fp.One), Fp2.Zero, Fp2.Zero), v * v * v);
        var w = new Fp12(Fp6.Zero, Fp6.One);
        Assert.Equal(new Fp12(v, Fp6.Zero), w.Square());
    }

    [Fact]
    public void Frobenius_is_the_p_power_map()
    {
        Assert.Equal(BigInteger.One, Fp.Modulus % 6);
        var r = new Random(3);
        var p = Limbs(Fp.Modulus);
        var a6 = RandFp6(r);
        Assert.Equal(a6 * a6 * a6 * a6, a6.Square().Square()); // sanity
        var a = RandFp12(r);
        var ap = a.Pow(p);
        Assert.Equal(ap, a.Frobenius(1));
        Assert.Equal(ap.Pow(p), a.Frobenius(2));
        Assert.Equal(new Fp12(a6, Fp6.Zero).Pow(p), new Fp12(a6.Frobenius(1), Fp6.Zero));
        // Frobenius(k) composes, Frobenius(6) is conjugation, Frobenius(12) is the identity.
        for (int k = 1; k < 12; k++) Assert.Equal(a.Frobenius(k - 1).Frobenius(1), a.Frobenius(k));
        Assert.Equal(a.Conjugate(), a.Frobenius(6));
        Assert.Equal(a, a.Frobenius(11).Frobenius(1));
        Assert.Equal(a6, a6.Frobenius(3).Frobenius(3));
    }

    [Fact]
    public void Cyclotomic_squaring_matches_squaring_in_the_subgroup()
    {
        var r = new Random(4);
        for (int i = 0; i < 10; i++)
        {
            var g = RandCyclotomic(r);
            Assert.Equal(Fp12.One, g * g.Conjugate()); // in the subgroup, the conjugate is the inverse
            Assert.Equal(g.Square(), g.CyclotomicSquareUnchecked());
        }
        // Outside the subgroup it is wrong, which is why the name says so.
        var f = RandFp12(r);
        Assert.NotEqual(f.Square(), f.CyclotomicSquareUnchecked());
    }

    /// <summary>The hard-part decomposition the final exponentiation relies on, checked in integers.</summary>
    [Fact]
    public void Hard_part_exponent_decomposition()
    {
        BigInteger x = -(BigInteger)0xd201000000010000UL, p = Fp.Modulus, r = Fr.Modulus;
        Assert.Equal(r, x * x * x * x - x * x + 1);
        var lambda = p * p * p * p - p * p + 1;
        Assert.Equal(BigInteger.Zero, lambda % r);
        Assert.Equal(3 * (lambda / r), (x - 1) * (x - 1) * (x + p) * (x * x + p * p - 1) + 3);
        // The loop length constants match the seed.
        Assert.Equal(63, (int)BigInteger.Log(-x, 2));
        Assert.Equal(6, BitOperations.PopCount(0xd201000000010000UL));
    }
}
