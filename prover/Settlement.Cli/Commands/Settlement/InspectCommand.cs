using System.ComponentModel;
using Settlement.Prover.Witness;
using Settlement.Prover.Service;
using Settlement.Verifier.Bundles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary><c>settle inspect [bundle]</c>: configuration summary, configHash, current root, constraint counts per op kind, and a bundle's statement.</summary>
internal sealed class InspectCommand : SettleCommand<InspectCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "[bundle]")]
        [Description("Optional bundle (.stlb or .json) whose statement to show")]
        public string? Bundle { get; init; }

        [CommandOption("--budget")]
        [Description("Also compile one op slot of the circuit and print the constraint budget per part (takes a few seconds)")]
        public bool Budget { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var cfg = svc.Config;
        var state = svc.Store.LoadState(cfg);
        var budget = s.Budget ? CircuitShapes.Budget(cfg) : null;
        SettlementBundle? bundle = s.Bundle is null ? null
            : s.Bundle.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? SettlementBundle.FromJson(File.ReadAllText(s.Bundle)) : SettlementBundle.FromBytes(File.ReadAllBytes(s.Bundle));
        if (s.Json)
        {
            WriteJson(new
            {
                configHash = Hx(svc.ConfigHash), treeDepth = cfg.TreeDepth, maxOps = cfg.MaxOps, maxPositions = cfg.MaxPositions,
                venues = cfg.Venues.Select(v => new { v.Name, v.LatencyMs }), assets = cfg.Assets.Select(a => a.Symbol), instruments = cfg.Instruments.Select(i => i.Symbol),
                batches = svc.Store.BatchCount, root = Hx(state.Root), accounts = state.AccountCount, keys = svc.Deployment.HasKeys,
                budget = budget is null ? null : new { perOp = budget.PerOp, perBatch = budget.PerBatch, total = budget.Total(cfg.MaxOps), parts = budget.PerOpByPart.Select(p => new { p.Part, p.Constraints }) },
                statement = bundle is null ? null : Statement(bundle.Statement),
            });
            return Accepted;
        }
        AnsiConsole.MarkupLine($"deployment [bold]{Markup.Escape(svc.Deployment.Root)}[/]  configHash {Hx(svc.ConfigHash)}");
        AnsiConsole.MarkupLine($"sizes: D = {cfg.TreeDepth}, MaxOps = {cfg.MaxOps}, MaxPositions = {cfg.MaxPositions}; venues: {Markup.Escape(string.Join(", ", cfg.Venues.Select(v => $"{v.Name} τ={v.LatencyMs} ms")))}");
        AnsiConsole.MarkupLine($"assets: {string.Join(", ", cfg.Assets.Select(a => a.Symbol))}; instruments: {string.Join(", ", cfg.Instruments.Select(i => $"{i.Symbol} ({i.Kind})"))}");
        AnsiConsole.MarkupLine($"oracle {cfg.Oracle.Quorum} of {cfg.Oracle.Members.Count}, risk committee {cfg.RiskCommittee.Quorum} of {cfg.RiskCommittee.Members.Count}; keys set up: {(svc.Deployment.HasKeys ? "yes (INSECURE dev setup)" : "no")}");
        AnsiConsole.MarkupLine($"store: {svc.Store.BatchCount} batches, {state.AccountCount} accounts, current root {Hx(state.Root)}");
        if (budget is not null)
        {
            var t = new Table().AddColumn("part of one op slot").AddColumn(new TableColumn("constraints").RightAligned());
            foreach (var (part, n) in budget.PerOpByPart) t.AddRow(Markup.Escape(part), n.ToString("N0"));
            t.AddRow("[bold]per op slot (any kind: slots are universal)[/]", $"[bold]{budget.PerOp:N0}[/]");
            t.AddRow("per batch (tick, risk update, statement)", budget.PerBatch.ToString("N0"));
            t.AddRow($"[bold]whole circuit, MaxOps = {cfg.MaxOps}[/]", $"[bold]{budget.Total(cfg.MaxOps):N0}[/]");
            AnsiConsole.Write(t);
        }
        if (bundle is not null)
            foreach (var (k, v) in Statement(bundle.Statement)) AnsiConsole.MarkupLine($"  {k}: {Markup.Escape(v)}");
        return Accepted;
    }

    private static Dictionary<string, string> Statement(Statement st) => new()
    {
        ["batchIndex"] = st.BatchIndex.ToString(), ["epoch"] = st.Epoch.ToString(), ["oldRoot"] = Hx(st.OldRoot), ["newRoot"] = Hx(st.NewRoot),
        ["oracleCommitment"] = Hx(st.OracleCommitment), ["riskCommitment"] = Hx(st.RiskCommitment),
        ["opsCommitments"] = string.Join(", ", st.OpsCommitments.Select(x => Hx(x))), ["outputsCommitments"] = string.Join(", ", st.OutputsCommitments.Select(x => Hx(x))),
        ["haltedMask"] = st.HaltedMask.ToString(), ["statementHash"] = Hx(st.Hash()),
    };
}
