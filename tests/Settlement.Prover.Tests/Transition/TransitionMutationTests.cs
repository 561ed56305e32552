using Settlement.Circuits.Frontend;
using Settlement.Circuits.Soundness;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using InstrumentRisk = Settlement.Verifier.Bundles.InstrumentRisk;
using Settlement.Verifier.Bls12381;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// The mutation checker on the full transition circuit, for batches that exercise every op kind: no single witness
/// wire, and no pair of wires feeding one comparison, can change while every constraint still holds, except the IsZero
/// inverse hints the frontend declares free.
/// </summary>
public class TransitionMutationTests(ITestOutputHelper output)
{
    /// <summary>Three consecutive batches from genesis: setup, a trade and a transfer, a withdrawal and a liquidation after a mark drop.</summary>
    public static (SettlementState Pre, Operation[] Batch)[] Batches()
    {
        var cfg = CircuitWorld.Config;
        var list = new List<(SettlementState, Operation[])>();
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance);
        const long usdc = 1_000_000; // settlement units per USDC
        Operation[][] batches =
        [
            [
                new PriceTick(1_000_000, [new PriceReport(0, 0, CircuitWorld.UsdcPrice, 999_000), new PriceReport(0, 1, CircuitWorld.UsdcPrice, 1_000_000),
                    new PriceReport(1, 0, CircuitWorld.EthPrice, 1_000_000), new PriceReport(1, 1, CircuitWorld.EthPrice - 300, 998_000), new PriceReport(1, 2, CircuitWorld.EthPrice + 100, 1_000_000)]),
                new RiskUpdate(1, [1_000, 3_377_000], [new InstrumentRisk((ulong)CircuitWorld.EthPrice, 100_000_000, 0),
                    new InstrumentRisk(150UL * 100_000_000, 50_000_000, 1_000_000_000), new InstrumentRisk(140UL * 100_000_000, -50_000_000, 2_000_000_000)]),
                new Deposit(0, 3, 0, 0, 1_500 * usdc, 0, Fr.FromInt64(12345)),
                new Deposit(0, 5, 0, 0, 90_000 * usdc, 1, Fr.FromInt64(777)),
            ],
            [
                new Trade(0, 0, 3, 1, 5, 1, 200_000_000, 3_010 * usdc, 100, 250),      // account 3 buys 2 ETH-PERP at $3010
                new Transfer(5, 2, 0, 0, 1, 10_000 * usdc),
            ],
            [
                new RiskUpdate(2, [1_000, 3_500_000], [new InstrumentRisk(2_300UL * 100_000_000, 100_000_000, 0),
                    new InstrumentRisk(120UL * 100_000_000, 45_000_000, 1_000_000_000), new InstrumentRisk(170UL * 100_000_000, -55_000_000, 2_000_000_000)]),
                new Withdraw(1, 5, 3, 0, 5_000 * usdc, 0),
                new Liquidate(0, 0, 3, 2, 5, 4, 100_000_000, 2_300 * usdc),
            ],
        ];
        foreach (var b in batches)
        {
            var pre = TransitionWitnessBuilder.Copy(cfg, engine.State);
            engine.Apply(b);
            list.Add((pre, b));
        }
        return [.. list];
    }

    [Fact]
    public void FullCircuitIsMutationClean()
    {
        var cfg = CircuitWorld.Config;
        var compiled = CircuitWorld.Compiled;
        foreach (var (pre, batch) in Batches())
        {
            var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
            var result = engine.Apply(batch);
            var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, result);
            var a = w.ToAssignment(CircuitWorld.Shape);
            var report = MutationChecker.Check(compiled, a, new MutationOptions { SampleSize = 12_000, MaxPropagated = 40, Seed = batch.Length });
            output.WriteLine($"{string.Join(", ", batch.Select(o => o.Kind))}: {report}");
            foreach (var f in report.Intended.Take(3)) output.WriteLine($"  declared: {f}");
            Assert.True(report.IsClean, report.ToString());
            Assert.True(report.WiresTested > 10_000);
            Assert.True(report.PairsTested > 400); // two wires feeding one comparison, changed together
        }
    }
}
