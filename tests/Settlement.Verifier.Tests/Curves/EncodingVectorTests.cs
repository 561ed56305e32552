using System.Numerics;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>
/// Every file of the zkcrypto encoding families (i·G for i = 0..999, each entry decoded, compared with the running
/// multiple and re-encoded) and of the Ethereum bls12-381-tests deserialization families.
/// </summary>
public class EncodingVectorTests
{
    public static IEnumerable<object[]> Zkcrypto => VectorCatalog.Cases("zkcrypto-encodings");
    public static IEnumerable<object[]> EthG1 => VectorCatalog.Cases("eth-bls-deserialization_G1");
    public static IEnumerable<object[]> EthG2 => VectorCatalog.Cases("eth-bls-deserialization_G2");

    const int ZkcryptoEntries = 1000;

    /// <summary>
    /// Each zkcrypto file names its group and form (g1/g2, compressed/uncompressed). Two of the four are shipped;
    /// the others run when another vector root holds them.
    /// </summary>
    [Theory, MemberData(nameof(Zkcrypto))]
    public void Zkcrypto_encodings(string path)
    {
        VectorCatalog.RequirePresent(path);
        var name = Path.GetFileName(path).ToLowerInvariant();
        bool compressed = !name.Contains("uncompressed");
        if (name.StartsWith("g1")) CheckG1(path, compressed ? G1Encoding.CompressedSize : G1Encoding.UncompressedSize, compressed);
        else if (name.StartsWith("g2")) CheckG2(path, compressed ? G2Encoding.CompressedSize : G2Encoding.UncompressedSize, compressed);
        else throw new Xunit.Sdk.XunitException($"{path}: the file name names neither g1 nor g2");
    }

    static void CheckG1(string path, int size, bool compressed)
    {
        VectorCatalog.RequirePresent(path);
        var data = File.ReadAllBytes(path);
        Assert.Equal(ZkcryptoEntries * size, data.Length);
        var acc = G1Jacobian.Identity;
        var buf = new byte[size];
        for (int i = 0; i < ZkcryptoEntries; i++)
        {
            var entry = data.AsSpan(i * size, size);
            Assert.True(G1Encoding.TryDecode(entry, out var p, out var err), $"entry {i}: {err}");
            Assert.Equal(acc.ToAffine(), p);
            if (compressed) G1Encoding.Compress(p, buf); else G1Encoding.Serialize(p, buf);
            Assert.True(entry.SequenceEqual(buf), $"entry {i} re-encodes differently");
            acc = acc.AddMixed(G1Affine.Generator);
        }
    }

    static void CheckG2(string path, int size, bool compressed)
    {
        VectorCatalog.RequirePresent(path);
        var data = File.ReadAllBytes(path);
        Assert.Equal(ZkcryptoEntries * size, data.Length);
        var acc = G2Jacobian.Identity;
        var buf = new byte[size];
        for (int i = 0; i < ZkcryptoEntries; i++)
        {
            var entry = data.AsSpan(i * size, size);
            Assert.True(G2Encoding.TryDecode(entry, out var p, out var err), $"entry {i}: {err}");
            Assert.Equal(acc.ToAffine(), p);
            if (compressed) G2Encoding.Compress(p, buf); else G2Encoding.Serialize(p, buf);
            Assert.True(entry.SequenceEqual(buf), $"entry {i} re-encodes differently");
            acc = acc.AddMixed(G2Affine.Generator);
        }
    }

    /// <summary>Each file: {"input": {"pubkey" | "signature": hex}, "output": bool}; keys are compressed G1, signatures compressed G2.</summary>
    [Theory, MemberData(nameof(EthG1))]
    public void Eth_deserialization_g1(string path) => CheckEth(path, "pubkey", b => G1Encoding.TryDecompress(b, out _, out _));

    [Theory, MemberData(nameof(EthG2))]
    public void Eth_deserialization_g2(string path) => CheckEth(path, "signature", b => G2Encoding.TryDecompress(b, out _, out _));

    delegate bool Decoder(ReadOnlySpan<byte> input);

    static void CheckEth(string path, string field, Decoder decode)
    {
        VectorCatalog.RequirePresent(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var hex = doc.RootElement.GetProperty("input").GetProperty(field).GetString()!;
        if (hex.StartsWith("0x")) hex = hex[2..];
        bool expected = doc.RootElement.GetProperty("output").GetBoolean();
        // An odd number of hex digits is not a byte string at all: it can only be a must-fail case.
        bool accepted = hex.Length % 2 == 0 && decode(Convert.FromHexString(hex));
        Assert.Equal(expected, accepted);
    }
}
