using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Msm;

public class PippengerTests
{
    /// <summary>Distinct points k·G by repeated addition (cheap), as affine.</summary>
    internal static G1Affine[] G1Points(int n, int seed)
    {
        var rng = new Random(seed);
        var start = G1Jacobian.Generator * Fr.Random(rng);
        var step = G1Jacobian.Generator * Fr.Random(rng);
        var jac = new G1Jacobian[n];
        var p = start;
        for (int i = 0; i < n; i++) { jac[i] = p; p = p + step; }
        var aff = new G1Affine[n];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(jac, aff);
        return aff;
    }

    internal static G2Affine[] G2Points(int n, int seed)
    {
        var rng = new Random(seed);
        var start = G2Jacobian.Generator * Fr.Random(rng);
        var step = G2Jacobian.Generator * Fr.Random(rng);
        var jac = new G2Jacobian[n];
        var p = start;
        for (int i = 0; i < n; i++) { jac[i] = p; p = p + step; }
        var aff = new G2Affine[n];
        CurveGroup.BatchToAffine<G2Jacobian, G2Affine, Fp2>(jac, aff);
        return aff;
    }

    internal static Fr[] Scalars(int n, int seed)
    {
        var rng = new Random(seed);
        var s = new Fr[n];
        for (int i = 0; i < n; i++) s[i] = Fr.Random(rng);
        return s;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(100)]
    public void G1MatchesNaiveSum(int n)
    {
        var p = G1Points(n, n);
        var k = Scalars(n, n + 1);
        var expected = Pippenger.Naive<G1Jacobian, G1Affine, Fp>(p, k);
        Assert.Equal(expected, Pippenger.G1(p, k, 1));
        Assert.Equal(expected, Pippenger.G1(p, k, 2));
    }

    [Fact]
    public void G2MatchesNaiveSum()
    {
        var p = G2Points(40, 1);
        var k = Scalars(40, 2);
        Assert.Equal(Pippenger.Naive<G2Jacobian, G2Affine, Fp2>(p, k), Pippenger.G2(p, k, 2));
    }

    [Fact]
    public void EdgeScalarsZeroOneMinusOneAndInfinityPoints()
    {
        int n = 64;
        var p = G1Points(n, 9);
        var k = Scalars(n, 10);
        k[0] = Fr.Zero; k[1] = Fr.One; k[2] = Fr.Zero - Fr.One; k[3] = Fr.FromUInt64(1UL << 63);
        k[4] = Fr.Zero - Fr.FromUInt64(2);
        p[5] = G1Affine.Infinity;
        p[6] = p[7]; // repeated point: buckets meet equal inputs (doubling case)
        k[6] = k[7];
        var expected = Pippenger.Naive<G1Jacobian, G1Affine, Fp>(p, k);
        Assert.Equal(expected, Pippenger.G1(p, k, 2));
        Assert.True(Pippenger.G1(p, new Fr[n], 2).IsIdentity);
    }

    [Fact]
    public void LargeMsmAgreesAcrossThreadCountsAndWithALinearCheck()
    {
        // 2^12 points: Σ k_i·(a_i·G) = (Σ k_i·a_i)·G with the a_i known, a check independent of the MSM code.
        int n = 1 << 12;
        var rng = new Random(4);
        var a = Scalars(n, 5);
        var jac = new G1Jacobian[n];
        var g = G1Jacobian.Generator;
        // a_i·G computed as a_0·G + i·step: a_i = a_0 + i·s.
        var a0 = Fr.Random(rng); var s = Fr.Random(rng);
        var p = g * a0; var step = g * s;
        for (int i = 0; i < n; i++) { a[i] = a0 + Fr.FromUInt64((ulong)i) * s; jac[i] = p; p = p + step; }
        var pts = new G1Affine[n];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(jac, pts);
        var k = Scalars(n, 6);
        var dot = Fr.Zero;
        for (int i = 0; i < n; i++) dot += a[i] * k[i];
        var expected = g * dot;
        Assert.Equal(expected, Pippenger.G1(pts, k, 1));
        Assert.Equal(expected, Pippenger.G1(pts, k, 2));
        Assert.Equal(expected, Pippenger.G1(pts, k, 64));
    }

    [Fact]
    public void EqualScalarsAndCancellingPointsTakeTheOverflowPath()
    {
        // Every digit of every scalar lands in the same bucket (batch collisions), and P, −P pairs cancel.
        int n = 3000;
        var p = G1Points(n, 12);
        var k = new Fr[n];
        var same = Fr.Random(new Random(13));
        for (int i = 0; i < n; i++) k[i] = same;
        for (int i = 0; i < 50; i++) p[2 * i + 1] = G1Affine.FromCoordinatesUnchecked(p[2 * i].X, -p[2 * i].Y);
        var sumPoints = G1Jacobian.Identity;
        foreach (var q in p) sumPoints = sumPoints.AddMixed(q);
        Assert.Equal(sumPoints * same, Pippenger.G1(p, k, 2));
    }

