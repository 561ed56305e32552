using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Settlement.Bench.ProofTime;

/// <summary>Everything one run measured, with the machine and the time it ran.</summary>
public sealed record Report(Machine Machine, DateTime StartedUtc, DateTime EndedUtc, int Threads, IReadOnlyList<Row> Rows,
    IReadOnlyList<ComparisonRow> Comparisons, IReadOnlyList<string> NotRun)
{
    public string ToMarkdown(IReadOnlyList<string> charts)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        string S(Spread? s) => s == null ? "—" : s.Format(Spread.Seconds);
        string M(Spread? s) => s == null ? "—" : s.Format(Spread.MiB);
        sb.AppendLine("## Proof time (bench/ProofTime)");
        sb.AppendLine();
        sb.AppendLine($"Run {StartedUtc:yyyy-MM-dd HH:mm}–{EndedUtc:HH:mm} UTC (see the load column: a machine shared with other work inflates and scatters wall times) on {Machine}; prover threads {(Threads == 0 ? Machine.Cores : Threads)}. " +
                      "Each cell: median (min–max, n = runs). Peak = process peak RSS (VmHWM, reset before each prove; includes the key and witness already resident); " +
                      "with --isolate 1 (the default) every row runs in a process of its own, so no row's peak includes what an earlier row left. " +
                      "Load = 1-minute load average before → after the row.");
        sb.AppendLine();
        sb.AppendLine("Reproduce (not in CI; the smoke test `ProofTimeSmokeTests` runs the smallest configuration):");
        sb.AppendLine();
        sb.AppendLine("```sh");
        sb.AppendLine("(cd tests/interop && npm ci)                                  # snarkjs + circom2");
        sb.AppendLine("for p in 14 16 18; do bench/snarkjs/compare.sh build --power $p -o bench/snarkjs/build/p$p; done");
        sb.AppendLine("dotnet build bench/ProofTime -c Release");
        sb.AppendLine("dotnet bench/ProofTime/bin/Release/net10.0/ProofTime.dll --batches 1,4,16,64 --setup-batches 1,4,16,64 --max-compile-ops 64 \\");
        sb.AppendLine("    --depth 16 --chain 1000,4093,16381,65533,262141,1048573 --compare 14,16,18 --repeats 3   # writes bench/RESULTS-prooftime.md, bench/prooftime-*.png");
        sb.AppendLine("# the 64-op batch (2^22 domain) needs about 16 GiB of memory and 20 minutes on 2 cores; drop it from both lists on a smaller machine");
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine("| workload | constraints | wires | domain | compile | setup | witness | prove | FFT (overlaps MSM) | FFT wait | MSM | rest | verify | proving key (.zkey) | peak memory | load | note |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
            sb.AppendLine($"| {r.Workload} | {r.Constraints:N0} | {(r.Wires > 0 ? r.Wires.ToString("N0", inv) : "—")} | 2^{Log2(r.Domain)} | {S(r.Compile)} | {S(r.Setup)} | {S(r.Witness)} | {S(r.Prove)} | {S(r.Fft)} | {S(r.FftWait)} | {S(r.Msm)} | {S(r.Rest)} | {S(r.Verify)} | {(r.ProvingKeyBytes is long b ? Spread.MiB(b) : "—")} | {M(r.PeakBytes)} | {r.LoadBefore:F1} → {r.LoadAfter:F1} | {r.Note} |");
        sb.AppendLine();
        sb.AppendLine("Prove = MSM + FFT wait + rest. FFT is the quotient task (3 inverse + 3 coset NTTs), which runs concurrently with the A, B1, B2 and C MSMs; " +
                      "FFT wait is the part the H MSM had to wait for it.");
        sb.AppendLine();

        var withProof = Rows.Where(r => r.Prove != null).ToArray();
        if (withProof.Length > 0)
        {
            sb.AppendLine("### Throughput and latency");
            sb.AppendLine();
            sb.AppendLine("| workload | constraints | latency (witness + prove + verify, medians) | constraints proved per second per core | account ops per second per core |");
            sb.AppendLine("|---|---|---|---|---|");
            int cores = Threads == 0 ? Machine.Cores : Threads;
            foreach (var r in withProof)
            {
                double cps = r.Constraints / (r.Prove!.Median * cores);
                sb.AppendLine($"| {r.Workload} | {r.Constraints:N0} | {Spread.Seconds(r.Latency!.Value)} | {cps.ToString("N0", inv)} | {(r.OpsPerSecondPerCore(cores) is double o ? o.ToString("G3", inv) : "— (not a settlement batch)")} |");
            }
            sb.AppendLine();
        }

        if (Comparisons.Count > 0)
        {
            sb.AppendLine("### Our prover and snarkjs on the same .zkey and .wtns (chain circuit compiled by circom2)");
            sb.AppendLine();
            sb.AppendLine("| domain | constraints | .zkey | our setup | ours: read .zkey + .wtns | ours: prove | ours: FFT | ours: MSM | ours: peak | snarkjs prove (process) | snarkjs peak | snarkjs / ours (prove) | snarkjs / ours (read + prove) | proofs verify | load |");
            sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var c in Comparisons)
                sb.AppendLine($"| 2^{c.Power} | {c.Constraints:N0} | {Spread.MiB(c.ZkeyBytes)} | {S(c.Setup)} | {S(c.OursLoad)} | {S(c.Ours)} | {S(c.OursFft)} | {S(c.OursMsm)} | {M(c.OursPeak)} | {S(c.Snarkjs)} | {M(c.SnarkjsPeak)} | {c.Ratio.ToString("F2", inv)}× | **{c.RatioWithLoad.ToString("F2", inv)}×** | " +
                              $"ours: our verifier {Yes(c.OursVerifies)}, snarkjs {Yes(c.SnarkjsVerifiesOurs)}; snarkjs's: our verifier {Yes(c.SnarkjsProofVerifiesOurs)}, snarkjs {Yes(c.SnarkjsProofVerifiesSnarkjs)} | {c.LoadBefore:F1} → {c.LoadAfter:F1} |");
            sb.AppendLine();
            sb.AppendLine("snarkjs / ours above 1 means our prover is faster. snarkjs time is the whole `snarkjs groth16 prove` process (node start-up, reading the .zkey and .wtns, writing the proof); " +
                          "ours is timed in-process in two parts, reading the same .zkey (without the point checks) and .wtns, then `Groth16Prover.Prove`; read + prove is the like-for-like figure (it still leaves out the .NET process start-up, which snarkjs pays for node). Ours peak is the process peak RSS from the read to the proof (the .NET runtime and the benchmark's own state included); snarkjs peak is its process's max RSS (/usr/bin/time -v).");
            sb.AppendLine();
        }
        foreach (var c in charts) sb.AppendLine($"![{Path.GetFileNameWithoutExtension(c)}]({c})");
        if (charts.Count > 0) sb.AppendLine();
        if (NotRun.Count > 0)
        {
            sb.AppendLine("Not measured in this run:");
            sb.AppendLine();
            foreach (var n in NotRun) sb.AppendLine($"- {n}");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static JsonSerializerOptions JsonOptions => Json;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The report as JSON (kept next to the Markdown so a later run can <see cref="Append"/> to it).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Report FromJson(string json) => JsonSerializer.Deserialize<Report>(json, Json) ?? throw new InvalidDataException("empty report");

    /// <summary>
    /// This report followed by a later run's rows (the machine must be the same; each row keeps its own load figures).
    /// A workload or comparison the later run measured again replaces the earlier row, so tables and charts hold one
    /// point per workload.
    /// </summary>
    public Report Append(Report later)
    {
        if (later.Machine.Cores != Machine.Cores || later.Machine.CpuModel != Machine.CpuModel)
            throw new InvalidOperationException($"cannot append a run on {later.Machine} to one on {Machine}");
        return this with
        {
            EndedUtc = later.EndedUtc,
            Rows = [.. Rows.Where(r => !later.Rows.Any(l => l.Workload == r.Workload)), .. later.Rows],
            Comparisons = [.. Comparisons.Where(c => !later.Comparisons.Any(l => l.Power == c.Power)), .. later.Comparisons],
            NotRun = [.. NotRun.Where(n => !later.Comparisons.Any(c => n.Contains($"2^{c.Power}:", StringComparison.Ordinal))), .. later.NotRun],
        };
    }

    private static string Yes(bool b) => b ? "yes" : "**NO**";

    public static int Log2(int n) => System.Numerics.BitOperations.Log2((uint)n);
}
