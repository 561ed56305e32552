using System.Diagnostics;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Service;

/// <summary>One step of the demo: a batch settled (or refused, or a forged bundle), what it did and what every venue said.</summary>
public sealed record DemoStep(
    string Title, IReadOnlyList<string> Operations, IReadOnlyList<string> Notes, ProveResult? Proof, string? Rejection,
    IReadOnlyList<VerifyResult> Verdicts, bool Forged, bool RefusalExpected = false)
{
    /// <summary>Honest steps must be accepted by every venue, forged ones rejected by every venue, and only the step meant to be refused is.</summary>
    public bool AsExpected => Rejection is not null ? RefusalExpected : !RefusalExpected && Verdicts.Count > 0 && Verdicts.All(v => v.Verdict.Accepted != Forged);

    /// <summary>The step's number ("5a", "7 forged"), for summary tables that must fit 80 columns.</summary>
    public string Short => Title[..Math.Max(0, Title.IndexOf('.'))] + (Forged ? " forged" : "");
}

/// <summary>
/// Receives the demo's progress in order: free text, each step's start (before its proving stage), progress of long
/// stages, and each finished step. A withdrawal step is followed by its forged copy, which the venues checked first.
/// </summary>
public interface IDemoObserver
{
    void Info(string text);
    /// <summary>A step starts: its title and operations, before anything is proven.</summary>
    void Begin(string title, IReadOnlyList<string> operations);
    /// <summary>Runs a long stage (setup, proving) with a progress callback (stage name, fraction 0..1).</summary>
    T Stage<T>(string title, Func<Action<string, double>, T> run);
    void Step(DemoStep step);
}

/// <summary>
/// The end-to-end demo (README, <c>settle demo</c>): a sample deployment with 3 venues, dev setup of the transition
/// circuit, then batches with real BLS signatures and real Groth16 proofs, each checked by every venue's verifier.
/// </summary>
public sealed class DemoRunner(string directory, IDemoObserver observer, int threads = 0)
{
    private const int Usdc = 0, Eth = 1, Perp = 0, Call = 1;
    private const long Usd = 1_000_000;                    // 1 USDC in settlement units
    private const long Contract = 100_000_000;             // 1 contract (qty scale)
    private const long T0 = 1_750_000_000_000;
    private const ulong Alice = 1, Bob = 2, Carol = 3;
    private static long Vu(long dollars) => dollars * 100_000_000;
    private static readonly long EthSigma = 3_377_000;     // 60 %/√year per √ms (docs/spec.md §1.1)

    public sealed record Report(IReadOnlyList<DemoStep> Steps, SetupResult Setup, TimeSpan Total, SampleDeployment.Sizes Sizes)
    {
        public bool AllAsExpected => Steps.All(s => s.AsExpected);
    }

