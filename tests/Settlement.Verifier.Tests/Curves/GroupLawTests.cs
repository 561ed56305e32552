using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Curves;

public class GroupLawTests
{
    [Fact]
    public void Generators_are_on_the_curve_and_have_order_r()
    {
        Assert.True(G1Affine.Generator.IsOnCurve);
        Assert.True(G2Affine.Generator.IsOnCurve);
        Assert.True(G1.IsInSubgroup(G1Affine.Generator));
        Assert.True(G2.IsInSubgroup(G2Affine.Generator));
        Assert.True((G1Jacobian.Generator * (-Fr.One) + G1Jacobian.Generator).IsIdentity);
    }

    [Fact]
    public void Group_laws_hold()
    {
        var rng = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            var a = Fr.Random(rng); var b = Fr.Random(rng);
            var g = G1Jacobian.Generator; var h = G2Jacobian.Generator;
            Assert.Equal(g * (a + b), g * a + g * b);
            Assert.Equal(h * (a * b), (h * a) * b);
            var p = g * a;
            Assert.Equal(p.Double(), p + p);
            Assert.Equal(p + g, p.AddMixed(G1Affine.Generator));
            Assert.Equal(p.Double(), p.AddMixed(p.ToAffine()));
            Assert.True(p.AddMixed((-p).ToAffine()).IsIdentity);
            Assert.True((p + (-p)).IsIdentity);
            Assert.Equal(p, p + G1Jacobian.Identity);
            Assert.True((g * a).IsOnCurve && (h * b).IsOnCurve);
        }
    }

    [Fact]
    public void Batch_to_affine_matches_single_conversion()
    {
        var pts = new G1Jacobian[10];
        for (int i = 0; i < pts.Length; i++) pts[i] = i == 3 ? G1Jacobian.Identity : G1Jacobian.Generator * Fr.FromUInt64((ulong)(i * 7 + 1));
        var aff = new G1Affine[pts.Length];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(pts, aff);
        for (int i = 0; i < pts.Length; i++) Assert.Equal(pts[i].ToAffine(), aff[i]);
        Assert.True(aff[3].IsInfinity);
    }

    /// <summary>zkcrypto's uncompressed G2 vectors are i·G for i = 0..999: check the first 60 against repeated addition.</summary>
    [Fact]
    public void Multiples_of_G2_match_zkcrypto_vectors()
    {
        var file = VectorCatalog.All.First(f => f.RelativePath.EndsWith("g2_uncompressed_valid_test_vectors.dat"));
        var data = File.ReadAllBytes(file.FullPath);
        var acc = G2Jacobian.Identity;
        for (int i = 0; i < 60; i++)
        {
            var e = data.AsSpan(i * 192, 192);
            if (i == 0) Assert.Equal(0x40, e[0] & 0xE0);
            else
            {
                var clear = e.ToArray(); clear[0] &= 0x1F;
                Assert.True(Fp.TryFromBytesBE(clear.AsSpan(0, 48), out var xc1));
                Assert.True(Fp.TryFromBytesBE(clear.AsSpan(48, 48), out var xc0));
                Assert.True(Fp.TryFromBytesBE(clear.AsSpan(96, 48), out var yc1));
                Assert.True(Fp.TryFromBytesBE(clear.AsSpan(144, 48), out var yc0));
                Assert.Equal(G2Affine.FromCoordinatesUnchecked(new Fp2(xc0, xc1), new Fp2(yc0, yc1)), acc.ToAffine());
            }
            acc = acc.AddMixed(G2Affine.Generator);
        }
    }
}
