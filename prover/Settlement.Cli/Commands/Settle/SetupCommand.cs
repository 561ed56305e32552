using Settlement.Verifier.Groth16;
using System.ComponentModel;
using Settlement.Prover.Groth16;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle setup</c>: the transition circuit's key for the configured sizes. Without options, an INSECURE development
/// key; with <c>--ptau</c>, the starting key of a phase-2 ceremony; with <c>--install</c>, the ceremony's final key,
/// installed only after its whole transcript verifies (docs/ceremony.md). New keys invalidate every bundle proven with
/// the old ones, so existing keys are kept unless --force.
/// </summary>
internal sealed class SetupCommand : SettleCommand<SetupCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandOption("--ptau <FILE>")]
        [Description("A snarkjs BLS12-381 powers of tau prepared for phase 2. Alone: write the ceremony's starting key " +
                     "(see --out). With --install: the ptau the ceremony started from")]
        public string? Ptau { get; init; }

        [CommandOption("-o|--out <FILE>")]
        [Description("Where --ptau writes the starting key (default: keys/transition-ceremony-0000.pk)")]
        public string? Out { get; init; }

        [CommandOption("--zkey <FILE>")]
        [Description("With --ptau alone: also write the starting key as a snarkjs .zkey, for contributors who use " +
                     "'snarkjs zkey contribute' (either file works with 'settle groth16 contribute')")]
        public string? Zkey { get; init; }

        [CommandOption("--install <KEY>")]
        [Description("Verify a ceremony's last key against this deployment's circuit and --ptau, then install it")]
        public string? Install { get; init; }

        [CommandOption("--force")]
        [Description("Replace existing keys (bundles proven with them stop verifying)")]
        public bool Force { get; init; }
    }

    public override ValidationResult Validate(CommandContext context, Settings s) =>
        s.Install is not null && s.Ptau is null ? ValidationResult.Error("--install needs --ptau <file>: the transcript is checked against it")
        : s.Install is not null && s.Out is not null ? ValidationResult.Error("--out goes with --ptau alone (the starting key), not with --install")
        : s.Out is not null && s.Ptau is null ? ValidationResult.Error("--out needs --ptau <file>")
        : s.Zkey is not null && (s.Ptau is null || s.Install is not null) ? ValidationResult.Error("--zkey goes with --ptau alone (the starting key)")
        : ValidationResult.Success();

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        if (s.Ptau is not null && s.Install is null) return BeginCeremony(svc, s);
        var d = svc.Deployment;
        var existing = new[] { d.ProvingKeyPath, d.VerifyingKeyPath }.Where(File.Exists).ToList();
        if (existing.Count > 0 && !s.Force)
        {
            long settled = File.Exists(d.StorePath) ? svc.Store.BatchCount : 0;
            throw new DeploymentException($"keys already exist: {string.Join(", ", existing)}" +
                (settled > 0 ? $"; the store holds {settled} settled batches whose bundles would no longer verify" : "") +
                " (use --force to replace them)");
        }
        if (s.Install is not null) return InstallKey(svc, s, replaced: existing.Count > 0);
        var r = WithProgress(s, "INSECURE dev setup of the transition circuit", p => svc.Setup(s.Threads, p), logStages: true);
        if (s.Json)
            return Json(Accepted, new { constraints = r.Constraints, wires = r.Wires, domain = r.DomainSize, compileMs = (long)r.Compile.TotalMilliseconds,
                setupMs = (long)r.Setup.TotalMilliseconds, provingKey = d.ProvingKeyPath, verifyingKey = d.VerifyingKeyPath, replaced = existing.Count > 0,
                keyKind = KeyProvenance.DevelopmentKind, warning = DevSetup.Warning });
        AnsiConsole.MarkupLine($"transition circuit: {r.Constraints:N0} constraints, {r.Wires:N0} wires, domain {r.DomainSize:N0}; compile {r.Compile.TotalSeconds:F1} s, setup {r.Setup.TotalSeconds:F1} s");
        AnsiConsole.MarkupLine($"keys: [bold]{Markup.Escape(d.ProvingKeyPath)}[/], [bold]{Markup.Escape(d.VerifyingKeyPath)}[/]" + (existing.Count > 0 ? " (replaced)" : ""));
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        return Accepted;
    }

    private int BeginCeremony(SettlementService svc, Settings s)
    {
        RequireFile(s.Ptau!, "powers of tau");
        var outKey = s.Out ?? Path.Combine(svc.Deployment.KeysDir, "transition-ceremony-0000.pk");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outKey))!);
        var size = WithProgress(s, "phase-2 starting key from powers of tau", p => TransitionCeremony.Begin(svc, s.Ptau!, outKey, s.Threads, p, s.Zkey), logStages: true);
        if (s.Json)
            return Json(Accepted, new { constraints = size.Constraints, wires = size.Wires, ptauPower = size.PtauPower, snarkjsPtauPower = size.SnarkjsPtauPower, startingKey = outKey, startingZkey = s.Zkey, note = Phase2.InitialNote });
        AnsiConsole.MarkupLine($"transition circuit: {size.Constraints:N0} constraints, {size.Wires:N0} wires (needs a ptau of power ≥ {size.PtauPower}; ≥ {size.SnarkjsPtauPower} for snarkjs contributors)");
        AnsiConsole.MarkupLine($"starting key: [bold]{Markup.Escape(outKey)}[/]" + (s.Zkey is null ? "" : $" and [bold]{Markup.Escape(s.Zkey)}[/]"));
        AnsiConsole.MarkupLine("next: each contributor runs [bold]settle groth16 contribute <in> <out> --name <who>[/] (or, on the .zkey, " +
                               "[bold]snarkjs zkey contribute[/]) in turn; then [bold]settle setup --install <last> --ptau <same ptau>[/]");
        return Accepted;
    }

    private int InstallKey(SettlementService svc, Settings s, bool replaced)
    {
        RequireFile(s.Ptau!, "powers of tau");
        RequireFile(s.Install!, "ceremony key");
        KeyProvenance record;
        try { record = WithProgress(s, "verify the ceremony transcript", p => TransitionCeremony.Install(svc, s.Ptau!, s.Install!, force: true, s.Threads, p), logStages: true); }
        catch (SetupVerificationException e) { throw new DeploymentException($"{s.Install}: not installed: {e.Message}"); }
        var d = svc.Deployment;
        if (s.Json)
            return Json(Accepted, new { installed = true, replaced, keyKind = record.Kind, contributors = record.Contributors, ptauSha256 = record.PtauSha256,
                keySha256 = record.KeySha256, provingKey = d.ProvingKeyPath, verifyingKey = d.VerifyingKeyPath });
        AnsiConsole.MarkupLine($"[green]installed:[/] {Markup.Escape(record.Describe())}");
        AnsiConsole.MarkupLine($"keys: [bold]{Markup.Escape(d.ProvingKeyPath)}[/], [bold]{Markup.Escape(d.VerifyingKeyPath)}[/]; record: {Markup.Escape(KeyProvenanceFile.PathIn(d))}");
        return Accepted;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new DeploymentException($"{path}: {what} not found");
    }
}
