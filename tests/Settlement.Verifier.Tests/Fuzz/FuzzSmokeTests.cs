using System.Globalization;
using System.Text;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Bundles;
using Settlement.Verifier.Tests.Conformance;
using Settlement.Verifier.Venue;

namespace Settlement.Verifier.Tests.Fuzz;

/// <summary>
/// Bounded random mutation of the decoders a venue exposes to untrusted bytes (tests/fuzz/README.md): the binary and
/// JSON bundle readers, the proof and point decoders, the config reader and <see cref="VenueVerifier.Accept(ReadOnlySpan{byte})"/>.
/// Each may fail only with its documented error type; anything else (an overflow, an out-of-memory, an index error)
/// fails the test with the seed and iteration that reproduce it. Seeds come from tests/fuzz/corpus/.
/// </summary>
public class FuzzSmokeTests
{
    private static readonly string CorpusDir = Path.Combine(VectorCatalog.RepositoryRoot, "tests", "fuzz", "corpus");

    /// <summary>SETTLEMENT_FUZZ_ITERATIONS overrides the smoke run's count per target (see tests/fuzz/README.md).</summary>
    private static int Iterations(int smoke) =>
        int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : smoke;

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 20261206;

    // ---- the corpus ------------------------------------------------------------------------------------------

    private static SecretKey Key(string role, int i) => SecretKey.KeyGen(Encoding.ASCII.GetBytes($"fuzz corpus {role} key {i}, public seed of 32+ bytes"));

    /// <summary>A configuration with the sizes of <see cref="BundleCodecTests.Sample"/> (V 3, C 2, NI 3, oracle 5, risk 3).</summary>
    internal static string ConfigJson()
    {
        static string K(SecretKey k)
        {
            var r = RegisteredKey.Of(k);
            return $"\"publicKey\": \"0x{Convert.ToHexString(r.PublicKey).ToLowerInvariant()}\", \"pop\": \"0x{Convert.ToHexString(r.Pop).ToLowerInvariant()}\"";
        }
        string venues = string.Join(",\n    ", Enumerable.Range(0, 3).Select(i => $"{{ \"name\": \"v{i}\", \"latencyMs\": {100 * (i + 1)}, {K(Key("venue", i))} }}"));
        string Members(string role, int n) => string.Join(",\n      ", Enumerable.Range(0, n).Select(i => $"{{ {K(Key(role, i))} }}"));
        return $$"""
        {
          "deploymentId": 3, "treeDepth": 8, "maxOps": 4, "maxPositions": 2,
          "venues": [
            {{venues}}
          ],
          "assets": [ { "symbol": "USDC", "decimals": 6, "sigmaMin": 0, "sigmaMax": 1000000 },
                      { "symbol": "ETH", "decimals": 9, "sigmaMin": 1000000, "sigmaMax": 20000000 } ],
          "instruments": [ { "symbol": "ETH-PERP", "kind": "perpetual", "underlying": 1, "quoteAsset": 0 },
                           { "symbol": "ETH-C", "kind": "call", "underlying": 1, "quoteAsset": 0, "strike": 300000000000, "expiry": 1900000000000 },
                           { "symbol": "ETH-P", "kind": "put", "underlying": 1, "quoteAsset": 0, "strike": 300000000000, "expiry": 1900000000000 } ],
          "oracle": { "members": [
              {{Members("oracle", 5)}}
            ], "quorum": 3, "freshnessWindowMs": 5000 },
          "riskCommittee": { "members": [
              {{Members("risk", 3)}}
            ], "quorum": 2 },
          "margin": { "zIm": 30000, "zMm": 20000, "closeOutMs": 240000, "haircutFloor": 100, "haircutCap": 500000,
                      "sigmaStep": 500000, "breaker": 100000, "tradeBand": 50000, "liquidationBand": 100000, "markBand": 50000,
                      "grid": [ { "shock": 0, "weight": 100 }, { "shock": 60, "weight": 100 }, { "shock": -60, "weight": 100 } ] }
        }
        """;
    }

