using Settlement.Circuits.Transition;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using InstrumentRisk = Settlement.Verifier.Bundles.InstrumentRisk;
using Settlement.Verifier.Bls12381;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

public class TransitionSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void GenesisBatchSolves()
    {
        var cfg = CircuitWorld.Config;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var compiled = CircuitWorld.Compiled;
        output.WriteLine($"compile {sw.ElapsedMilliseconds} ms; {compiled.Statistics.Constraints} constraints");
        var pre = new SettlementState(cfg);
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        Operation[] batch =
        [
            new PriceTick(1_000_000, [new PriceReport(0, 0, CircuitWorld.UsdcPrice, 999_000), new PriceReport(0, 1, CircuitWorld.UsdcPrice, 1_000_000),
                new PriceReport(1, 0, CircuitWorld.EthPrice, 1_000_000), new PriceReport(1, 2, CircuitWorld.EthPrice + 100, 1_000_000)]),
            new RiskUpdate(1, [1_000, 3_377_000], [new InstrumentRisk((ulong)CircuitWorld.EthPrice, 100_000_000, 0),
                new InstrumentRisk(150UL * 100_000_000, 50_000_000, 1_000_000_000), new InstrumentRisk(140UL * 100_000_000, -50_000_000, 1_000_000_000)]),
            new Deposit(0, 3, 0, 0, 10_000_000_000, 0, Fr.FromInt64(12345)),
            new Deposit(1, 5, 0, 0, 20_000_000_000, 0, Fr.FromInt64(777)),
        ];
        var result = engine.Apply(batch);
        var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, result);
        sw.Restart();
        var witness = compiled.Solve(w.ToAssignment(CircuitWorld.Shape));
        output.WriteLine($"solve {sw.ElapsedMilliseconds} ms");
        for (int i = 0; i < 3; i++)
        {
            sw.Restart(); var a = w.ToAssignment(CircuitWorld.Shape); long t0 = sw.ElapsedMilliseconds;
            var wu = compiled.SolveUnchecked(a); long t1 = sw.ElapsedMilliseconds;
            compiled.Check(wu); long t2 = sw.ElapsedMilliseconds;
            compiled.R1cs.IsSatisfied(wu); long t3 = sw.ElapsedMilliseconds;
            output.WriteLine($"assign {t0} solve {t1 - t0} check {t2 - t1} r1cs {t3 - t2} ms");
        }
        Assert.True(compiled.R1cs.IsSatisfied(witness));
        Assert.Equal(w.Statement, compiled.PublicValues(witness)[0]);
        output.WriteLine(compiled.Statistics.ToString());
    }
}
