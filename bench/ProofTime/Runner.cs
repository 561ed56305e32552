using Settlement.Circuits.Settlement;

namespace Settlement.Bench.ProofTime;

/// <summary>What to run: settlement batch sizes, in-process chain circuits, and snarkjs comparison powers.</summary>
public sealed record Plan(
    IReadOnlyList<int> Batches, IReadOnlyList<int> SetupBatches, int Depth, IReadOnlyList<int> ChainConstraints,
    IReadOnlyList<int> ComparePowers, string? SnarkjsBuildDir, string? Snarkjs, Options Options, int MaxCompileOps = 4);

/// <summary>The program's core (also run in-process by the smoke test).</summary>
public static class Runner
{
    /// <summary>Runs the plan; <paramref name="partial"/> receives the report so far after each row (long runs keep what they measured).</summary>
    public static Report Run(Plan plan, Action<string> log, Action<Report>? partial = null)
    {
        var started = DateTime.UtcNow;
        var machine = Machine.Current();
        log($"{machine}; load {Machine.LoadAverage()}");
        var rows = new List<Row>();
        var notRun = new List<string>();
        var comparisons = new List<ComparisonRow>();
        void Partial() => partial?.Invoke(new Report(machine, started, DateTime.UtcNow, plan.Options.Threads, rows.ToArray(), comparisons.ToArray(), notRun.ToArray()));
        Measure.WarmUp(plan.Options.Threads);

        ConstraintBudget? budget = null;
        foreach (int ops in plan.Batches)
        {
            if (ops <= plan.MaxCompileOps)
            {
                rows.Add(Measure.Transition(ops, plan.Depth, plan.SetupBatches.Contains(ops), plan.Options, log));
                Partial();
            }
            else
            {
                budget ??= ConstraintBudget.Measure(SettlementBatch.Create(plan.Depth, 1).Shape);
                rows.Add(Measure.TransitionFromBudget(budget, ops, plan.Depth));
                notRun.Add($"settlement batch {ops}: not compiled or set up here (constraint count from the per-op budget)");
            }
        }
        foreach (int ops in plan.Batches.Where(b => b <= plan.MaxCompileOps && !plan.SetupBatches.Contains(b)))
            notRun.Add($"settlement batch {ops}: compiled and witness built, but no setup / prove / verify (not in --setup-batches)");

        foreach (int n in plan.ChainConstraints)
        {
            log($"chain circuit, {n} constraints");
            rows.Add(Measure.Chain(n, plan.Options, log));
            Partial();
        }

        foreach (int p in plan.ComparePowers)
        {
            int n = (1 << p) - 3;
            string dir = Path.Combine(plan.SnarkjsBuildDir ?? "", $"p{p}");
            string r1cs = Path.Combine(dir, $"chain_{n}.r1cs"), wtns = Path.Combine(dir, $"chain_{n}.wtns");
            if (plan.Snarkjs == null || !File.Exists(r1cs) || !File.Exists(wtns))
            {
                notRun.Add($"snarkjs comparison at 2^{p}: {r1cs} / {wtns} missing (run bench/snarkjs/compare.sh build --power {p} -o {dir})");
                continue;
            }
            log($"snarkjs comparison, 2^{p}");
            comparisons.Add(SnarkjsComparison.Run(p, r1cs, wtns, plan.Snarkjs, plan.Options, log));
            Partial();
        }
        return new Report(machine, started, DateTime.UtcNow, plan.Options.Threads, rows, comparisons, notRun);
    }
}
