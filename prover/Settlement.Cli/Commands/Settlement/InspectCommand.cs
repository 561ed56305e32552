using Settlement.Verifier.Groth16;
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
        [Description("A bundle (.stlb or .json) whose statement to show")]
        public string? Bundle { get; init; }

        [CommandOption("--budget")]
        [Description("Also count the circuit's constraints per part (seconds)")]
        public bool Budget { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var cfg = svc.Config;
        var state = svc.Store.LoadState(cfg);
        var key = svc.Deployment.HasKeys ? KeyProvenanceFile.Read(svc.Deployment) : null;
        var budget = s.Budget ? CircuitShapes.Budget(cfg) : null;
        SettlementBundle? bundle = s.Bundle is null ? null : BundleFiles.Read(s.Bundle);
        if (s.Json)
            return Json(Accepted, new
            {
                deployment = svc.Deployment.Root, configHash = Hx(svc.ConfigHash), treeDepth = cfg.TreeDepth, maxOps = cfg.MaxOps, maxPositions = cfg.MaxPositions,
                venues = cfg.Venues.Select(v => new { name = v.Name, latencyMs = v.LatencyMs }), assets = cfg.Assets.Select(a => a.Symbol),
                instruments = cfg.Instruments.Select(i => new { symbol = i.Symbol, kind = i.Kind.ToString() }),
                batches = svc.Store.BatchCount, root = Hx(state.Root), accounts = state.AccountCount, keys = svc.Deployment.HasKeys,
                keyKind = key?.Kind, keyContributors = key?.Contributors,
                budget = budget is null ? null : new { perOp = budget.PerOp, perBatch = budget.PerBatch, total = budget.Total(cfg.MaxOps), parts = budget.PerOpByPart.Select(p => new { part = p.Part, constraints = p.Constraints }) },
                statement = bundle is null ? null : StatementJson(bundle.Statement),
            });
        AnsiConsole.MarkupLine($"deployment [bold]{Markup.Escape(svc.Deployment.Root)}[/]  configHash {Hx(svc.ConfigHash)}");
        AnsiConsole.MarkupLine($"sizes: D = {cfg.TreeDepth}, MaxOps = {cfg.MaxOps}, MaxPositions = {cfg.MaxPositions}; venues: {Markup.Escape(string.Join(", ", cfg.Venues.Select(v => $"{v.Name} τ={v.LatencyMs} ms")))}");
        AnsiConsole.MarkupLine($"assets: {string.Join(", ", cfg.Assets.Select(a => a.Symbol))}; instruments: {string.Join(", ", cfg.Instruments.Select(i => $"{i.Symbol} ({i.Kind})"))}");
        AnsiConsole.MarkupLine($"oracle {cfg.Oracle.Quorum} of {cfg.Oracle.Members.Count}, risk committee {cfg.RiskCommittee.Quorum} of {cfg.RiskCommittee.Members.Count}; transition key: {Markup.Escape(key?.Describe() ?? "none (run 'settle setup')")}");
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
        {
            var st = bundle.Statement;
            AnsiConsole.MarkupLine($"bundle {Markup.Escape(s.Bundle!)}: batch {st.BatchIndex}, epoch {st.Epoch}, halted mask {st.HaltedMask}");
            AnsiConsole.MarkupLine($"  root {Hx(st.OldRoot)} → {Hx(st.NewRoot)}");
            AnsiConsole.MarkupLine($"  oracle commitment {Hx(st.OracleCommitment)}, risk commitment {Hx(st.RiskCommitment)}");
            for (int v = 0; v < st.OpsCommitments.Count; v++)
                AnsiConsole.MarkupLine($"  venue {v}: ops {Hx(st.OpsCommitments[v])}, outputs {Hx(st.OutputsCommitments[v])}");
            AnsiConsole.MarkupLine($"  statement hash {Hx(st.Hash())}");
        }
        return Accepted;
    }

    // Commitment lists stay arrays, one entry per venue, as in the bundle's JSON view (docs/spec.md §8.2).
    private static object StatementJson(Statement st) => new
    {
        configHash = Hx(st.ConfigHash), batchIndex = st.BatchIndex, epoch = st.Epoch, oldRoot = Hx(st.OldRoot), newRoot = Hx(st.NewRoot),
        oracleCommitment = Hx(st.OracleCommitment), riskCommitment = Hx(st.RiskCommitment),
        opsCommitments = st.OpsCommitments.Select(x => Hx(x)), outputsCommitments = st.OutputsCommitments.Select(x => Hx(x)),
        haltedMask = st.HaltedMask, statementHash = Hx(st.Hash()),
    };
}
