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
using Settlement.Fuzz;

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

    /// <summary>One operation of each kind, as a batch file (BatchFile.Parse; its own test is in the prover tests).</summary>
    internal const string SampleBatch = """
        { "operations": [
          { "op": "priceTick", "time": 1000, "reports": [ { "asset": 0, "signer": 1, "price": 100000000, "timestamp": 990 } ], "aggregateSignature": "0xc0" },
          { "op": "riskUpdate", "epoch": 1, "sigmas": [0, 5], "instruments": [ { "mark": 7, "delta": -3, "gamma": 0 } ], "signers": [0, 1], "aggregateSignature": "0xc0" },
          { "op": "deposit", "venue": 1, "account": 7, "nonce": 0, "asset": 0, "amount": 5, "depositId": 0, "salt": "0x2a" },
          { "op": "withdraw", "venue": 0, "account": 7, "nonce": 1, "asset": 0, "amount": 5, "withdrawalId": 0 },
          { "op": "transfer", "account": 7, "nonce": 2, "asset": 0, "fromVenue": 0, "toVenue": 1, "amount": 1 },
          { "op": "trade", "venue": 0, "instrument": 0, "buyer": 1, "buyerNonce": 0, "seller": 2, "sellerNonce": 0, "qty": 1, "price": 2, "buyerFee": 0, "sellerFee": 0 },
          { "op": "liquidate", "venue": 0, "instrument": 0, "account": 1, "nonce": 1, "liquidator": 2, "liquidatorNonce": 1, "qty": 1, "price": 2 }
        ] }
        """;

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
            ["key-record.json"] = Encoding.UTF8.GetBytes(Groth16.SetupTranscriptTests.SampleRecord()),
            ["batch.json"] = Encoding.UTF8.GetBytes(SampleBatch),
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

    private static FuzzTarget Target(string name) => FuzzTargets.All(CorpusDir).Single(t => t.Name == name);

    /// <summary>Runs the harness's target on its seeds and on mutants of them; only the target's documented error may escape.</summary>
    private static void Run(string name, int smoke, bool json = false)
    {
        var target = Target(name);
        byte[][] seeds = [.. target.Seeds.Select(Corpus)];
        int seed = Seed, n = Iterations(smoke);
        var rng = new Random(seed ^ name.GetHashCode(StringComparison.Ordinal) & 0x7FFFFFFF);
        foreach (var s in seeds) Invoke(s, -1);
        for (int i = 0; i < n; i++)
        {
            var from = seeds[i % seeds.Length];
            Invoke(json ? Encoding.UTF8.GetBytes(Mutations.Json(Encoding.UTF8.GetString(from), rng)) : Mutations.Bytes(from, rng), i);
        }

        void Invoke(byte[] input, int i)
        {
            try { target.Run(input); }
            catch (Exception e)
            {
                Assert.Fail($"{name}: {e.GetType().Name} escaped on iteration {i} (SETTLEMENT_FUZZ_SEED={seed}); input 0x{Convert.ToHexString(input)}\n{e}");
            }
        }
    }

    [Fact]
    public void Bundle_decoder_fails_only_with_BundleFormatException()
    {
        foreach (var s in Target("bundle").Seeds) _ = BundleCodec.Decode(Corpus(s)); // the seeds themselves are valid bundles
        Run("bundle", 3000);
    }

    [Fact]
    public void Bundle_json_reader_fails_only_with_BundleFormatException()
    {
        _ = BundleJson.Read(Encoding.UTF8.GetString(Corpus("bundle-full.json")));
        Run("bundle-json", 600, json: true);
    }

    [Fact]
    public void Proof_and_point_decoders_fail_only_with_their_documented_errors()
    {
        Run("proof", 1500);
        Run("g1", 1500); // the Try decoders report errors as values: nothing may be thrown at all
        Run("g2", 1500);
    }

    [Fact]
    public void Config_reader_fails_only_with_ConfigException()
    {
        _ = SettlementConfig.FromJson(Encoding.UTF8.GetString(Corpus("config.json")));
        Run("config", 300, json: true);
    }

    [Fact]
    public void Key_record_reader_fails_only_with_FormatException()
    {
        var record = KeyProvenance.FromJson(Encoding.UTF8.GetString(Corpus("key-record.json")));
        Assert.Equal(2, SetupTranscript.Parse(Convert.FromHexString(record.Transcript![2..])).Contributions.Count);
        Run("key-record", 600, json: true);
    }

    [Fact]
    public void Venue_accept_never_throws_on_any_bytes() => Run("accept", 1500); // and accepts nothing: nothing is signed for this deployment

    [Fact]
    public void A_withdrawal_count_near_2_to_the_32_is_a_format_error_not_an_allocation()
    {
        var bytes = Corpus("bundle-full.stlb");
        var venue = new VenueVerifier(VenueTrust.Load(Encoding.UTF8.GetString(Corpus("config.json")), FuzzTargets.AnyKey), 0, new MemoryRootStore());
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
}