    /// <summary>
    /// Runs the demo. <paramref name="reduced"/> (for the test suite) keeps batches 1, 2, the engine's refusal (5a) and the
    /// withdrawal with its forged bundle (7): three proofs instead of seven.
    /// </summary>
    public Report Run(SampleDeployment.Sizes? sizes = null, bool reduced = false)
    {
        var total = Stopwatch.StartNew();
        sizes ??= new SampleDeployment.Sizes();
        var deployment = SampleDeployment.Init(directory, sizes, force: true);
        using var svc = new SettlementService(deployment);
        var cfg = svc.Config;
        observer.Info($"deployment in {deployment.Root}: {cfg.V} venues ({string.Join(", ", cfg.Venues.Select(v => v.Name))}), " +
                      $"assets {string.Join(", ", cfg.Assets.Select(a => a.Symbol))}, instruments {string.Join(", ", cfg.Instruments.Select(i => i.Symbol))}, " +
                      $"oracle {cfg.Oracle.Quorum} of {cfg.Oracle.Members.Count}, risk {cfg.RiskCommittee.Quorum} of {cfg.RiskCommittee.Members.Count}");
        observer.Info($"demo sizes (small, for a 2-core machine): arity-4 tree of depth D = {cfg.TreeDepth} ({cfg.MaxAccountId + 1:N0} accounts), MaxOps = {cfg.MaxOps}, MaxPositions = {cfg.MaxPositions}, " +
                      $"{svc.Shape.MaxReports} oracle report slots; configHash {SqliteSettlementStore(svc)}");
        observer.Info("keys are SAMPLE / INSECURE (public seeds) and the Groth16 setup is an INSECURE dev setup: a demo, not a deployment");
        var setup = observer.Stage("INSECURE dev setup of the transition circuit", p => svc.Setup(threads, p));
        observer.Info($"transition circuit: {setup.Constraints:N0} constraints, {setup.Wires:N0} wires (compile {setup.Compile.TotalSeconds:F1} s, setup {setup.Setup.TotalSeconds:F1} s)");

        var signer = new DevSigner(svc.ConfigHash, deployment.LoadDevKeys());
        var steps = new List<DemoStep>();
        var instruments = new[] { new InstrumentRisk((ulong)Vu(3000), Contract, 0), new InstrumentRisk((ulong)Vu(150), Contract / 2, 1_000_000_000) };

        // 1. Genesis: all five oracle members report both assets, the risk committee publishes epoch 1, deposits.
        steps.AddRange(Settle(svc, "1. prices, risk parameters; deposits at venues 0 and 1", s => [
            signer.Tick(T0, Enumerable.Range(0, 5).SelectMany(j => new[] { (Usdc, j, Vu(1)), (Eth, j, Vu(3000)) })),
            signer.Risk(1, [0, EthSigma], instruments, 2),
            Deposit(s, 0, Alice, Usdc, 20_000 * Usd),
            Deposit(s, 1, Bob, Usdc, 300 * Usd),
        ], null));

        // 2. A deposit at venue 2 and the first leg of Alice's cross-venue position: short 1 ETH-PERP at venue 0.
        steps.AddRange(Settle(svc, "2. deposit at venue 2; Alice sells 1 ETH-PERP at venue 0", s => [
            Deposit(s, 2, Carol, Usdc, 100_000 * Usd),
            new Trade(0, Perp, Carol, Nonce(s, Carol) + 1, Alice, Nonce(s, Alice), Contract, 3000 * Usd, 0, 0),
        ], null));

        if (!reduced)
        {
            // 3. The second leg: Alice long 1 at venue 1 (Bob short). Her positions net across venues.
            steps.AddRange(Settle(svc, "3. Alice buys 1 ETH-PERP at venue 1 (from Bob): her positions net across venues", s => [
                new Trade(1, Perp, Alice, Nonce(s, Alice), Bob, Nonce(s, Bob), Contract, 3000 * Usd, 0, 0),
            ], (s, _) =>
            {
                var p = MarginRules.ComputeParameters(cfg, s.Epoch);
                var alice = s.Account(Alice)!;
                var unified = MarginRules.Evaluate(alice, p, MarginLevel.Initial).Requirement;
                Int128 siloed = 0;
                var per = new List<string>();
                for (int v = 0; v < cfg.V; v++)
                {
                    var only = Account.Restore(alice.Id, alice.Salt, alice.Nonce, cfg.C, alice.Balances.ToArray(),
                        [.. alice.Slots.Select(x => x.IsEmpty || x.Venue != v ? default : x)]);
                    var r = MarginRules.Evaluate(only, p, MarginLevel.Initial).Requirement;
                    siloed += r;
                    per.Add($"venue {v} ${MarginRules.FormatValue(r)}");
                }
                return [$"Alice's unified initial-margin requirement: ${MarginRules.FormatValue(unified)}; siloed per venue: {string.Join(" + ", per)} = ${MarginRules.FormatValue(siloed)}"];
            }));

            // 4. An oracle tick with one outlier, and a transfer between venues.
            steps.AddRange(Settle(svc, "4. oracle tick with one outlier report; a cross-venue transfer", s => [
                signer.Tick(T0 + 60_000, [(Eth, 0, Vu(3010)), (Eth, 1, Vu(3005)), (Eth, 2, Vu(3012)), (Eth, 3, Vu(3008)), (Eth, 4, Vu(9_999))]),
                new Transfer(Alice, Nonce(s, Alice), Usdc, 0, 2, 1_000 * Usd),
            ], (s, r) => [.. r.Trace.SelectMany(t => t.Prices).Select(a =>
                $"{cfg.Assets[a.Asset].Symbol}: {a.Reports} reports, lower median ${MarginRules.FormatValue(a.Median)} (the $9,999.00 outlier of member 4 is ignored), previous ${MarginRules.FormatValue(a.Previous)}")]));

        }

        // 5. A price jump trips the breaker; a position increase in the same batch is refused by the engine.
        Operation[] jump(SettlementState s) => [
            signer.Tick(T0 + 120_000, Enumerable.Range(0, 5).Select(j => (Eth, j, Vu(3600)))),
            // Marks follow the new median (no-arbitrage bounds): the 3000 call is now $600 in the money.
            signer.Risk(2, [0, EthSigma], [instruments[0] with { Mark = (ulong)Vu(3600) }, new InstrumentRisk((ulong)Vu(650), Contract * 9 / 10, 500_000_000)], 2),
        ];
        steps.AddRange(Settle(svc, "5a. ETH jumps 20 % (breaker trips) and Alice tries to increase her short at venue 0",
            s => [.. jump(s), new Trade(0, Perp, Carol, Nonce(s, Carol), Alice, Nonce(s, Alice), Contract, 3600 * Usd, 0, 0)], null, refusalExpected: true));
        if (!reduced)
        {
            steps.AddRange(Settle(svc, "5b. the same tick and risk update without the refused trade", jump,
                (s, r) => [.. r.Trace.SelectMany(t => t.Prices).Select(a => $"{cfg.Assets[a.Asset].Symbol} ${MarginRules.FormatValue(a.Previous)} → ${MarginRules.FormatValue(a.Median)}: {(a.Halted ? "breaker tripped, halted for this batch" : "not halted")}")]));

            // 6. Bob's short is under water: Carol liquidates it at venue 1.
            string bobBefore = "";
            steps.AddRange(Settle(svc, "6. liquidation of Bob's short by Carol at venue 1", s =>
            {
                var p = MarginRules.ComputeParameters(cfg, s.Epoch);
                var mm = MarginRules.Evaluate(s.Account(Bob)!, p, MarginLevel.Maintenance);
                bobBefore = $"Bob before: TV ${MarginRules.FormatValue(mm.TotalValue)} < maintenance requirement ${MarginRules.FormatValue(mm.Requirement)}: liquidatable";
                return [new Liquidate(1, Perp, Bob, Nonce(s, Bob), Carol, Nonce(s, Carol), Contract, 3600 * Usd)];
            }, (_, _) => [bobBefore]));

        }

        // 7. A withdrawal; a forged copy of its bundle (new root changed) is sent to every venue first, then the honest one.
        steps.AddRange(Settle(svc, "7. Alice withdraws 500 USDC at venue 0", s => [
            new Withdraw(0, Alice, Nonce(s, Alice), Usdc, 500 * Usd, s.Epoch.NextWithdrawalId[0]),
        ], null, forgeFirst: true));

        return new Report(steps, setup, total.Elapsed, sizes);
    }

