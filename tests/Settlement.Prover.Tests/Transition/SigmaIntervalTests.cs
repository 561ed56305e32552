using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using Settlement.Prover.Witness;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// The σ interval the risk committee's tool clamps to (<see cref="RiskBounds.SigmaInterval"/>, used by
/// <c>settle risk propose</c>) is exactly what the engine and the circuit accept: both ends pass both, one past either
/// end is refused by the engine and unsatisfiable in the circuit under the same rule.
/// </summary>
public class SigmaIntervalTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void The_interval_ends_pass_and_one_past_them_is_unsatisfiable(int which, bool ok)
    {
        var cfg = CircuitWorld.Config;
        var pre = ForgedBatchTests.Start();
        const int eth = 1;
        long prev = pre.Epoch.Sigmas[eth];
        var a = cfg.Assets[eth];
        var (lo, hi) = RiskBounds.SigmaInterval(a.SigmaMin, a.SigmaMax, prev, cfg.Margin.SigmaStep);
        Assert.True(prev > 0 && lo < prev && prev < hi, $"σ_prev {prev} in [{lo}, {hi}]");
        long sigma = which switch { 0 => lo, -1 => lo - 1, 1 => hi, _ => hi + 1 };
        var sigmas = pre.Epoch.Sigmas.ToArray();
        sigmas[eth] = sigma;
        var instruments = Enumerable.Range(0, cfg.NI).Select(i => new InstrumentRisk((ulong)pre.Epoch.Marks[i], pre.Epoch.Deltas[i], pre.Epoch.Gammas[i])).ToArray();
        Operation[] batch = [new RiskUpdate(pre.Epoch.Epoch + 1, sigmas, instruments)];
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        if (ok)
        {
            var result = engine.Apply(batch);
            var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, result);
            CircuitWorld.Compiled.Solve(w.ToAssignment(CircuitWorld.Shape));
            return;
        }
        var e = Assert.Throws<BatchRejectedException>(() => engine.Apply(batch));
        var expected = sigma < a.SigmaMin || sigma > a.SigmaMax ? RejectReason.SigmaOutsideCaps : RejectReason.SigmaStepTooLarge;
        Assert.Equal(expected, e.Reason);
        var rules = DifferentialTests.ForgedViolations(cfg, CircuitWorld.Compiled, pre, batch, e);
        Assert.NotNull(rules);
        Assert.Contains(rules, r => DifferentialTests.ReasonOf(r) == expected.ToString());
    }
}
