using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;

namespace Settlement.Risk.Tests;

/// <summary>From prices to a risk update the engine accepts: σ inside the caps and step limit, marks within their bounds.</summary>
public class ProposalTests
{
    private static readonly SettlementConfig Cfg = TestData.Sample;
    private const int Eth = 1;
    private const long EthPrice = 300_000_000_000, T = 1_750_000_000_000;

    private static PriceTick Tick(long ethPrice, long time = T)
    {
        var quotes = new Committee.Quote[] { new(0, 100_000_000, time - 100), new(Eth, ethPrice, time - 100) };
        var signed = Enumerable.Range(0, SampleDeployment.OracleQuorum).Select(m => Committee.SignReports(Cfg, m, TestData.Keys.Oracle[m], quotes));
        return Committee.AggregateReports(Cfg, time, signed);
    }

    private static RiskUpdate Signed(RiskUpdate u) =>
        Committee.AggregateRisk(Cfg, u, Enumerable.Range(0, SampleDeployment.RiskQuorum).Select(m => Committee.SignRisk(Cfg, m, TestData.Keys.Risk[m], u)));

    private static SettlementEngine Engine() => new(Cfg, new BlsReportAuthenticator(Cfg));

    private static RiskProposal Propose(SettlementEngine e, IReadOnlyList<Operation> batch, string series = "DAX", TailTreatment tail = TailTreatment.Empirical)
    {
        using var model = OnnxVolatilityModel.Load(TestData.CommittedModel);
        return RiskProposer.Propose(Cfg, e.State.Epoch, batch, model, TestData.EuStocks, new Dictionary<int, string> { [Eth] = series }, null, tail);
    }

    [Fact]
    public void A_proposed_update_from_real_prices_is_accepted_by_the_engine()
    {
        var e = Engine();
        var tick = Tick(EthPrice);
        var p = Propose(e, [tick]);
        Assert.Equal(1, p.Update.Epoch);
        var eth = p.Sigmas[Eth];
        Assert.Equal("DAX", eth.Series);
        Assert.InRange(eth.Proposed, Cfg.Assets[Eth].SigmaMin, Cfg.Assets[Eth].SigmaMax);
        Assert.Equal(eth.ModelSigma == eth.Proposed, eth.Clamped is null);
        // Fat tails: the DAX's 99.73 % quantile of |r/σ̂| is beyond z_IM = 3, so the haircut σ is the forecast scaled up;
        // without the empirical tail it is the forecast itself.
        Assert.InRange(eth.TailFactor, 1.05, 2);
        var gaussian = Propose(Engine(), [tick], tail: TailTreatment.Gaussian).Sigmas[Eth];
        Assert.Equal(1, gaussian.TailFactor);
        Assert.Equal(eth.TailFactor, (double)eth.ModelSigma!.Value / gaussian.ModelSigma!.Value, 6);
        // The call: Black–Scholes at the volatility the proposed σ stands for (σ over its tail factor) over the time to
        // expiry, inside max(S − K, 0) ≤ M ≤ S.
        var call = p.Instruments[1];
        Assert.Equal(EthPrice, call.Spot);
        var bs = BlackScholes.Option(true, EthPrice, SampleDeployment.OptionStrike, eth.Proposed / eth.TailFactor / 1e12 * Math.Sqrt(SampleDeployment.OptionExpiry - T));
        Assert.Equal(Math.Round(bs.Price), call.Risk.Mark);
        Assert.Equal(Math.Round(bs.Delta * 1e8), call.Risk.Delta);
        Assert.Equal(new InstrumentRisk(EthPrice, 100_000_000, 0), p.Instruments[0].Risk);

        e.Apply([tick, Signed(p.Update)]);
        Assert.Equal(p.Update.Sigmas, e.State.Epoch.Sigmas);
    }

