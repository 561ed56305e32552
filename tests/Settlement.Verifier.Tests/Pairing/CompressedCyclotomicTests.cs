using Settlement.Verifier.Bls12381;
using static Settlement.Verifier.Tests.Pairing.TowerTests;

namespace Settlement.Verifier.Tests.Pairing;

/// <summary>Karabina's compressed squaring and its decompression against the Granger–Scott squaring, and a^x built on them.</summary>
public class CompressedCyclotomicTests
{
    static Fp12 RoundTrip(in Fp12 z)
    {
        Span<Fp12> full = new Fp12[1];
        CompressedCyclotomic.Decompress([CompressedCyclotomic.Compress(z)], full);
        return full[0];
    }

    [Fact]
    public void Decompression_recovers_subgroup_elements_and_one()
    {
        var r = new Random(11);
        for (int i = 0; i < 20; i++)
        {
            var g = RandCyclotomic(r);
            Assert.Equal(g, RoundTrip(g));
        }
        Assert.Equal(Fp12.One, RoundTrip(Fp12.One));
    }

    /// <summary>
    /// The relations the decompression rests on, on random subgroup elements: the formula for h1 when h0 ≠ 0, the one
    /// for g0, and the real part of AB = B̄ + sC² (g0h0 + ξh1g2 = h0 + 2ξg1h2), which is the formula for h1 when h0 = 0.
    /// Elements with h0 = 0 are about a 1/p² fraction of the subgroup, so that branch is checked through its relation.
    /// </summary>
    [Fact]
    public void Decompression_relations_hold_in_the_subgroup()
    {
        var r = new Random(12);
        for (int i = 0; i < 20; i++)
        {
            var z = RandCyclotomic(r);
            Fp2 g0 = z.C0.C0, g1 = z.C0.C1, g2 = z.C0.C2, h0 = z.C1.C0, h1 = z.C1.C1, h2 = z.C1.C2;
            var three = new Fp2(Fp.FromUInt64(3), Fp.Zero);
            Assert.Equal((h0 * h1).Double().Double(), three * g1.Square() + h2.Square().MulByNonResidue() - g2.Double());
            Assert.Equal(g0, (h1.Square().Double() + h0 * h2 - three * g2 * g1).MulByNonResidue() + Fp2.One);
            Assert.Equal(g0 * h0 + (h1 * g2).MulByNonResidue(), h0 + (g1 * h2).Double().MulByNonResidue());
        }
    }

    /// <summary>
    /// 400 compressed squarings against 400 Granger–Scott squarings, decompressing in batches at several depths; the
    /// batches mix in the identity, whose zero denominator must not spoil the shared inversion.
    /// </summary>
    [Fact]
    public void Compressed_squaring_chain_matches_cyclotomic_squaring()
    {
        var r = new Random(13);
        for (int round = 0; round < 3; round++)
        {
            var g = RandCyclotomic(r);
            var c = CompressedCyclotomic.Compress(g);
            var expected = new List<Fp12>();
            var batch = new List<CompressedCyclotomic>();
            for (int k = 1; k <= 400; k++)
            {
                g = g.CyclotomicSquareUnchecked();
                c = c.Square();
                if (k % 57 == 0 || k == 1 || k == 400)
                {
                    expected.Add(g); batch.Add(c);
                    expected.Add(Fp12.One); batch.Add(CompressedCyclotomic.Compress(Fp12.One));
                }
            }
            var full = new Fp12[batch.Count];
            CompressedCyclotomic.Decompress(batch.ToArray(), full);
            Assert.Equal(expected, full);
        }
        // Squaring the identity in compressed form stays the identity.
        var one = CompressedCyclotomic.Compress(Fp12.One);
        for (int k = 0; k < 5; k++) one = one.Square();
        var back = new Fp12[1];
        CompressedCyclotomic.Decompress([one], back);
        Assert.Equal(Fp12.One, back[0]);
    }

    [Fact]
    public void Exponentiation_by_the_seed_matches_square_and_multiply()
    {
        var r = new Random(14);
        ReadOnlySpan<ulong> absX = [LineFunctions.AbsX];
        for (int i = 0; i < 4; i++)
        {
            var g = RandCyclotomic(r);
            // x < 0: a^x is the conjugate (the inverse in the subgroup) of a^|x|.
            Assert.Equal(g.Pow(absX).Conjugate(), Bls12381.Pairing.ExpByX(g));
            // An element after many operations.
            var h = Bls12381.Pairing.ExpByX(Bls12381.Pairing.ExpByX(g)) * g.Frobenius(1);
            Assert.Equal(h.Pow(absX).Conjugate(), Bls12381.Pairing.ExpByX(h));
        }
        Assert.Equal(Fp12.One, Bls12381.Pairing.ExpByX(Fp12.One));
    }
}
