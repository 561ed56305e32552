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
    public static IEnumerable<object[]> G1Compressed => VectorCatalog.Cases("zkcrypto-g1-compressed");
    public static IEnumerable<object[]> G1Uncompressed => VectorCatalog.Cases("zkcrypto-g1-uncompressed");
    public static IEnumerable<object[]> G2Compressed => VectorCatalog.Cases("zkcrypto-g2-compressed");
    public static IEnumerable<object[]> G2Uncompressed => VectorCatalog.Cases("zkcrypto-g2-uncompressed");
    public static IEnumerable<object[]> EthG1 => VectorCatalog.Cases("eth-bls-deserialization_G1");
    public static IEnumerable<object[]> EthG2 => VectorCatalog.Cases("eth-bls-deserialization_G2");

    const int ZkcryptoEntries = 1000;

    [Theory, MemberData(nameof(G1Compressed))]
    public void Zkcrypto_g1_compressed(string path) => CheckG1(path, G1Encoding.CompressedSize, compressed: true);

    [Theory, MemberData(nameof(G1Uncompressed))]
    public void Zkcrypto_g1_uncompressed(string path) => CheckG1(path, G1Encoding.UncompressedSize, compressed: false);

    [Theory, MemberData(nameof(G2Compressed))]
    public void Zkcrypto_g2_compressed(string path) => CheckG2(path, G2Encoding.CompressedSize, compressed: true);

    [Theory, MemberData(nameof(G2Uncompressed))]
    public void Zkcrypto_g2_uncompressed(string path) => CheckG2(path, G2Encoding.UncompressedSize, compressed: false);

    static void CheckG1(string path, int size, bool compressed)
    {
        if (path == "(none)") return;
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
        if (path == "(none)") return;
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
        if (path == "(none)") return;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var hex = doc.RootElement.GetProperty("input").GetProperty(field).GetString()!;
        if (hex.StartsWith("0x")) hex = hex[2..];
        bool expected = doc.RootElement.GetProperty("output").GetBoolean();
        // An odd number of hex digits is not a byte string at all: it can only be a must-fail case.
        bool accepted = hex.Length % 2 == 0 && decode(Convert.FromHexString(hex));
        Assert.Equal(expected, accepted);
    }
}