    private static string SqliteSettlementStore(SettlementService svc) => Store.SqliteSettlementStore.Hex(svc.ConfigHash)[..16] + "…";

    private static long Nonce(SettlementState s, ulong account) => s.Account(account)?.Nonce ?? 0;

    private static Deposit Deposit(SettlementState s, int venue, ulong account, int asset, long amount) =>
        new(venue, account, Nonce(s, account), asset, amount, s.Epoch.NextDepositId[venue],
            s.Account(account) is null ? Verifier.Bls12381.Fr.FromUInt64(0x5A17_0000 + account) : Verifier.Bls12381.Fr.Zero);

    /// <summary>Settles one step; returns it, followed by its forged copy when <paramref name="forgeFirst"/>.</summary>
    private List<DemoStep> Settle(SettlementService svc, string title, Func<SettlementState, Operation[]> build,
        Func<SettlementState, BatchResult, string[]>? notes, bool forgeFirst = false, bool refusalExpected = false)
    {
        var before = svc.Store.LoadState(svc.Config);
        var ops = build(before);
        var opText = ops.Select(Describe).ToList();
        observer.Begin(title, opText);
        var path = Path.Combine(svc.Deployment.BatchesDir, $"batch-{svc.Store.BatchCount}{(title.StartsWith("5a", StringComparison.Ordinal) ? "-refused" : "")}.json");
        File.WriteAllText(path, BatchFile.Write(ops));
        ProveResult proof;
        try
        {
            proof = observer.Stage($"proving batch {svc.Store.BatchCount}", p => svc.Prove(path, threads, p));
        }
        catch (BatchRejectedException e)
        {
            var refused = new DemoStep(title, opText, [$"the engine refused the batch, nothing was proven or stored: {e.Message}"], null, e.Message, [], false, refusalExpected);
            observer.Step(refused);
            return [refused];
        }
        var after = svc.Store.LoadState(svc.Config);
        var extra = notes?.Invoke(after, proof.Engine!) ?? [];
        var bytes = proof.Bundle.ToBytes();
        DemoStep? forgedStep = null;
        if (forgeFirst)
        {
            // Checked before the honest bundle: afterwards every venue's root has moved on and the forgery would be
            // refused for its old root, not for its proof.
            var forged = proof.Bundle with { Statement = proof.Bundle.Statement with { NewRoot = proof.Bundle.Statement.OldRoot } };
            var forgedVerdicts = Enumerable.Range(0, svc.Config.V).Select(v => svc.Verify(forged.ToBytes(), v)).ToList();
            forgedStep = new DemoStep($"{title[..2]} FORGED: the withdrawal's bundle with its new root replaced by the old one (the withdrawal paid, the balance kept)",
                opText, [], proof, null, forgedVerdicts, true);
            observer.Step(forgedStep);
        }
        var verdicts = Enumerable.Range(0, svc.Config.V).Select(v => svc.Verify(bytes, v)).ToList();
        var step = new DemoStep(title, opText, [.. extra], proof, null, verdicts, false, refusalExpected);
        observer.Step(step);
        return forgedStep is null ? [step] : [step, forgedStep];
    }

