using Settlement.Verifier.Groth16;
using System.ComponentModel;
using Settlement.Circuits.Settlement;
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
        [Description("Also count the circuit's constraints per part and per op kind, for this deployment and for two reference batches (16 ops among 8 accounts; one trade between two new accounts) at its sizes (a minute)")]
        public bool Budget { get; init; }
    }

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        var cfg = svc.Config;
        var state = svc.Store.LoadState(cfg);
        var key = svc.Deployment.HasKeys ? KeyProvenanceFile.Read(svc.Deployment) : null;
        var budget = s.Budget ? CircuitShapes.Budget(cfg) : null;
        var cases = s.Budget ? CircuitShapes.ReuseCases(cfg) : [];
        SettlementBundle? bundle = s.Bundle is null ? null : BundleFiles.Read(s.Bundle);
        if (s.Json)
            return Json(Accepted, new
            {
                deployment = svc.Deployment.Root, configHash = Hx(svc.ConfigHash), treeDepth = cfg.TreeDepth, maxOps = cfg.MaxOps, maxAccounts = cfg.MaxAccounts, maxPositions = cfg.MaxPositions,
                venues = cfg.Venues.Select(v => new { name = v.Name, latencyMs = v.LatencyMs }), assets = cfg.Assets.Select(a => a.Symbol),
                instruments = cfg.Instruments.Select(i => new { symbol = i.Symbol, kind = i.Kind.ToString() }),
                batches = svc.Store.BatchCount, root = Hx(state.Root), accounts = state.AccountCount, keys = svc.Deployment.HasKeys,
                keyKind = key?.Kind, keyContributors = key?.Contributors,
                budget = budget is null ? null : BudgetJson(budget),
                budgetCases = budget is null ? null : cases.Select(c => new { name = c.Name, budget = BudgetJson(c.Budget) }),
                statement = bundle is null ? null : StatementJson(bundle.Statement),
            });
        AnsiConsole.MarkupLine($"deployment [bold]{Markup.Escape(svc.Deployment.Root)}[/]  configHash {Hx(svc.ConfigHash)}");
        AnsiConsole.MarkupLine($"sizes: D = {cfg.TreeDepth}, MaxOps = {cfg.MaxOps}, MaxAccounts = {cfg.MaxAccounts}, MaxPositions = {cfg.MaxPositions}; venues: {Markup.Escape(string.Join(", ", cfg.Venues.Select(v => $"{v.Name} τ={v.LatencyMs} ms")))}");
        AnsiConsole.MarkupLine($"assets: {string.Join(", ", cfg.Assets.Select(a => a.Symbol))}; instruments: {string.Join(", ", cfg.Instruments.Select(i => $"{i.Symbol} ({i.Kind})"))}");
        AnsiConsole.MarkupLine($"oracle {cfg.Oracle.Quorum} of {cfg.Oracle.Members.Count}, risk committee {cfg.RiskCommittee.Quorum} of {cfg.RiskCommittee.Members.Count}; transition key: {Markup.Escape(key?.Describe() ?? "none (run 'settle setup')")}");
        AnsiConsole.MarkupLine($"store: {svc.Store.BatchCount} batches, {state.AccountCount} accounts, current root {Hx(state.Root)}");
        if (budget is not null)
        {
            BudgetTable("this deployment's circuit", budget);
            foreach (var (name, b) in cases) BudgetTable(name, b);
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

    private static object BudgetJson(ConstraintBudget b) => new
    {
        maxOps = b.Shape.MaxOps, maxAccounts = b.Shape.MaxAccounts, perOp = b.PerOp, firstOp = b.FirstOp, registers = b.Registers,
        perBatch = b.PerBatch, total = b.WholeCircuit,
        parts = b.PerOpByPart.Select(p => new { part = p.Part, constraints = p.Constraints }),
        registerParts = b.RegistersByPart.Select(p => new { part = p.Part, constraints = p.Constraints }),
        byKind = b.ByKind.Select(k => new { kind = k.Kind, constraints = Math.Round(k.Constraints) }),
    };

    private static void BudgetTable(string title, ConstraintBudget b)
    {
        var t = new Table().Title(Markup.Escape($"{title}: {b.Shape.MaxOps} op slots, {b.Shape.MaxAccounts} account registers"))
            .AddColumn("part").AddColumn(new TableColumn("constraints").RightAligned());
        foreach (var (part, n) in b.PerOpByPart) t.AddRow(Markup.Escape(part), n.ToString("N0"));
        t.AddRow($"[bold]per op slot (any kind: slots are universal; the first {b.FirstOp:N0})[/]", $"[bold]{b.PerOp:N0}[/]");
        foreach (var (part, n) in b.RegistersByPart) t.AddRow(Markup.Escape(part), n.ToString("N0"));
        t.AddRow($"[bold]account registers ({b.Shape.MaxAccounts}, {b.PerRegister:N0} each)[/]", $"[bold]{b.Registers:N0}[/]");
        t.AddRow("per batch (roots, tick, risk update, parameters, outputs, statement)", b.PerBatch.ToString("N0"));
        foreach (var (kind, n) in b.ByKind) t.AddRow(Markup.Escape("op: " + kind), n.ToString("N0"));
        t.AddRow("[bold]whole circuit (the compiled count)[/]", $"[bold]{b.WholeCircuit:N0}[/]");
        if (b.Shape.MaxOps > 0)
            t.AddRow("per op, amortised (without / with the batch overhead)",
                $"{(double)(b.WholeCircuit - b.PerBatch) / b.Shape.MaxOps:N0} / {(double)b.WholeCircuit / b.Shape.MaxOps:N0}");
        AnsiConsole.Write(t);
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
