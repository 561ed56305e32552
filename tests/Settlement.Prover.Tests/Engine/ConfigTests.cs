using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

public class ConfigTests
{
    private const string GoodMargin = """
        { "zIm": 30000, "zMm": 20000, "closeOutMs": 240000, "haircutFloor": 100, "haircutCap": 500000,
          "sigmaStep": 500000, "breaker": 100000, "tradeBand": 50000, "liquidationBand": 100000, "markBand": 50000,
          "grid": [ { "shock": 0, "weight": 100 }, { "shock": 60, "weight": 100 }, { "shock": -60, "weight": 100 } ] }
        """;

    private static string FieldOf(string json) => Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(json)).Field;

    [Fact]
    public void The_fixture_config_loads_with_every_field()
    {
        var c = Config();
        Assert.Equal(7UL, c.DeploymentId);
        Assert.Equal(2, c.V);
        Assert.Equal(760_000, c.Venues[1].LatencyMs);
        Assert.Equal(48, c.Venues[0].PublicKey.Length);
        Assert.Equal(9, c.Assets[Eth].Decimals);
        Assert.Equal(InstrumentKind.Put, c.Instruments[Put].Kind);
        Assert.Equal(200_000_000_000, c.Instruments[Call].Strike);
        Assert.Equal(2, c.Oracle.Quorum);
        Assert.Equal(5_000, c.FreshnessWindowMs);
        Assert.Equal(9, c.Margin.Grid.Count);
        Assert.Equal(new ScenarioPoint(-120, 35), c.Margin.Grid[8]);
    }

    [Theory]
    [InlineData("\"zIm\": 30000, \"zMm\": 20000", "\"zIm\": 20000, \"zMm\": 20000", "$.margin.zIm")]
    [InlineData("\"haircutFloor\": 100,", "\"haircutFloor\": 600000,", "$.margin.haircutFloor")]
    [InlineData("\"haircutCap\": 500000", "\"haircutCap\": 1000000", "$.margin.haircutCap")]
    [InlineData("{ \"shock\": 0, \"weight\": 100 }, ", "", "$.margin.grid")]
    [InlineData("\"closeOutMs\": 240000", "\"closeOutMs\": \"4 minutes\"", "$.margin.closeOutMs")]
    [InlineData("\"closeOutMs\": 240000,", "", "$.margin.closeOutMs")]
    [InlineData("\"breaker\": 100000", "\"breaker\": 100000, \"brakeer\": 1", "$.margin.brakeer")]
    [InlineData("\"sigmaStep\": 500000", "\"sigmaStep\": -1", "$.margin.sigmaStep")]
    public void Margin_errors_name_the_field(string from, string to, string field)
    {
        Assert.Contains(from, GoodMargin);
        Assert.Equal(field, FieldOf(Json(GoodMargin.Replace(from, to))));
    }

    [Theory]
    [InlineData("\"treeDepth\": 5", "\"treeDepth\": 17", "$.treeDepth")]
    [InlineData("\"latencyMs\": 760000", "\"latencyMs\": 4294967296", "$.venues[1].latencyMs")]
    [InlineData("\"decimals\": 9", "\"decimals\": 19", "$.assets[1].decimals")]
    [InlineData("\"sigmaMin\": 1000000,", "\"sigmaMin\": 2000000000,", "$.assets[1].sigmaMin")]
    [InlineData("\"kind\": \"put\"", "\"kind\": \"future\"", "$.instruments[2].kind")]
    [InlineData("\"underlying\": 1, \"quoteAsset\": 0 }", "\"underlying\": 5, \"quoteAsset\": 0 }", "$.instruments[0].underlying")]
    [InlineData("\"underlying\": 1, \"quoteAsset\": 0 }", "\"underlying\": 1, \"quoteAsset\": 0, \"strike\": 5 }", "$.instruments[0].strike")]
    [InlineData("\"quorum\": 2, \"freshnessWindowMs\"", "\"quorum\": 1, \"freshnessWindowMs\"", "$.oracle.quorum")]
    [InlineData("\"quorum\": 2 }", "\"quorum\": 4 }", "$.riskCommittee.quorum")]
    [InlineData("\"freshnessWindowMs\": 5000", "\"freshnessWindowMs\": 0", "$.oracle.freshnessWindowMs")]
    [InlineData("\"deploymentId\": 7,", "", "$.deploymentId")]
    [InlineData("\"maxOps\": 16,", "\"maxOps\": 16, \"maxAccounts\": 33,", "$.maxAccounts")]
    [InlineData("\"maxOps\": 16,", "\"maxOps\": 16, \"maxAccounts\": 1,", "$.maxAccounts")]
    [InlineData("\"maxOps\": 16,", "\"maxOps\": 16, \"maxAccounts\": \"all\",", "$.maxAccounts")]
    public void Config_errors_name_the_field(string from, string to, string field)
    {
        string good = Json();
        Assert.Contains(from, good);
        Assert.Equal(field, FieldOf(good.Replace(from, to)));
    }

    [Fact]
    public void Public_key_errors_name_the_key()
    {
        string good = Json();
        Assert.Equal("$.venues[0].publicKey", FieldOf(good.Replace(Key(1), "0x8abc")));
        Assert.Equal("$.oracle.members[1].publicKey", FieldOf(good.Replace(Key(4), "0x0" + Key(4)[3..])));
        Assert.Equal("$.riskCommittee.members[2].publicKey", FieldOf(good.Replace(Key(8), "zz")));
        Assert.Equal("$.venues[1].pop", FieldOf(good.Replace(Pop(2), Pop(2)[..^2])));
        Assert.Equal("$.oracle.members[0].pop", FieldOf(good.Replace($"\"pop\": \"{Pop(3)}\"", "\"pop\": null")));
        Assert.Equal("$", FieldOf("{ not json"));
    }

    [Fact]
    public void A_proof_of_possession_for_another_key_is_refused_naming_the_member()
    {
        // Member 1 of the oracle presents member 0's proof: a valid G2 point that does not prove its own key.
        var e = Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(Json().Replace(Pop(4), Pop(3))));
        Assert.Equal("$.oracle.members[1].pop", e.Field);
        Assert.Contains("oracle member 1", e.Message);
        Assert.Contains("does not verify", e.Message);
        e = Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(Json().Replace(Pop(2), Pop(1))));
        Assert.Equal("$.venues[1].pop", e.Field);
        Assert.Contains("venue 1 (slow)", e.Message);
    }

    [Fact]
    public void One_key_twice_in_a_committee_is_refused()
    {
        // Two indices with one key would let its holder count twice towards the quorum.
        string twice = Json().Replace(Key(7), Key(6)).Replace(Pop(7), Pop(6));
        var e = Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(twice));
        Assert.Equal("$.riskCommittee.members[1].publicKey", e.Field);
        Assert.Contains("same key as member 0", e.Message);
    }

    [Theory]
    [InlineData("\"deploymentId\": 7,", "\"deploymentId\": 7, \"deploymentId\": 8,", "$.deploymentId")]
    [InlineData("\"latencyMs\": 760000", "\"latencyMs\": 760000, \"latencyMs\": 1", "$.venues[1].latencyMs")]
    [InlineData("\"quorum\": 2 }", "\"quorum\": 2, \"quorum\": 3 }", "$.riskCommittee.quorum")]
    public void Duplicate_keys_are_refused_naming_key_and_path(string from, string to, string field)
    {
        string good = Json();
        Assert.Contains(from, good);
        var e = Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(good.Replace(from, to)));
        Assert.Equal(field, e.Field);
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void The_genesis_root_is_the_engine_state_before_the_first_batch()
    {
        var c = Config();
        Assert.Equal(new SettlementState(c).Root, c.GenesisRoot());
        var bigger = c with { TreeDepth = 12 };
        Assert.Equal(new SettlementState(bigger).Root, bigger.GenesisRoot());
        Assert.NotEqual(c.GenesisRoot(), bigger.GenesisRoot());
    }

    [Fact]
    public void Proofs_of_possession_are_not_part_of_the_config_hash()
    {
        // A proof is a property of its key; re-proving a key (another valid proof) must not change the deployment.
        var c = Config();
        var other = c with { Oracle = c.Oracle with { Members = [.. c.Oracle.Members.Select(m => m with { Pop = new byte[96] })] } };
        Assert.Equal(c.Hash(), other.Hash());
    }

    [Fact]
    public void MaxAccounts_defaults_to_twice_MaxOps_and_is_bound_by_the_config_hash()
    {
        var c = Config();
        Assert.Equal(2 * c.MaxOps, c.MaxAccounts);
        var explicitDefault = SettlementConfig.FromJson(Json().Replace("\"maxOps\": 16,", "\"maxOps\": 16, \"maxAccounts\": 32,"));
        Assert.Equal(c.Hash(), explicitDefault.Hash());
        var eight = SettlementConfig.FromJson(Json().Replace("\"maxOps\": 16,", "\"maxOps\": 16, \"maxAccounts\": 8,"));
        Assert.Equal(8, eight.MaxAccounts);
        Assert.NotEqual(c.Hash(), eight.Hash());
        Assert.Equal(eight.Hash(), (c with { MaxAccounts = 8 }).Hash());
        // The circuit the prover builds has the configured registers.
        Assert.Equal(8, Settlement.Prover.Witness.CircuitShapes.From(eight).MaxAccounts);
        // Registers beyond what MaxOps ops can touch, or fewer than a trade needs, are refused naming the field and the range.
        var e = Assert.Throws<ConfigException>(() => (c with { MaxOps = 3, MaxAccounts = 7 }).Validate());
        Assert.Equal("$.maxAccounts", e.Field);
        Assert.Contains("not in 2..6", e.Message);
        Assert.Equal("$.maxAccounts", Assert.Throws<ConfigException>(() => (c with { MaxAccounts = 1 }).Validate()).Field);
    }

    [Fact]
    public void Config_encoding_follows_the_spec_order_and_changes_with_every_field()
    {
        var c = Config();
        var enc = c.HashElements();
        Assert.Equal(Fr.FromUInt64(4), enc[0]);             // layout version (4: MaxAccounts after MaxOps)
        Assert.Equal(Fr.FromUInt64(7), enc[1]);             // deploymentId
        Assert.Equal(Fr.FromUInt64(5), enc[2]);             // D
        Assert.Equal(Fr.FromUInt64(16), enc[7]);            // MaxOps
        Assert.Equal(Fr.FromUInt64(32), enc[8]);            // MaxAccounts (2·MaxOps: the fixture does not set it)
        Assert.Equal(Fr.FromUInt64(9), enc[9]);             // grid size
        Assert.Equal(Fr.FromUInt64(30_000), enc[10]);       // zIm
        Assert.Equal(Fr.FromUInt64(100_000), enc[18]);      // liquidationBand
        Assert.Equal(Fr.FromUInt64(50_000), enc[19]);       // markBand
        Assert.Equal(Fr.FromUInt64(5_000), enc[20]);        // freshnessWindowMs
        // 25 scalars, 3 per venue, 3 per asset, 5 per instrument, 2 per grid point, 2 per committee key.
        Assert.Equal(25 + 2 * 3 + 2 * 3 + 3 * 5 + 9 * 2 + 3 * 2 + 3 * 2, enc.Length);
        Assert.Equal(Fr.FromInt64(-120), enc[25 + 6 + 6 + 15 + 16]);   // grid point 8: shock, then weight
        Assert.Equal(Fr.FromUInt64(35), enc[25 + 6 + 6 + 15 + 17]);
        Assert.NotEqual(enc, (c with { Margin = c.Margin with { MarkBand = 50_001 } }).HashElements());
        var moved = (c with { Venues = [c.Venues[0], c.Venues[1] with { LatencyMs = 760_001 }] }).HashElements();
        Assert.NotEqual(enc, moved);
        Assert.Equal(Settlement.Verifier.Poseidon.Poseidon.Hash(enc, HashDomain.Config), Commitments.ConfigHash(c));
        Assert.NotEqual(Commitments.ConfigHash(c), Commitments.ConfigHash(c with { DeploymentId = 8 }));
    }
}
