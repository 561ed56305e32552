using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Evm.Tests;

/// <summary>Byte helpers for building calldata the contract must refuse.</summary>
internal static class Bytes
{
    public static BigInteger ToBig(Fr x)
    {
        var b = new byte[Fr.ByteLength];
        x.ToBytesBE(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    /// <summary><paramref name="v"/> big-endian, left-padded to <paramref name="length"/> bytes.</summary>
    public static byte[] BigEndian(BigInteger v, int length)
    {
        var b = v.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[length - b.Length], .. b];
    }

    /// <summary>A copy of <paramref name="encoded"/> with <paramref name="bytes"/> written at <paramref name="at"/>.</summary>
    public static byte[] Patched(byte[] encoded, int at, ReadOnlySpan<byte> bytes)
    {
        var p = (byte[])encoded.Clone();
        bytes.CopyTo(p.AsSpan(at));
        return p;
    }

    /// <summary>EIP-2537 encodings of points that need not be valid (off the curve, outside the subgroup).</summary>
    public static byte[] G1(in G1Affine p) { var b = new byte[Eip2537.G1PointSize]; Eip2537.EncodeG1(p, b); return b; }
    public static byte[] G2(in G2Affine p) { var b = new byte[Eip2537.G2PointSize]; Eip2537.EncodeG2(p, b); return b; }
}