    /// <summary>
    /// Points a_i·G with known a_i (a_0·G + i·step), some replaced by infinity or by the negation of their neighbour,
    /// and scalars mixing zero, one, −1, small values, one repeated value and random ones: the MSM must equal
    /// (Σ k_i·a_i)·G, a check independent of the MSM code that stays cheap at thousands of points.
    /// </summary>
    static (TAff[] Points, Fr[] Scalars, TProj Expected) MixedInstance<TProj, TAff, TF>(TProj g, int n, int seed)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var rng = new Random(seed);
        var a0 = Fr.Random(rng); var s = Fr.Random(rng); var same = Fr.Random(rng);
        Span<ulong> l = stackalloc ulong[4];
        a0.ToCanonicalLimbs(l);
        var p = CurveGroup.Multiply<TProj, TAff, TF>(g, l);
        s.ToCanonicalLimbs(l);
        var step = CurveGroup.Multiply<TProj, TAff, TF>(g, l);
        var jac = new TProj[n];
        var a = new Fr[n];
        for (int i = 0; i < n; i++) { a[i] = a0 + Fr.FromUInt64((ulong)i) * s; jac[i] = p; p = p + step; }
        var pts = new TAff[n];
        CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, pts);
        var k = new Fr[n];
        var dot = Fr.Zero;
        for (int i = 0; i < n; i++)
        {
            if (i % 37 == 5) { pts[i] = TAff.Infinity; a[i] = Fr.Zero; }
            else if (i % 11 == 3 && i > 0 && !pts[i - 1].IsInfinity) { pts[i] = TAff.FromCoordinatesUnchecked(pts[i - 1].X, -pts[i - 1].Y); a[i] = -a[i - 1]; }
            k[i] = (i % 9) switch
            {
                0 => Fr.Zero, 1 => Fr.One, 2 => -Fr.One, 3 => Fr.FromUInt64((ulong)rng.Next(1, 1 << 20)),
                4 => same, 5 => Fr.FromUInt64((ulong)rng.NextInt64()), _ => Fr.Random(rng),
            };
            dot += a[i] * k[i];
        }
        dot.ToCanonicalLimbs(l);
        return (pts, k, CurveGroup.Multiply<TProj, TAff, TF>(g, l));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(64)]
    [InlineData(300)]
    [InlineData(1000)]
    [InlineData(2047)]
    [InlineData(4100)]
    public void G1MixedScalarsAndPointsMatchTheLinearCheck(int n)
    {
        var (p, k, expected) = MixedInstance<G1Jacobian, G1Affine, Fp>(G1Jacobian.Generator, n, n + 100);
        Assert.Equal(expected, Pippenger.G1(p, k, 1));
        Assert.Equal(expected, Pippenger.G1(p, k, 2));
        Assert.Equal(expected, Pippenger.Compute<G1Jacobian, G1Affine, Fp>(p, k, 2)); // full-width scalars, no endomorphism
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(100)]
    [InlineData(1500)]
    public void G2MixedScalarsAndPointsMatchTheLinearCheck(int n)
    {
        var (p, k, expected) = MixedInstance<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator, n, n + 200);
        Assert.Equal(expected, Pippenger.G2(p, k, 2));
        Assert.Equal(expected, Pippenger.Compute<G2Jacobian, G2Affine, Fp2>(p, k, 2));
    }

    [Fact]
    public void ScalarsOnTheEndomorphismDigitBoundariesMatchNaiveSums()
    {
        // Powers of |x| (the base of the endomorphism split) and their neighbours: digits 0 and |x| − 1 everywhere.
        var x = new System.Numerics.BigInteger(Endomorphism.SeedAbs);
        var values = new List<System.Numerics.BigInteger> { 0, 1, x - 1, x, x + 1, x * x - 1, x * x, x * x * x - 1, x * x * x, x * x * x + x * x + x + 1, Fr.Modulus - 1, Fr.Modulus - x };
        var k = values.Select(v => Fr.FromBigInteger(v)).ToArray();
        int n = k.Length;
        var p1 = G1Points(n, 31);
        var p2 = G2Points(n, 32);
        Assert.Equal(Pippenger.Naive<G1Jacobian, G1Affine, Fp>(p1, k), Pippenger.G1(p1, k, 1));
        Assert.Equal(Pippenger.Naive<G2Jacobian, G2Affine, Fp2>(p2, k), Pippenger.G2(p2, k, 1));
    }

    [Fact]
    public void CostModelPicksGrowingWindows()
    {
        Assert.True(Pippenger.WindowBits(1 << 10) < Pippenger.WindowBits(1 << 20));
        Assert.InRange(Pippenger.WindowBits(1 << 16), 10, 14);
        Assert.Throws<ArgumentException>(() => Pippenger.G1(new G1Affine[2], new Fr[3]));
    }
}
