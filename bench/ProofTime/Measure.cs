using System.Diagnostics;
using Settlement.Circuits;
using Settlement.Circuits.Transition;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Bench.ProofTime;

/// <summary>How many times to repeat what, on how many threads (0 = all cores), and where temporary key files go.</summary>
public sealed record Options(int Repeats = 3, int SetupRepeats = 1, int Threads = 0, string? TempDir = null)
{
    public string Temp => TempDir ?? Path.GetTempPath();
}

/// <summary>The measurements of one circuit: setup, key size, prove split, verification, peak memory.</summary>
public static class Measure
{
    /// <summary>Runs the prover once on a tiny circuit so the measured runs do not include JIT compilation.</summary>
    public static void WarmUp(int threads)
    {
        var (r1cs, w) = ChainCircuit.Build(200);
        var pk = DevSetup.Create(r1cs, threads);
        var proof = new Groth16Prover(pk).Prove(w, threads, (_, _) => { });
        if (!Groth16Verifier.Verify(new PreparedVerifyingKey(pk.VerifyingKey), proof, w.AsSpan(1, pk.NumPublic)))
            throw new InvalidOperationException("warm-up proof does not verify");
    }

    /// <summary>The chain circuit x_(i+1) = x_i² + c with <paramref name="constraints"/> constraints (R1CS and witness built in-process).</summary>
    public static Row Chain(int constraints, Options o, Action<string> log)
    {
        var sw = Stopwatch.StartNew();
        var (r1cs, w) = ChainCircuit.Build(constraints);
        var build = Spread.Of([sw.Elapsed.TotalSeconds]);
        return Circuit($"chain {constraints}", null, r1cs, build, null, w, o, log,
            "chain circuit built in-process (R1CS and witness together: 'compile' column)");
    }

    /// <summary>
    /// The settlement transition circuit with <paramref name="ops"/> account-op slots for the sample deployment's
    /// configuration at tree depth <paramref name="depth"/> (<see cref="SettlementBatch"/>): compile, a real batch of
    /// <paramref name="ops"/> account ops applied by the engine, its witness (<c>TransitionWitnessBuilder</c> + solve),
    /// and, when <paramref name="setup"/>, dev setup, prove, verify.
    /// </summary>
    public static Row Transition(int ops, int depth, AccountMix mix, bool setup, Options o, Action<string> log)
    {
        var batch = SettlementBatch.Create(depth, ops, mix);
        var sw = Stopwatch.StartNew();
        var compiled = new TransitionCircuit(batch.Shape).Compile();
        var compile = Spread.Of([sw.Elapsed.TotalSeconds]);
        log($"transition circuit, {ops} ops ({Describe(mix)}), D={depth}: {compiled.R1cs.NumConstraints} constraints, {compiled.R1cs.NumWires} wires, compiled in {Spread.Seconds(compile.Median)}");
        var times = new List<double>();
        Fr[] witness = null!;
        for (int i = 0; i < Math.Max(1, o.Repeats); i++)
        {
            GC.Collect();
            (witness, double t) = batch.Witness(compiled);
            times.Add(t);
        }
        var witnessTime = Spread.Of([.. times]);
        log($"  witness ({batch.Ops.Count} trades, engine-accepted): {Spread.Seconds(witnessTime.Median)}");
        string note = $"sample deployment config (3 venues, 2 assets, oracle 3/5, {batch.Shape.MaxReports} report slots), D={depth}, " +
                      $"{batch.Shape.MaxAccounts} account registers; real batch of {batch.Ops.Count} trades among {batch.Shape.MaxAccounts} accounts " +
                      "(tick, risk update and deposits in earlier batches)";
        string name = RowName(ops, depth, mix);
        if (!setup)
        {
            var r = compiled.R1cs;
            return new Row(name, ops, r.NumConstraints, r.NumWires, DomainOf(r), compile,
                null, witnessTime, null, null, null, null, null, null, null, null, Machine.LoadAverage(), Machine.LoadAverage(), note + "; setup not run at this size");
        }
        return Circuit(name, ops, compiled.R1cs, compile, witnessTime, witness, o, log, note);
    }

    private static string Describe(AccountMix mix) => mix == AccountMix.Fresh ? "no account reuse" : "accounts reused";

    private static string RowName(int ops, int depth, AccountMix mix) => $"settlement batch {ops}, {Describe(mix)} (D={depth})";

