using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

public class ConfigTests
{
    private const string GoodMargin = """
        { "zIm": 30000, "zMm": 20000, "closeOutMs": 240000, "haircutFloor": 100, "haircutCap": 500000,
          "sigmaStep": 500000, "breaker": 100000, "tradeBand": 50000, "liquidationBand": 100000,
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
    [InlineData("\"treeDepth\": 10", "\"treeDepth\": 33", "$.treeDepth")]
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
        Assert.Equal("$.oracle.publicKeys[1]", FieldOf(good.Replace(Key(4), "0x0" + Key(4)[3..])));
        Assert.Equal("$.riskCommittee.publicKeys[2]", FieldOf(good.Replace(Key(8), "zz")));
        Assert.Equal("$", FieldOf("{ not json"));
    }

    [Fact]
    public void Config_encoding_follows_the_spec_order_and_changes_with_every_field()
    {
        var c = Config();
        var enc = FieldEncoding.Config(c);
        Assert.Equal(Fr.One, enc[0]);                       // version
        Assert.Equal(Fr.FromUInt64(7), enc[1]);             // deploymentId
        Assert.Equal(Fr.FromUInt64(9), enc[8]);             // grid size
        Assert.Equal(Fr.FromUInt64(30_000), enc[9]);        // zIm
        // 23 scalars, 3 per venue, 3 per asset, 5 per instrument, 2 per grid point, 2 per committee key.
        Assert.Equal(23 + 2 * 3 + 2 * 3 + 3 * 5 + 9 * 2 + 3 * 2 + 3 * 2, enc.Length);
        Assert.Equal(Fr.FromInt64(-120), enc[23 + 6 + 6 + 15 + 16]);   // grid point 8: shock, then weight
        Assert.Equal(Fr.FromUInt64(35), enc[23 + 6 + 6 + 15 + 17]);
        var moved = FieldEncoding.Config(c with { Venues = [c.Venues[0], c.Venues[1] with { LatencyMs = 760_001 }] });
        Assert.NotEqual(enc, moved);
        Assert.Equal(Settlement.Verifier.Poseidon.Poseidon.Hash(enc, HashDomain.Config), Commitments.ConfigHash(c));
        Assert.NotEqual(Commitments.ConfigHash(c), Commitments.ConfigHash(c with { DeploymentId = 8 }));
    }
}
