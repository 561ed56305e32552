using System.Diagnostics;
using Settlement.Prover.Fft;
using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

// Usage: prove-bench msm-g1|msm-g2|ntt|fp-mul|fp-inv|miller|final-exp|pairing|check4 <log2 size> <threads> [repeats]
// (fp-* and the pairing modes time 2^log2 operations per run and report per operation; threads is ignored there)
//        prove-bench zkey <circuit.zkey> <witness.wtns> <threads> [repeats]
if (args.Length >= 3 && args[0] == "make-chain")
{
    // prove-bench make-chain <constraints> <out dir>: x_(i+1) = x_i² + c, dev setup, circuit.zkey + witness.wtns.
    int m = int.Parse(args[1]);
    Directory.CreateDirectory(args[2]);
    var (r1cs, wit) = ChainCircuit.Build(m);
    var sw = Stopwatch.StartNew();
    var pk = Settlement.Prover.Groth16.DevSetup.Create(r1cs);
    Console.WriteLine($"dev setup {m} constraints (domain {pk.DomainSize}): {sw.Elapsed.TotalSeconds:F1} s");
    Settlement.Prover.Snarkjs.ZkeyFile.Write(Path.Combine(args[2], "circuit.zkey"), pk);
    Settlement.Prover.Snarkjs.WtnsFile.Write(Path.Combine(args[2], "witness.wtns"), wit);
    File.WriteAllText(Path.Combine(args[2], "verification_key.json"), Settlement.Verifier.Groth16.SnarkJsJson.WriteVerifyingKey(pk.VerifyingKey));
    return 0;
}
if (args.Length >= 4 && args[0] == "zkey")
{
    // PROVE_TABLES=memory: the key's tables in memory instead of streamed from the file, for comparison.
    var pk = Settlement.Prover.Snarkjs.ZkeyFile.Read(args[1], false, tablesInFile: Environment.GetEnvironmentVariable("PROVE_TABLES") != "memory");
    var wit = Settlement.Prover.Snarkjs.WtnsFile.Read(args[2]);
    Memory("key and witness loaded");
    int th = int.Parse(args[3]);
    var prover = new Settlement.Prover.Groth16.Groth16Prover(pk);
    int reps = args.Length > 4 ? int.Parse(args[4]) : 3;
    var self = Process.GetCurrentProcess();
    for (int r = 0; r < reps; r++)
    {
        self.Refresh();
        var cpu0 = self.TotalProcessorTime; // CPU time: comparable on a loaded machine, where wall time is not
        var sw = Stopwatch.StartNew();
        long alloc0 = GC.GetTotalAllocatedBytes(true);
        var proof = prover.Prove(wit, th, (stage, f) => Console.WriteLine(
            $"  {sw.Elapsed.TotalMilliseconds,8:F0} ms {stage} (allocated so far {(GC.GetTotalAllocatedBytes(false) - alloc0) >> 20} MiB, peak RSS {Status("VmHWM") >> 20} MiB)"));
        self.Refresh();
        Console.WriteLine($"prove {sw.Elapsed.TotalMilliseconds:F0} ms, process CPU {(self.TotalProcessorTime - cpu0).TotalMilliseconds:F0} ms");
        var pvk = new Settlement.Verifier.Groth16.PreparedVerifyingKey(pk.VerifyingKey);
        sw.Restart();
        bool ok = Settlement.Verifier.Groth16.Groth16Verifier.Verify(pvk, proof, wit.AsSpan(1, pk.NumPublic));
        Console.WriteLine($"verify {sw.Elapsed.TotalMilliseconds:F1} ms: {ok}");
        Memory($"after prove {r + 1}");
    }
    Console.WriteLine($"peak RSS per constraint: {Status("VmHWM") / (double)(pk.DomainSize - pk.NumPublic - 1):F0} bytes (domain {pk.DomainSize})");
    return 0;
}
if (args.Length < 3) { Console.Error.WriteLine("usage: prove-bench msm-g1|msm-g2|ntt|fp-mul|fp-inv|miller|final-exp|pairing|check4 <log2 size> <threads> [repeats]"); return 2; }
string mode = args[0];
int log = int.Parse(args[1]);
int threads = int.Parse(args[2]);
int repeats = args.Length > 3 ? int.Parse(args[3]) : 3;
int n = 1 << log;
var rng = new Random(1);
var times = new List<double>();
var cpu = new List<double>();
var proc = System.Diagnostics.Process.GetCurrentProcess();
switch (mode)
{
    case "msm-g1":
    {
        var (pts, a, b) = Points<G1Jacobian, G1Affine, Fp>(G1Jacobian.Generator, n, rng);
        var k = Scalars(n, rng);
        var expected = Multiply<G1Jacobian, G1Affine, Fp>(G1Jacobian.Generator, ReferenceScalar(k, a, b)).ToAffine();
        Pippenger.G1(pts[..16], k[..16], threads);
        for (int r = 0; r < repeats; r++)
        {
            proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
            var result = Pippenger.G1(pts, k, threads);
            times.Add(sw.Elapsed.TotalMilliseconds); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
            if (result.ToAffine() != expected) { Console.Error.WriteLine($"msm-g1 run {r + 1}: WRONG RESULT"); return 1; }
        }
        break;
    }
    case "msm-g2":
    {
        var (pts, a, b) = Points<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator, n, rng);
        var k = Scalars(n, rng);
        var expected = Multiply<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator, ReferenceScalar(k, a, b)).ToAffine();
        Pippenger.G2(pts[..16], k[..16], threads);
        for (int r = 0; r < repeats; r++)
        {
            proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
            var result = Pippenger.G2(pts, k, threads);
            times.Add(sw.Elapsed.TotalMilliseconds); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds);
            if (result.ToAffine() != expected) { Console.Error.WriteLine($"msm-g2 run {r + 1}: WRONG RESULT"); return 1; }
        }
        break;
    }
    case "ntt":
    {
        var d = new EvaluationDomain(log);
        var v = Scalars(n, rng);
        for (int r = 0; r < repeats; r++) { proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew(); d.Ntt(v, threads); times.Add(sw.Elapsed.TotalMilliseconds); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds); }
        break;
    }
    case "fp-mul":
    {
        var a = Fp.Random(rng); var b = Fp.Random(rng);
        for (int r = 0; r < repeats; r++) { proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) a = a * b; times.Add(sw.Elapsed.TotalMilliseconds * 1e6 / n); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds * 1e6 / n); }
        Console.WriteLine(a.IsZero);
        break;
    }
    case "fp-inv":
    {
        var a = Fp.Random(rng);
        for (int r = 0; r < repeats; r++) { proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) a = a.Inverse() + Fp.One; times.Add(sw.Elapsed.TotalMilliseconds * 1e6 / n); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds * 1e6 / n); }
        Console.WriteLine(a.IsZero);
        break;
    }
    case "miller" or "final-exp" or "pairing" or "check4":
    {
        // The same operations as the blst side-by-side harness (bench/RESULTS.md): one pair for the first three; for
        // check4, e(aP, Q)·e(−aP, Q)·e(bP, Q')·e(−bP, Q') = 1, so every run must answer true.
        var p = (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
        var q = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        var p2 = (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
        var q2 = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        (G1Affine, G2Affine)[] four = [(p, q), (-p, q), (p2, q2), (-p2, q2)];
        var f = Pairing.MillerLoop(p, q);
        bool ok = true;
        Gt e = default;
        for (int r = 0; r < repeats; r++)
        {
            proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
                switch (mode)
                {
                    case "miller": f = Pairing.MillerLoop(p, q); break;
                    case "final-exp": e = Pairing.FinalExponentiation(f); break;
                    case "pairing": e = Pairing.Pair(p, q); break;
                    default: ok &= Pairing.PairingCheck(four); break;
                }
            times.Add(sw.Elapsed.TotalMilliseconds * 1e3 / n); proc.Refresh(); cpu.Add((proc.TotalProcessorTime - c0).TotalMilliseconds * 1e3 / n);
        }
        if (!ok || (mode != "check4" && mode != "miller" && e != Pairing.Pair(p, q))) { Console.Error.WriteLine($"{mode}: WRONG RESULT"); return 1; }
        break;
    }
    default: Console.Error.WriteLine($"unknown mode {mode}"); return 2;
}
// Runs are printed in the order they ran, so warm-up stays visible; the medians come from sorted copies.
var timesSorted = times.Order().ToList();
var cpuSorted = cpu.Order().ToList();
double load = File.Exists("/proc/loadavg") ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) : -1;
string unit = mode.StartsWith("fp-", StringComparison.Ordinal) ? "ns per operation" // fp-*: per operation over 2^log
    : mode is "miller" or "final-exp" or "pairing" or "check4" ? "µs per operation" : "ms";
