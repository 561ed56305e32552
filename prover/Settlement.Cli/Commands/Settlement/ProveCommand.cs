using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary>
/// <c>settle prove &lt;batch.json&gt;</c>: applies the batch to the stored state, proves it, collects the venue signatures
/// (dev keys: in production each venue signs), commits everything in one transaction and writes bundles/batch-n.stlb/.json.
/// Submitting the same file again returns the stored bundle.
/// </summary>
internal sealed class ProveCommand : SettleCommand<ProveCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "<batch.json>")]
        [Description("Batch file: operations and signed reports (docs/batch-format.md)")]
        public string Batch { get; init; } = "";
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var r = WithProgress(s, $"proving {Path.GetFileName(s.Batch)}", p => svc.Prove(s.Batch, s.Threads, p));
        var st = r.Bundle.Statement;
        if (s.Json)
        {
            WriteJson(new { batchIndex = r.BatchIndex, alreadyStored = r.AlreadyStored, bundle = r.BundlePath, oldRoot = Hx(st.OldRoot), newRoot = Hx(st.NewRoot),
                statementHash = Hx(st.Hash()), applyMs = (long)r.Apply.TotalMilliseconds, witnessMs = (long)r.Witness.TotalMilliseconds, proveMs = (long)r.Prove.TotalMilliseconds });
            return Accepted;
        }
        if (r.AlreadyStored) AnsiConsole.MarkupLine($"this batch file is already settled as batch {r.BatchIndex}: returning the stored bundle");
        else AnsiConsole.MarkupLine($"batch {r.BatchIndex} settled: engine {r.Apply.TotalMilliseconds:F0} ms, witness {r.Witness.TotalSeconds:F1} s, proof {r.Prove.TotalSeconds:F1} s");
        AnsiConsole.MarkupLine($"root {Markup.Escape(Hx(st.OldRoot))} → {Markup.Escape(Hx(st.NewRoot))}");
        AnsiConsole.MarkupLine($"bundle: [bold]{Markup.Escape(r.BundlePath)}[/] ({r.Bundle.ToBytes().Length} bytes) and .json");
        return Accepted;
    }
}
