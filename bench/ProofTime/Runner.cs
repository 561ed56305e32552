using Settlement.Circuits.Transition;

namespace Settlement.Bench.ProofTime;

/// <summary>What to run: settlement batch sizes, in-process chain circuits, and snarkjs comparison powers.</summary>
public sealed record Plan(
    IReadOnlyList<int> Batches, IReadOnlyList<int> SetupBatches, int Depth, IReadOnlyList<int> ChainConstraints,
    IReadOnlyList<int> ComparePowers, string? SnarkjsBuildDir, string? Snarkjs, Options Options, int MaxCompileOps = 4, bool Isolate = false)
{
    /// <summary>Account mixes each settlement batch size is measured with.</summary>
    public IReadOnlyList<AccountMix> Mixes { get; init; } = [AccountMix.Reuse, AccountMix.Fresh];
}

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

        foreach (int ops in plan.Batches)
            foreach (var mix in plan.Mixes)
            {
                if (ops <= plan.MaxCompileOps)
                {
                    rows.Add(Measured<Row>(plan, $"batch:{ops}:{mix.ToString().ToLowerInvariant()}:{(plan.SetupBatches.Contains(ops) ? 1 : 0)}", log));
                    Partial();
                }
                else
                {
                    // The batch's registers are compiled, its slots counted.
                    var shape = SettlementBatch.Create(plan.Depth, 1, mix).Shape.WithMaxAccounts(SettlementBatch.Accounts(ops, mix));
                    rows.Add(Measure.TransitionFromBudget(ConstraintBudget.Measure(shape), ops, plan.Depth, mix));
                    notRun.Add($"settlement batch {ops} ({mix}): not compiled or set up here (constraint count from the budget: its registers compiled, its slots counted)");
                }
            }
        foreach (int ops in plan.Batches.Where(b => b <= plan.MaxCompileOps && !plan.SetupBatches.Contains(b)))
            notRun.Add($"settlement batch {ops}: compiled and witness built, but no setup / prove / verify (not in --setup-batches)");

        foreach (int n in plan.ChainConstraints)
        {
            log($"chain circuit, {n} constraints");
            rows.Add(Measured<Row>(plan, $"chain:{n}", log));
            Partial();
        }

        foreach (int p in plan.ComparePowers)
        {
            var (dir, r1cs, wtns) = ComparisonFiles(plan, p);
            if (plan.Snarkjs == null || !File.Exists(r1cs) || !File.Exists(wtns))
            {
                notRun.Add($"snarkjs comparison at 2^{p}: {r1cs} / {wtns} missing (run bench/snarkjs/compare.sh build --power {p} -o {dir})");
                continue;
            }
            log($"snarkjs comparison, 2^{p}");
            comparisons.Add(Measured<ComparisonRow>(plan, $"compare:{p}", log));
            Partial();
        }
        return new Report(machine, started, DateTime.UtcNow, plan.Options.Threads, rows, comparisons, notRun);
    }

    /// <summary>
    /// One row, measured in this process or (<see cref="Plan.Isolate"/>) in a fresh one: a process per row, so that
    /// its peak memory is its own and not what earlier rows left on the heap, and so that its JIT state is that of a
    /// process that warmed up on a tiny circuit only.
    /// </summary>
    private static T Measured<T>(Plan plan, string spec, Action<string> log) where T : class
    {
        if (!plan.Isolate) return (T)MeasureHere(plan, spec, log);
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this program to start a row in its own process");
        var psi = new System.Diagnostics.ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(Runner).Assembly.Location);
        var o = plan.Options;
        foreach (var a in new[] { "--row", spec, "--depth", $"{plan.Depth}", "--repeats", $"{o.Repeats}", "--setup-repeats", $"{o.SetupRepeats}",
                     "--threads", $"{o.Threads}", "--snarkjs-build", plan.SnarkjsBuildDir ?? "" })
            psi.ArgumentList.Add(a);
        using var child = System.Diagnostics.Process.Start(psi)!;
        string? result = null;
        for (string? line; (line = child.StandardOutput.ReadLine()) != null;)
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal)) result = line[ResultPrefix.Length..];
            else log(line);
        child.WaitForExit();
        if (child.ExitCode != 0 || result == null) throw new InvalidOperationException($"row {spec}: its process exited with {child.ExitCode}{(result == null ? " and no result" : "")}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(result, Report.JsonOptions) ?? throw new InvalidDataException($"row {spec}: empty result");
    }

    /// <summary>The line a row's process prints its result on (JSON), after its log lines.</summary>
    public const string ResultPrefix = "RESULT ";

    /// <summary>compare.sh's build output for 2^<paramref name="power"/> − 3 constraints: its folder, .r1cs and .wtns.</summary>
    private static (string Dir, string R1cs, string Wtns) ComparisonFiles(Plan plan, int power)
    {
        int n = (1 << power) - 3;
        string dir = Path.Combine(plan.SnarkjsBuildDir ?? "", $"p{power}");
        return (dir, Path.Combine(dir, $"chain_{n}.r1cs"), Path.Combine(dir, $"chain_{n}.wtns"));
    }

    /// <summary>Measures one row in this process: <c>batch:OPS:MIX:SETUP</c>, <c>chain:CONSTRAINTS</c> or <c>compare:POWER</c>.</summary>
    public static object MeasureHere(Plan plan, string spec, Action<string> log)
    {
        var f = spec.Split(':');
        int N(int i) => int.Parse(f[i], System.Globalization.CultureInfo.InvariantCulture);
        switch (f[0])
        {
            case "batch" when f.Length == 4 && Enum.TryParse<AccountMix>(f[2], ignoreCase: true, out var mix):
                return Measure.Transition(N(1), plan.Depth, mix, N(3) != 0, plan.Options, log);
            case "chain" when f.Length == 2: return Measure.Chain(N(1), plan.Options, log);
            case "compare" when f.Length == 2:
            {
                var (_, r1cs, wtns) = ComparisonFiles(plan, N(1));
                return SnarkjsComparison.Run(N(1), r1cs, wtns, plan.Snarkjs ?? throw new InvalidOperationException("snarkjs missing"), plan.Options, log);
            }
            default: throw new ArgumentException($"unknown row '{spec}' (batch:OPS:MIX:SETUP with MIX reuse or fresh, chain:CONSTRAINTS or compare:POWER)");
        }
    }
}