    public static string Describe(Operation op) => op switch
    {
        PriceTick t => $"PriceTick t={t.Time}: {t.Reports.Count} signed reports ({string.Join(", ", t.Reports.Select(r => $"m{r.Signer}:{(r.Asset == 0 ? "USDC" : "ETH")} ${MarginRules.FormatValue(r.Price)}"))})",
        RiskUpdate u => $"RiskUpdate epoch {u.Epoch}: σ ETH {u.Sigmas[1]}, ETH-PERP mark ${MarginRules.FormatValue((long)u.Instruments[0].Mark)}, signed by {u.Signers?.Count} members",
        Deposit d => $"Deposit venue {d.Venue}: account {d.Account} +{Units(d.Amount, d.Asset)} (deposit id {d.DepositId})",
        Withdraw w => $"Withdraw venue {w.Venue}: account {w.Account} −{Units(w.Amount, w.Asset)} (withdrawal id {w.WithdrawalId})",
        Transfer t => $"Transfer account {t.Account}: {Units(t.Amount, t.Asset)} venue {t.FromVenue} → venue {t.ToVenue}",
        Trade t => $"Trade venue {t.Venue}: account {t.Buyer} buys {t.Qty / (double)Contract:0.##} {(t.Instrument == Perp ? "ETH-PERP" : "ETH-C-3000")} from account {t.Seller} at {t.Price / (double)Usd:N2} USDC",
        Liquidate l => $"Liquidate venue {l.Venue}: account {l.Account}'s {l.Qty / (double)Contract:0.##} {(l.Instrument == Perp ? "ETH-PERP" : "ETH-C-3000")} closed by liquidator {l.Liquidator} at {l.Price / (double)Usd:N2} USDC",
        _ => op.Kind,
    };

    private static string Units(long amount, int asset) => asset == Usdc ? $"{amount / (double)Usd:N2} USDC" : $"{amount / 1e9:0.#########} ETH";
}
