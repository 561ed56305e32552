using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Conformance;

/// <summary>
/// EIP-2537 BLS12_MAP_FP_TO_G1 and BLS12_MAP_FP2_TO_G2 (<see cref="Eip2537Map"/>): map_to_curve + clear_cofactor of
/// one field element. Every file of the families <c>eip2537-map-g1</c> and <c>eip2537-map-g2</c>; in <c>fail-</c>
/// files every case must be rejected. The output bytes are compared, and the point again coordinate by coordinate
/// through a decoder written here (so a fault in the shared codec cannot hide a fault in the map).
/// </summary>
public class Eip2537MapTests
{
    const int PaddedFpLength = 64;
    const int PaddingLength = PaddedFpLength - Fp.ByteLength;

    public static IEnumerable<object[]> MapG1Files => VectorCatalog.Cases("eip2537-map-g1");
    public static IEnumerable<object[]> MapG2Files => VectorCatalog.Cases("eip2537-map-g2");

    [Theory]
    [MemberData(nameof(MapG1Files))]
    public void Map_fp_to_G1(string path)
    {
        VectorCatalog.RequirePresent(path);
        bool mustFail = VectorCatalog.MustFail(path);
        foreach (var (name, input, expected) in Cases(path, mustFail))
        {
            var output = new byte[Eip2537.G1PointSize];
            bool ok = Eip2537Map.TryMapFpToG1(input, output, out var error);
            if (mustFail)
            {
                Assert.False(ok, $"{name}: must be rejected");
                Assert.NotEqual(Eip2537Error.None, error);
                Assert.Equal(error, Assert.Throws<Eip2537Exception>(() => Eip2537Map.MapFpToG1(input)).Error);
                continue;
            }
            Assert.True(ok, $"{name}: valid input rejected ({error})");
            Assert.Equal(Convert.ToHexString(expected!), Convert.ToHexString(output));
            // The same point, coordinate by coordinate, through the F_p-level entry point.
            Assert.True(TryDecodeFp(input, 0, 1, out var u));
            var p = HashToCurve.MapFpToG1(u);
            Assert.True(p.X == ExpectFp(expected!, 0, 2) && p.Y == ExpectFp(expected!, 1, 2), name);
        }
    }

    [Theory]
    [MemberData(nameof(MapG2Files))]
    public void Map_fp2_to_G2(string path)
    {
        VectorCatalog.RequirePresent(path);
        bool mustFail = VectorCatalog.MustFail(path);
        foreach (var (name, input, expected) in Cases(path, mustFail))
        {
            var output = new byte[Eip2537.G2PointSize];
            bool ok = Eip2537Map.TryMapFp2ToG2(input, output, out var error);
            if (mustFail)
            {
                Assert.False(ok, $"{name}: must be rejected");
                Assert.NotEqual(Eip2537Error.None, error);
                Assert.Equal(error, Assert.Throws<Eip2537Exception>(() => Eip2537Map.MapFp2ToG2(input)).Error);
                continue;
            }
            Assert.True(ok, $"{name}: valid input rejected ({error})");
            Assert.Equal(Convert.ToHexString(expected!), Convert.ToHexString(output));
            Assert.True(TryDecodeFp2(input, 0, 1, out var u));
            var p = HashToCurve.MapFp2ToG2(u);
            Assert.True(p.X == ExpectFp2(expected!, 0, 2) && p.Y == ExpectFp2(expected!, 1, 2), name);
        }
    }

    /// <summary>The rejection reasons of the fail- files, one per rule: length, non-zero padding, value not below p.</summary>
    [Fact]
    public void Rejections_name_the_rule()
    {
        var output = new byte[Eip2537.G1PointSize];
        Assert.False(Eip2537Map.TryMapFpToG1(new byte[63], output, out var e));
        Assert.Equal(Eip2537Error.InvalidInputLength, e);
        var padded = new byte[64];
        padded[0] = 1;
        Assert.False(Eip2537Map.TryMapFpToG1(padded, output, out e));
        Assert.Equal(Eip2537Error.FieldElementPaddingNotZero, e);
        var big = new byte[64];
        Fp.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(big, 16);
        Assert.False(Eip2537Map.TryMapFpToG1(big, output, out e));
        Assert.Equal(Eip2537Error.FieldElementNotCanonical, e);
        var g2Out = new byte[Eip2537.G2PointSize];
        var big2 = new byte[128];
        big.CopyTo(big2, 64); // c1 = p
        Assert.False(Eip2537Map.TryMapFp2ToG2(big2, g2Out, out e));
        Assert.Equal(Eip2537Error.FieldElementNotCanonical, e);
        Assert.False(Eip2537Map.TryMapFp2ToG2(new byte[129], g2Out, out e));
        Assert.Equal(Eip2537Error.InvalidInputLength, e);
    }

