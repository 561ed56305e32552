using System.Globalization;
using Settlement.Bench.ProofTime;

// ProofTime: proof-time benchmark (see bench/RESULTS-prooftime.md for how to run it).
//   --batches 1,4,16,64      settlement batch sizes (compiled up to --max-compile-ops, larger from the budget with their registers)
//   --mix reuse,fresh        account mixes: n trades among max(2, n/2) accounts, or among 2n (no reuse)
//   --setup-batches 1        batch sizes that also get a dev setup (key size, setup time)
//   --depth 16               tree depth D of the settlement circuit in 4-ary levels (spec §10: demo 5, production 16)
//   --chain 1000,16381       in-process chain circuits (constraints)
//   --compare 14,16          snarkjs side-by-side at 2^p − 3 constraints (needs compare.sh build output, see --snarkjs-build)
//   --snarkjs-build DIR      DIR/p<P>/chain_<N>.r1cs and .wtns (default bench/snarkjs/build)
//   --repeats 3 --setup-repeats 1 --threads 0   (0 = all cores)
//   --out bench              writes OUT/RESULTS-prooftime.md (+ .json), OUT/prooftime-time.png, OUT/prooftime-memory.png
//   --append FILE.json       adds this run's rows to an earlier run's report (e.g. the long 2^18 comparison run apart)
//   --render FILE.json       measures nothing: writes the Markdown and charts of a saved report again
//   --isolate 1              each row in its own process (0: all in this one), so each peak memory is that row's own
//   --row SPEC               (internal) measure one row here and print it as JSON: what --isolate 1 starts
var opt = new Dictionary<string, string>(StringComparer.Ordinal);
for (int i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal)) { Console.Error.WriteLine($"unexpected argument {args[i]}"); return 2; }
    opt[args[i][2..]] = args[i + 1];
}
int[] Ints(string key, string dflt) =>
    opt.GetValueOrDefault(key, dflt).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
string repo = FindRepo();
string outDir = opt.GetValueOrDefault("out", Path.Combine(repo, "bench"));
string buildDir = opt.GetValueOrDefault("snarkjs-build", Path.Combine(repo, "bench", "snarkjs", "build"));
string snarkjs = Path.Combine(repo, "tests", "interop", "node_modules", ".bin", "snarkjs");
var plan = new Plan(
    Ints("batches", "1,4,16,64"), Ints("setup-batches", "1"), Ints("depth", "16")[0], Ints("chain", "1000,4093,16381"),
    Ints("compare", "14,16,18"), buildDir, File.Exists(snarkjs) ? snarkjs : null,
    new Options(Ints("repeats", "3")[0], Ints("setup-repeats", "1")[0], Ints("threads", "0")[0]),
    Ints("max-compile-ops", "4")[0], Ints("isolate", "1")[0] != 0)
{
    Mixes = opt.GetValueOrDefault("mix", "reuse,fresh").Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(m => Enum.TryParse<AccountMix>(m, ignoreCase: true, out var x) ? x : throw new ArgumentException($"--mix: '{m}' is not reuse or fresh")).ToArray(),
};

if (opt.TryGetValue("row", out var rowSpec))
{
    Measure.WarmUp(plan.Options.Threads);
    var one = Runner.MeasureHere(plan, rowSpec, s => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {s}"));
    Console.WriteLine(Runner.ResultPrefix + System.Text.Json.JsonSerializer.Serialize(one, one.GetType(), Report.JsonOptions).ReplaceLineEndings(""));
    return 0;
}
string timePng = Path.Combine(outDir, "prooftime-time.png"), memPng = Path.Combine(outDir, "prooftime-memory.png");
void Write(Report r, bool final)
{
    Directory.CreateDirectory(outDir);
    Chart.Write(r, timePng, memPng);
    string md = r.ToMarkdown([Path.GetFileName(timePng), Path.GetFileName(memPng)]);
    File.WriteAllText(Path.Combine(outDir, "RESULTS-prooftime.md"), final ? md : md + "(run in progress: partial report)\n");
    File.WriteAllText(Path.Combine(outDir, "RESULTS-prooftime.json"), r.ToJson());
    if (final) Console.WriteLine(md);
}
if (opt.TryGetValue("render", out var renderPath))
{
    Write(Report.FromJson(File.ReadAllText(renderPath)), true);
    return 0;
}
Report? earlier = opt.TryGetValue("append", out var appendPath) ? Report.FromJson(File.ReadAllText(appendPath)) : null;
Report Merge(Report r) => earlier == null ? r : earlier.Append(r);
var report = Merge(Runner.Run(plan, s => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {s}"), r => Write(Merge(r), false)));
Write(report, true);
return 0;

static string FindRepo()
{
    var d = new DirectoryInfo(Directory.GetCurrentDirectory());
    while (d != null && !File.Exists(Path.Combine(d.FullName, "Settlement.sln"))) d = d.Parent;
    return d?.FullName ?? Directory.GetCurrentDirectory();
}
