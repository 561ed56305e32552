using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Msm;

/// <summary>Buckets, with the four-lane and the scalar flush, against Jacobian sums of the same points.</summary>
public class AffineBucketsTests
{
    // Each case runs the four-lane flush (where the CPU has AVX2) and the scalar one.
    [Theory]
    [InlineData(64, 16, 4096, true)]
    [InlineData(64, 16, 4096, false)]
    [InlineData(7, 16, 61, true)]     // flushes of every size 1–16, groups with unused lanes
    [InlineData(7, 16, 61, false)]
    [InlineData(1024, 256, 5000, true)]
    public void G1WeightedSumMatchesJacobianSums(int buckets, int batch, int adds, bool lanes) =>
        WeightedSumMatchesJacobianSums<G1Jacobian, G1Affine, Fp>(PippengerTests.G1Points(adds, adds), buckets, batch, lanes);

    [Theory]
    [InlineData(64, 16, 1500, true)]
    [InlineData(64, 16, 1500, false)]
    [InlineData(7, 16, 61, true)]
    [InlineData(7, 16, 61, false)]
    public void G2WeightedSumMatchesJacobianSums(int buckets, int batch, int adds, bool lanes) =>
        WeightedSumMatchesJacobianSums<G2Jacobian, G2Affine, Fp2>(PippengerTests.G2Points(adds, adds), buckets, batch, lanes);

    private static void WeightedSumMatchesJacobianSums<TProj, TAff, TF>(TAff[] pts, int buckets, int batch, bool lanes)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var rng = new Random(buckets + pts.Length);
        var acc = AffineBuckets<TProj, TAff, TF>.Rent(buckets, batch, lanes);
        acc.Clear();
        var sums = new TProj[buckets];
        for (int k = 0; k < buckets; k++) sums[k] = TProj.Identity;
        for (int i = 0; i < pts.Length; i++)
        {
            // Repeats of a point and of its negation force the queue, doublings and cancellations too.
            var p = i % 97 == 5 ? pts[i - 1] : i % 89 == 7 ? TAff.FromCoordinatesUnchecked(pts[i - 1].X, -pts[i - 1].Y) : pts[i];
            int k = rng.Next(buckets);
            acc.Add(k, p);
            sums[k] = sums[k].AddMixed(p);
        }
        var expected = TProj.Identity;
        for (int k = 0; k < buckets; k++) expected += Times<TProj, TAff, TF>(sums[k], k + 1);
        Assert.Equal(expected, acc.WeightedSum());
        AffineBuckets<TProj, TAff, TF>.Return(acc);
    }

    private static TProj Times<TProj, TAff, TF>(TProj p, int w)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var r = TProj.Identity;
        for (; w > 0; w >>= 1, p += p) if ((w & 1) != 0) r += p;
        return r;
    }
}

public class EndomorphismSplitTests
{
    [Fact]
    public void G2SplitPointsAreTheEndomorphismImages()
    {
        // P, −ψ(P), ψ²(P), −ψ³(P) from the shortcut against ψ applied one, two and three times.
        var p = PippengerTests.G2Points(5, 21);
        var pts = new G2Affine[4 * p.Length];
        EndomorphismSplit.G2(p, PippengerTests.Scalars(5, 22), 1, pts, new ulong[4 * p.Length]);
        var cy = Endomorphism.PsiCoeffY;
        Assert.Equal(-Fp.One, cy.C0.Square() + cy.C1.Square());
        for (int i = 0; i < p.Length; i++)
        {
            var q = G2Jacobian.FromAffine(p[i]);
            var psi1 = Endomorphism.Psi(q);
            var psi2 = Endomorphism.Psi(psi1);
            var psi3 = Endomorphism.Psi(psi2);
            Assert.Equal(q, G2Jacobian.FromAffine(pts[i]));
            Assert.Equal(-psi1, G2Jacobian.FromAffine(pts[5 + i]));
            Assert.Equal(psi2, G2Jacobian.FromAffine(pts[10 + i]));
            Assert.Equal(-psi3, G2Jacobian.FromAffine(pts[15 + i]));
        }
    }
}
