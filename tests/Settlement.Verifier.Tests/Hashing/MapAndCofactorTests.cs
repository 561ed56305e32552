using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Hashing;

/// <summary>Properties of the maps and of cofactor clearing that the vectors do not pin down on their own.</summary>
public class MapAndCofactorTests
{
    /// <summary>A random point of E1 (y² = x³ + 4) that is, with overwhelming probability, outside G1.</summary>
    static G1Jacobian RandomE1Point(Random rng)
    {
        while (true)
        {
            var x = Fp.Random(rng);
            if ((x.Square() * x + G1.B).TrySqrt(out var y)) return G1Affine.FromCoordinatesUnchecked(x, y).ToJacobian();
        }
    }

    static G2Jacobian RandomE2Point(Random rng)
    {
        while (true)
        {
            var x = new Fp2(Fp.Random(rng), Fp.Random(rng));
            if ((x.Square() * x + G2.B).TrySqrt(out var y)) return G2Affine.FromCoordinatesUnchecked(x, y).ToJacobian();
        }
    }

    [Fact]
    public void G1_cofactor_clearing_is_multiplication_by_h_eff_and_lands_in_G1()
    {
        var rng = new Random(11);
        for (int i = 0; i < 4; i++)
        {
            var p = RandomE1Point(rng);
            Assert.True(p.IsOnCurve);
            Assert.False(G1.IsInSubgroup(p.ToAffine())); // the check below would be vacuous otherwise
            var cleared = ClearCofactor.ToG1(p);
            Assert.Equal(p.MultiplyBy(new BigInteger(0xd201000000010001UL)), cleared);
            Assert.True(G1.IsInSubgroup(cleared.ToAffine()));
        }
    }

    /// <summary>The ψ-based method (Budroni–Pintore) equals multiplication by the RFC's h_eff for G2, on points outside G2.</summary>
    [Fact]
    public void G2_psi_cofactor_clearing_equals_multiplication_by_h_eff_and_lands_in_G2()
    {
        var rng = new Random(12);
        for (int i = 0; i < 3; i++)
        {
            var p = RandomE2Point(rng);
            Assert.True(p.IsOnCurve);
            Assert.False(G2.IsInSubgroup(p.ToAffine()));
            var fast = ClearCofactor.ToG2(p);
            Assert.Equal(p.MultiplyBy(ClearCofactor.G2EffectiveCofactor), fast);
            Assert.True(G2.IsInSubgroup(fast.ToAffine()));
        }
        Assert.True(ClearCofactor.ToG2(G2Jacobian.Identity).IsIdentity);
    }

    [Fact]
    public void Maps_land_on_the_curve_and_respect_the_sign_of_u()
    {
        var rng = new Random(13);
        for (int i = 0; i < 8; i++)
        {
            var u1 = Fp.Random(rng);
            var q1 = MapToG1.MapToCurve(u1);
            Assert.True(q1.IsOnCurve && !q1.IsIdentity);
            Assert.Equal(-q1, MapToG1.MapToCurve(-u1));
            var u2 = new Fp2(Fp.Random(rng), Fp.Random(rng));
            var q2 = MapToG2.MapToCurve(u2);
            Assert.True(q2.IsOnCurve && !q2.IsIdentity);
            Assert.Equal(-q2, MapToG2.MapToCurve(-u2));
        }
    }

    /// <summary>
    /// The exceptional inputs of simplified SWU (Z²u⁴ + Zu² = 0) take x1 = B/(Z·A). u = 0 is one; for G1,
    /// where Z = 11 and −1 are non-squares, u = √(−1/Z) is a second one.
    /// </summary>
    [Fact]
    public void Exceptional_inputs_of_the_SWU_map_give_points_on_the_curve()
    {
        var g1Zero = MapToG1.MapToCurve(Fp.Zero);
        Assert.True(g1Zero.IsOnCurve);
        Assert.True(G1.IsInSubgroup(HashToCurve.MapFpToG1(Fp.Zero)));
        Assert.True((-(Fp.FromUInt64(11).Inverse())).TrySqrt(out var u));
        Assert.True((Fp.FromUInt64(11) * u.Square() + Fp.One).IsZero);
        var q = MapToG1.MapToCurve(u);
        Assert.True(q.IsOnCurve);
        Assert.Equal(g1Zero.ToAffine().X, q.ToAffine().X); // both take x1 = B/(Z·A) on E1', hence the same x on E1
        var g2Zero = MapToG2.MapToCurve(Fp2.Zero);
        Assert.True(g2Zero.IsOnCurve);
        Assert.True(G2.IsInSubgroup(HashToCurve.MapFp2ToG2(Fp2.Zero)));
    }

    [Fact]
    public void Hash_to_field_reduces_64_bytes_mod_p()
    {
        var rng = new Random(14);
        var bytes = new byte[64];
        for (int i = 0; i < 20; i++)
        {
            rng.NextBytes(bytes);
            if (i == 0) Array.Fill(bytes, (byte)0xff);
            var expected = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) % Fp.Modulus;
            Assert.Equal(expected, HashToField.ReduceWide(bytes).ToBigInteger());
        }
    }

    [Fact]
    public void Hashing_rejects_bad_domain_separation_tags()
    {
        Assert.Throws<ArgumentException>(() => HashToCurve.HashToG2("m"u8, []));
        // A 256-byte tag is hashed down by the oversize-DST rule (RFC 9380 section 5.3.3), so it hashes like its digest.
        var longDst = new byte[256];
        Assert.Equal(HashToCurve.HashToG1("m"u8, ExpandMessageXmd.EffectiveDst(longDst, System.Security.Cryptography.HashAlgorithmName.SHA256)),
            HashToCurve.HashToG1("m"u8, longDst));
        Assert.NotEqual(HashToCurve.HashToG1("m"u8, "A"u8), HashToCurve.HashToG1("m"u8, "B"u8));
        // Counts beyond the expander's 8160 bytes are refused before any buffer is allocated.
        HashToField.ToFp("m"u8, "D"u8, new Fp[127]);
        Assert.Throws<ArgumentException>(() => HashToField.ToFp("m"u8, "D"u8, new Fp[128]));
        Assert.Throws<ArgumentException>(() => HashToField.ToFp2("m"u8, "D"u8, new Fp2[64]));
        Assert.Throws<ArgumentException>(() => HashToField.ToFp2("m"u8, "D"u8, new Fp2[1_000_000]));
        Assert.Throws<ArgumentException>(() => HashToField.ToFp("m"u8, "D"u8, Span<Fp>.Empty));
    }
}
