using System.Collections.Concurrent;
using System.Diagnostics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Transition;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// The circuit is satisfiable exactly when the engine accepts: random batches, about half with one adversarial change.
/// Accepted: the honest witness from the engine's trace solves every constraint and the public input equals the natively
/// computed statement hash. Refused: the witness a forger would build (accepted prefix, then the refused op forced
/// through on the accounts as they stand, every intermediate root updated) violates constraints other than the final
/// statement equality (the forger would claim whatever statement the circuit computes); among the rules they carry is the
/// engine's RejectReason (or the one that enforces it, <see cref="EnforcedBy"/>), and every violated constraint carries a
/// rule (none is a root, hash or selector consistency).
/// 500 batches by default (about 2 minutes on 2 cores); SETTLEMENT_FULL_DIFFERENTIAL=1 runs 10,000 (about 45 minutes),
/// SETTLEMENT_DIFFERENTIAL_COUNT=n any other count. Deterministic: fixed seeds per chain.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    private sealed class Tally
    {
        public int Accepted, Rejected;
        public readonly ConcurrentDictionary<string, int> ByReason = new();
        public readonly ConcurrentDictionary<string, int> ByClassRejected = new();
        public readonly ConcurrentDictionary<string, int> ByClass = new();
        public readonly ConcurrentDictionary<string, int> AcceptedKinds = new();
        public readonly ConcurrentQueue<string> Failures = new();
    }

    [Fact]
    public void CircuitAgreesWithEngine()
    {
        int total = Environment.GetEnvironmentVariable("SETTLEMENT_FULL_DIFFERENTIAL") == "1" ? 10_000
            : int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_DIFFERENTIAL_COUNT"), out var n) ? n : 500;
        var sw = Stopwatch.StartNew();
        var compiled = CircuitWorld.Compiled;
        output.WriteLine($"circuit: {compiled.Statistics.Constraints} constraints, compiled in {sw.Elapsed.TotalSeconds:F1} s");
        sw.Restart();
        var tally = new Tally();
        int chains = Math.Max(2, Environment.ProcessorCount);
        Parallel.For(0, chains, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chain =>
            RunChain(chain, total / chains + (chain < total % chains ? 1 : 0), tally));
        var elapsed = sw.Elapsed;
        output.WriteLine($"{total} batches in {elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores: {tally.Accepted} accepted, {tally.Rejected} refused");
        foreach (var (k, v) in tally.ByClass.OrderBy(p => p.Key)) output.WriteLine($"  class {k,-24} {v,6} batches, {tally.ByClassRejected.GetValueOrDefault(k),6} refused");
        foreach (var (k, v) in tally.ByReason.OrderByDescending(p => p.Value)) output.WriteLine($"  reason {k,-28} {v,6}");
        foreach (var (k, v) in tally.AcceptedKinds.OrderBy(p => p.Key)) output.WriteLine($"  accepted op {k,-12} {v,6}");
        Assert.True(tally.Failures.IsEmpty, string.Join("\n", tally.Failures.Take(10)));
        Assert.Equal(total, tally.Accepted + tally.Rejected);
        // The mix the generator aims for: both outcomes well represented, and every adversarial class refused at least once.
        Assert.InRange(tally.Rejected, total / 4, 3 * total / 4);
        foreach (var cls in BatchGenerator.AdversarialClasses) Assert.True(tally.ByClassRejected.GetValueOrDefault(cls) > 0, $"class {cls} was never refused");
        // Accepted liquidations are rare (≈ 1 in 400 batches: the victim must be under maintenance margin and the
        // liquidator healthy after); TransitionMutationTests and ForgedBatchTests cover them deterministically.
        foreach (var kind in new[] { "Deposit", "Withdraw", "Transfer", "Trade", "PriceTick", "RiskUpdate" })
            Assert.True(tally.AcceptedKinds.GetValueOrDefault(kind) > 0, $"no accepted {kind}");
        if (total >= 2_000) Assert.True(tally.AcceptedKinds.GetValueOrDefault("Liquidate") > 0, "no accepted Liquidate");
    }

    /// <summary>SETTLEMENT_DIFFERENTIAL_LOG=path appends running totals every 50 batches (long runs on a shared machine).</summary>
    private static readonly string? ProgressLog = Environment.GetEnvironmentVariable("SETTLEMENT_DIFFERENTIAL_LOG");
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    private static void Progress(Tally t)
    {
        if (ProgressLog is null) return;
        lock (t)
            File.AppendAllText(ProgressLog,
                $"{DateTime.UtcNow:HH:mm:ss} {Clock.Elapsed.TotalSeconds:F0}s: {t.Accepted + t.Rejected} batches, {t.Accepted} accepted, {t.Rejected} refused, {t.Failures.Count} disagreements; " +
                string.Join(" ", t.ByReason.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + "; classes refused " +
                string.Join(" ", t.ByClassRejected.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + "; accepted ops " +
                string.Join(" ", t.AcceptedKinds.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")) + "\n" +
                string.Concat(t.Failures.Select(f => "  FAILURE " + f + "\n")));
    }

    private static void RunChain(int chain, int count, Tally tally)
    {
        var cfg = CircuitWorld.Config;
        var shape = CircuitWorld.Shape;
        var compiled = CircuitWorld.Compiled;
        var rng = new Random(1000 + chain);
        var gen = new BatchGenerator(rng, cfg);
        var state = new SettlementState(cfg);
        for (int k = 0; k < count; k++)
        {
            if (k % 80 == 0) state = new SettlementState(cfg);
            if (k % 25 == 0 && k > 0) Progress(tally);
            bool adversarial = state.Epoch.Epoch > 0 && rng.Next(2) == 0;
            var (batch, cls) = gen.Next(state, adversarial);
            tally.ByClass.AddOrUpdate(cls, 1, (_, x) => x + 1);
            var pre = TransitionWitnessBuilder.Copy(cfg, state);
            var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
            string label = $"chain {chain} case {k} ({cls}): {string.Join("; ", batch.Select(o => o.ToString()))}";
            try
            {
                BatchResult result;
                try { result = engine.Apply(batch); }
                catch (BatchRejectedException e)
                {
                    Interlocked.Increment(ref tally.Rejected);
                    tally.ByReason.AddOrUpdate(e.Reason.ToString(), 1, (_, x) => x + 1);
                    if (cls != "valid") tally.ByClassRejected.AddOrUpdate(cls, 1, (_, x) => x + 1);
                    var rules = ForgedViolations(cfg, compiled, pre, batch, e);
                    if (rules is null) { tally.ByReason.AddOrUpdate("(does not fit the circuit)", 1, (_, x) => x + 1); continue; }
                    if (rules.Count == 0)
                        tally.Failures.Enqueue($"the circuit accepts a batch the engine refused [{e.Reason}: {e.Message}] — {label}");
                    else if (!rules.Any(r => ReasonOf(r) == EnforcedBy(e.Reason)))
                        tally.Failures.Enqueue($"the forgery breaks {string.Join(", ", rules)} but not the engine's rule [{e.Reason}: {e.Message}] — {label}");
                    else if (rules.Contains(Untagged))
                        tally.Failures.Enqueue($"the forgery breaks constraints of no rule ({string.Join(", ", rules)}) [{e.Reason}: {e.Message}] — {label}");
                    continue;
                }
                Interlocked.Increment(ref tally.Accepted);
                foreach (var t in result.Trace) tally.AcceptedKinds.AddOrUpdate(t.Op.Kind, 1, (_, x) => x + 1);
                var w = TransitionWitnessBuilder.Build(shape, cfg, pre, batch, result);
                Fr[] witness;
                try { witness = compiled.Solve(w.ToAssignment(shape)); }
                catch (WitnessException ex) { tally.Failures.Enqueue($"the circuit refuses a batch the engine accepted: {ex.Message} — {label}"); continue; }
                if (compiled.PublicValues(witness)[0] != w.Statement) tally.Failures.Enqueue($"statement differs — {label}");
                if (k % 97 == 0 && !compiled.R1cs.IsSatisfied(witness)) tally.Failures.Enqueue($"R1CS check disagrees with the solver — {label}");
                state = engine.State;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                tally.Failures.Enqueue($"{ex.GetType().Name}: {ex.Message} — {label}\n{ex.StackTrace}");
            }
        }
    }

    /// <summary>Whether the forger's witness for a refused batch violates a constraint other than the statement equality.</summary>
    internal static bool ForgedRejected(SettlementConfig cfg, TransitionShape shape, CompiledCircuit compiled, SettlementState pre,
        IReadOnlyList<Operation> batch, BatchRejectedException e) => ForgedViolations(cfg, compiled, pre, batch, e) is not { Count: 0 };

    /// <summary>Reported for a violated constraint that no rule tagged (a consistency constraint: roots, hashes, selectors).</summary>
    internal const string Untagged = "(no rule)";

    /// <summary>
    /// The RejectReason whose constraints refuse a batch the engine refuses for <paramref name="reason"/>: itself, but
    /// NoPosition has no constraints of its own (a position of 0 cannot cover qty ≥ 1: LiquidationTooLarge).
    /// </summary>
    internal static string EnforcedBy(RejectReason reason) => reason == RejectReason.NoPosition ? nameof(RejectReason.LiquidationTooLarge) : reason.ToString();

    /// <summary>The RejectReason a rule tag stands for: "Reason" or "Reason/part".</summary>
    internal static string ReasonOf(string rule) => rule.Split('/')[0];

    /// <summary>
    /// The rules (tags, sorted, <see cref="Untagged"/> for constraints of none) whose constraints the forger's witness for
    /// a refused batch breaks, the statement equality aside (the forger claims whatever the circuit computes); null when
    /// the batch does not even fit the circuit's slots. <paramref name="droppedRules"/> are left out (rule ablation);
    /// <paramref name="overrides"/> are wires the forger sets by hand (see TransitionWitnessBuilder.BuildForced).
    /// <paramref name="circuit"/> is the circuit <paramref name="compiled"/> was compiled from (the shared one by default).
    /// </summary>
    internal static IReadOnlyList<string>? ForgedViolations(SettlementConfig cfg, CompiledCircuit compiled, SettlementState pre,
        IReadOnlyList<Operation> batch, BatchRejectedException e, IReadOnlySet<string>? droppedRules = null, IReadOnlyDictionary<int, Fr>? overrides = null,
        TransitionCircuit? circuit = null)
    {
        circuit ??= CircuitWorld.Circuit;
        int at = Math.Min(e.OpIndex, batch.Count - 1);
        BatchResult? prefix = null;
        if (at > 0)
        {
            var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
            prefix = engine.Apply(batch.Take(at).ToArray());
        }
        var w = TransitionWitnessBuilder.BuildForced(circuit, compiled, cfg, pre, batch, at, prefix, overrides);
        Assignment a;
        try { a = w.ToAssignment(circuit.Shape); }
        catch (ArgumentException) { return null; }
        Fr[] values;
        try { values = compiled.SolveUnchecked(a, overrides ?? new Dictionary<int, Fr>()); }
        catch (WitnessException) { return null; }
        int statement = circuit.StatementConstraint;
        return compiled.Violations(values, droppedRules).Where(i => i != statement)
            .Select(i => compiled.OriginOf(i).Rule ?? Untagged).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    internal static bool ViolatesBeyondStatement(CompiledCircuit compiled, int statementConstraint, Assignment a)
    {
        Fr[] w;
        try { w = compiled.SolveUnchecked(a, new Dictionary<int, Fr>()); }
        catch (WitnessException) { return true; }
        var r = compiled.R1cs;
        for (int i = 0; i < r.NumConstraints; i++)
            if (i != statementConstraint && r.A.Dot(i, w) * r.B.Dot(i, w) != r.C.Dot(i, w)) return true;
        return false;
    }
}
