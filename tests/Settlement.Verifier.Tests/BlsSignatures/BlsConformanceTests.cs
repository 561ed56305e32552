using System.Text.Json;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.BlsSignatures;

/// <summary>
/// ethereum/bls12-381-tests (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_) and noble-curves' basic-scheme
/// sign vectors: every file of each family. <c>output: null</c> means the operation must fail; inputs that do not
/// decode (bad length, encoding, subgroup, infinity key) count as a failed verification, as the formats specify.
/// </summary>
public class BlsConformanceTests
{
    public static IEnumerable<object[]> SignFiles => VectorCatalog.Cases("eth-bls-sign");
    public static IEnumerable<object[]> VerifyFiles => VectorCatalog.Cases("eth-bls-verify");
    public static IEnumerable<object[]> AggregateFiles => VectorCatalog.Cases("eth-bls-aggregate");
    public static IEnumerable<object[]> AggregateVerifyFiles => VectorCatalog.Cases("eth-bls-aggregate_verify");
    public static IEnumerable<object[]> FastAggregateVerifyFiles => VectorCatalog.Cases("eth-bls-fast_aggregate_verify");
    public static IEnumerable<object[]> BatchVerifyFiles => VectorCatalog.Cases("eth-bls-batch_verify");
    public static IEnumerable<object[]> NobleFiles => VectorCatalog.Cases("bls-noble-nul");

    [Theory]
    [MemberData(nameof(SignFiles))]
    public void Sign(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        bool keyOk = SecretKey.TryFromBytes(Hex(input.GetProperty("privkey")), out var sk, out _);
        if (output.ValueKind == JsonValueKind.Null) { Assert.False(keyOk, "a key the vector rejects was accepted"); return; }
        Assert.True(keyOk);
        var sig = PopScheme.Sign(sk!, Hex(input.GetProperty("message")));
        Assert.Equal(Convert.ToHexString(Hex(output)), Convert.ToHexString(sig.ToBytes()));
        Assert.True(PopScheme.Verify(PopScheme.SkToPk(sk!), Hex(input.GetProperty("message")), sig));
    }

    [Theory]
    [MemberData(nameof(VerifyFiles))]
    public void Verify(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        bool result = PublicKey.TryFromBytes(Hex(input.GetProperty("pubkey")), out var pk, out _)
            && Signature.TryFromBytes(Hex(input.GetProperty("signature")), out var sig, out _)
            && PopScheme.Verify(pk, Hex(input.GetProperty("message")), sig);
        Assert.Equal(output.GetBoolean(), result);
    }

    [Theory]
    [MemberData(nameof(AggregateFiles))]
    public void Aggregate(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        var sigs = input.EnumerateArray().Select(e => Signature.FromBytes(Hex(e))).ToArray();
        if (output.ValueKind == JsonValueKind.Null)
        {
            Assert.Equal(BlsError.EmptyInput, Assert.Throws<BlsException>(() => PopScheme.Aggregate(sigs)).Error);
            return;
        }
        Assert.Equal(Convert.ToHexString(Hex(output)), Convert.ToHexString(PopScheme.Aggregate(sigs).ToBytes()));
    }

    [Theory]
    [MemberData(nameof(AggregateVerifyFiles))]
    public void AggregateVerify(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        bool result = TryKeys(input.GetProperty("pubkeys"), out var pks)
            && Signature.TryFromBytes(Hex(input.GetProperty("signature")), out var sig, out _)
            && PopScheme.AggregateVerify(pks, input.GetProperty("messages").EnumerateArray().Select(Hex).ToArray(), sig);
        Assert.Equal(output.GetBoolean(), result);
    }

    [Theory]
    [MemberData(nameof(FastAggregateVerifyFiles))]
    public void FastAggregateVerify(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        bool result = TryKeys(input.GetProperty("pubkeys"), out var pks)
            && Signature.TryFromBytes(Hex(input.GetProperty("signature")), out var sig, out _)
            && PopScheme.FastAggregateVerify(pks, Hex(input.GetProperty("message")), sig);
        Assert.Equal(output.GetBoolean(), result);
    }

