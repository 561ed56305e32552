using CsCheck;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>ZCash/IETF encodings: round trips, every flag rule, and single-bit corruptions.</summary>
public class PointEncodingTests
{
    static readonly Gen<Fr> GenScalar = Gen.Byte.Array[64].Select(b => Fr.FromBytesWideBE(b));

    [Fact]
    public void G1_round_trips_in_both_forms()
    {
        GenScalar.Sample(k =>
        {
            var p = (G1Jacobian.Generator * k).ToAffine();
            Assert.Equal(p, G1Encoding.Decompress(G1Encoding.Compress(p)));
            Assert.Equal(p, G1Encoding.Deserialize(G1Encoding.Serialize(p)));
            Assert.Equal(p, G1Encoding.Decode(G1Encoding.Compress(p)));
            Assert.Equal(p, G1Encoding.Decode(G1Encoding.Serialize(p)));
            Assert.Equal(p, G1Encoding.DecodeUnchecked(G1Encoding.Compress(p)));
        }, iter: 40, threads: 1);
    }

    [Fact]
    public void G2_round_trips_in_both_forms()
    {
        GenScalar.Sample(k =>
        {
            var p = (G2Jacobian.Generator * k).ToAffine();
            Assert.Equal(p, G2Encoding.Decompress(G2Encoding.Compress(p)));
            Assert.Equal(p, G2Encoding.Deserialize(G2Encoding.Serialize(p)));
            Assert.Equal(p, G2Encoding.Decode(G2Encoding.Compress(p)));
            Assert.Equal(p, G2Encoding.DecodeUnchecked(G2Encoding.Serialize(p)));
        }, iter: 20, threads: 1);
    }

