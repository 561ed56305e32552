using Settlement.Verifier.Groth16;
using System.ComponentModel;
using Settlement.Prover.Service;
using Settlement.Verifier.Venue;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle verify &lt;bundle&gt; --venue v</c>: checks a bundle as venue v's contract would (docs/spec.md §8.3) against
/// that venue's last accepted root in venues/venue-v.root, and records the new root when accepted (unless --dry-run).
/// A venue that sees a fork prints the equivocation evidence it keeps. A file that does not decode (binary or JSON)
/// is rejected as Malformed (exit 1); only a file that cannot be read, or a deployment that cannot be loaded, is an
/// input error (exit 2).
/// </summary>
internal sealed class VerifyCommand : SettleCommand<VerifyCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "<bundle>")]
        [Description("Bundle: binary .stlb (spec §8.1) or its .json view (§8.2)")]
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

    private sealed record Outcome(int Venue, bool Accepted, string? Reason, string Message, double Ms, string? Evidence = null);

    /// <summary>Why the installed key is not a ceremony key a venue could accept (as <c>VenueTrust.Load</c> checks it), or null.</summary>
    private static string? CeremonyProblem(SettlementService svc)
    {
        var key = KeyProvenanceFile.Read(svc.Deployment);
        if (!key.IsCeremony) return $"the deployment runs an {key.Describe()}";
        try { key.VerifyCeremony(svc.VerifyingKey); return null; }
        catch (FormatException e) { return $"{KeyProvenanceFile.PathIn(svc.Deployment)}: {e.Message}"; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        if (s.RequireCeremony && CeremonyProblem(svc) is { } why)
        {
            why = "--require-ceremony: " + why;
            if (s.Json) return Json(Rejected, new { accepted = false, reason = "KeyNotFromCeremony", message = why });
            AnsiConsole.MarkupLine($"[red]REJECTED[/] {Markup.Escape(why)}");
            return Rejected;
        }
        if (s.Venue is { } bad && (bad < 0 || bad >= svc.Config.V))
            throw new DeploymentException($"--venue {bad}: the deployment has venues 0..{svc.Config.V - 1}");
        var venues = s.Venue is { } v ? [v] : Enumerable.Range(0, svc.Config.V).ToArray();
        var bundle = BundleFiles.TryRead(s.Bundle, out var problem);
        List<Outcome> results = bundle is null
            ? [.. venues.Select(x => new Outcome(x, false, nameof(VenueError.Malformed), $"{nameof(VenueError.Malformed)}: {problem}", 0))]
            : [.. venues.Select(x => svc.Verify(bundle.ToBytes(), x, record: !s.DryRun))
                .Select(r => new Outcome(r.Venue, r.Verdict.Accepted, r.Verdict.Reason?.ToString(), r.Verdict.Message, r.Elapsed.TotalMilliseconds, r.Verdict.Evidence?.ToText()))];
        bool all = results.All(r => r.Accepted);
        int code = all ? Accepted : Rejected;
        if (s.Json)
            return Json(code, new
            {
                accepted = all,
                venues = results.Select(r => new { venue = r.Venue, accepted = r.Accepted, recorded = r.Accepted && !s.DryRun, reason = r.Reason, message = r.Message, evidence = r.Evidence, ms = Math.Round(r.Ms, 3) }),
            });
        foreach (var r in results)
            AnsiConsole.MarkupLine($"venue {r.Venue} ({Markup.Escape(svc.Config.Venues[r.Venue].Name)}): " +
                (r.Accepted ? "[green]ACCEPTED[/]" : $"[red]REJECTED[/] [bold]{r.Reason}[/]") + $" in {r.Ms:F0} ms — {Markup.Escape(r.Message)}" +
                (r.Evidence is { } e ? $"\n  equivocation evidence (docs/spec.md §8.4): {Markup.Escape(e)}" : ""));
        return code;
    }
}
