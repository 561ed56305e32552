using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Conformance;

/// <summary>The EIP-2537 codec rules the vector files exercise only in part.</summary>
public class Eip2537CodecTests
{
    [Fact]
    public void Scalars_are_integers_reduced_only_through_the_group_order()
    {
        var rng = new Random(51);
        var max = BigInteger.Pow(2, 256) - 1;
        var cases = new List<BigInteger> { 0, 1, Fr.Modulus - 1, Fr.Modulus, Fr.Modulus + 1, 2 * Fr.Modulus, 2 * Fr.Modulus + 5, max };
        var buf = new byte[32];
        for (int i = 0; i < 50; i++) { rng.NextBytes(buf); cases.Add(new BigInteger(buf, isUnsigned: true, isBigEndian: true)); }
        foreach (var k in cases)
        {
            var be = new byte[32];
            k.TryWriteBytes(be.AsSpan(32 - k.GetByteCount(isUnsigned: true)), out _, isUnsigned: true, isBigEndian: true);
            Assert.Equal(k % Fr.Modulus, Eip2537.ScalarModR(be).ToBigInteger());
        }
        // G1MSM with k = r and k = r + 1 gives infinity and P: the integer, not a rejection.
        var input = new byte[Eip2537.G1MsmPairSize];
        Eip2537.EncodeG1(G1Affine.Generator, input.AsSpan(0, Eip2537.G1PointSize));
        Fr.Modulus.TryWriteBytes(input.AsSpan(Eip2537.G1PointSize), out _, isUnsigned: true, isBigEndian: true);
        Assert.Equal(new byte[Eip2537.G1PointSize], Eip2537.G1Msm(input));
        (Fr.Modulus + 1).TryWriteBytes(input.AsSpan(Eip2537.G1PointSize), out _, isUnsigned: true, isBigEndian: true);
        Assert.Equal(input[..Eip2537.G1PointSize], Eip2537.G1Msm(input));
    }

    [Fact]
    public void Field_elements_need_zero_padding_and_a_value_below_p()
    {
        var e = new byte[64];
        Assert.True(Eip2537.TryDecodeFp(e, out var z, out _) && z.IsZero);
        e[15] = 1;
        Assert.False(Eip2537.TryDecodeFp(e, out _, out var err));
        Assert.Equal(Eip2537Error.FieldElementPaddingNotZero, err);
        e[15] = 0;
        Fp.Modulus.TryWriteBytes(e.AsSpan(16), out _, isUnsigned: true, isBigEndian: true);
        Assert.False(Eip2537.TryDecodeFp(e, out _, out err));
        Assert.Equal(Eip2537Error.FieldElementNotCanonical, err);
        (Fp.Modulus - 1).TryWriteBytes(e.AsSpan(16), out _, isUnsigned: true, isBigEndian: true);
        Assert.True(Eip2537.TryDecodeFp(e, out var pm1, out _));
        Assert.Equal(-Fp.One, pm1);
        Assert.False(Eip2537.TryDecodeFp(e.AsSpan(1), out _, out err));
        Assert.Equal(Eip2537Error.InvalidInputLength, err);
    }

    [Fact]
    public void Add_skips_the_subgroup_check_and_msm_does_not()
    {
        var rng = new Random(52);
        G1Affine off;
        do
        {
            var x = Fp.Random(rng);
            if ((x.Square() * x + G1.B).TrySqrt(out var y)) { off = G1Affine.FromCoordinatesUnchecked(x, y); break; }
        } while (true);
        Assert.False(G1.IsInSubgroup(off));
        var add = new byte[Eip2537.G1AddInputSize];
        Eip2537.EncodeG1(off, add.AsSpan(0, 128));
        var sum = Eip2537.G1Add(add); // off + infinity = off
        Assert.Equal(add[..128], sum);
        var msm = new byte[Eip2537.G1MsmPairSize];
        Eip2537.EncodeG1(off, msm.AsSpan(0, 128));
        msm[^1] = 1;
        Assert.Equal(Eip2537Error.PointNotInSubgroup, Assert.Throws<Eip2537Exception>(() => Eip2537.G1Msm(msm)).Error);

        // G2 and a multi-pair MSM against the generic multiplication.
        var pairs = 3;
        var input = new byte[pairs * Eip2537.G2MsmPairSize];
        var expected = G2Jacobian.Identity;
        for (int i = 0; i < pairs; i++)
        {
            var p = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
            var kb = new byte[32]; rng.NextBytes(kb);
            var k = new BigInteger(kb, isUnsigned: true, isBigEndian: true);
            Eip2537.EncodeG2(p, input.AsSpan(i * Eip2537.G2MsmPairSize, Eip2537.G2PointSize));
            kb.CopyTo(input, i * Eip2537.G2MsmPairSize + Eip2537.G2PointSize);
            expected += p.ToJacobian().MultiplyBy(k);
        }
        var outBytes = new byte[Eip2537.G2PointSize];
        Eip2537.EncodeG2(expected.ToAffine(), outBytes);
        Assert.Equal(outBytes, Eip2537.G2Msm(input));
        Assert.Equal(Eip2537Error.InvalidInputLength, Assert.Throws<Eip2537Exception>(() => Eip2537.G2Msm(input.AsSpan(1))).Error);
        Assert.Equal(Eip2537Error.InvalidInputLength, Assert.Throws<Eip2537Exception>(() => Eip2537.G2Msm([])).Error);
    }
}