    /// <summary>The seed files, by name. Regenerated with SETTLEMENT_WRITE_FUZZ_CORPUS=1 after a format change.</summary>
    private static Dictionary<string, byte[]> Generate()
    {
        var full = BundleCodecTests.Sample();
        return new()
        {
            ["bundle-full.stlb"] = full.ToBytes(),
            ["bundle-no-oracle-no-risk.stlb"] = BundleCodecTests.Sample(false, false).ToBytes(),
            ["bundle-full.json"] = Encoding.UTF8.GetBytes(full.ToJson()),
            ["proof-compressed.bin"] = full.Proof,
            ["proof-uncompressed.bin"] = ProofEncoding.Serialize(ProofEncoding.Decode(full.Proof)),
            ["g1-compressed.bin"] = full.Proof[..48],
            ["g1-uncompressed.bin"] = G1Encoding.Serialize(G1Encoding.Decompress(full.Proof.AsSpan(0, 48))),
            ["g2-compressed.bin"] = full.Proof[48..144],
            ["g2-uncompressed.bin"] = G2Encoding.Serialize(G2Encoding.Decompress(full.Proof.AsSpan(48, 96))),
            ["config.json"] = Encoding.UTF8.GetBytes(ConfigJson()),
        };
    }

    [Fact]
    public void The_corpus_is_present_and_current()
    {
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("SETTLEMENT_WRITE_FUZZ_CORPUS") == "1")
        {
            Directory.CreateDirectory(CorpusDir);
            foreach (var (name, bytes) in expected) File.WriteAllBytes(Path.Combine(CorpusDir, name), bytes);
        }
        foreach (var (name, bytes) in expected)
        {
            string path = Path.Combine(CorpusDir, name);
            Assert.True(File.Exists(path), $"{path} is missing: run the tests once with SETTLEMENT_WRITE_FUZZ_CORPUS=1 (tests/fuzz/README.md)");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)),
                $"{path} is not what the current encoders write (a format change?): regenerate with SETTLEMENT_WRITE_FUZZ_CORPUS=1");
        }
    }

    private static byte[] Corpus(string name)
    {
        string path = Path.Combine(CorpusDir, name);
        Assert.True(File.Exists(path), $"{path} is missing: run the tests once with SETTLEMENT_WRITE_FUZZ_CORPUS=1 (tests/fuzz/README.md)");
        return File.ReadAllBytes(path);
    }

    /// <summary>Runs <paramref name="target"/> on mutants of every seed; only <typeparamref name="TExpected"/> may escape.</summary>
    private static void Run<TExpected>(string target, IReadOnlyList<byte[]> seeds, int smoke, Action<byte[]> run) where TExpected : Exception
    {
        int seed = Seed, n = Iterations(smoke);
        var rng = new Random(seed ^ target.GetHashCode(StringComparison.Ordinal) & 0x7FFFFFFF);
        foreach (var s in seeds) Invoke(s, -1);
        for (int i = 0; i < n; i++) Invoke(Mutations.Bytes(seeds[i % seeds.Count], rng), i);

        void Invoke(byte[] input, int i)
        {
            try { run(input); }
            catch (TExpected) { }
            catch (Exception e)
            {
                Assert.Fail($"{target}: {e.GetType().Name} escaped on iteration {i} (SETTLEMENT_FUZZ_SEED={seed}); input 0x{Convert.ToHexString(input)}\n{e}");
            }
        }
    }

    [Fact]
    public void Bundle_decoder_fails_only_with_BundleFormatException()
    {
        byte[][] seeds = [Corpus("bundle-full.stlb"), Corpus("bundle-no-oracle-no-risk.stlb")];
        foreach (var s in seeds) _ = BundleCodec.Decode(s); // the seeds themselves are valid bundles
        Run<BundleFormatException>("BundleCodec", seeds, 3000, b => BundleCodec.Decode(b));
    }

    [Fact]
    public void Bundle_json_reader_fails_only_with_BundleFormatException()
    {
        string seed = Encoding.UTF8.GetString(Corpus("bundle-full.json"));
        _ = BundleJson.Read(seed);
        var rng = new Random(Seed);
        byte[][] mutants = [.. Enumerable.Range(0, Iterations(600)).Select(_ => Encoding.UTF8.GetBytes(Mutations.Json(seed, rng)))];
        Run<BundleFormatException>("BundleJson", mutants, 0, b => BundleJson.Read(Encoding.UTF8.GetString(b)));
    }

    [Fact]
    public void Proof_and_point_decoders_fail_only_with_their_documented_errors()
    {
        byte[][] proofs = [Corpus("proof-compressed.bin"), Corpus("proof-uncompressed.bin")];
        Run<Groth16Exception>("ProofEncoding", proofs, 1500, b => ProofEncoding.Decode(b));
        // The Try decoders report errors as values: nothing may be thrown at all.
        Run<NeverThrown>("G1", [Corpus("g1-compressed.bin"), Corpus("g1-uncompressed.bin")], 1500, b =>
        {
            G1Encoding.TryDecompress(b, out _, out _); G1Encoding.TryDecode(b, out _, out _); PublicKey.TryFromBytes(b, out _, out _);
        });
        Run<NeverThrown>("G2", [Corpus("g2-compressed.bin"), Corpus("g2-uncompressed.bin")], 1500, b =>
        {
            G2Encoding.TryDecompress(b, out _, out _); G2Encoding.TryDecode(b, out _, out _); Signature.TryFromBytes(b, out _, out _);
        });
    }

    [Fact]
    public void Config_reader_fails_only_with_ConfigException()
    {
        string seed = Encoding.UTF8.GetString(Corpus("config.json"));
        _ = SettlementConfig.FromJson(seed);
        var rng = new Random(Seed);
        byte[][] mutants = [.. Enumerable.Range(0, Iterations(300)).Select(_ => Encoding.UTF8.GetBytes(Mutations.Json(seed, rng)))];
        Run<ConfigException>("SettlementConfig", mutants, 0, b => SettlementConfig.FromJson(Encoding.UTF8.GetString(b)));
    }

    [Fact]
    public void Venue_accept_never_throws_on_any_bytes()
    {
        var trust = VenueTrust.Load(Encoding.UTF8.GetString(Corpus("config.json")), new VerifyingKey(G1Affine.Generator, G2Affine.Generator,
            (G2Jacobian.Generator * Fr.FromUInt64(2)).ToAffine(), (G2Jacobian.Generator * Fr.FromUInt64(3)).ToAffine(),
            [G1Affine.Generator, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine()]));
        var venue = new VenueVerifier(trust, 1, new MemoryRootStore());
        Run<NeverThrown>("VenueVerifier.Accept", [Corpus("bundle-full.stlb"), Corpus("bundle-no-oracle-no-risk.stlb")], 1500, b =>
        {
            var verdict = venue.Accept(b);
            Assert.False(verdict.Accepted); // nothing here is signed for this deployment
        });
    }

    [Fact]
    public void A_withdrawal_count_near_2_to_the_32_is_a_format_error_not_an_allocation()
    {
        var bytes = Corpus("bundle-full.stlb");
        var venue = new VenueVerifier(VenueTrust.Load(Encoding.UTF8.GetString(Corpus("config.json")), new VerifyingKey(G1Affine.Generator, G2Affine.Generator,
            (G2Jacobian.Generator * Fr.FromUInt64(2)).ToAffine(), (G2Jacobian.Generator * Fr.FromUInt64(3)).ToAffine(),
            [G1Affine.Generator, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine()])), 0, new MemoryRootStore());
        // outputs[0] starts after the venue signatures; its withdrawal range [3, 5) has count 2 (BundleCodecTests.Sample).
        int outputs0 = bytes.Length - 3 * (4 * 8 + 4 + 2 * 22 + 2 * 3 * 2 * 16);
        Assert.Equal(5UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(outputs0 + 24)));
        Assert.Equal(2U, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(outputs0 + 32)));
        var crafted = (byte[])bytes.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(crafted.AsSpan(outputs0 + 24), 3 + 0xFFFF_FFF0UL);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crafted.AsSpan(outputs0 + 32), 0xFFFF_FFF0U);
        var e = Assert.Throws<BundleFormatException>(() => BundleCodec.Decode(crafted));
        Assert.Equal("outputs[0].withdrawals.count", e.Field);
        var verdict = venue.Accept(crafted);
        Assert.Equal(VenueError.Malformed, verdict.Reason);
    }

    /// <summary>No exception is expected: any exception is a failure.</summary>
    private sealed class NeverThrown : Exception;
}