    [Theory]
    [MemberData(nameof(BatchVerifyFiles))]
    public void BatchVerify(string path)
    {
        VectorCatalog.RequirePresent(path);
        var (input, output) = Load(path);
        var sigs = new List<Signature>();
        bool decoded = TryKeys(input.GetProperty("pubkeys"), out var pks);
        foreach (var s in input.GetProperty("signatures").EnumerateArray())
            if (Signature.TryFromBytes(Hex(s), out var sig, out _)) sigs.Add(sig); else decoded = false;
        bool result = decoded && PopScheme.BatchVerify(pks, input.GetProperty("messages").EnumerateArray().Select(Hex).ToArray(), sigs.ToArray());
        Assert.Equal(output.GetBoolean(), result);
    }

    /// <summary>
    /// noble-curves' basic-scheme KATs (<c>privkey:message:signature</c> per line, all lines): the G1 file is the
    /// min-signature scheme (shipped), the G2 file the min-public-key scheme (run when another vector root holds it).
    /// </summary>
    [Theory]
    [MemberData(nameof(NobleFiles))]
    public void Noble_sign_vectors(string path)
    {
        VectorCatalog.RequirePresent(path);
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.Contains("g2")) { MinPublicKeySignVectors(path); return; }
        Assert.Contains("g1", name);
        int count = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(':');
            Assert.Equal(3, parts.Length);
            if (NobleKey(parts[0]) is not { } sk) continue;
            var msg = Convert.FromHexString(parts[1]);
            var sig = BasicMinSigScheme.Sign(sk, msg);
            Assert.Equal(parts[2], Convert.ToHexString(sig).ToLowerInvariant());
            // Verify a deterministic sample (every 16th line) against the derived key; verification costs a pairing.
            if (count % 16 == 0)
            {
                Assert.True(BasicMinSigScheme.Verify(BasicMinSigScheme.SkToPk(sk), msg, sig, out var error), $"line {count + 1}: {error}");
                Assert.False(BasicMinSigScheme.Verify(BasicMinSigScheme.SkToPk(sk), [.. msg, 0], sig));
            }
            count++;
        }
        Assert.True(count > 0);
    }

    /// <summary>
    /// A KAT line's secret key. Keys outside [1, r − 1] are refused, not reduced (SecretKey's documented decision):
    /// such a line must be refused with the rule named, and is then no signing case for this implementation.
    /// </summary>
    static SecretKey? NobleKey(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        bool ok = SecretKey.TryFromBytes(bytes, out var sk, out var error);
        if (value >= Settlement.Verifier.Bls12381.Fr.Modulus) { Assert.False(ok); Assert.Equal(BlsError.SecretKeyNotBelowOrder, error); return null; }
        Assert.True(ok, $"key {hex}: {error}");
        return sk;
    }

    /// <summary>noble's basic-scheme min-public-key-size file (DST …G2…_NUL_): signatures in G2 with the NUL DST.</summary>
    static void MinPublicKeySignVectors(string path)
    {
        int count = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(':');
            Assert.Equal(3, parts.Length);
            if (NobleKey(parts[0]) is not { } sk) continue;
            var sig = Settlement.Verifier.Bls12381.HashToCurve.HashToG2Jacobian(Convert.FromHexString(parts[1]), "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_"u8);
            var expected = Settlement.Verifier.Bls12381.G2Encoding.Decompress(Convert.FromHexString(parts[2]));
            Assert.Equal(expected, Settlement.Verifier.Bls12381.ScalarMul.G2(sig, sk.Scalar).ToAffine());
            count++;
        }
        Assert.True(count > 0);
    }

    static (JsonElement Input, JsonElement Output) Load(string path)
    {
        var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return (doc.RootElement.GetProperty("input").Clone(), doc.RootElement.GetProperty("output").Clone());
    }

    static byte[] Hex(JsonElement e)
    {
        var s = e.GetString()!;
        return Convert.FromHexString(s.StartsWith("0x") ? s[2..] : s);
    }

    static bool TryKeys(JsonElement array, out PublicKey[] keys)
    {
        var list = new List<PublicKey>();
        bool ok = true;
        foreach (var e in array.EnumerateArray())
            if (PublicKey.TryFromBytes(Hex(e), out var pk, out _)) list.Add(pk); else ok = false;
        keys = [.. list];
        return ok;
    }
}