Console.WriteLine($"{mode} 2^{log} threads={threads}: wall median {timesSorted[times.Count / 2]:F1} {unit} (runs in order: {string.Join(", ", times.Select(t => t.ToString("F0")))})" +
    (cpu.Count > 0 ? $", process CPU median {cpuSorted[cpu.Count / 2]:F1} {unit} (runs in order: {string.Join(", ", cpu.Select(t => t.ToString("F0")))})" : "") +
    (mode.StartsWith("msm", StringComparison.Ordinal) || unit.StartsWith('µ') ? ", every result equal to the reference" : "") + $", load average {load}");
return 0;

// Peak and current RSS (/proc) beside the managed heap, to tell runtime, live data and GC headroom apart.
static void Memory(string when)
{
    var gc = GC.GetGCMemoryInfo();
    Console.WriteLine($"  memory {when}: peak RSS {Status("VmHWM") >> 20} MiB, RSS {Status("VmRSS") >> 20} MiB, managed live {GC.GetTotalMemory(false) >> 20} MiB, " +
        $"heap committed {gc.TotalCommittedBytes >> 20} MiB, gen2 GCs {GC.CollectionCount(2)}");
}

static long Status(string key)
{
    if (!File.Exists("/proc/self/status")) return Environment.WorkingSet;
    foreach (var l in File.ReadLines("/proc/self/status"))
        if (l.StartsWith(key + ":", StringComparison.Ordinal))
            return long.Parse(l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1]) * 1024; // a tab follows the colon
    return 0;
}

