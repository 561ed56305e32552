using Settlement.Circuits.Transition;
using Settlement.Prover.Service;
using Settlement.Prover.Witness;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// Constraint budget per account op slot, per account register and per batch, at test, spec-estimate and production
/// sizes, and the two batches the register layout is judged by (bench/RESULTS-settlement-circuit.md).
/// </summary>
public class ConstraintBudgetTests(ITestOutputHelper output)
{
    private ConstraintBudget Print(string name, ConstraintBudget b)
    {
        output.WriteLine($"== {name}");
        output.WriteLine(b.ToString());
        // Every constraint a slot or the registers add is attributed to a part.
        Assert.Equal(b.PerOp, b.PerOpByPart.Sum(p => p.Constraints));
        Assert.Equal(b.Registers, b.RegistersByPart.Sum(p => p.Constraints));
        Assert.True(b.PerOp > 0 && b.PerBatch > 0 && b.Registers > 0);
        return b;
    }

    private static void Pinned(ConstraintBudget b, int perOp, int registers, int perBatch)
    {
        Assert.Equal(perOp, b.PerOp);
        Assert.Equal(registers, b.Registers);
        Assert.Equal(perBatch, b.PerBatch);
    }

    private static Settlement.Verifier.Config.SettlementConfig SpecEstimateConfig() =>
        CircuitWorld.MakeConfig(depth: 16, maxOps: 64, maxPositions: 8, venues: 2, assets: 3, instrumentsPerUnderlying: 2);

    /// <summary>The differential tests' circuit (2 slots, 4 registers): the budget's whole circuit is its compiled count.</summary>
    [Fact]
    public void TestWorldBudget()
    {
        var b = Print("differential-test circuit", CircuitShapes.Budget(CircuitWorld.Config));
        Assert.Equal(CircuitWorld.Compiled.Statistics.Constraints, b.WholeCircuit);
        Pinned(b, TestWorldPerOp, TestWorldRegisters, 19_359);
    }

    /// <summary>
    /// The reuse goal's batch at docs/spec.md §10's estimate sizes (D = 16: 2³² accounts, 8 positions, K = 9, V = 2, two
    /// underlyings, C = 3, NI = 4): 16 slots and 8 registers, 16 trades among 8 accounts. The whole circuit is compiled too
    /// and must have exactly the budget's count.
    /// </summary>
    [Fact]
    public void ReuseBatchBudget()
    {
        var b = Print("16 ops among 8 accounts, spec §10 sizes", CircuitShapes.Budget(SpecEstimateConfig(), 16, 8));
        Pinned(b, SpecPerOp, SpecRegisters8, 25_890);
        Assert.Equal(ReuseBatchTotal, b.WholeCircuit);
        var whole = new TransitionCircuit(CircuitShapes.From(SpecEstimateConfig(), maxOps: 16).WithMaxAccounts(8)).Compile().Statistics.Constraints;
        Assert.Equal(b.WholeCircuit, whole);
    }

    /// <summary>The second goal's batch at the same sizes: one trade between two accounts new to the batch (1 slot, 2 registers).</summary>
    [Fact]
    public void FreshTradeBudget()
    {
        var b = Print("one trade between two new accounts, spec §10 sizes", CircuitShapes.Budget(SpecEstimateConfig(), 1, 2));
        Assert.Equal(FreshTradeTotal, b.WholeCircuit);
        Assert.Equal(FreshTradeWithoutBatch, b.WholeCircuit - b.PerBatch);
    }

    /// <summary>Production sizes of docs/spec.md §10: D = 16, V = C = 8 (7 underlyings), 8 positions, K = 9, 14 instruments; 1 slot, 2 registers.</summary>
    [Fact]
    public void ProductionBudget() =>
        Pinned(Print("production (D=16, P=8, K=9, V=8, C=8, 7 underlyings, NI=14), 1 slot, 2 registers",
            CircuitShapes.Budget(CircuitWorld.MakeConfig(depth: 16, maxOps: 64, maxPositions: 8, venues: 8, assets: 8, instrumentsPerUnderlying: 2), 1, 2)),
            ProductionPerOp, ProductionRegisters2, 203_521);

    /// <summary>
    /// The register layout each reference batch gets (docs/spec.md §10, <see cref="TransitionShape.RegistersHoldElements"/>):
    /// elements where accounts are reused, hashes where most ops bring new accounts (the demo's too, below).
    /// </summary>
    [Theory]
    [InlineData("spec", 16, 8, true)]    // the reuse goal's batch
    [InlineData("spec", 1, 2, false)]    // one trade between two new accounts
    [InlineData("spec", 64, 128, false)] // 64 ops, every account new
    [InlineData("production", 1, 2, false)]
    [InlineData("production", 64, 32, true)]
    [InlineData("production", 64, 128, false)]
    public void RegisterLayoutFollowsTheCostRule(string sizes, int ops, int registers, bool elements)
    {
        var cfg = sizes == "spec" ? SpecEstimateConfig()
            : CircuitWorld.MakeConfig(depth: 16, maxOps: 64, maxPositions: 8, venues: 8, assets: 8, instrumentsPerUnderlying: 2);
        var shape = CircuitShapes.From(cfg, maxOps: ops).WithMaxAccounts(registers);
        Assert.Equal(elements, shape.RegistersHoldElements);
        Assert.Equal(elements ? 1 + shape.LeafElements : 1, shape.RegisterStateLength);
    }

    /// <summary>
    /// The exact counts the docs quote (README, docs/spec.md §10, bench/RESULTS*.md; the budget tests above pin the
    /// per-op, per-register and per-batch figures of each size): any change to the circuit's size, accidental or not,
    /// fails here until the figures and the docs are updated together.
    /// </summary>
    [Fact]
    public void ConstraintCountsArePinned()
    {
        var dir = Directory.CreateTempSubdirectory("settle-budget-");
        try
        {
            var demo = SampleDeployment.Init(dir.FullName).LoadConfig();
            Assert.False(CircuitShapes.From(demo).RegistersHoldElements);
            int demoCount = new TransitionCircuit(CircuitShapes.From(demo)).Compile().Statistics.Constraints;
            var budget = CircuitShapes.Budget(demo);
            output.WriteLine($"demo circuit {demoCount}; budget {budget}");
            Assert.Equal(DemoCircuit, demoCount);
            Assert.Equal(demoCount, budget.WholeCircuit); // `settle inspect --budget`'s whole-circuit line
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>`settle demo`'s transition circuit (D = 5, V = 3, C = 2, NI = 2, 4 positions, 2 ops, 4 registers, 10 report slots).</summary>
    private const int DemoCircuit = 62_740;
    private const int TestWorldPerOp = 11_406, TestWorldRegisters = 4_893;
    /// <summary>One op slot at docs/spec.md §10's estimate sizes with 8 registers, and the 8 registers.</summary>
    private const int SpecPerOp = 13_883, SpecRegisters8 = 87_493;
    private const int ReuseBatchTotal = 335_501, FreshTradeTotal = 61_248, FreshTradeWithoutBatch = 35_358;
    private const int ProductionPerOp = 45_130, ProductionRegisters2 = 19_439;
}
