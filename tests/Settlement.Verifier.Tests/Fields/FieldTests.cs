using System.Numerics;
using CsCheck;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>Fp and Fr against System.Numerics.BigInteger as an independent oracle, plus the field laws.</summary>
public class FieldTests
{
    static readonly Gen<BigInteger> GenP = Gen.Byte.Array[64].Select(b => new BigInteger(b, isUnsigned: true) % Fp.Modulus);
    static readonly Gen<BigInteger> GenR = Gen.Byte.Array[64].Select(b => new BigInteger(b, isUnsigned: true) % Fr.Modulus);

    // Values next to the edges of the representation, where carry bugs live.
    static readonly BigInteger[] EdgesP = [0, 1, 2, Fp.Modulus - 1, Fp.Modulus - 2, (Fp.Modulus - 1) / 2, BigInteger.Pow(2, 64) - 1, BigInteger.Pow(2, 380), BigInteger.Pow(2, 192)];
    static readonly BigInteger[] EdgesR = [0, 1, 2, Fr.Modulus - 1, Fr.Modulus - 2, (Fr.Modulus - 1) / 2, BigInteger.Pow(2, 64) - 1, BigInteger.Pow(2, 254), BigInteger.Pow(2, 128)];

    static BigInteger ModP(BigInteger x) { x %= Fp.Modulus; return x.Sign < 0 ? x + Fp.Modulus : x; }
    static BigInteger ModR(BigInteger x) { x %= Fr.Modulus; return x.Sign < 0 ? x + Fr.Modulus : x; }

    [Fact]
    public void Fp_matches_biginteger()
    {
        Gen.Select(GenP, GenP).Sample((a, b) =>
        {
            var x = Fp.FromBigInteger(a); var y = Fp.FromBigInteger(b);
            return (x + y).ToBigInteger() == ModP(a + b)
                && (x - y).ToBigInteger() == ModP(a - b)
                && (x * y).ToBigInteger() == ModP(a * b)
                && x.Square().ToBigInteger() == ModP(a * a)
                && (-x).ToBigInteger() == ModP(-a);
        }, iter: 2000);
        foreach (var a in EdgesP)
            foreach (var b in EdgesP)
            {
                var x = Fp.FromBigInteger(a); var y = Fp.FromBigInteger(b);
                Assert.Equal(ModP(a * b), (x * y).ToBigInteger());
                Assert.Equal(ModP(a + b), (x + y).ToBigInteger());
                Assert.Equal(ModP(a - b), (x - y).ToBigInteger());
            }
    }

    [Fact]
    public void Fr_matches_biginteger()
    {
        Gen.Select(GenR, GenR).Sample((a, b) =>
        {
            var x = Fr.FromBigInteger(a); var y = Fr.FromBigInteger(b);
            return (x + y).ToBigInteger() == ModR(a + b)
                && (x - y).ToBigInteger() == ModR(a - b)
                && (x * y).ToBigInteger() == ModR(a * b)
                && (-x).ToBigInteger() == ModR(-a);
        }, iter: 2000);
        foreach (var a in EdgesR)
            foreach (var b in EdgesR)
            {
                var x = Fr.FromBigInteger(a); var y = Fr.FromBigInteger(b);
                Assert.Equal(ModR(a * b), (x * y).ToBigInteger());
                Assert.Equal(ModR(a + b), (x + y).ToBigInteger());
                Assert.Equal(ModR(a - b), (x - y).ToBigInteger());
            }
    }

    [Fact]
    public void Inverse_sqrt_and_legendre()
    {
        GenP.Where(a => !a.IsZero).Sample(a =>
        {
            var x = Fp.FromBigInteger(a);
            Assert.True((x * x.Inverse()).IsOne);
            var sq = x.Square();
            Assert.True(sq.TrySqrt(out var s));
            Assert.True(s == x || s == -x);
            Assert.Equal(x.Legendre() == 1, x.TrySqrt(out _));
        }, iter: 100);
        GenR.Where(a => !a.IsZero).Sample(a =>
        {
            var x = Fr.FromBigInteger(a);
            Assert.True((x * x.Inverse()).IsOne);
            Assert.True(x.Square().TrySqrt(out var s));
            Assert.True(s == x || s == -x);
            Assert.Equal(x.Legendre() == 1, x.TrySqrt(out _));
        }, iter: 100);
        Assert.True(Fp.Zero.Inverse().IsZero);
    }

