using Settlement.Bench.ProofTime;
using Settlement.Circuits.Transition;

namespace Settlement.Prover.Tests.Bench;

/// <summary>
/// The CI smoke run of bench/ProofTime: its core on the smallest configuration (a 100-constraint chain circuit, the
/// settlement circuit of the sample deployment with one op slot and a depth-4 tree: compiled, and the witness of a real
/// engine-accepted batch built and solved, no setup; 8-slot batches counted from their budgets, with and without reuse), checking the report is complete and
/// self-consistent. No wall-clock bounds: the machine's speed is not under test.
/// </summary>
public class ProofTimeSmokeTests
{
    [Fact]
    public void SmallestConfigurationReportsSaneNumbers()
    {
        var plan = new Plan(Batches: [1, 8], SetupBatches: [], Depth: 4, ChainConstraints: [100], ComparePowers: [14],
            SnarkjsBuildDir: null, Snarkjs: null, new Options(Repeats: 2, SetupRepeats: 1, Threads: 2), MaxCompileOps: 1);
        var report = Runner.Run(plan, _ => { });

        // Each batch size with accounts reused and with none, then the chain circuit.
        Assert.Equal(5, report.Rows.Count);
        var (batch1, batch1Fresh, batch8, batch8Fresh) = (report.Rows[0], report.Rows[1], report.Rows[2], report.Rows[3]);
        Assert.Equal(1, batch1.BatchOps);
        Assert.True(batch1.Constraints > 1000, $"one op slot has {batch1.Constraints} constraints");
        // One trade touches two accounts either way; the compiled single-slot circuit matches its budget.
        var one = SettlementBatch.Create(4, 1, AccountMix.Reuse).Shape;
        Assert.Equal(2, one.MaxAccounts);
        Assert.Equal(ConstraintBudget.Measure(one).Total(1), batch1.Constraints);
        Assert.Equal(batch1.Constraints, batch1Fresh.Constraints);
        // The 8-slot rows are counted from budgets with their registers (not compiled: MaxCompileOps is 1): 8 trades
        // among 4 accounts, or among 16; reuse is what makes the batch cheaper.
        Assert.Equal(ConstraintBudget.Measure(one.WithMaxAccounts(4)).Total(8), batch8.Constraints);
        Assert.Equal(ConstraintBudget.Measure(one.WithMaxAccounts(16)).Total(8), batch8Fresh.Constraints);
        Assert.True(batch8.Constraints < batch8Fresh.Constraints);
        Assert.True(batch1.Domain >= batch1.Constraints);
        Assert.NotNull(batch1.Witness);                      // the real batch's witness solved the circuit
        Assert.Equal(2, batch1.Witness!.Runs);
        Assert.Null(batch1.Prove);                           // no setup requested at this size
        Assert.Contains(report.NotRun, n => n.StartsWith("settlement batch 1:", StringComparison.Ordinal));

        var chain = report.Rows[4];
        Assert.Equal(100, chain.Constraints);
        Assert.Equal(128, chain.Domain);
        Assert.True(chain.ProvingKeyBytes > 100 * 48, "the .zkey holds at least one G1 point per constraint");
        Assert.NotNull(chain.Prove);
        Assert.Equal(2, chain.Prove!.Runs);
        Assert.True(chain.Prove.Min > 0 && chain.Prove.Min <= chain.Prove.Median && chain.Prove.Median <= chain.Prove.Max);
        // Each run's parts add up to its total; medians of parts need not, so compare per-part bounds.
        Assert.True(chain.Msm!.Min > 0 && chain.Msm.Median <= chain.Prove.Max);
        Assert.True(chain.Fft!.Min > 0 && chain.FftWait!.Min >= 0 && chain.Rest!.Min >= 0);
        Assert.True(chain.Verify!.Median > 0);
        Assert.True(chain.PeakBytes!.Median > 1 << 20, "peak RSS of a .NET process is more than 1 MiB");
        Assert.True(chain.Latency > chain.Prove.Median);

        // Without snarkjs build output the comparison is reported as not run, never silently dropped.
        Assert.Empty(report.Comparisons);
        Assert.Contains(report.NotRun, n => n.Contains("2^14", StringComparison.Ordinal));

        string md = report.ToMarkdown(["time.png"]);
        Assert.Contains($"{report.Machine.Cores} cores", md, StringComparison.Ordinal);
        Assert.Contains("| chain 100 | 100 |", md, StringComparison.Ordinal);
        Assert.Contains("![time](time.png)", md, StringComparison.Ordinal);

        // The JSON kept next to the Markdown round-trips, so a later run can be appended to it.
        var back = Report.FromJson(report.ToJson());
        Assert.Equal(report.Rows.Count, back.Rows.Count);
        Assert.Equal(chain.Prove.Median, back.Rows[4].Prove!.Median);
        // Appending a re-run of the same workloads replaces them (one point per workload in tables and charts);
        // a workload the earlier run did not have is added.
        Assert.Equal(report.Rows.Count, back.Append(report).Rows.Count);
        var other = report with { Rows = [report.Rows[4] with { Workload = "chain 101" }] };
        Assert.Equal(report.Rows.Count + 1, back.Append(other).Rows.Count);

        string dir = Directory.CreateTempSubdirectory("prooftime-smoke").FullName;
        try
        {
            string t = Path.Combine(dir, "t.png"), m = Path.Combine(dir, "m.png");
            Chart.Write(report, t, m);
            foreach (var png in new[] { t, m })
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);
        }
        finally { Directory.Delete(dir, true); }
    }
}
