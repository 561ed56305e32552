using Settlement.Circuits.Settlement;
using Settlement.Prover.Service;
using Settlement.Prover.Witness;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>Constraint budget per account op (one universal slot) and per batch, at test, spec-estimate and production sizes.</summary>
public class ConstraintBudgetTests(ITestOutputHelper output)
{
    private void Print(string name, ConstraintBudget b)
    {
        output.WriteLine($"== {name}");
        output.WriteLine(b.ToString());
        output.WriteLine($"batch of {b.Shape.MaxOps} ops: {b.Total(b.Shape.MaxOps)}");
        Assert.Equal(b.PerOp, b.PerOpByPart.Sum(p => p.Constraints)); // every constraint a slot adds is attributed to a part
        Assert.True(b.PerOp > 0 && b.PerBatch > 0);
    }

    private static Settlement.Verifier.Config.SettlementConfig SpecEstimateConfig() =>
        CircuitWorld.MakeConfig(depth: 32, maxOps: 64, maxPositions: 8, venues: 2, assets: 3, instrumentsPerUnderlying: 2);

    [Fact]
    public void TestWorldBudget() => Print("differential-test circuit", CircuitShapes.Budget(CircuitWorld.Config));

    /// <summary>docs/spec.md §10's estimate: D = 32, 8 positions, K = 9, V = 2, two underlyings (C = 3: USDC, ETH, BTC), 2 instruments each.</summary>
    [Fact]
    public void SpecEstimateBudget() =>
        Print("spec §10 estimate (D=32, P=8, K=9, V=2, C=3, 2 underlyings)", CircuitShapes.Budget(SpecEstimateConfig()));

    /// <summary>Production sizes of docs/spec.md §10: D = 32, V = C = 8 (7 underlyings), 8 positions, K = 9, 14 instruments.</summary>
    [Fact]
    public void ProductionBudget() =>
        Print("production (D=32, P=8, K=9, V=8, C=8, 7 underlyings, NI=14)",
            CircuitShapes.Budget(CircuitWorld.MakeConfig(depth: 32, maxOps: 64, maxPositions: 8, venues: 8, assets: 8, instrumentsPerUnderlying: 2)));

    /// <summary>
    /// The exact counts the docs quote (README, docs/spec.md §10, bench/RESULTS*.md): any change to the circuit's size,
    /// accidental or not, fails here until the figures and the docs are updated together.
    /// </summary>
    [Fact]
    public void ConstraintCountsArePinned()
    {
        var dir = Directory.CreateTempSubdirectory("settle-budget-");
        try
        {
            var demo = SampleDeployment.Init(dir.FullName).LoadConfig();
            int demoCount = new TransitionCircuit(CircuitShapes.From(demo)).Compile().Statistics.Constraints;
            var spec = CircuitShapes.Budget(SpecEstimateConfig());
            output.WriteLine($"demo circuit {demoCount}, spec-size per op {spec.PerOp}, per batch {spec.PerBatch}");
            Assert.Equal(DemoCircuit, demoCount);
            Assert.Equal(SpecPerOp, spec.PerOp);
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>`settle demo`'s transition circuit (D = 10, V = 3, C = 2, NI = 2, 4 positions, 2 ops, 10 report slots).</summary>
    private const int DemoCircuit = 72_551;
    /// <summary>One universal op slot at docs/spec.md §10's estimate sizes.</summary>
    private const int SpecPerOp = 48_695;
}