    [Fact]
    public void Fr_root_of_unity_has_order_2_pow_32()
    {
        var w = Fr.RootOfUnity;
        for (int i = 0; i < 31; i++) w = w.Square();
        Assert.Equal(Fr.One, -w); // w^(2^31) = −1
        Assert.True(w.Square().IsOne);
    }

    [Fact]
    public void Decoding_rejects_non_canonical()
    {
        var pBytes = Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.False(Fp.TryFromBytesBE(pBytes, out _));
        var pm1 = (Fp.Modulus - 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.True(Fp.TryFromBytesBE(pm1, out var v));
        Assert.Equal(Fp.Modulus - 1, v.ToBigInteger());
        Assert.False(Fp.TryFromBytesBE(new byte[47], out _));
        var rBytes = Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.False(Fr.TryFromBytesBE(rBytes, out _));
        Array.Reverse(rBytes);
        Assert.False(Fr.TryFromBytesLE(rBytes, out _));
        Assert.False(Fr.TryParseDecimal(Fr.Modulus.ToString(), out _));
        Assert.False(Fr.TryParseDecimal("-1", out _));
        Assert.False(Fr.TryParseDecimal("01", out _));
        Assert.True(Fr.TryParseDecimal((Fr.Modulus - 1).ToString(), out var m1));
        Assert.Equal(-Fr.One, m1);
    }

    [Fact]
    public void Byte_round_trips()
    {
        GenP.Sample(a =>
        {
            var x = Fp.FromBigInteger(a);
            Assert.True(Fp.TryFromBytesBE(x.ToBytesBE(), out var y));
            Assert.Equal(x, y);
            Span<byte> m = stackalloc byte[48];
            x.ToMontgomeryLE(m);
            Assert.True(Fp.TryFromMontgomeryLE(m, out var z));
            Assert.Equal(x, z);
        }, iter: 200);
        GenR.Sample(a =>
        {
            var x = Fr.FromBigInteger(a);
            Span<byte> b = stackalloc byte[32];
            x.ToBytesLE(b);
            Assert.True(Fr.TryFromBytesLE(b, out var y));
            Assert.Equal(x, y);
            Assert.True(Fr.TryParseDecimal(x.ToDecimalString(), out var z));
            Assert.Equal(x, z);
        }, iter: 200);
        Assert.Equal(-Fr.One, Fr.FromInt64(-1));
        Assert.Equal(Fr.FromBigInteger(long.MinValue), Fr.FromInt64(long.MinValue));
    }

    [Fact]
    public void Fp2_laws_and_sqrt()
    {
        var g = Gen.Select(GenP, GenP).Select((a, b) => Fp2.FromBigIntegers(a, b));
        Gen.Select(g, g, g).Sample((x, y, z) =>
        {
            Assert.Equal(x * (y + z), x * y + x * z);
            Assert.Equal((x * y) * z, x * (y * z));
            Assert.Equal(x * x, x.Square());
            if (!x.IsZero) Assert.True((x * x.Inverse()).IsOne);
            Assert.True(x.Square().TrySqrt(out var s));
            Assert.True(s == x || s == -x);
            Assert.Equal(x.IsSquare, x.TrySqrt(out _));
            // u² = −1
            var u = new Fp2(Fp.Zero, Fp.One);
            Assert.Equal(-Fp2.One, u * u);
            // Frobenius is x^p.
            Assert.Equal(x.Frobenius(1), x.Pow(Fp.ToLimbs(Fp.Modulus)));
        }, iter: 30);
    }
}
