using System.Text.Json;
using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Tests.Cli;

/// <summary>
/// <c>settle inspect --proof-latency L --cluster-factor k</c> (issue 13): the proof latency is added to every venue's
/// latency, and the haircuts and the stored book's margin are the engine's for that configuration.
/// </summary>
[Collection(CliCollection.Name)]
public class InspectProjectionTests(CliFixture fx)
{
    private const long ProofMs = 72_000;
    private const int Factor = 4;

    /// <summary>The proven fixture plus a batch depositing 2 ETH to account 2 at venue 2, whose haircut moves with latency.</summary>
    private string DeploymentWithEth()
    {
        var dir = fx.Copy("projection", fx.Proven);
        var batch = Path.Combine(dir, "batch-1.json");
        File.WriteAllText(batch, BatchFile.Write([new Deposit(2, 2, 0, 1, 2_000_000_000, 0, Fr.FromUInt64(0xE7))]));
        var r = Settle.Run("prove", batch, "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        return dir;
    }

    [Fact]
    public void Projection_equals_the_engines_margin_with_the_proof_latency_added_to_every_venue()
    {
        var dir = DeploymentWithEth();
        var r = Settle.Run("inspect", "--proof-latency", ProofMs.ToString(), "--cluster-factor", Factor.ToString(), "--json", "--data", dir);
        Assert.True(r.Code == 0, r.ToString());
        var p = r.Json().GetProperty("haircutProjection");
        Assert.Equal(ProofMs, p.GetProperty("proofLatencyMs").GetInt64());
        Assert.Equal(Factor, p.GetProperty("clusterFactor").GetInt32());
        Assert.Equal(ProofMs / Factor, p.GetProperty("clusterProofLatencyMs").GetInt64());
        Assert.Contains("L/k", p.GetProperty("latencyModel").GetString());
        Assert.False(p.TryGetProperty("note", out _));

        using var svc = new SettlementService(new Deployment(dir));
        var cfg = svc.Config;
        var state = svc.Store.LoadState(cfg);
        Assert.Equal(2, state.AccountCount);
        long[] added = [0, ProofMs, ProofMs / Factor];
        var venues = p.GetProperty("venues").EnumerateArray().ToList();
        Assert.Equal(cfg.V, venues.Count);
        var book = p.GetProperty("book").GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(3, book.Count);
        var excess = new Int128[3];
        for (int i = 0; i < added.Length; i++)
        {
            // The engine on the configuration with every venue's latency raised by the proof latency, built here directly.
            var shifted = cfg with { Venues = [.. cfg.Venues.Select(v => v with { LatencyMs = v.LatencyMs + added[i] })] };
            var par = MarginRules.ComputeParameters(shifted, state.Epoch);
            for (int v = 0; v < cfg.V; v++)
            {
                var c = venues[v].GetProperty("cases")[i];
                Assert.Equal(added[i], c.GetProperty("proofLatencyMs").GetInt64());
                Assert.Equal(cfg.Venues[v].LatencyMs + added[i], c.GetProperty("latencyMs").GetInt64());
                Assert.Equal(FixedPointMath.TimeRoot(cfg.Venues[v].LatencyMs + added[i], cfg.Margin.CloseOutMs), c.GetProperty("timeRoot").GetInt64());
                var haircuts = c.GetProperty("haircuts").EnumerateArray().ToList();
                for (int a = 0; a < cfg.C; a++)
                {
                    Assert.Equal(cfg.Assets[a].Symbol, haircuts[a].GetProperty("asset").GetString());
                    Assert.Equal(par.Haircut(MarginLevel.Initial, a, v), haircuts[a].GetProperty("initialPpm").GetInt64());
                    Assert.Equal(par.Haircut(MarginLevel.Maintenance, a, v), haircuts[a].GetProperty("maintenancePpm").GetInt64());
                }
            }
            Int128 tv = 0, req = 0;
            foreach (var account in state.Accounts)
            {
                var m = MarginRules.Evaluate(account, par, MarginLevel.Initial);
                tv += m.TotalValue;
                req += m.Requirement;
            }
            Assert.Equal(added[i], book[i].GetProperty("proofLatencyMs").GetInt64());
            Assert.Equal(tv, Int128.Parse(book[i].GetProperty("totalValue").GetRawText()));
            Assert.Equal(req, Int128.Parse(book[i].GetProperty("requirement").GetRawText()));
            excess[i] = tv - req;
            Assert.Equal(excess[i], Int128.Parse(book[i].GetProperty("excess").GetRawText()));
        }
        var freed = Int128.Parse(p.GetProperty("book").GetProperty("freed").GetRawText());
        Assert.Equal(excess[2] - excess[1], freed);
        Assert.True(freed > 0, $"a faster cluster must free collateral held against ETH, freed {freed}");

        var text = Settle.Run("inspect", "--proof-latency", ProofMs.ToString(), "--cluster-factor", Factor.ToString(), "--data", dir);
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("latency model:", text.Out);
        Assert.Contains($"a {Factor}-times larger cluster frees {MarginRules.FormatValue(freed)} USD", text.Out);
    }

    [Fact]
    public void A_larger_proof_latency_gives_a_larger_haircut()
    {
        long[] latencies = [0, 1_000, 72_000, 600_000];
        var runs = latencies.Select(l => Settle.Run("inspect", "--proof-latency", l.ToString(), "--json", "--data", fx.Proven)).ToList();
        Assert.All(runs, r => Assert.True(r.Code == 0, r.ToString()));
        // ETH (asset 1) has σ > 0 in the fixture's risk update, so its haircut is above the floor and grows with the lag.
        long EthHaircut(CliRun r, int venue) =>
            r.Json().GetProperty("haircutProjection").GetProperty("venues")[venue].GetProperty("cases")[1].GetProperty("haircuts")[1].GetProperty("initialPpm").GetInt64();
        long EthToday(int venue) =>
            runs[0].Json().GetProperty("haircutProjection").GetProperty("venues")[venue].GetProperty("cases")[0].GetProperty("haircuts")[1].GetProperty("initialPpm").GetInt64();
        for (int v = 0; v < 3; v++)
        {
            Assert.Equal(EthToday(v), EthHaircut(runs[0], v));
            for (int i = 1; i < runs.Count; i++)
                Assert.True(EthHaircut(runs[i], v) > EthHaircut(runs[i - 1], v), $"venue {v}: {latencies[i]} ms vs {latencies[i - 1]} ms");
        }
        // The same proof latency costs the fastest venue least.
        Assert.True(EthHaircut(runs[2], 0) < EthHaircut(runs[2], 2));
        var text = Settle.Run("inspect", "--proof-latency", "72000", "--data", fx.Proven);
        Assert.True(text.Code == 0, text.ToString());
        Assert.Contains("+ 72,000 ms", text.Out);
    }

    [Fact]
    public void Without_a_risk_update_the_projection_says_what_is_missing()
    {
        var r = Settle.Run("inspect", "--proof-latency", "1000", "--cluster-factor", "2", "--json", "--data", fx.SetUp);
        Assert.True(r.Code == 0, r.ToString());
        var p = r.Json().GetProperty("haircutProjection");
        Assert.Contains("no risk update accepted yet", p.GetProperty("note").GetString());
        Assert.False(p.TryGetProperty("book", out _));
        var c = p.GetProperty("venues")[0].GetProperty("cases")[1];
        Assert.False(c.TryGetProperty("haircuts", out _));
        Assert.Equal(500, p.GetProperty("clusterProofLatencyMs").GetInt64());
    }

    [Theory]
    [InlineData("--proof-latency", "-1", "--proof-latency must be an integer in [0, 2^32) ms, got '-1'")]
    [InlineData("--proof-latency", "4294967296", "--proof-latency must be an integer in [0, 2^32) ms, got '4294967296'")]
    [InlineData("--proof-latency", "4294967295", "--proof-latency 4294967295: venue")]
    [InlineData("--proof-latency", "fast", "--proof-latency must be an integer in [0, 2^32) ms, got 'fast'")]
    [InlineData("--proof-latency", "1.5", "--proof-latency must be an integer in [0, 2^32) ms, got '1.5'")]
    [InlineData("--cluster-factor", "0", "--cluster-factor must be an integer, 1 or more, got '0'")]
    [InlineData("--cluster-factor", "two", "--cluster-factor must be an integer, 1 or more, got 'two'")]
    [InlineData("--cluster-factor", "2", "--cluster-factor needs --proof-latency")]
    public void Bad_projection_options_are_refused_naming_the_option(string option, string value, string message)
    {
        string[] args = option == "--cluster-factor" && value != "2"
            ? ["inspect", "--proof-latency", "1000", option, value, "--data", fx.Proven]
            : ["inspect", option, value, "--data", fx.Proven];
        var r = Settle.Run(args);
        Assert.True(r.Code == 2, r.ToString());
        Assert.Contains(message, r.Err);
        var json = Settle.Run([.. args, "--json"]);
        Assert.True(json.Code == 2, json.ToString());
        var error = json.Json().GetProperty("error");
        Assert.Contains(option, error.GetProperty("message").GetString());
    }

    [Fact]
    public void Cluster_latency_is_the_proof_latency_over_k_rounded_up()
    {
        Assert.Equal(18_000, HaircutProjection.ClusterProofLatencyMs(72_000, 4));
        Assert.Equal(24_001, HaircutProjection.ClusterProofLatencyMs(72_001, 3));
        Assert.Equal(0, HaircutProjection.ClusterProofLatencyMs(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => HaircutProjection.ClusterProofLatencyMs(1, 0));
    }
}
