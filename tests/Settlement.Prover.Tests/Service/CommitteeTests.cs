using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Config;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Service;

/// <summary>The committee tools (settle oracle …, settle risk …): one member signs at a time, a quorum is aggregated.</summary>
public class CommitteeTests
{
    private static SecretKey Key(int n) => SecretKey.KeyGen([.. Enumerable.Range(0, 32).Select(i => (byte)(n * 31 + i))]);
    private static readonly SecretKey[] Oracle = [Key(1), Key(2), Key(3)], RiskKeys = [Key(4), Key(5), Key(6)];

    private static readonly SettlementConfig Cfg = Config() with
    {
        Oracle = new CommitteeConfig([.. Oracle.Select(RegisteredKey.Of)], 2),
        RiskCommittee = new CommitteeConfig([.. RiskKeys.Select(RegisteredKey.Of)], 2),
    };

    private static Committee.SignedReports Reports(int member, long ethPrice = EthPrice) =>
        Committee.SignReports(Cfg, member, Oracle[member], [new(Eth, ethPrice, T0 - 100), new(Usdc, UsdcPrice, T0 - 100)]);

    [Fact]
    public void Members_signing_one_at_a_time_make_a_tick_and_update_the_engine_accepts()
    {
        var tick = Committee.AggregateReports(Cfg, T0, [Reports(2), Reports(0)]);
        Assert.Equal([(Usdc, 0), (Usdc, 2), (Eth, 0), (Eth, 2)], tick.Reports.Select(r => (r.Asset, r.Signer)));
        var unsigned = Risk(1);
        var update = Committee.AggregateRisk(Cfg, unsigned, [Committee.SignRisk(Cfg, 2, RiskKeys[2], unsigned), Committee.SignRisk(Cfg, 1, RiskKeys[1], unsigned)]);
        Assert.Equal([1, 2], update.Signers);

        var engine = new SettlementEngine(Cfg, new BlsReportAuthenticator(Cfg));
        engine.Apply([tick, update]);
        Assert.Equal(1, engine.State.Epoch.Epoch);

        // Through the files each member hands over.
        var dir = Directory.CreateTempSubdirectory("settle-committee-").FullName;
        try
        {
            var signed = Reports(1);
            CommitteeFiles.Write(Path.Combine(dir, "o1.json"), signed);
            var back = CommitteeFiles.ReadSignedReports(Path.Combine(dir, "o1.json"));
            Assert.Equal(signed.Member, back.Member);
            Assert.Equal(signed.Signature, back.Signature);
            Assert.Equal(signed.Reports, back.Reports);
            var sig = Committee.SignRisk(Cfg, 0, RiskKeys[0], unsigned);
            CommitteeFiles.Write(Path.Combine(dir, "r0.json"), sig);
            var sigBack = CommitteeFiles.ReadRiskSignature(Path.Combine(dir, "r0.json"));
            Assert.Equal((sig.Member, sig.Epoch, sig.RiskCommitment), (sigBack.Member, sigBack.Epoch, sigBack.RiskCommitment));
            Assert.Equal(sig.Signature, sigBack.Signature);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bad_signatures_keys_and_quorums_are_named()
    {
        string Refused(Action a) => Assert.Throws<CommitteeException>(a).Message;

        Assert.Contains("not oracle member 1's", Refused(() => Committee.SignReports(Cfg, 1, Oracle[0], [new(Eth, EthPrice, T0)])));
        Assert.Contains("quoted twice", Refused(() => Committee.SignReports(Cfg, 0, Oracle[0], [new(Eth, EthPrice, T0), new(Eth, EthPrice, T0)])));
        Assert.Contains("price 0 is not in", Refused(() => Committee.SignReports(Cfg, 0, Oracle[0], [new(Eth, 0, T0)])));

        var r0 = Reports(0);
        var tampered = r0 with { Reports = [.. r0.Reports.Select(r => r.Asset == Eth ? r with { Price = r.Price + 1 } : r)] };
        Assert.Contains("member 0: the signature does not verify", Refused(() => Committee.AggregateReports(Cfg, T0, [tampered, Reports(1)])));
        Assert.Contains("signed twice", Refused(() => Committee.AggregateReports(Cfg, T0, [r0, r0])));
        Assert.Contains("quorum is 2", Refused(() => Committee.AggregateReports(Cfg, T0, [r0])));
        Assert.Contains("outside", Refused(() => Committee.AggregateReports(Cfg, T0 + Cfg.FreshnessWindowMs, [r0, Reports(1)])));

        var unsigned = Risk(1);
        var other = unsigned with { Sigmas = [0, EthSigma + 1] };
        Assert.Contains("not risk committee member 0's", Refused(() => Committee.SignRisk(Cfg, 0, RiskKeys[1], unsigned)));
        Assert.Contains("signed other parameters", Refused(() => Committee.AggregateRisk(Cfg, unsigned, [Committee.SignRisk(Cfg, 0, RiskKeys[0], other), Committee.SignRisk(Cfg, 1, RiskKeys[1], unsigned)])));
        Assert.Contains("quorum is 2", Refused(() => Committee.AggregateRisk(Cfg, unsigned, [Committee.SignRisk(Cfg, 0, RiskKeys[0], unsigned)])));
        var forged = Committee.SignRisk(Cfg, 1, RiskKeys[1], unsigned) with { Member = 0 };
        Assert.Contains("member 0: the signature does not verify", Refused(() => Committee.AggregateRisk(Cfg, unsigned, [forged, Committee.SignRisk(Cfg, 1, RiskKeys[1], unsigned)])));
    }

    [Fact]
    public void The_tick_goes_first_and_the_update_after_it_replacing_earlier_ones()
    {
        var deposit = new Deposit(0, 1, 0, Usdc, 5, 0, Verifier.Bls12381.Fr.One);
        var tick = Committee.AggregateReports(Cfg, T0, [Reports(0), Reports(1)]);
        var update = Risk(1);
        var batch = Committee.Into(Committee.Into([deposit], update), tick);
        Assert.Equal([typeof(PriceTick), typeof(RiskUpdate), typeof(Deposit)], batch.Select(o => o.GetType()));
        var later = Committee.AggregateReports(Cfg, T0 + 1, [Reports(0), Reports(2)]);
        batch = Committee.Into(batch, later);
        Assert.Equal(T0 + 1, Assert.IsType<PriceTick>(batch[0]).Time);
        Assert.Equal(3, batch.Count);
    }

    [Fact]
    public void Quote_files_with_bad_rows_are_named_with_line_and_column()
    {
        var dir = Directory.CreateTempSubdirectory("settle-quotes-").FullName;
        try
        {
            string Write(string name, string text) { var p = Path.Combine(dir, name); File.WriteAllText(p, text); return p; }
            var good = CommitteeFiles.ReadQuotes(Write("q.csv", "asset,price,timestamp\n0,100000000,5\r\n1,200000000000,6\n"));
            Assert.Equal([new Committee.Quote(0, 100000000, 5), new Committee.Quote(1, 200000000000, 6)], good);
            Assert.Contains("q2.csv:3: column 2 (price): \"12x\" is not an integer",
                Assert.Throws<JsonInputException>(() => CommitteeFiles.ReadQuotes(Write("q2.csv", "asset,price,timestamp\n0,1,5\n1,12x,6\n"))).Message);
            Assert.Contains("header", Assert.Throws<JsonInputException>(() => CommitteeFiles.ReadQuotes(Write("q3.csv", "price,asset,timestamp\n"))).Message);
            Assert.Contains("expected 3 cells", Assert.Throws<JsonInputException>(() => CommitteeFiles.ReadQuotes(Write("q4.csv", "asset,price,timestamp\n0,1\n"))).Message);
            Assert.Equal(2, CommitteeFiles.ReadQuotes(Write("q.json", """{ "quotes": [ { "asset": 0, "price": 1, "timestamp": 2 }, { "asset": 1, "price": 3, "timestamp": 4 } ] }""")).Count);
            Assert.Contains("\"asset\"", Assert.Throws<JsonInputException>(() => CommitteeFiles.ReadQuotes(Write("q5.json", """{ "quotes": [ { "asset": 0, "asset": 1, "price": 1, "timestamp": 2 } ] }"""))).Message);
            Assert.Contains("secret key", Assert.Throws<JsonInputException>(() => CommitteeFiles.ReadSecretKey(Write("k", "0x1234"))).Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
