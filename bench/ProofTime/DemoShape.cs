using Settlement.Circuits.Settlement;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench.ProofTime;

/// <summary>
/// A transition-circuit shape with the sizes of docs/spec.md §10 (D, V, C, NI, MaxPositions, grid K = 9, oracle 3/2)
/// and the margin constants of the settlement tests' deployment, built directly rather than from an engine
/// configuration (the config-to-shape code lives with the witness builder on branch settle-circuit). The constraint
/// count depends on the sizes, not on the constant values; the configuration hash is a circuit constant and is zero here.
/// </summary>
public static class DemoShape
{
    public static TransitionShape Create(int depth, int maxOps, int maxPositions = 4) => new(
        depth, maxOps, maxPositions, MaxReports: 2 * 3,
        VenueLatencyMs: [200, 3000], AssetDecimals: [6, 9], SigmaMin: [0, 1_000_000], SigmaMax: [1_000_000_000, 20_000_000],
        Instruments: [new(false, 1, 0, 0), new(true, 1, 0, 1_900_000_000_000), new(true, 1, 0, 1_900_000_000_000)],
        ZIm: 23_263, ZMm: 16_449, CloseOutMs: 86_400_000, HaircutFloor: 10_000, HaircutCap: 500_000, SigmaStep: 200_000,
        Breaker: 100_000, TradeBand: 50_000, LiquidationBand: 100_000, FreshnessWindowMs: 5_000, OracleSize: 3, OracleQuorum: 2,
        Grid: [(0, 100), (20, 100), (-20, 100), (40, 100), (-40, 100), (60, 100), (-60, 100), (120, 35), (-120, 35)],
        ConfigHash: Fr.Zero,
        Scales: new TransitionScales(Scales.Ppm, Scales.QtyScale, Scales.ShockScale, Scales.ScenarioScale, Scales.TimeRootInputScale,
            Scales.CollateralExponent, Scales.HaircutDivisor, Scales.RangeDivisor, Scales.ValueDivisor, Scales.PositionValueFactor,
            Scales.DeltaDivisor, Scales.GammaDivisor, Scales.ValueBits));
}
