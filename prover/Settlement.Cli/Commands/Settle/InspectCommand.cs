using Settlement.Verifier.Groth16;
using System.ComponentModel;
using System.Globalization;
using Settlement.Circuits.Transition;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bundles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

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

        // Read as text and parsed in Validate, so that a value that is not a number is refused naming the option.
        [CommandOption("--proof-latency <MS>")]
        [Description("The service's p99 proof latency in ms: show each venue's lag, √time and haircuts with it added to the venue's latency (docs/spec.md §2.1), and the stored book's initial margin")]
        public string? ProofLatencyText { get; init; }

        [CommandOption("--cluster-factor <K>")]
        [Description("With --proof-latency: also for a K-times larger prover cluster at the same throughput (proof latency L/K), and the collateral that frees on the stored book")]
        public string? ClusterFactorText { get; init; }

        public long? ProofLatency => long.TryParse(ProofLatencyText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) ? ms : null;
        public int? ClusterFactor => int.TryParse(ClusterFactorText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var k) ? k : null;

        public override ValidationResult Validate() =>
            ProofLatencyText is not null && ProofLatency is not (>= 0 and < ConfigLimits.MillisecondsBound)
                ? ValidationResult.Error($"--proof-latency must be an integer in [0, 2^32) ms, got '{ProofLatencyText}'")
            : ClusterFactorText is not null && ClusterFactor is not >= 1 ? ValidationResult.Error($"--cluster-factor must be an integer, 1 or more, got '{ClusterFactorText}'")
            : ClusterFactorText is not null && ProofLatencyText is null ? ValidationResult.Error("--cluster-factor needs --proof-latency <ms>")
            : ValidationResult.Success();
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
        var projection = s.ProofLatency is { } proofMs ? Project(cfg, state, proofMs, s.ClusterFactor) : null;
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
                haircutProjection = projection is null ? null : ProjectionJson(cfg, projection),
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
        if (projection is not null) ProjectionText(cfg, projection);
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

    /// <summary>
    /// The haircut projection of one inspect run: per venue, its haircuts today, with the proof latency L added and, with
    /// a cluster factor k, with L/k added; the stored book's margin for L and L/k. Haircuts and the book need an accepted
    /// risk update (σ and prices); without one, or without accounts, <see cref="Note"/> says what is missing.
    /// </summary>
    private sealed record Projection(
        long ProofLatencyMs, int? ClusterFactor, long? ClusterProofLatencyMs, long RiskEpoch, int Accounts,
        IReadOnlyList<IReadOnlyList<VenueHaircuts>> Cases, IReadOnlyList<BookMargin>? Book, string? Note)
    {
        /// <summary>Σ excess at L/k minus at L: the collateral a k-times larger cluster frees (VU).</summary>
        public Int128? Freed => Book is { Count: 3 } b ? b[2].Excess - b[1].Excess : null;
    }

    private static Projection Project(SettlementConfig cfg, SettlementState state, long proofMs, int? k)
    {
        long? clusterMs = k is { } f ? HaircutProjection.ClusterProofLatencyMs(proofMs, f) : null;
        var latencies = clusterMs is { } c ? new[] { 0, proofMs, c } : new[] { 0, proofMs };
        List<IReadOnlyList<VenueHaircuts>> cases;
        try { cases = [.. latencies.Select(l => HaircutProjection.Venues(cfg, state.Epoch, l))]; }
        catch (MarginOverflowException e) { throw new ArgumentException($"--proof-latency {proofMs}: {e.Message} (docs/spec.md §2.1)"); }
        string? note = state.Epoch.Epoch == 0
            ? "no risk update accepted yet (epoch 0): without σ and prices the haircuts are only the floor and the book has no value; prove a batch with a risk update first"
            : state.AccountCount == 0 ? "the store holds no accounts: no book to evaluate (settle demo --keep leaves one)" : null;
        var book = note is null ? latencies.Select(l => HaircutProjection.Book(cfg, state, l)).ToList() : null;
        return new Projection(proofMs, k, clusterMs, state.Epoch.Epoch, state.AccountCount, cases, book, note);
    }

    private static object ProjectionJson(SettlementConfig cfg, Projection p) => new
    {
        proofLatencyMs = p.ProofLatencyMs, clusterFactor = p.ClusterFactor, clusterProofLatencyMs = p.ClusterProofLatencyMs,
        latencyModel = p.ClusterFactor is null ? null : HaircutProjection.LatencyModel,
        closeOutMs = cfg.Margin.CloseOutMs, riskEpoch = p.RiskEpoch, note = p.Note,
        venues = cfg.Venues.Select((v, i) => new
        {
            name = v.Name, latencyMs = v.LatencyMs,
            cases = p.Cases.Select(c => c[i]).Select(h => new
            {
                proofLatencyMs = h.ProofLatencyMs, latencyMs = h.LatencyMs, timeRoot = h.TimeRoot,
                haircuts = p.RiskEpoch == 0 ? null : cfg.Assets.Select((a, j) => new { asset = a.Symbol, initialPpm = h.InitialPpm[j], maintenancePpm = h.MaintenancePpm[j] }),
            }),
        }),
        book = p.Book is null ? null : new
        {
            accounts = p.Accounts,
            cases = p.Book.Select(b => new { proofLatencyMs = b.ProofLatencyMs, totalValue = b.TotalValue, requirement = b.Requirement, excess = b.Excess }),
            freed = p.Freed,
        },
    };

    private static void ProjectionText(SettlementConfig cfg, Projection p)
    {
        var cases = p.ClusterFactor is { } k
            ? $"today, with the proof latency L = {p.ProofLatencyMs:N0} ms, and with L/{k} = {p.ClusterProofLatencyMs:N0} ms"
            : $"today and with the proof latency L = {p.ProofLatencyMs:N0} ms";
        var t = new Table().Title(Markup.Escape($"haircuts per venue, {cases} added to its latency (τ_close = {cfg.Margin.CloseOutMs:N0} ms)"))
            .AddColumn("venue").AddColumn(new TableColumn("lag ms").RightAligned()).AddColumn(new TableColumn("t_v").RightAligned())
            .AddColumn("haircut IM / MM, ppm");
        for (int v = 0; v < cfg.V; v++)
            for (int i = 0; i < p.Cases.Count; i++)
            {
                var h = p.Cases[i][v];
                t.AddRow(Markup.Escape(i == 0 ? cfg.Venues[v].Name : $"  + {h.ProofLatencyMs:N0} ms"),
                    h.LatencyMs.ToString("N0"), h.TimeRoot.ToString("N0"),
                    p.RiskEpoch == 0 ? "—" : Markup.Escape(string.Join(", ", cfg.Assets.Select((a, j) => $"{a.Symbol} {h.InitialPpm[j]:N0} / {h.MaintenancePpm[j]:N0}"))));
            }
        AnsiConsole.Write(t);
        if (p.ClusterFactor is not null) AnsiConsole.MarkupLine(Markup.Escape($"latency model: {HaircutProjection.LatencyModel}"));
        if (p.Note is not null) { AnsiConsole.MarkupLine(Markup.Escape($"book: {p.Note}")); return; }
        foreach (var b in p.Book!)
            AnsiConsole.MarkupLine(Markup.Escape($"book ({p.Accounts} accounts), proof latency {b.ProofLatencyMs:N0} ms: Σ TV^IM {MarginRules.FormatValue(b.TotalValue)}, Σ Req^IM {MarginRules.FormatValue(b.Requirement)}, excess {MarginRules.FormatValue(b.Excess)} USD"));
        if (p.Freed is { } freed)
            AnsiConsole.MarkupLine(Markup.Escape(freed >= 0
                ? $"a {p.ClusterFactor}-times larger cluster frees {MarginRules.FormatValue(freed)} USD of collateral on this book (Σ (TV^IM − Req^IM) at L/{p.ClusterFactor} minus at L)"
                : $"a {p.ClusterFactor}-times larger cluster frees no collateral on this book: Σ (TV^IM − Req^IM) is {MarginRules.FormatValue(-freed)} USD lower at L/{p.ClusterFactor} than at L (the scenario loss of a long-gamma book can fall as the range grows)"));
    }

    private static object BudgetJson(ConstraintBudget b) => new
    {
        maxOps = b.Shape.MaxOps, maxAccounts = b.Shape.MaxAccounts, registersHold = b.RegistersHold, perOp = b.PerOp, firstOp = b.FirstOp, registers = b.Registers,
        perBatch = b.PerBatch, total = b.WholeCircuit,
        parts = b.PerOpByPart.Select(p => new { part = p.Part, constraints = p.Constraints }),
        registerParts = b.RegistersByPart.Select(p => new { part = p.Part, constraints = p.Constraints }),
        byKind = b.ByKind.Select(k => new { kind = k.Kind, constraints = Math.Round(k.Constraints) }),
    };

    private static void BudgetTable(string title, ConstraintBudget b)
    {
        var t = new Table().Title(Markup.Escape($"{title}: {b.Shape.MaxOps} op slots, {b.Shape.MaxAccounts} account registers holding leaf {b.RegistersHold}"))
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
