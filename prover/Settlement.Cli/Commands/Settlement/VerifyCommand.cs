using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary>
/// <c>settle verify &lt;bundle.stlb&gt; --venue v</c>: checks a bundle as venue v's contract would (docs/spec.md §8.3) against
/// that venue's last accepted root in venues/venue-v.root, and records the new root when accepted (unless --dry-run).
/// A venue that sees a fork prints the equivocation evidence it keeps.
/// </summary>
internal sealed class VerifyCommand : SettleCommand<VerifyCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "<bundle>")]
        [Description("Bundle file: binary .stlb (docs/spec.md §8.1) or its .json view")]
        public string Bundle { get; init; } = "";

        [CommandOption("-v|--venue <V>")]
        [Description("The venue that checks (default: every venue in turn)")]
        public int? Venue { get; init; }

        [CommandOption("--dry-run")]
        [Description("Check only: do not record the new root")]
        public bool DryRun { get; init; }

        [CommandOption("--require-ceremony")]
        [Description("Refuse (exit 1) unless the deployment's transition key came from a verified ceremony ('settle setup --install')")]
        public bool RequireCeremony { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        if (s.RequireCeremony && KeyProvenance.Read(svc.Deployment) is { IsCeremony: false } key)
        {
            string why = $"--require-ceremony: the deployment runs an {key.Describe()}";
            if (s.Json) WriteJson(new { accepted = false, reason = "KeyNotFromCeremony", message = why });
            else AnsiConsole.MarkupLine($"[red]REJECTED[/] {Markup.Escape(why)}");
            return Rejected;
        }
        if (!File.Exists(s.Bundle)) throw new FileNotFoundException($"{s.Bundle}: bundle not found", s.Bundle);
        byte[] bytes = s.Bundle.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Verifier.Bundles.SettlementBundle.FromJson(File.ReadAllText(s.Bundle)).ToBytes()
            : File.ReadAllBytes(s.Bundle);
        var venues = s.Venue is { } v ? [v] : Enumerable.Range(0, svc.Config.V).ToArray();
        var results = venues.Select(x => svc.Verify(bytes, x, record: !s.DryRun)).ToList();
        bool all = results.All(r => r.Verdict.Accepted);
        if (s.Json)
        {
            WriteJson(new { accepted = all, venues = results.Select(r => new { venue = r.Venue, accepted = r.Verdict.Accepted, reason = r.Verdict.Reason?.ToString(), message = r.Verdict.Message, evidence = r.Verdict.Evidence?.ToText(), ms = r.Elapsed.TotalMilliseconds }) });
            return all ? Accepted : Rejected;
        }
        foreach (var r in results)
            AnsiConsole.MarkupLine($"venue {r.Venue} ({Markup.Escape(svc.Config.Venues[r.Venue].Name)}): " +
                (r.Verdict.Accepted ? "[green]ACCEPTED[/]" : $"[red]REJECTED[/] [bold]{r.Verdict.Reason}[/]") +
                $" in {r.Elapsed.TotalMilliseconds:F0} ms — {Markup.Escape(r.Verdict.Message)}" +
                (r.Verdict.Evidence is { } e ? $"\n  equivocation evidence (docs/spec.md §8.4): {Markup.Escape(e.ToText())}" : ""));
        return all ? Accepted : Rejected;
    }
}
