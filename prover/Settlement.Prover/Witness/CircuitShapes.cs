using Settlement.Circuits.Transition;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Witness;

/// <summary>The transition circuit's compile-time data from the engine's configuration.</summary>
public static class CircuitShapes
{
    /// <summary>
    /// The shape of the circuit for <paramref name="cfg"/>. Report slots default to C·n_oracle (every member reporting
    /// every asset). The registers are the configured MaxAccounts; <paramref name="maxOps"/> overrides the configured
    /// MaxOps (e.g. 1 for the per-op budget), and then the registers default to 2·<paramref name="maxOps"/>.
    /// </summary>
    public static TransitionShape From(SettlementConfig cfg, int? maxOps = null, int? maxReports = null)
    {
        cfg.Validate();
        var m = cfg.Margin;
        var shape = new TransitionShape(
            cfg.TreeDepth, maxOps ?? cfg.MaxOps, cfg.MaxPositions, maxReports ?? cfg.C * cfg.Oracle.Members.Count,
            cfg.Venues.Select(v => v.LatencyMs).ToArray(), cfg.Assets.Select(a => a.Decimals).ToArray(),
            cfg.Assets.Select(a => a.SigmaMin).ToArray(), cfg.Assets.Select(a => a.SigmaMax).ToArray(),
            cfg.Instruments.Select(i => new InstrumentShape(i.Kind, i.Underlying, i.QuoteAsset, i.Strike, i.Expiry)).ToArray(),
            m.ZIm, m.ZMm, m.CloseOutMs, m.HaircutFloor, m.HaircutCap, m.SigmaStep, m.Breaker, m.TradeBand, m.LiquidationBand, m.MarkBand,
            cfg.FreshnessWindowMs, cfg.Oracle.Members.Count, cfg.Oracle.Quorum,
            m.Grid.Select(g => (g.Shock, g.Weight)).ToArray(),
            Commitments.ConfigHash(cfg));
        return maxOps is null ? shape.WithMaxAccounts(cfg.MaxAccounts) : shape;
    }

    /// <summary>
    /// Constraint budget of the circuit for <paramref name="cfg"/> (see <see cref="ConstraintBudget"/>), with
    /// <paramref name="maxOps"/> slots and <paramref name="maxAccounts"/> registers instead of the configured MaxOps and MaxAccounts.
    /// </summary>
    public static ConstraintBudget Budget(SettlementConfig cfg, int? maxOps = null, int? maxAccounts = null)
    {
        var shape = From(cfg, maxOps);
        return ConstraintBudget.Measure(maxAccounts is { } r ? shape.WithMaxAccounts(r) : shape);
    }

    /// <summary>
    /// The two batches the register layout is judged by (bench/RESULTS-settlement-circuit.md), at <paramref name="cfg"/>'s
    /// sizes: 16 ops among 8 accounts (a market maker's batch, heavy reuse), and one trade between two accounts new to the batch.
    /// </summary>
    public static (string Name, ConstraintBudget Budget)[] ReuseCases(SettlementConfig cfg) =>
    [
        ("16 trades among 8 accounts (16 slots, 8 registers)", Budget(cfg, 16, 8)),
        ("one trade between two accounts new to the batch (1 slot, 2 registers)", Budget(cfg, 1, 2)),
    ];
}
