using Settlement.Circuits.Settlement;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Witness;

/// <summary>The transition circuit's compile-time data from the engine's configuration.</summary>
public static class CircuitShapes
{
    /// <summary>
    /// The shape of the circuit for <paramref name="cfg"/>. Report slots default to C·n_oracle (every member reporting
    /// every asset); <paramref name="maxOps"/> overrides the configured MaxOps (e.g. 1 for the per-op budget).
    /// </summary>
    public static TransitionShape From(SettlementConfig cfg, int? maxOps = null, int? maxReports = null)
    {
        cfg.Validate();
        var m = cfg.Margin;
        return new TransitionShape(
            cfg.TreeDepth, maxOps ?? cfg.MaxOps, cfg.MaxPositions, maxReports ?? cfg.C * cfg.Oracle.Members.Count,
            cfg.Venues.Select(v => v.LatencyMs).ToArray(), cfg.Assets.Select(a => a.Decimals).ToArray(),
            cfg.Assets.Select(a => a.SigmaMin).ToArray(), cfg.Assets.Select(a => a.SigmaMax).ToArray(),
            cfg.Instruments.Select(i => new InstrumentShape(i.Kind, i.Underlying, i.QuoteAsset, i.Strike, i.Expiry)).ToArray(),
            m.ZIm, m.ZMm, m.CloseOutMs, m.HaircutFloor, m.HaircutCap, m.SigmaStep, m.Breaker, m.TradeBand, m.LiquidationBand, m.MarkBand,
            cfg.FreshnessWindowMs, cfg.Oracle.Members.Count, cfg.Oracle.Quorum,
            m.Grid.Select(g => (g.Shock, g.Weight)).ToArray(),
            Commitments.ConfigHash(cfg));
    }

    /// <summary>Constraint budget per account op and per batch for <paramref name="cfg"/> (see <see cref="ConstraintBudget"/>).</summary>
    public static ConstraintBudget Budget(SettlementConfig cfg) => ConstraintBudget.Measure(From(cfg, maxOps: 1));
}
