using System.ComponentModel;
using Settlement.Prover.Groth16;
using Settlement.Prover.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary>
/// <c>settle setup</c>: INSECURE dev setup of the transition circuit for the configured sizes; writes keys/transition.pk
/// and .vk.json. New keys invalidate every bundle proven with the old ones, so existing keys are kept unless --force.
/// </summary>
internal sealed class SetupCommand : SettleCommand<SetupCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandOption("--force")]
        [Description("Replace existing keys (bundles proven with them stop verifying)")]
        public bool Force { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var d = svc.Deployment;
        var existing = new[] { d.ProvingKeyPath, d.VerifyingKeyPath }.Where(File.Exists).ToList();
        if (existing.Count > 0 && !s.Force)
        {
            long settled = File.Exists(d.StorePath) ? svc.Store.BatchCount : 0;
            throw new DeploymentException($"keys already exist: {string.Join(", ", existing)}" +
                (settled > 0 ? $"; the store holds {settled} settled batches whose bundles would no longer verify" : "") +
                " (use --force to replace them)");
        }
        var r = WithProgress(s, "INSECURE dev setup of the transition circuit", p => svc.Setup(s.Threads, p));
        if (s.Json)
            return Json(Accepted, new { constraints = r.Constraints, wires = r.Wires, domain = r.DomainSize, compileMs = (long)r.Compile.TotalMilliseconds,
                setupMs = (long)r.Setup.TotalMilliseconds, provingKey = d.ProvingKeyPath, verifyingKey = d.VerifyingKeyPath, replaced = existing.Count > 0, warning = DevSetup.Warning });
        AnsiConsole.MarkupLine($"transition circuit: {r.Constraints:N0} constraints, {r.Wires:N0} wires, domain {r.DomainSize:N0}; compile {r.Compile.TotalSeconds:F1} s, setup {r.Setup.TotalSeconds:F1} s");
        AnsiConsole.MarkupLine($"keys: [bold]{Markup.Escape(d.ProvingKeyPath)}[/], [bold]{Markup.Escape(d.VerifyingKeyPath)}[/]" + (existing.Count > 0 ? " (replaced)" : ""));
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        return Accepted;
    }
}
