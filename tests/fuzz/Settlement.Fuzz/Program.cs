using SharpFuzz;
using Settlement.Fuzz;

// settlement-fuzz <target> [--corpus DIR]          under afl-fuzz (SharpFuzz out-of-process): one input per run on stdin
// settlement-fuzz <target> --replay PATH [--corpus DIR]   each file of PATH (a file or a folder) once, without AFL
// settlement-fuzz <target> --seeds                    the target's seed files in the corpus, one per line
// settlement-fuzz --list
string corpus = Path.Combine(AppContext.BaseDirectory, "corpus");
string? name = null, replay = null;
bool seeds = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--list": name = "--list"; break;
        case "--corpus" when i + 1 < args.Length: corpus = args[++i]; break;
        case "--replay" when i + 1 < args.Length: replay = args[++i]; break;
        case "--seeds": seeds = true; break;
        default:
            if (args[i].StartsWith('-') || name is not null) { Console.Error.WriteLine($"unknown argument {args[i]}"); return 2; }
            name = args[i]; break;
    }
}
var targets = FuzzTargets.All(corpus);
if (name is null or "--list")
{
    foreach (var t in targets) Console.WriteLine($"{t.Name,-12} {t.Reads}");
    return name is null ? 2 : 0;
}
var target = targets.FirstOrDefault(t => t.Name == name);
if (target is null) { Console.Error.WriteLine($"no target {name}; --list shows them"); return 2; }

if (seeds)
{
    foreach (var f in target.Seeds) Console.WriteLine(f);
    return 0;
}

if (replay is not null)
{
    var files = Directory.Exists(replay) ? Directory.GetFiles(replay) : [replay];
    int crashes = 0;
    foreach (var f in files)
    {
        try { target.Run(File.ReadAllBytes(f)); }
        catch (Exception e) { crashes++; Console.WriteLine($"{f}: {e.GetType().Name}: {e.Message}"); }
    }
    Console.WriteLine($"{files.Length} input(s), {crashes} crash(es)");
    return crashes == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var ms = new MemoryStream();
    stream.CopyTo(ms);
    target.Run(ms.ToArray());
});
return 0;
