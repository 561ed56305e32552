using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using static Settlement.Verifier.Tests.Groth16.Groth16Fixtures;

namespace Settlement.Verifier.Tests.Groth16;

public class ProofEncodingTests
{
    static Groth16Exception Refused(byte[] b) => Assert.Throws<Groth16Exception>(() => ProofEncoding.Decode(b));

    [Fact]
    public void Both_forms_round_trip_and_verify()
    {
        var fx = Multiplier();
        var pvk = new PreparedVerifyingKey(fx.Key);
        var compressed = ProofEncoding.Compress(fx.Proof);
        var uncompressed = ProofEncoding.Serialize(fx.Proof);
        Assert.Equal(192, compressed.Length);
        Assert.Equal(384, uncompressed.Length);
        Assert.Equal(fx.Proof, ProofEncoding.Decode(compressed));
        Assert.Equal(fx.Proof, ProofEncoding.Decode(uncompressed));
        Assert.True(Groth16Verifier.Verify(pvk, ProofEncoding.Decode(compressed), fx.PublicInputs));
        // The layout is A ‖ B ‖ C with the points' own encodings.
        Assert.Equal(G1Encoding.Compress(fx.Proof.A), compressed[..48]);
        Assert.Equal(G2Encoding.Compress(fx.Proof.B), compressed[48..144]);
        Assert.Equal(G1Encoding.Compress(fx.Proof.C), compressed[144..]);
    }

    [Fact]
    public void Malformed_encodings_are_refused_with_the_point_named()
    {
        var fx = Multiplier();
        var compressed = ProofEncoding.Compress(fx.Proof);
        var uncompressed = ProofEncoding.Serialize(fx.Proof);

        Assert.Equal(Groth16Error.MalformedEncoding, Refused(compressed[..191]).Error);
        Assert.Equal(Groth16Error.MalformedEncoding, Refused([.. uncompressed, 0]).Error);

        // A at infinity (canonical compressed infinity): decodes as a point, refused as a proof.
        var inf = (byte[])compressed.Clone();
        inf.AsSpan(0, 48).Clear(); inf[0] = 0xC0;
        var e = Refused(inf);
        Assert.Equal(Groth16Error.PointAtInfinity, e.Error);
        Assert.Equal("A", e.Field);

        // Compression flag cleared on C in the compressed form.
        var flag = (byte[])compressed.Clone(); flag[144] &= 0x7F;
        e = Refused(flag);
        Assert.Equal(Groth16Error.MalformedEncoding, e.Error);
        Assert.Equal("C", e.Field);

        // A moved off the curve (uncompressed, last byte of y changed).
        var off = (byte[])uncompressed.Clone(); off[95] ^= 1;
        e = Refused(off);
        Assert.Equal(Groth16Error.PointNotOnCurve, e.Error);
        Assert.Equal("A", e.Field);

        // B replaced by a twist point outside G2; A by the order-3 point (0, 2).
        var twist = (byte[])uncompressed.Clone();
        G2Encoding.Serialize(TwistPointOutsideG2(), twist.AsSpan(96, 192));
        e = Refused(twist);
        Assert.Equal(Groth16Error.PointNotInSubgroup, e.Error);
        Assert.Equal("B", e.Field);
        var small = (byte[])uncompressed.Clone();
        G1Encoding.Serialize(G1PointOutsideSubgroup, small.AsSpan(0, 96));
        Assert.Equal(Groth16Error.PointNotInSubgroup, Refused(small).Error);

        // A coordinate ≥ p.
        var big = (byte[])uncompressed.Clone(); big.AsSpan(96, 48).Fill(0xff);
        Assert.Equal(Groth16Error.MalformedEncoding, Refused(big).Error);
    }
}
