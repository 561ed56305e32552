using System.ComponentModel;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Options of a command run by one committee member with its own key.</summary>
internal class MemberSettings : SettleSettings
{
    [CommandOption("--member <INDEX>")]
    [Description("The member's index in config.json's committee")]
    public int? Member { get; init; }

    [CommandOption("--key <FILE>")]
    [Description("The member's secret key: a file with its 32 bytes as hex")]
    public string? Key { get; init; }

    [CommandOption("--dev")]
    [Description("Use the member's SAMPLE key from the deployment's INSECURE dev-keys file (sample deployments only)")]
    public bool Dev { get; init; }

    [CommandOption("-o|--out <FILE>")]
    [Description("Where to write the signed file")]
    public string Out { get; init; } = "";

    public override ValidationResult Validate() =>
        Member is null ? ValidationResult.Error("--member <index> is required")
        : (Key is null) == !Dev ? ValidationResult.Error("give exactly one of --key <file> and --dev")
        : Out.Length == 0 ? ValidationResult.Error("--out <file> is required")
        : ValidationResult.Success();

    public SecretKey SecretKey(Deployment d, Func<DevKeys, SecretKey[]> role)
    {
        if (Key is not null) return CommitteeFiles.ReadSecretKey(Key);
        var keys = role(d.LoadDevKeys());
        if (Member < 0 || Member >= keys.Length) throw new DeploymentException($"--member {Member}: the dev-keys file has members 0..{keys.Length - 1}");
        return keys[Member!.Value];
    }
}

/// <summary>Options of a command that puts a committee's aggregate into a batch file.</summary>
internal class AggregateSettings : SettleSettings
{
    [CommandArgument(0, "<signed...>")]
    [Description("The members' signed files")]
    public string[] Signed { get; init; } = [];

    [CommandOption("--into <BATCH>")]
    [Description("The batch file to update (created if missing); the other operations are kept")]
    public string Into { get; init; } = "";

    public override ValidationResult Validate() =>
        Into.Length == 0 ? ValidationResult.Error("--into <batch.json> is required") : ValidationResult.Success();

    public IReadOnlyList<Operation> Batch() => File.Exists(Into) ? BatchFile.Read(Into) : [];
}

/// <summary><c>settle oracle sign</c>: one oracle member signs its quotes.</summary>
internal sealed class OracleSignCommand : SettleCommand<OracleSignCommand.Settings>
{
    public sealed class Settings : MemberSettings
    {
        [CommandArgument(0, "<quotes>")]
        [Description("The member's quotes: JSON {\"quotes\": [[{asset, price, timestamp}]]} or CSV with header asset,price,timestamp")]
        public string Quotes { get; init; } = "";
    }

    protected override string? CommandName => "oracle sign";

    protected override int Run(Settings s)
    {
        var d = new Deployment(s.Data);
        var signed = Committee.SignReports(d.LoadConfig(), s.Member!.Value, s.SecretKey(d, k => k.Oracle), CommitteeFiles.ReadQuotes(s.Quotes));
        CommitteeFiles.Write(s.Out, signed);
        if (s.Json) return Json(Accepted, new { file = s.Out, member = signed.Member, reports = signed.Reports.Count });
        AnsiConsole.MarkupLine($"oracle member {signed.Member} signed {signed.Reports.Count} report(s): [bold]{Markup.Escape(s.Out)}[/]");
        return Accepted;
    }
}

/// <summary><c>settle oracle aggregate</c>: a quorum of members' signed reports becomes the batch's price tick.</summary>
internal sealed class OracleAggregateCommand : SettleCommand<OracleAggregateCommand.Settings>
{
    public sealed class Settings : AggregateSettings
    {
        [CommandOption("--time <MS>")]
        [Description("The tick's time T (ms): after the last tick, every report within the freshness window before it")]
        public long? Time { get; init; }

        public override ValidationResult Validate() =>
            Time is null ? ValidationResult.Error("--time <ms> is required") : base.Validate();
    }

    protected override string? CommandName => "oracle aggregate";

    protected override int Run(Settings s)
    {
        var config = new Deployment(s.Data).LoadConfig();
        var tick = Committee.AggregateReports(config, s.Time!.Value, s.Signed.Select(CommitteeFiles.ReadSignedReports));
        var batch = Committee.Into(s.Batch(), tick);
        AtomicFile.WriteAllText(s.Into, BatchFile.Write(batch));
        int assets = tick.Reports.Select(r => r.Asset).Distinct().Count(), members = tick.Reports.Select(r => r.Signer).Distinct().Count();
        if (s.Json) return Json(Accepted, new { batch = s.Into, time = tick.Time, assets, members, operations = batch.Count });
        AnsiConsole.MarkupLine($"price tick at {tick.Time}: {assets} asset(s) from {members} member(s), in [bold]{Markup.Escape(s.Into)}[/] ({batch.Count} operation(s))");
        return Accepted;
    }
}

/// <summary><c>settle risk sign</c>: one risk member signs the batch's risk update.</summary>
internal sealed class RiskSignCommand : SettleCommand<RiskSignCommand.Settings>
{
    public sealed class Settings : MemberSettings
    {
        [CommandArgument(0, "<batch.json>")]
        [Description("The batch file whose riskUpdate (epoch, sigmas, instruments) is signed")]
        public string Batch { get; init; } = "";
    }

    protected override string? CommandName => "risk sign";

    protected override int Run(Settings s)
    {
        var d = new Deployment(s.Data);
        var update = BatchFile.Read(s.Batch).OfType<RiskUpdate>().SingleOrDefault()
            ?? throw new JsonInputException(s.Batch, "$.operations", "has no riskUpdate to sign");
        var sig = Committee.SignRisk(d.LoadConfig(), s.Member!.Value, s.SecretKey(d, k => k.Risk), update);
        CommitteeFiles.Write(s.Out, sig);
        if (s.Json) return Json(Accepted, new { file = s.Out, member = sig.Member, epoch = sig.Epoch });
        AnsiConsole.MarkupLine($"risk member {sig.Member} signed the epoch-{sig.Epoch} parameters: [bold]{Markup.Escape(s.Out)}[/]");
        return Accepted;
    }
}

/// <summary><c>settle risk aggregate</c>: a quorum of risk signatures goes onto the batch's risk update.</summary>
internal sealed class RiskAggregateCommand : SettleCommand<RiskAggregateCommand.Settings>
{
    public sealed class Settings : AggregateSettings;

    protected override string? CommandName => "risk aggregate";

    protected override int Run(Settings s)
    {
        var config = new Deployment(s.Data).LoadConfig();
        var batch = s.Batch();
        var update = batch.OfType<RiskUpdate>().SingleOrDefault() ?? throw new JsonInputException(s.Into, "$.operations", "has no riskUpdate to sign");
        var signed = Committee.AggregateRisk(config, update, s.Signed.Select(CommitteeFiles.ReadRiskSignature));
        AtomicFile.WriteAllText(s.Into, BatchFile.Write(Committee.Into(batch, signed)));
        if (s.Json) return Json(Accepted, new { batch = s.Into, epoch = signed.Epoch, signers = signed.Signers });
        AnsiConsole.MarkupLine($"risk update for epoch {signed.Epoch} signed by members {string.Join(", ", signed.Signers!)}, in [bold]{Markup.Escape(s.Into)}[/]");
        return Accepted;
    }
}
