using Settlement.Circuits.Settlement;
using Settlement.Prover.Service;
using Settlement.Prover.Witness;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>Constraint budget per account op (one universal slot) and per batch, at test, spec-estimate and production sizes.</summary>
public class ConstraintBudgetTests(ITestOutputHelper output)
{
    private ConstraintBudget Print(string name, ConstraintBudget b)
    {
        output.WriteLine($"== {name}");
        output.WriteLine(b.ToString());
        output.WriteLine($"batch of {b.Shape.MaxOps} ops: {b.Total(b.Shape.MaxOps)}");
        Assert.Equal(b.PerOp, b.PerOpByPart.Sum(p => p.Constraints)); // every constraint a slot adds is attributed to a part
        Assert.True(b.PerOp > 0 && b.PerBatch > 0);
        return b;
    }

    private static void Pinned(ConstraintBudget b, int perOp, int perBatch)
    {
        Assert.Equal(perOp, b.PerOp);
        Assert.Equal(perBatch, b.PerBatch);
    }

    private static Settlement.Verifier.Config.SettlementConfig SpecEstimateConfig() =>
        CircuitWorld.MakeConfig(depth: 16, maxOps: 64, maxPositions: 8, venues: 2, assets: 3, instrumentsPerUnderlying: 2);

    [Fact]
    public void TestWorldBudget() => Pinned(Print("differential-test circuit", CircuitShapes.Budget(CircuitWorld.Config)), 15_137, 19_359);

    /// <summary>docs/spec.md §10's estimate: D = 16 (arity 4, 2³² accounts), 8 positions, K = 9, V = 2, two underlyings (C = 3: USDC, ETH, BTC), 2 instruments each.</summary>
    [Fact]
    public void SpecEstimateBudget() =>
        Pinned(Print("spec §10 estimate (D=16, P=8, K=9, V=2, C=3, 2 underlyings)", CircuitShapes.Budget(SpecEstimateConfig())), SpecPerOp, 25_890);

    /// <summary>Production sizes of docs/spec.md §10: D = 16, V = C = 8 (7 underlyings), 8 positions, K = 9, 14 instruments.</summary>
    [Fact]
    public void ProductionBudget() =>
        Pinned(Print("production (D=16, P=8, K=9, V=8, C=8, 7 underlyings, NI=14)",
            CircuitShapes.Budget(CircuitWorld.MakeConfig(depth: 16, maxOps: 64, maxPositions: 8, venues: 8, assets: 8, instrumentsPerUnderlying: 2))), 68_595, 203_521);

    /// <summary>
    /// The exact counts the docs quote (README, docs/spec.md §10, bench/RESULTS*.md; the budget tests above pin the
    /// per-op and per-batch figures of each size): any change to the circuit's size, accidental or not, fails here until
    /// the figures and the docs are updated together.
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

    /// <summary>`settle demo`'s transition circuit (D = 5, V = 3, C = 2, NI = 2, 4 positions, 2 ops, 10 report slots).</summary>
    private const int DemoCircuit = 65_311;
    /// <summary>One universal op slot at docs/spec.md §10's estimate sizes.</summary>
    private const int SpecPerOp = 37_111;
}
