using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle prove &lt;batch.json&gt;</c>: applies the batch to the stored state, proves it, collects the venue signatures
/// (dev keys: in production each venue signs), commits everything in one transaction and writes bundles/batch-n.stlb/.json.
/// A batch whose operations are already stored (the same file, a reformatted copy, another name) returns the stored
/// bundle without proving.
/// </summary>
internal sealed class ProveCommand : SettleCommand<ProveCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandArgument(0, "<batch.json>")]
        [Description("Batch file: operations and signed reports (docs/batch-format.md)")]
        public string Batch { get; init; } = "";
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var ops = BatchFile.Read(s.Batch);
        var r = svc.Stored(ops) ?? WithProgress(s, $"proving {Path.GetFileName(s.Batch)}", p => svc.Prove(ops, s.Threads, p));
        var st = r.Bundle.Statement;
        if (s.Json)
            return Json(Accepted, new
            {
                batchIndex = r.BatchIndex, alreadyStored = r.AlreadyStored, bundle = r.BundlePath, oldRoot = Hx(st.OldRoot), newRoot = Hx(st.NewRoot),
                statementHash = Hx(st.Hash()),
                // Times of this run: absent when the batch was already stored (nothing was done).
                applyMs = r.AlreadyStored ? (long?)null : (long)r.Apply.TotalMilliseconds,
                witnessMs = r.AlreadyStored ? (long?)null : (long)r.Witness.TotalMilliseconds,
                proveMs = r.AlreadyStored ? (long?)null : (long)r.Prove.TotalMilliseconds,
            });
        if (r.AlreadyStored) AnsiConsole.MarkupLine($"already settled as batch {r.BatchIndex} (same operations): returning the stored bundle, nothing proven");
        else AnsiConsole.MarkupLine($"batch {r.BatchIndex} settled: engine {r.Apply.TotalMilliseconds:F0} ms, witness {r.Witness.TotalSeconds:F1} s, proof {r.Prove.TotalSeconds:F1} s");
        AnsiConsole.MarkupLine($"root {Markup.Escape(Hx(st.OldRoot))} → {Markup.Escape(Hx(st.NewRoot))}");
        AnsiConsole.MarkupLine($"bundle: [bold]{Markup.Escape(r.BundlePath)}[/] ({r.Bundle.ToBytes().Length} bytes) and .json");
        return Accepted;
    }
}