    [Fact]
    public void A_model_sigma_beyond_the_step_limit_is_clamped_with_a_reason_and_still_accepted()
    {
        var e = Engine();
        var tick = Tick(EthPrice);
        // Epoch 1 at the top cap: the model's DAX σ (about 1 % a day, 1·10⁶ per √ms) is far more than 50 % below it.
        var top = new RiskUpdate(1, [0, Cfg.Assets[Eth].SigmaMax], RiskAt(Propose(e, [tick]), Cfg.Assets[Eth].SigmaMax));
        e.Apply([tick, Signed(top)]);
        var next = Tick(EthPrice, T + 1000);
        var p = Propose(e, [next]);
        var eth = p.Sigmas[Eth];
        var (lo, _) = RiskBounds.SigmaInterval(Cfg.Assets[Eth].SigmaMin, Cfg.Assets[Eth].SigmaMax, Cfg.Assets[Eth].SigmaMax, Cfg.Margin.SigmaStep);
        Assert.True(eth.ModelSigma < lo, $"model σ {eth.ModelSigma}");
        Assert.Equal(lo, eth.Proposed);
        Assert.Contains("step limit 500000 ppm", eth.Clamped);
        e.Apply([next, Signed(p.Update)]);
        Assert.Equal(lo, e.State.Epoch.Sigmas[Eth]);
    }

    private static IReadOnlyList<InstrumentRisk> RiskAt(RiskProposal p, long sigma)
    {
        var bs = BlackScholes.Option(true, EthPrice, SampleDeployment.OptionStrike, sigma / 1e12 * Math.Sqrt(SampleDeployment.OptionExpiry - T));
        return [p.Instruments[0].Risk, new InstrumentRisk((ulong)Math.Round(bs.Price), (long)Math.Round(bs.Delta * 1e8), (long)Math.Round(bs.Gamma * 1e20))];
    }

    [Fact]
    public void The_engine_accepts_exactly_the_sigma_interval_the_proposer_clamps_to()
    {
        var e = Engine();
        var tick = Tick(EthPrice);
        var first = Propose(e, [tick]);
        e.Apply([tick, Signed(first.Update)]);
        long prev = e.State.Epoch.Sigmas[Eth];
        var a = Cfg.Assets[Eth];
        var (lo, hi) = RiskBounds.SigmaInterval(a.SigmaMin, a.SigmaMax, prev, Cfg.Margin.SigmaStep);
        Assert.True(lo < hi);

        RejectReason? Try(long sigma)
        {
            var probe = Engine();
            probe.Apply([tick, Signed(first.Update)]);
            var u = first.Update with { Epoch = 2, Sigmas = [0, sigma], Signers = null, AggregateSignature = null };
            try { probe.Apply([Signed(u)]); return null; }
            catch (BatchRejectedException x) { return x.Reason; }
        }
        Assert.Null(Try(lo));
        Assert.Null(Try(hi));
        Assert.Equal(lo == a.SigmaMin ? RejectReason.SigmaOutsideCaps : RejectReason.SigmaStepTooLarge, Try(lo - 1));
        Assert.Equal(hi == a.SigmaMax ? RejectReason.SigmaOutsideCaps : RejectReason.SigmaStepTooLarge, Try(hi + 1));
        Assert.Equal(RejectReason.SigmaOutsideCaps, Try(a.SigmaMax + 1));
    }

    [Fact]
    public void Without_a_price_there_is_no_proposal()
    {
        var e = Engine();
        var x = Assert.Throws<RiskProposalException>(() => Propose(e, [], "DAX"));
        Assert.Contains("no time to value the options at", x.Message);
        using var model = OnnxVolatilityModel.Load(TestData.CommittedModel);
        var y = Assert.Throws<RiskProposalException>(() => RiskProposer.Propose(Cfg, e.State.Epoch, [], model, TestData.EuStocks, new Dictionary<int, string>(), T));
        Assert.Contains("has no price: put the batch's price tick in first", y.Message);
    }
}
