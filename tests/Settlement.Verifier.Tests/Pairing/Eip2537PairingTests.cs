using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Pairing;

/// <summary>
/// EIP-2537 BLS12_PAIRING_CHECK vectors: input = k × (G1 128 bytes ‖ G2 256 bytes), each F_p coordinate 64 bytes
/// big-endian with 16 zero bytes on top, G2 as x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, infinity all zeros; every point must be on
/// its curve and in the subgroup; output 32 bytes, 1 when the product of pairings is 1. Files with the fail- prefix
/// hold inputs that must all be rejected. The small parser lives here until the shared EIP-2537 codec lands.
/// </summary>
public class Eip2537PairingTests
{
    const int FpBytes = 64, G1Bytes = 2 * FpBytes, G2Bytes = 4 * FpBytes, PairBytes = G1Bytes + G2Bytes;

    public static IEnumerable<object[]> Files => VectorCatalog.Cases("eip2537-pairing");

    sealed record Case(string Name, string Input, string? Expected, string? ExpectedError);

    [Theory]
    [MemberData(nameof(Files))]
    public void Pairing_check_vectors(string path)
    {
        VectorCatalog.RequirePresent(path);
        var cases = JsonSerializer.Deserialize<Case[]>(File.ReadAllText(path))!;
        Assert.NotEmpty(cases);
        bool mustFail = VectorCatalog.MustFail(path);
        foreach (var c in cases)
        {
            var input = Convert.FromHexString(c.Input.StartsWith("0x") ? c.Input[2..] : c.Input);
            var error = TryPairingCheck(input, out bool result);
            if (mustFail || c.ExpectedError is not null)
            {
                Assert.True(error is not null, $"{c.Name}: accepted an input that must fail ({c.ExpectedError})");
                continue;
            }
            Assert.True(error is null, $"{c.Name}: rejected a valid input: {error}");
            var expected = Convert.FromHexString(c.Expected!);
            var output = new byte[32];
            output[31] = result ? (byte)1 : (byte)0;
            Assert.True(expected.AsSpan().SequenceEqual(output), $"{c.Name}: expected {c.Expected}, got {result}");
        }
    }

    /// <summary>Rejections the published files may not cover, derived from a valid input.</summary>
    [Fact]
    public void Malformed_inputs_are_rejected()
    {
        var valid = new byte[PairBytes];
        WriteFp(valid.AsSpan(0), G1.GeneratorX); WriteFp(valid.AsSpan(FpBytes), G1.GeneratorY);
        WriteFp(valid.AsSpan(G1Bytes), G2.GeneratorX.C0); WriteFp(valid.AsSpan(G1Bytes + FpBytes), G2.GeneratorX.C1);
        WriteFp(valid.AsSpan(G1Bytes + 2 * FpBytes), G2.GeneratorY.C0); WriteFp(valid.AsSpan(G1Bytes + 3 * FpBytes), G2.GeneratorY.C1);
        Assert.Null(TryPairingCheck(valid, out bool r));
        Assert.False(r);
        Assert.Equal("invalid input length", TryPairingCheck([], out _));
        Assert.Equal("invalid input length", TryPairingCheck(valid.AsSpan(1), out _));
        var top = (byte[])valid.Clone(); top[0] = 1;
        Assert.Equal("invalid field element top bytes", TryPairingCheck(top, out _));
        var big = (byte[])valid.Clone(); big.AsSpan(16, 48).Fill(0xff);
        Assert.Equal("invalid fp.Element encoding", TryPairingCheck(big, out _));
        var off = (byte[])valid.Clone(); off[FpBytes + 63] ^= 1;
        Assert.Equal("invalid point: not on curve", TryPairingCheck(off, out _));
        // A G1 point on the curve outside the subgroup: x = 0 has y² = 4, y = 2, and (0, 2) has order 3.
        var small = (byte[])valid.Clone(); small.AsSpan(0, G1Bytes).Clear(); small[G1Bytes - 1] = 2;
        Assert.Equal("invalid point: not in subgroup", TryPairingCheck(small, out _));
    }

    static void WriteFp(Span<byte> dest, in Fp x) => x.ToBytesBE(dest.Slice(16, 48));

    /// <summary>The precompile: null on success (with the result), or the rejection reason.</summary>
    static string? TryPairingCheck(ReadOnlySpan<byte> input, out bool result)
    {
        result = false;
        if (input.Length == 0 || input.Length % PairBytes != 0) return "invalid input length";
        var pairs = new (G1Affine, G2Affine)[input.Length / PairBytes];
        for (int i = 0; i < pairs.Length; i++)
        {
            var pair = input.Slice(i * PairBytes, PairBytes);
            var e1 = TryG1(pair[..G1Bytes], out var p);
            if (e1 is not null) return e1;
            var e2 = TryG2(pair[G1Bytes..], out var q);
            if (e2 is not null) return e2;
            pairs[i] = (p, q);
        }
        result = Bls12381.Pairing.PairingCheck(pairs);
        return null;
    }

    static string? TryFp(ReadOnlySpan<byte> b, out Fp x)
    {
        x = default;
        if (b[..16].IndexOfAnyExcept((byte)0) >= 0) return "invalid field element top bytes";
        return Fp.TryFromBytesBE(b[16..], out x) ? null : "invalid fp.Element encoding";
    }

    static string? TryG1(ReadOnlySpan<byte> b, out G1Affine p)
    {
        p = G1Affine.Infinity;
        string? e;
        if ((e = TryFp(b[..FpBytes], out var x)) is not null || (e = TryFp(b[FpBytes..], out var y)) is not null) return e;
        if (b.IndexOfAnyExcept((byte)0) < 0) return null;
        p = G1Affine.FromCoordinatesUnchecked(x, y);
        if (!p.IsOnCurve) return "invalid point: not on curve";
        return G1.IsInSubgroup(p) ? null : "invalid point: not in subgroup";
    }

    static string? TryG2(ReadOnlySpan<byte> b, out G2Affine q)
    {
        q = G2Affine.Infinity;
        string? e;
        if ((e = TryFp(b[..FpBytes], out var x0)) is not null || (e = TryFp(b[FpBytes..(2 * FpBytes)], out var x1)) is not null
            || (e = TryFp(b[(2 * FpBytes)..(3 * FpBytes)], out var y0)) is not null || (e = TryFp(b[(3 * FpBytes)..], out var y1)) is not null)
            return e;
        if (b.IndexOfAnyExcept((byte)0) < 0) return null;
        q = G2Affine.FromCoordinatesUnchecked(new Fp2(x0, x1), new Fp2(y0, y1));
        if (!q.IsOnCurve) return "invalid point: not on curve";
        return G2.IsInSubgroup(q) ? null : "invalid point: not in subgroup";
    }
}