static Fr[] Scalars(int n, Random rng)
{
    var s = new Fr[n];
    for (int i = 0; i < n; i++) s[i] = Fr.Random(rng);
    return s;
}

// Distinct points a·G + i·b·G (additions only), converted to affine in one batch; a and b are returned so that the
// MSM can be checked another way: Σ k_i·(a + i·b)·G = (a·Σ k_i + b·Σ i·k_i)·G, one scalar multiplication.
static (TAff[] Points, Fr A, Fr B) Points<TProj, TAff, TF>(TProj g, int n, Random rng)
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    var a = Fr.Random(rng);
    var b = Fr.Random(rng);
    var p = Multiply<TProj, TAff, TF>(g, a);
    var step = Multiply<TProj, TAff, TF>(g, b);
    var jac = new TProj[n];
    for (int i = 0; i < n; i++) { jac[i] = p; p = p + step; }
    var aff = new TAff[n];
    CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, aff);
    return (aff, a, b);
}

static Fr ReferenceScalar(Fr[] k, Fr a, Fr b)
{
    Fr sum = Fr.Zero, weighted = Fr.Zero;
    for (int i = 0; i < k.Length; i++) { sum += k[i]; weighted += Fr.FromUInt64((ulong)i) * k[i]; }
    return a * sum + b * weighted;
}

static TProj Multiply<TProj, TAff, TF>(TProj g, Fr s)
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    Span<ulong> l = stackalloc ulong[4];
    s.ToCanonicalLimbs(l);
    return CurveGroup.Multiply<TProj, TAff, TF>(g, l);
}