    /// <summary>
    /// The EIP's own map vectors are RFC 9380's encode_to_curve (NU) vectors: the case named
    /// bls_g1map_/bls_g2map_ + hex(first 8 bytes of msg) has input u = hash_to_field(msg, 1) under the RFC's
    /// NU test DST. This runs encode_to_curve end to end against them.
    /// </summary>
    [Theory]
    [InlineData("map_fp_to_G1_bls.json", "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_NU_", 1)]
    [InlineData("map_fp2_to_G2_bls.json", "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_NU_", 2)]
    public void EIP_map_vectors_are_the_RFC_encode_to_curve_vectors(string file, string dst, int degree)
    {
        var vf = VectorCatalog.All.FirstOrDefault(f => f.RelativePath == "eip2537/eips-assets/" + file);
        Assert.NotNull(vf);
        string[] rfcMessages = ["", "abc", "abcdef0123456789", "q128_" + new string('q', 128), "a512_" + new string('a', 512)];
        var byName = Cases(vf.FullPath, false).ToDictionary(c => c.Name);
        var dstBytes = Encoding.ASCII.GetBytes(dst);
        foreach (var m in rfcMessages)
        {
            var msg = Encoding.ASCII.GetBytes(m);
            var (_, input, expected) = byName[$"bls_g{degree}map_" + Convert.ToHexString(msg.AsSpan(0, Math.Min(8, msg.Length))).ToLowerInvariant()];
            if (degree == 1)
            {
                var u = new Fp[1];
                HashToField.ToFp(msg, dstBytes, u);
                Assert.True(TryDecodeFp(input, 0, 1, out var uExpected) && u[0] == uExpected);
                var p = HashToCurve.EncodeToG1(msg, dstBytes);
                var (x, y) = (ExpectFp(expected!, 0, 2), ExpectFp(expected!, 1, 2));
                Assert.True(p.X == x && p.Y == y, m);
            }
            else
            {
                var u = new Fp2[1];
                HashToField.ToFp2(msg, dstBytes, u);
                Assert.True(TryDecodeFp2(input, 0, 1, out var uExpected) && u[0] == uExpected);
                var p = HashToCurve.EncodeToG2(msg, dstBytes);
                var (x, y) = (ExpectFp2(expected!, 0, 2), ExpectFp2(expected!, 1, 2));
                Assert.True(p.X == x && p.Y == y, m);
            }
        }
    }

    static List<(string Name, byte[] Input, byte[]? Expected)> Cases(string path, bool mustFail)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var list = new List<(string, byte[], byte[]?)>();
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            var name = c.GetProperty("Name").GetString()!;
            var input = Convert.FromHexString(c.GetProperty("Input").GetString()!);
            byte[]? expected = null;
            if (mustFail) Assert.True(c.TryGetProperty("ExpectedError", out _), $"{name}: fail- case without ExpectedError");
            else expected = Convert.FromHexString(c.GetProperty("Expected").GetString()!);
            list.Add((name, input, expected));
        }
        Assert.NotEmpty(list);
        return list;
    }

    static Fp ExpectFp(byte[] buffer, int index, int count)
    {
        Assert.True(TryDecodeFp(buffer, index, count, out var v), "expected output is not a valid EIP-2537 encoding");
        return v;
    }

    static Fp2 ExpectFp2(byte[] buffer, int index, int count)
    {
        Assert.True(TryDecodeFp2(buffer, index, count, out var v), "expected output is not a valid EIP-2537 encoding");
        return v;
    }

    /// <summary>Element <paramref name="index"/> of a buffer that must be exactly <paramref name="count"/> padded F_p elements.</summary>
    static bool TryDecodeFp(byte[] buffer, int index, int count, out Fp value)
    {
        value = default;
        if (buffer.Length != count * PaddedFpLength) return false;                       // wrong length
        var e = buffer.AsSpan(index * PaddedFpLength, PaddedFpLength);
        if (e[..PaddingLength].IndexOfAnyExcept((byte)0) >= 0) return false;          // non-zero top 16 bytes
        return Fp.TryFromBytesBE(e[PaddingLength..], out value);                        // value ≥ p
    }

    /// <summary>F_p² element <paramref name="index"/> (c0 then c1) of a buffer of exactly <paramref name="count"/> F_p² elements.</summary>
    static bool TryDecodeFp2(byte[] buffer, int index, int count, out Fp2 value)
    {
        value = default;
        if (buffer.Length != count * 2 * PaddedFpLength) return false;
        if (!TryDecodeFp(buffer[(index * 2 * PaddedFpLength)..((index + 1) * 2 * PaddedFpLength)], 0, 2, out var c0)) return false;
        if (!TryDecodeFp(buffer[(index * 2 * PaddedFpLength)..((index + 1) * 2 * PaddedFpLength)], 1, 2, out var c1)) return false;
        value = new Fp2(c0, c1);
        return true;
    }
}
