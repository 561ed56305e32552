using System.ComponentModel;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary><c>settle exit-claim &lt;account&gt; --venue v</c>: builds an account's exit claim from the store and checks it with venue v's verifier (docs/spec.md §9).</summary>
internal sealed class ExitClaimCommand : SettleCommand<ExitClaimCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "<account>")]
        [Description("Account id (leaf index)")]
        public ulong Account { get; init; }

        [CommandOption("-v|--venue <V>")]
        [Description("The venue whose last accepted root the claim must open (default 0)")]
        public int Venue { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        if (s.Venue < 0 || s.Venue >= svc.Config.V) throw new DeploymentException($"--venue {s.Venue}: the deployment has venues 0..{svc.Config.V - 1}");
        var (claim, verdict) = svc.ExitClaim(s.Account, s.Venue);
        if (s.Json)
        {
            WriteJson(new { account = claim.AccountId, venue = s.Venue, valid = verdict.Valid, payable = verdict.Payable, balances = verdict.Balances, message = verdict.Message,
                nonce = claim.Nonce, siblings = claim.Siblings.Select(x => Hx(x)), epochHash = Hx(claim.EpochHash) });
            return verdict.Valid ? Accepted : Rejected;
        }
        AnsiConsole.MarkupLine($"exit claim for account {claim.AccountId} at venue {s.Venue}: " + (verdict.Valid ? "[green]VALID[/]" : "[red]INVALID[/]") + $" — {Markup.Escape(verdict.Message)}");
        if (verdict.Valid)
            AnsiConsole.MarkupLine($"balances at venue {s.Venue}: {string.Join(", ", verdict.Balances.Select((b, c) => $"{b} {svc.Config.Assets[c].Symbol} units"))}; " +
                (verdict.Payable ? "payable in exit mode" : "not payable in exit mode (open positions or a debt)"));
        return verdict.Valid ? Accepted : Rejected;
    }
}