    /// <summary>
    /// The constraint count of a batch of <paramref name="ops"/> slots from a budget measured with the batch's registers
    /// (slots are universal and every slot after the first costs the same, so this is exact: <see cref="ConstraintBudget"/>);
    /// used for batch sizes too large to compile here.
    /// </summary>
    public static Row TransitionFromBudget(ConstraintBudget budget, int ops, int depth, AccountMix mix)
    {
        int registers = SettlementBatch.Accounts(ops, mix);
        if (budget.Shape.MaxAccounts != registers)
            throw new ArgumentException($"a budget with {budget.Shape.MaxAccounts} registers does not count a batch of {ops} ops ({registers} registers)");
        long n = budget.Total(ops);
        int domain = 1;
        while (domain < n + 2) domain <<= 1;
        return new Row(RowName(ops, depth, mix), ops, n, 0, domain, null, null, null, null, null, null, null, null, null, null, null,
            Machine.LoadAverage(), Machine.LoadAverage(), $"constraints = per-batch {budget.PerBatch} + {budget.Shape.MaxAccounts} registers {budget.Registers} + first slot {budget.FirstOp} + {ops - 1} × per-op {budget.PerOp} (not compiled here)");
    }

    public static Row Circuit(string name, int? ops, R1cs r1cs, Spread? compile, Spread? witnessTime, Fr[]? witness, Options o, Action<string> log, string note)
    {
        double load0 = Machine.LoadAverage();
        ProvingKey? pk = null;
        var setup = new List<double>();
        for (int i = 0; i < o.SetupRepeats; i++)
        {
            pk = null;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            pk = DevSetup.Create(r1cs, o.Threads);
            setup.Add(sw.Elapsed.TotalSeconds);
            log($"  {name}: setup {Spread.Seconds(setup[^1])} (domain {pk.DomainSize})");
        }
        long pkBytes = ZkeyBytes(pk!, o.Temp);
        if (witness == null)
            return new Row(name, ops, r1cs.NumConstraints, r1cs.NumWires, pk!.DomainSize, compile, Spread.Of(setup), witnessTime,
                null, null, null, null, null, null, pkBytes, null, load0, Machine.LoadAverage(), note);

        var prover = new Groth16Prover(pk!);
        var pvk = new PreparedVerifyingKey(pk!.VerifyingKey);
        var runs = new List<ProveTiming>();
        var verify = new List<double>();
        for (int i = 0; i < o.Repeats; i++)
        {
            var t = ProveTiming.Run(prover, witness, o.Threads);
            runs.Add(t);
            var sw = Stopwatch.StartNew();
            bool ok = Groth16Verifier.Verify(pvk, t.Proof, witness.AsSpan(1, pk.NumPublic));
            verify.Add(sw.Elapsed.TotalSeconds);
            if (!ok) throw new InvalidOperationException($"{name}: proof {i} does not verify");
            log($"  {name}: prove {Spread.Seconds(t.Total)} (FFT {Spread.Seconds(t.Fft)}, FFT wait {Spread.Seconds(t.FftWait)}, MSM {Spread.Seconds(t.Msm)}, rest {Spread.Seconds(t.Rest)}), peak {Spread.MiB(t.PeakBytes)}, verify {Spread.Seconds(verify[^1])}, load {Machine.LoadAverage()}");
        }
        return new Row(name, ops, r1cs.NumConstraints, r1cs.NumWires, pk.DomainSize, compile, Spread.Of(setup), witnessTime,
            Spread.Of(runs.Select(r => r.Total).ToArray()), Spread.Of(runs.Select(r => r.Fft).ToArray()),
            Spread.Of(runs.Select(r => r.FftWait).ToArray()), Spread.Of(runs.Select(r => r.Msm).ToArray()),
            Spread.Of(runs.Select(r => r.Rest).ToArray()), Spread.Of(verify), pkBytes,
            Spread.Of(runs.Select(r => (double)r.PeakBytes).ToArray()), load0, Machine.LoadAverage(), note);
    }

    /// <summary>Size of the proving key as a snarkjs .zkey (the format operators store and load).</summary>
    public static long ZkeyBytes(ProvingKey pk, string dir)
    {
        string path = Path.Combine(dir, $"prooftime-{Environment.ProcessId}-{Guid.NewGuid():N}.zkey");
        try
        {
            ZkeyFile.Write(path, pk);
            return new FileInfo(path).Length;
        }
        finally { File.Delete(path); }
    }

    private static int DomainOf(R1cs r)
    {
        int d = 1;
        while (d < r.NumConstraints + r.NumPublic + 1) d <<= 1;
        return d;
    }
}
