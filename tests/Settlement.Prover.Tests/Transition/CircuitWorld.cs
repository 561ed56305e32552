using Settlement.Circuits.Frontend;
using Settlement.Circuits.Transition;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Transition;

/// <summary>Accepts every signature: the circuit does not check signatures (docs/spec.md §6, outside the circuit).</summary>
internal sealed class TrustingAuthenticator : IReportAuthenticator
{
    public static readonly TrustingAuthenticator Instance = new();
    public bool VerifyPriceTick(PriceTick tick, out string reason) { reason = ""; return true; }
    public bool VerifyRiskUpdate(RiskUpdate update, out string reason) { reason = ""; return true; }
}

/// <summary>
/// The small deployment the differential tests run (docs/spec.md §10 demo values, smaller tree and batch): D = 2
/// (4-ary levels: 16 accounts),
/// V = 2, C = 2 (USDC d = 6, ETH d = 9), ETH-PERP / ETH call / ETH put quoted in USDC, 2 position slots, 2 ops per batch,
/// the 9-point grid, oracle 3/2. One compiled circuit is shared by all tests.
/// </summary>
internal static class CircuitWorld
{
    public const long UsdcPrice = 100_000_000;          // $1 in VU
    public const long EthPrice = 3000L * 100_000_000;   // $3000 in VU
    public const long OptionExpiry = 1_900_000_000_000;

    public static readonly SettlementConfig Config = MakeConfig(depth: 2, maxOps: 2, maxPositions: 2);
    public static readonly TransitionShape Shape = CircuitShapes.From(Config);
    private static readonly Lazy<(TransitionCircuit Circuit, CompiledCircuit Compiled)> _compiled = new(() =>
    {
        var c = new TransitionCircuit(Shape);
        return (c, c.Compile());
    });
    public static TransitionCircuit Circuit => _compiled.Value.Circuit;
    public static CompiledCircuit Compiled => _compiled.Value.Compiled;

    private static RegisteredKey Key(int n) => Settlement.Prover.Tests.Engine.EngineFixture.KeyOf(n);

    public static SettlementConfig MakeConfig(int depth, int maxOps, int maxPositions, int venues = 2, int assets = 2, int instrumentsPerUnderlying = 3)
    {
        var v = new List<VenueConfig>();
        for (int i = 0; i < venues; i++) v.Add(new VenueConfig($"venue{i}", i == 0 ? 200 : 2000 + 1000 * i, Key(i)));
        var a = new List<AssetConfig> { new("USDC", 6, 0, 1_000_000_000) };
        for (int i = 1; i < assets; i++) a.Add(new AssetConfig(i == 1 ? "ETH" : $"A{i}", i == 1 ? 9 : 8, 1_000_000, 20_000_000));
        var ins = new List<InstrumentConfig>();
        for (int u = 1; u < assets; u++)
        {
            ins.Add(new InstrumentConfig($"U{u}-PERP", InstrumentKind.Perpetual, u, 0, 0, 0));
            if (instrumentsPerUnderlying > 1) ins.Add(new InstrumentConfig($"U{u}-C", InstrumentKind.Call, u, 0, 3000L * 100_000_000, OptionExpiry));
            if (instrumentsPerUnderlying > 2) ins.Add(new InstrumentConfig($"U{u}-P", InstrumentKind.Put, u, 0, 3000L * 100_000_000, OptionExpiry));
            for (int k = 3; k < instrumentsPerUnderlying; k++)
                ins.Add(new InstrumentConfig($"U{u}-C{k}", InstrumentKind.Call, u, 0, (2000L + 100 * k) * 100_000_000, OptionExpiry));
        }
        ScenarioPoint[] grid = [new(0, 100), new(20, 100), new(-20, 100), new(40, 100), new(-40, 100), new(60, 100), new(-60, 100), new(120, 35), new(-120, 35)];
        var cfg = new SettlementConfig(7, depth, maxOps, maxPositions, v, a, ins,
            new CommitteeConfig([Key(10), Key(11), Key(12)], 2), 5_000,
            new CommitteeConfig([Key(20), Key(21), Key(22)], 2),
            new MarginConfig(23_263, 16_449, 86_400_000, 10_000, 500_000, 200_000, 100_000, 50_000, 100_000, 300_000, grid));
        cfg.Validate();
        return cfg;
    }
}
