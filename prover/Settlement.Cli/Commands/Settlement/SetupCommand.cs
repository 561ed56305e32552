using Settlement.Prover.Groth16;
using Settlement.Prover.Service;
using Spectre.Console;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary><c>settle setup</c>: INSECURE dev setup of the transition circuit for the configured sizes; writes keys/transition.pk and .vk.json.</summary>
internal sealed class SetupCommand : SettleCommand<SettleSettings>
{
    protected override int Run(SettleSettings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var r = WithProgress(s, "INSECURE dev setup of the transition circuit", p => svc.Setup(s.Threads, p));
        if (s.Json)
        {
            WriteJson(new { constraints = r.Constraints, wires = r.Wires, domain = r.DomainSize, compileMs = (long)r.Compile.TotalMilliseconds, setupMs = (long)r.Setup.TotalMilliseconds,
                provingKey = svc.Deployment.ProvingKeyPath, verifyingKey = svc.Deployment.VerifyingKeyPath, warning = DevSetup.Warning });
            return Accepted;
        }
        AnsiConsole.MarkupLine($"transition circuit: {r.Constraints:N0} constraints, {r.Wires:N0} wires, domain {r.DomainSize:N0}; compile {r.Compile.TotalSeconds:F1} s, setup {r.Setup.TotalSeconds:F1} s");
        AnsiConsole.MarkupLine($"keys: [bold]{Markup.Escape(svc.Deployment.ProvingKeyPath)}[/], [bold]{Markup.Escape(svc.Deployment.VerifyingKeyPath)}[/]");
        AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        return Accepted;
    }
}
