using System.ComponentModel;
using System.Text.Json.Nodes;
using Settlement.Cli.Commands.Groth16;
using Settlement.Prover.Service;
using Settlement.Verifier.Venue;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Options of the exit-claim commands.</summary>
internal class ExitClaimSettings : SettleSettings
{
    [CommandOption("-v|--venue <V>")]
    [Description("The venue whose verifier checks the claim (default 0)")]
    public int Venue { get; init; }
}

/// <summary>
/// <c>settle exit-claim &lt;account&gt;</c>: builds an account's exit claim from the store (docs/spec.md §9), checks it
/// with venue v's verifier, and with --json or --out emits the whole claim (<see cref="ExitClaimFile"/>), which
/// <c>settle exit-claim verify</c> or any venue's verifier takes.
/// </summary>
internal sealed class ExitClaimCommand : SettleCommand<ExitClaimCommand.Settings>
{
    public sealed class Settings : ExitClaimSettings
    {
        [CommandArgument(0, "<account>")]
        [Description("Account id (its leaf index in the tree)")]
        public ulong Account { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Also write the claim to FILE (JSON, docs/cli-json.md)")]
        public string? Out { get; init; }
    }

    protected override string CommandName => "exit-claim";

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var (claim, verdict) = svc.ExitClaim(s.Account, s.Venue);
        if (s.Out is { } path)
        {
            var tmp = path + ".tmp";
            File.WriteAllText(tmp, ExitClaimFile.Write(claim));
            File.Move(tmp, path, overwrite: true);
        }
        return ExitClaimOutput.Report(s, svc, claim, verdict, s.Out, Json);
    }
}

/// <summary><c>settle exit-claim verify &lt;claim.json&gt;</c>: checks a claim file with venue v's verifier.</summary>
internal sealed class ExitClaimVerifyCommand : SettleCommand<ExitClaimVerifyCommand.Settings>
{
    public sealed class Settings : ExitClaimSettings
    {
        [CommandArgument(0, "<claim.json>")]
        [Description("Claim file from 'exit-claim --out' or 'exit-claim --json'")]
        public string Claim { get; init; } = "";
    }

    protected override string CommandName => "exit-claim verify";

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var claim = ExitClaimFile.Read(s.Claim);
        return ExitClaimOutput.Report(s, svc, claim, svc.VerifyExitClaim(claim, s.Venue), null, Json);
    }
}

/// <summary>The output both exit-claim commands share: the claim and the venue's verdict.</summary>
internal static class ExitClaimOutput
{
    public static int Report(ExitClaimSettings s, SettlementService svc, ExitClaim claim, ExitClaimVerdict verdict, string? written, Func<int, object, int> json)
    {
        int code = verdict.Valid ? CliErrors.Valid : CliErrors.Invalid;
        if (s.Json)
        {
            var fields = new JsonObject
            {
                ["venue"] = s.Venue,
                ["claim"] = ExitClaimFile.ToJson(claim),
                ["verdict"] = new JsonObject
                {
                    ["valid"] = verdict.Valid, ["payable"] = verdict.Payable,
                    ["balances"] = new JsonArray([.. verdict.Balances.Select(b => (JsonNode)b)]), ["message"] = verdict.Message,
                },
            };
            if (written is not null) fields["out"] = Path.GetFullPath(written);
            return json(code, fields);
        }
        AnsiConsole.MarkupLine($"exit claim for account {claim.AccountId} at venue {s.Venue}: " + (verdict.Valid ? "[green]VALID[/]" : "[red]INVALID[/]") + $" — {Markup.Escape(verdict.Message)}");
        if (verdict.Valid)
            AnsiConsole.MarkupLine($"balances at venue {s.Venue}: {string.Join(", ", verdict.Balances.Select((b, c) => $"{b} {Markup.Escape(svc.Config.Assets[c].Symbol)} units"))}; " +
                (verdict.Payable ? "payable in exit mode" : "not payable in exit mode (open positions or a debt)"));
        if (written is not null) AnsiConsole.MarkupLine($"claim written to [bold]{Markup.Escape(written)}[/]");
        return code;
    }
}
