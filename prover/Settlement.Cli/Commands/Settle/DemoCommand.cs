using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle demo</c>: the README's main command. A sample deployment in a temporary folder (or --data), the INSECURE dev
/// setup, then batches with real signatures and real proofs across three venues, each checked by every venue; a forged
/// bundle that every venue rejects; a summary table. Exit 0 only when every venue accepted every honest bundle and
/// rejected the forged one.
/// </summary>
internal sealed class DemoCommand : SettleCommand<DemoCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandOption("--keep")]
        [Description("Keep the temporary deployment folder; implied by --data")]
        public bool Keep { get; init; }
    }

    private sealed class ConsoleObserver(bool quiet) : IDemoObserver
    {
        public void Info(string text) { if (!quiet) AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]"); }

        public T Stage<T>(string title, Func<Action<string, double>, T> run) => Progress.Run(quiet, "  " + title, run);

        public void Begin(string title, IReadOnlyList<string> operations)
        {
            if (quiet) return;
            AnsiConsole.WriteLine();
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
            foreach (var op in operations) AnsiConsole.MarkupLine($"  • {Markup.Escape(op)}");
        }

        public void Step(DemoStep step)
        {
            if (quiet) return;
            foreach (var n in step.Notes) AnsiConsole.MarkupLine($"  [yellow]→[/] {Markup.Escape(n)}");
            if (step.Rejection is not null) return;
            var p = step.Proof!;
            if (step.Forged)
                AnsiConsole.MarkupLine("  [red]FORGED[/] copy, sent to every venue first: the new root replaced by the old one (the withdrawal paid, the balance kept)");
            else
                AnsiConsole.MarkupLine($"  batch {p.BatchIndex}: engine {p.Apply.TotalMilliseconds:F0} ms, witness {p.Witness.TotalSeconds:F1} s, [bold]proof {p.Prove.TotalSeconds:F1} s[/], bundle {p.Bundle.ToBytes().Length} bytes");
            foreach (var v in step.Verdicts)
                AnsiConsole.MarkupLine($"  {(step.Forged ? "  " : "")}venue {v.Venue}: " + (v.Verdict.Accepted ? "[green]ACCEPTED[/]" : $"[red]REJECTED[/] [bold]{v.Verdict.Reason}[/]") +
                    $" in {v.Elapsed.TotalMilliseconds:F0} ms" + (v.Verdict.Accepted ? "" : $" — {Markup.Escape(v.Verdict.Message)}"));
        }
    }

    protected override int Run(Settings s)
    {
        bool temp = s.Data == ".";
        string dir = temp ? Path.Combine(Path.GetTempPath(), $"settle-demo-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}") : s.Data;
        if (!s.Json) AnsiConsole.MarkupLine($"[bold]Settlement demo[/]: real BLS signatures and real Groth16 proofs over BLS12-381; deployment in {Markup.Escape(dir)}");
        var report = new DemoRunner(dir, new ConsoleObserver(s.Json), s.Threads).Run();
        bool ok = report.AllAsExpected;
        bool kept = !temp || s.Keep;
        if (!kept) { try { Directory.Delete(dir, true); } catch (IOException) { } }
        if (s.Json)
            return Json(ok ? Accepted : Rejected, new
            {
                // The deployment folder is reported only when it still exists.
                deployment = kept ? dir : null, kept,
                setupMs = (long)report.Setup.Setup.TotalMilliseconds, constraints = report.Setup.Constraints, totalMs = (long)report.Total.TotalMilliseconds,
                steps = report.Steps.Select(x => new
                {
                    title = x.Title, forged = x.Forged, rejection = x.Rejection, batch = x.Proof?.BatchIndex, proveMs = x.Proof is null || x.Forged ? (long?)null : (long)x.Proof.Prove.TotalMilliseconds,
                    verdicts = x.Verdicts.Select(v => new { venue = v.Venue, accepted = v.Verdict.Accepted, reason = v.Verdict.Reason?.ToString(), ms = Math.Round(v.Elapsed.TotalMilliseconds, 3) }),
                }),
            });

        AnsiConsole.WriteLine();
        var t = new Table().Title("[bold]summary[/]").AddColumn("step").AddColumn("batch").AddColumn(new TableColumn("proof").RightAligned());
        for (int v = 0; v < 3; v++) t.AddColumn($"venue {v}");
        foreach (var x in report.Steps)
        {
            var cells = new List<string> { Markup.Escape(x.Short), x.Proof is null ? "—" : x.Proof.BatchIndex.ToString(),
                x.Proof is null || x.Forged ? "—" : $"{x.Proof.Prove.TotalSeconds:F1} s" };
            // Cells stay short so that the table fits 80 columns; rejection messages and times are in the steps above.
            if (x.Rejection is not null) cells.AddRange(Enumerable.Repeat(x.RefusalExpected ? "[yellow]refused[/]" : "[red]refused[/]", 3));
            else cells.AddRange(x.Verdicts.Select(v => v.Verdict.Accepted ? $"[green]accepted[/] {v.Elapsed.TotalMilliseconds:F0} ms" : $"[{(x.Forged ? "green" : "red")}]{v.Verdict.Reason}[/]"));
            t.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(t);
        AnsiConsole.MarkupLine($"circuit {report.Setup.Constraints:N0} constraints (D = {report.Sizes.TreeDepth}, MaxOps = {report.Sizes.MaxOps}, MaxPositions = {report.Sizes.MaxPositions}); " +
            $"setup {report.Setup.Setup.TotalSeconds:F1} s; whole demo {report.Total.TotalSeconds:F0} s");
        AnsiConsole.MarkupLine(ok ? "[green]every venue accepted every honest bundle and rejected the forged one[/]" : "[red]some venue did not decide as expected[/]");
        if (kept) AnsiConsole.MarkupLine($"deployment kept in {Markup.Escape(dir)} (try: settle inspect --data {Markup.Escape(dir)})");
        return ok ? Accepted : Rejected;
    }
}