    /// <summary>Flipping any single bit of a valid compressed encoding is rejected or yields a different valid point.</summary>
    [Fact]
    public void G1_single_bit_flips_never_decode_to_the_same_point()
    {
        GenScalar.Sample(k =>
        {
            var p = (G1Jacobian.Generator * k).ToAffine();
            var enc = G1Encoding.Compress(p);
            for (int bit = 0; bit < enc.Length * 8; bit++)
            {
                enc[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
                if (G1Encoding.TryDecode(enc, out var q, out var err))
                {
                    Assert.Equal(PointDecodeError.None, err);
                    Assert.NotEqual(p, q);
                    Assert.True(q.IsOnCurve && CurveSamples.SubgroupOracle(q));
                }
                else Assert.NotEqual(PointDecodeError.None, err);
                enc[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
            }
        }, iter: 3, threads: 1);
    }

    [Fact]
    public void G2_single_bit_flips_never_decode_to_the_same_point()
    {
        GenScalar.Sample(k =>
        {
            var p = (G2Jacobian.Generator * k).ToAffine();
            var enc = G2Encoding.Compress(p);
            for (int bit = 0; bit < enc.Length * 8; bit++)
            {
                enc[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
                if (G2Encoding.TryDecode(enc, out var q, out var err))
                {
                    Assert.Equal(PointDecodeError.None, err);
                    Assert.NotEqual(p, q);
                    Assert.True(q.IsOnCurve && CurveSamples.SubgroupOracle(q));
                }
                else Assert.NotEqual(PointDecodeError.None, err);
                enc[bit >> 3] ^= (byte)(0x80 >> (bit & 7));
            }
        }, iter: 1, threads: 1);
    }

    [Fact]
    public void Infinity_has_one_encoding_per_form()
    {
        Assert.Equal([0xC0, .. new byte[47]], G1Encoding.Compress(G1Affine.Infinity));
        Assert.Equal([0x40, .. new byte[95]], G1Encoding.Serialize(G1Affine.Infinity));
        Assert.Equal([0xC0, .. new byte[95]], G2Encoding.Compress(G2Affine.Infinity));
        Assert.Equal([0x40, .. new byte[191]], G2Encoding.Serialize(G2Affine.Infinity));
        Assert.True(G1Encoding.Decode(G1Encoding.Compress(G1Affine.Infinity)).IsInfinity);
        Assert.True(G2Encoding.Decode(G2Encoding.Serialize(G2Affine.Infinity)).IsInfinity);

        // Sort flag with infinity, a stray coordinate bit, and the infinity flag without compression in 48 bytes.
        AssertG1Rejects([0xE0, .. new byte[47]], PointDecodeError.InfinityNotCanonical);
        AssertG1Rejects([0xC0, .. new byte[46], 1], PointDecodeError.InfinityNotCanonical);
        AssertG1Rejects([0xC1, .. new byte[47]], PointDecodeError.InfinityNotCanonical);
        AssertG1Rejects([0x40, .. new byte[47]], PointDecodeError.CompressionFlagMismatch);
        AssertG1Rejects([0x40, .. new byte[94], 1], PointDecodeError.InfinityNotCanonical);
        AssertG1Rejects([0x60, .. new byte[95]], PointDecodeError.InfinityNotCanonical);
        Assert.False(G2Encoding.TryDecode([0xE0, .. new byte[95]], out _, out var e2));
        Assert.Equal(PointDecodeError.InfinityNotCanonical, e2);
    }

    [Fact]
    public void Flag_and_length_rules_give_specific_reasons()
    {
        var g = G1Affine.Generator;
        var c = G1Encoding.Compress(g);
        var u = G1Encoding.Serialize(g);
        AssertG1Rejects(c.AsSpan(0, 47).ToArray(), PointDecodeError.WrongLength);
        AssertG1Rejects([.. c, 0], PointDecodeError.WrongLength);
        AssertG1Rejects([], PointDecodeError.WrongLength);
        var noFlag = (byte[])c.Clone(); noFlag[0] &= 0x7F;
        AssertG1Rejects(noFlag, PointDecodeError.CompressionFlagMismatch);
        var uWithFlag = (byte[])u.Clone(); uWithFlag[0] |= 0x80;
        AssertG1Rejects(uWithFlag, PointDecodeError.CompressionFlagMismatch);
        var uWithSort = (byte[])u.Clone(); uWithSort[0] |= 0x20;
        AssertG1Rejects(uWithSort, PointDecodeError.SortFlagInUncompressed);
        // The length-specific entry points refuse the other form.
        Assert.False(G1Encoding.TryDecompress(u, out _, out var e));
        Assert.Equal(PointDecodeError.WrongLength, e);
        Assert.False(G1Encoding.TryDeserialize(c, out _, out e));
        Assert.Equal(PointDecodeError.WrongLength, e);
        var ex = Assert.Throws<PointDecodeException>(() => G1Encoding.Decode(noFlag));
        Assert.Equal(PointDecodeError.CompressionFlagMismatch, ex.Reason);
    }

    [Fact]
    public void Coordinates_at_or_above_p_are_rejected()
    {
        var pBytes = new byte[48];
        Fp.Modulus.TryWriteBytes(pBytes, out _, isUnsigned: true, isBigEndian: true);
        // x = p (compressed), x = p + 1 (below 2^381, so the flag bits stay clear; uncompressed), y = p + y (uncompressed).
        AssertG1Rejects([(byte)(pBytes[0] | 0x80), .. pBytes[1..]], PointDecodeError.CoordinateNotCanonical);
        var u = G1Encoding.Serialize(G1Affine.Generator);
        var bigX = new byte[48];
        (Fp.Modulus + 1).TryWriteBytes(bigX, out _, isUnsigned: true, isBigEndian: true);
        AssertG1Rejects([.. bigX, .. u[48..]], PointDecodeError.CoordinateNotCanonical);
        var bigY = new byte[48];
        (G1Affine.Generator.Y.ToBigInteger() + Fp.Modulus).TryWriteBytes(bigY, out _, isUnsigned: true, isBigEndian: true);
        AssertG1Rejects([.. u[..48], .. bigY], PointDecodeError.CoordinateNotCanonical);

        // G2: each half of x separately (c1 first, then c0), and a half of y.
        var c2 = G2Encoding.Compress(G2Affine.Generator);
        var c1High = (byte[])c2.Clone(); pBytes.CopyTo(c1High, 0); c1High[0] |= 0x80;
        AssertG2Rejects(c1High, PointDecodeError.CoordinateNotCanonical);
        var c0High = (byte[])c2.Clone(); pBytes.CopyTo(c0High, 48);
        AssertG2Rejects(c0High, PointDecodeError.CoordinateNotCanonical);
        var u2 = G2Encoding.Serialize(G2Affine.Generator);
        var yHigh = (byte[])u2.Clone(); pBytes.CopyTo(yHigh, 144);
        AssertG2Rejects(yHigh, PointDecodeError.CoordinateNotCanonical);
    }

    [Fact]
    public void Off_curve_and_off_subgroup_points_are_rejected_and_unchecked_skips_only_the_subgroup()
    {
        var rng = new Random(41);
        // x with no y: x³ + 4 a non-square.
        Fp x;
        do x = Fp.Random(rng); while ((x.Square() * x + G1.B).Legendre() >= 0);
        var enc = new byte[48]; x.ToBytesBE(enc); enc[0] |= 0x80;
        AssertG1Rejects(enc, PointDecodeError.NotOnCurve);
        Assert.False(G1Encoding.TryDecodeUnchecked(enc, out _, out var e));
        Assert.Equal(PointDecodeError.NotOnCurve, e);
        // Uncompressed (x, y + 1) of the generator.
        var u = G1Encoding.Serialize(G1Affine.Generator);
        (G1Affine.Generator.Y + Fp.One).ToBytesBE(u.AsSpan(48));
        AssertG1Rejects(u, PointDecodeError.NotOnCurve);

        var off1 = CurveSamples.RandomOnCurveG1(rng);
        foreach (var bytes in new[] { G1Encoding.Compress(off1), G1Encoding.Serialize(off1) })
        {
            AssertG1Rejects(bytes, PointDecodeError.NotInSubgroup);
            Assert.Equal(off1, G1Encoding.DecodeUnchecked(bytes));
        }
        var off2 = CurveSamples.RandomOnCurveG2(rng);
        foreach (var bytes in new[] { G2Encoding.Compress(off2), G2Encoding.Serialize(off2) })
        {
            AssertG2Rejects(bytes, PointDecodeError.NotInSubgroup);
            Assert.Equal(off2, G2Encoding.DecodeUnchecked(bytes));
        }
        var u2 = G2Encoding.Serialize(G2Affine.Generator);
        (G2Affine.Generator.Y + Fp2.One).C0.ToBytesBE(u2.AsSpan(144));
        AssertG2Rejects(u2, PointDecodeError.NotOnCurve);
    }

    static void AssertG1Rejects(byte[] input, PointDecodeError expected)
    {
        Assert.False(G1Encoding.TryDecode(input, out var p, out var e));
        Assert.Equal(expected, e);
        Assert.True(p.IsInfinity);
        Assert.Equal(expected, Assert.Throws<PointDecodeException>(() => G1Encoding.Decode(input)).Reason);
    }

    static void AssertG2Rejects(byte[] input, PointDecodeError expected)
    {
        Assert.False(G2Encoding.TryDecode(input, out _, out var e));
        Assert.Equal(expected, e);
        Assert.Equal(expected, Assert.Throws<PointDecodeException>(() => G2Encoding.Decode(input)).Reason);
    }
}
