using System.Collections.Concurrent;
using Settlement.Circuits.Frontend;
using Settlement.Prover.Engine;
using Settlement.Prover.Witness;
using Settlement.Verifier.Bls12381;
using Xunit.Abstractions;
using InstrumentRisk = Settlement.Verifier.Bundles.InstrumentRisk;
using PositionSlot = Settlement.Verifier.Bundles.PositionSlot;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// Rule ablation: for each rule the circuit tags (a RejectReason, or one part of one), the circuit with that rule's
/// constraints dropped accepts some batch the engine refuses. A refused batch whose consistent forged witness breaks
/// the constraints of exactly one rule is such a batch for that rule, checked again with
/// <c>CompiledCircuit.Violations(witness, {rule})</c>. Sources: the differential generator (SETTLEMENT_ABLATION_COUNT
/// batches, 160 by default) and targeted cases for rules it rarely or never isolates, 20 variants each: some from edited
/// states (an account at the last nonce, a position or an escrow total at the edge of its width), and unknown assets and
/// instruments with the selector a forger would pick. Every rule's RejectReason is refused at least 20 times.
/// </summary>
public class RuleAblationTests(ITestOutputHelper output)
{
    private const long Usdc = 1_000_000;

    /// <summary>
    /// Rules no source isolates yet, each with what is missing; the test fails when one of them is caught (remove it
    /// here) or when any other rule is not.
    /// </summary>
    private static readonly Dictionary<string, string> NotYetIsolated = new()
    {
    };

    private sealed class Finds
    {
        public readonly ConcurrentDictionary<string, string> Caught = new();
        public readonly ConcurrentDictionary<string, int> Hits = new();
    }

    [Fact]
    public void EveryRuleIsCaughtWhenDropped()
    {
        var cfg = CircuitWorld.Config;
        var compiled = CircuitWorld.Compiled;
        var finds = new Finds();
        int count = int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_ABLATION_COUNT"), out var n) ? n : 160;
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, chain =>
        {
            var rng = new Random(5000 + chain);
            var gen = new BatchGenerator(rng, cfg);
            var state = new SettlementState(cfg);
            for (int k = 0; k < count / 2; k++)
            {
                if (k % 80 == 0) state = new SettlementState(cfg);
                var (batch, cls) = gen.Next(state, state.Epoch.Epoch > 0 && rng.Next(2) == 0);
                if (Consider(state, batch, $"generator chain {chain} case {k} ({cls})", finds) is { } next) state = next;
            }
        });
        var start = ForgedBatchTests.Start();
        var genesis = new SettlementState(cfg);
        Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            foreach (var (name, pre, batch) in Targeted(i, start, genesis)) Consider(pre, batch, $"targeted {name} #{i}", finds);
            foreach (var (name, batch, picked) in PickedSelectors(i)) Consider(start, batch, $"targeted {name} #{i}", finds, picked);
        });
        var sigmaFloor = SigmaAtFloor(start);
        Parallel.For(0, 20, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            foreach (var (name, pre, batch) in RiskTargeted(i, genesis, start, sigmaFloor)) Consider(pre, batch, $"targeted {name} #{i}", finds);
        });

        foreach (var rule in compiled.Rules)
            output.WriteLine($"{rule,-44} {(finds.Caught.TryGetValue(rule, out var ex) ? "caught: " + ex : "NOT caught" + (NotYetIsolated.TryGetValue(rule, out var why) ? $" (known: {why})" : ""))}");
        foreach (var (reason, hits) in finds.Hits.OrderBy(p => p.Key)) output.WriteLine($"  refused {reason,-28} {hits,5}");
        foreach (var rule in compiled.Rules)
        {
            Assert.True(Enum.TryParse<RejectReason>(DifferentialTests.ReasonOf(rule), out _), $"rule tag {rule} names no RejectReason");
            if (NotYetIsolated.ContainsKey(rule)) Assert.False(finds.Caught.ContainsKey(rule), $"{rule} is caught now: take it off NotYetIsolated");
            else Assert.True(finds.Caught.ContainsKey(rule), $"dropping {rule} goes unnoticed: no refused batch breaks only its constraints");
        }
        foreach (var rule in NotYetIsolated.Keys) Assert.Contains(rule, compiled.Rules);
        // Every rule's RejectReason is refused at least 20 times in a CI run (the 10,000-batch differential run is on demand).
        foreach (var reason in compiled.Rules.Where(r => !NotYetIsolated.ContainsKey(r)).Select(DifferentialTests.ReasonOf)
                     .Append(nameof(RejectReason.NoPosition)).Distinct())
            Assert.True(finds.Hits.GetValueOrDefault(reason) >= 20, $"{reason} is refused {finds.Hits.GetValueOrDefault(reason)} times, fewer than 20");
    }

    /// <summary>Runs one batch; records the refusal and, when its forgery breaks one rule only, that rule as caught. Returns the state after an accepted batch.</summary>
    private static SettlementState? Consider(SettlementState pre, Operation[] batch, string label, Finds finds, IReadOnlyDictionary<int, Fr>? overrides = null)
    {
        var cfg = CircuitWorld.Config;
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        try { engine.Apply(batch); return engine.State; }
        catch (BatchRejectedException e)
        {
            finds.Hits.AddOrUpdate(e.Reason.ToString(), 1, (_, x) => x + 1);
            var rules = DifferentialTests.ForgedViolations(cfg, CircuitWorld.Compiled, pre, batch, e, null, overrides);
            // The whole circuit refuses it through the rule the engine names (NoPosition: through LiquidationTooLarge).
            Assert.True(rules is null || rules.Any(r => DifferentialTests.ReasonOf(r) == DifferentialTests.EnforcedBy(e.Reason)),
                $"{label}: refused for {e.Reason}, the forgery breaks {(rules is null ? "-" : string.Join(", ", rules))}");
            if (rules is not [var only] || only == DifferentialTests.Untagged || finds.Caught.ContainsKey(only)) return null;
            // The ablated circuit itself: with the rule dropped, the forged witness satisfies every other constraint.
            var again = DifferentialTests.ForgedViolations(cfg, CircuitWorld.Compiled, pre, batch, e, new HashSet<string> { only }, overrides);
            Assert.NotNull(again);
            Assert.Empty(again);
            finds.Caught.TryAdd(only, $"{label} [{e.Reason}]");
            return null;
        }
    }

    /// <summary>
    /// Cases the generator does not isolate, from <see cref="ForgedBatchTests.Start"/> (account 3 long 2 ETH-PERP on
    /// little cash at venue 0, account 5 short 2 with about $86,000 there); <paramref name="i"/> varies the amounts.
    /// </summary>
    private static IEnumerable<(string, SettlementState Pre, Operation[])> Targeted(int i, SettlementState start, SettlementState genesis)
    {
        foreach (var (name, batch) in FromStart(i)) yield return (name, start, batch);
        foreach (var c in Crafted(i, start)) yield return c;
        var tick = ForgedBatchTests.Tick(1_000_000 + i, (0, 0, CircuitWorld.UsdcPrice, 1_000_000), (0, 1, CircuitWorld.UsdcPrice, 1_000_000),
            (1, 0, CircuitWorld.EthPrice, 1_000_000), (1, 1, CircuitWorld.EthPrice, 1_000_000));
        var deposit = new Deposit(0, 3, 0, 0, (1_500 + i) * Usdc, 0, Fr.FromInt64(12345));
        yield return ("no-risk-update", genesis, [tick, deposit]);
        // ETH is priced (the risk update's bounds need it), USDC is not.
        yield return ("no-price", genesis, [ForgedBatchTests.Tick(1_000_000 + i, (1, 0, CircuitWorld.EthPrice, 1_000_000), (1, 1, CircuitWorld.EthPrice, 1_000_000)),
            Risk(1), deposit]);
    }

    /// <summary>
    /// Risk updates that break one no-arbitrage bound each (docs/spec.md §4 RiskUpdate), from <see cref="ForgedBatchTests.Start"/>
    /// (ETH $3,000, both options struck at $3,000, markBand 30 %), from genesis, and from <paramref name="sigmaFloor"/>.
    /// </summary>
    private static IEnumerable<(string, SettlementState Pre, Operation[])> RiskTargeted(int i, SettlementState genesis, SettlementState start, SettlementState sigmaFloor)
    {
        const ulong Dollar = 100_000_000;
        long eth = CircuitWorld.EthPrice;
        yield return ("mark-perpetual", start, [Risk(2, perpMark: 3_901 + i)]);                  // 30 % of $3,000 is $900
        yield return ("mark-upper", start, [Risk(2, putMark: 3_000 * Dollar + 1 + (ulong)i)]);   // a put above its strike
        // ETH at $2,900 (within the breaker): the put is $100 in the money.
        yield return ("mark-intrinsic", start, [ForgedBatchTests.Tick(2_000_000 + i, (1, 0, eth / 30 * 29, 2_000_000), (1, 1, eth / 30 * 29, 2_000_000)),
            Risk(2, putMark: 100 * Dollar - 1 - (ulong)i)]);
        var ok = Risk(2);
        yield return ("delta", start, [ok with { Instruments = [ok.Instruments[0], ok.Instruments[1] with { Delta = 100_000_001 + i }, ok.Instruments[2]] }]);
        yield return ("gamma", start, [ok with { Instruments = [ok.Instruments[0] with { Gamma = -1 - i }, ok.Instruments[1], ok.Instruments[2]] }]);
        // No ETH price at all: the marks that meet every bound at S = 0 (perpetual and call 0, put at its strike) isolate PriceMissing.
        yield return ("risk-without-price", genesis, [ForgedBatchTests.Tick(1_000_000 + i, (0, 0, CircuitWorld.UsdcPrice, 1_000_000), (0, 1, CircuitWorld.UsdcPrice, 1_000_000)),
            new RiskUpdate(1, [1_000, 3_377_000], [new InstrumentRisk(0, 100_000_000, 0), new InstrumentRisk(0, 50_000_000, 1_000_000_000),
                new InstrumentRisk(3_000 * Dollar, -50_000_000, 2_000_000_000)])]);
        // σ at its floor: one below it is a step of less than the limit, so only the cap breaks.
        yield return ("sigma-cap", sigmaFloor, [Risk(sigmaFloor.Epoch.Epoch + 1, ethSigma: 1_000_000 - 1 - 1_000 * i)]);
    }

    /// <summary>Start with ETH's σ stepped down to its floor (10⁶) by updates within the step limit (20 %).</summary>
    private static SettlementState SigmaAtFloor(SettlementState start)
    {
        var cfg = CircuitWorld.Config;
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, start));
        long sigma = engine.State.Epoch.Sigmas[1];
        while (sigma > cfg.Assets[1].SigmaMin)
        {
            sigma = Math.Max(cfg.Assets[1].SigmaMin, (sigma * 4 + 4) / 5);   // ceil(0.8·σ): a full step down
            engine.Apply([Risk(engine.State.Epoch.Epoch + 1, ethSigma: sigma)]);
        }
        return engine.State;
    }

    private static RiskUpdate Risk(long epoch, long ethSigma = 3_377_000, ulong putMark = 140UL * 100_000_000, long perpMark = 3_000) =>
        new(epoch, [1_000, ethSigma], [new InstrumentRisk((ulong)perpMark * 100_000_000, 100_000_000, 0),
            new InstrumentRisk(150UL * 100_000_000, 50_000_000, 1_000_000_000), new InstrumentRisk(putMark, -50_000_000, 2_000_000_000)]);

    private static IEnumerable<(string, Operation[])> FromStart(int i)
    {
        long eth = CircuitWorld.EthPrice;
        long q = (1 + i % 5) * 10_000_000;                // 0.1 … 0.5 contracts
        var salt = Fr.FromInt64(4242 + i);
        yield return ("outside-band", [new Trade(0, 0, 5, 3, 3, 2, q, (3_300 + i) * Usdc, 0, 0)]);
        yield return ("not-exact", [new Trade(0, 0, 5, 3, 3, 2, 1 + i, 3_000 * Usdc + 7, 0, 0)]);
        yield return ("balance-overflow", [new Deposit(0, 5, 3, 0, long.MaxValue - i, 2, Fr.Zero)]);
        yield return ("report-price", [ForgedBatchTests.Tick(2_000_000 + i, (1, 0, eth, 2_000_000), (1, 1, eth, 2_000_000), (1, 2, 1L << 56, 2_000_000))]);
        yield return ("report-signer", [ForgedBatchTests.Tick(2_000_000 + i, (1, 0, eth, 2_000_000), (1, 1, eth, 2_000_000), (1, 3, eth, 2_000_000))]);
        yield return ("stale-tick", [ForgedBatchTests.Tick(1_000_000 - i, (1, 0, eth, 1_000_000 - i), (1, 1, eth, 1_000_000 - i))]);
        // A Greek's width: a mark past 2^56 is above every no-arbitrage bound too, a perpetual's Δ has no bound but its width.
        var wide = Risk(2);
        yield return ("risk-width", [wide with { Instruments = [wide.Instruments[0] with { Delta = (1L << 48) + i }, wide.Instruments[1], wide.Instruments[2]] }]);
        yield return ("epoch-skip", [Risk(3 + i)]);
        yield return ("sigma-step", [Risk(2, ethSigma: 3_377_000 * (13 + i % 5) / 10)]);
        yield return ("withdrawal-id", [new Withdraw(0, 5, 3, 0, 10 * Usdc, 1 + i)]);
        yield return ("same-venue", [new Transfer(5, 3, 0, 0, 0, (10 + i) * Usdc)]);
        yield return ("escrow", [new Withdraw(0, 5, 3, 0, (82_000 + i) * Usdc, 0)]);
        // Refusals the generator makes too rarely for 20 in a CI run.
        yield return ("asset-halted", [ForgedBatchTests.Tick(2_000_000 + i, (1, 0, eth * 12 / 10, 2_000_000), (1, 1, eth * 12 / 10, 2_000_000)),
            new Withdraw(0, 5, 3, 0, 10 * Usdc, 0)]);
        yield return ("deposit-id", [new Deposit(0, 5, 3, 0, 10 * Usdc, 3 + i, Fr.Zero)]);
        yield return ("nonce", [new Deposit(0, 5, 4 + i, 0, 10 * Usdc, 2, Fr.Zero)]);
        yield return ("salt", [new Deposit(0, 5, 3, 0, 10 * Usdc, 2, Fr.FromInt64(1 + i))]);
        yield return ("quorum", [ForgedBatchTests.Tick(2_000_000 + i, (1, i % 3, eth, 2_000_000))]);
        yield return ("stale-report", [ForgedBatchTests.Tick(2_000_000, (1, 0, eth, 2_000_000), (1, 1, eth, 2_000_000 - 5_001 - i))]);
        yield return ("duplicate-report", [ForgedBatchTests.Tick(2_000_000 + i, (1, 1, eth, 2_000_000), (1, 1, eth + 5 + i, 2_000_000))]);
        yield return ("unknown-seller", [new Trade(0, 0, 3, 2, 9 + (ulong)(i % 6), 0, q, 3_000 * Usdc, 0, 0)]);
        yield return ("unknown-instrument", [new Trade(0, 3 + i % 3, 5, 3, 3, 2, q, 3_000 * Usdc, 0, 0)]);
        yield return ("unknown-venue", [new Transfer(5, 3, 0, 0, 2 + i % 3, 10 * Usdc)]);
        yield return ("unknown-deposit-venue", [new Deposit(2 + i % 3, 5, 3, 0, (10 + i) * Usdc, 0, Fr.Zero)]);
        yield return ("unknown-asset", [new Withdraw(0, 5, 3, 2 + i % 3, 10 * Usdc, 0)]);
        yield return ("withdrawer-margin", [Risk(2, perpMark: 2_350), new Deposit(1, 3, 2, 0, 5_000 * Usdc, 0, Fr.Zero), new Withdraw(1, 3, 3, 0, (4_990 + i) * Usdc, 0)]);
        yield return ("no-position", [Risk(2, perpMark: 2_300), new Liquidate(0, 1, 3, 2, 5, 3, q, 150 * Usdc)]);
        yield return ("liquidation-too-large", [Risk(2, perpMark: 2_300), new Liquidate(0, 0, 3, 2, 5, 3, 200_000_000 + q, 2_300 * Usdc)]);
        yield return ("expired", [ForgedBatchTests.Tick(CircuitWorld.OptionExpiry + i, (1, 0, eth, CircuitWorld.OptionExpiry), (1, 1, eth, CircuitWorld.OptionExpiry)),
            new Deposit(0, 7, 0, 0, 100_000 * Usdc, 2, salt), new Trade(0, 1, 5, 3, 7, 1, q, 150 * Usdc, 0, 0)]);
        yield return ("slots-full", [new Trade(0, 1, 5, 3, 3, 2, q, 150 * Usdc, 0, 0), new Trade(0, 2, 5, 4, 3, 3, q, 140 * Usdc, 0, 0)]);
        // Halted ETH: a new account buys (not risk-reducing) from account 3, which reduces its long.
        yield return ("halted-buyer", [
            ForgedBatchTests.Tick(2_000_000, (1, 0, eth * 12 / 10, 2_000_000), (1, 1, eth * 12 / 10, 2_000_000)),
            new Deposit(0, 7, 0, 0, (100_000 + i) * Usdc, 2, salt),
            new Trade(0, 0, 7, 1, 3, 2, q, 3_000 * Usdc, 0, 0)]);
        // SelfTrade: account 5 buys from itself, the seller's nonce following the buyer's, every other rule kept.
        yield return ("self-trade", [new Trade(0, 0, 5, 3, 5, 4, q, 3_000 * Usdc, 0, 0)]);
        // The seller breaks the initial margin, the buyer (closing its short, then long) does not.
        yield return ("seller-margin", [new Trade(0, 0, 5, 3, 3, 2, (20 + i) * 100_000_000, 3_000 * Usdc, 0, 0)]);
        // ETH halted (+20%): the buyer reduces its short; the seller, a new account, opens one.
        yield return ("halted-seller", [
            ForgedBatchTests.Tick(2_000_000, (1, 0, eth * 12 / 10, 2_000_000), (1, 1, eth * 12 / 10, 2_000_000)),
            new Deposit(0, 7, 0, 0, (100_000 + i) * Usdc, 2, salt),
            new Trade(0, 0, 5, 3, 7, 1, q, 3_000 * Usdc, 0, 0)]);
        // A poor liquidator: account 3 is liquidatable at the mark 2,300; the liquidator has $(10 + i).
        yield return ("liquidator-unhealthy", [
            new RiskUpdate(2, [1_000, 3_500_000], [new InstrumentRisk(2_300UL * 100_000_000, 100_000_000, 0),
                new InstrumentRisk(120UL * 100_000_000, 45_000_000, 1_000_000_000), new InstrumentRisk(170UL * 100_000_000, -55_000_000, 2_000_000_000)]),
            new Deposit(0, 7, 0, 0, (10 + i) * Usdc, 2, salt),
            new Liquidate(0, 0, 3, 2, 7, 1, 100_000_000, 2_300 * Usdc)]);
    }

    /// <summary>
    /// Cases from states no test reaches from genesis in a few batches, made by editing <see cref="ForgedBatchTests.Start"/>:
    /// the circuit proves a transition from any old root, so each rule must hold whatever the state before it.
    /// </summary>
    private static IEnumerable<(string, SettlementState Pre, Operation[])> Crafted(int i, SettlementState start)
    {
        const int Put = 2;
        long q = (1 + i % 5) * 10_000_000;
        // The put worthless and riskless (mark, Δ and Γ 0): a trade in it at price 0 moves no value and no requirement,
        // so accounts that hold nothing, or positions of any size, stay healthy through it.
        void FreePut(EpochState e) { e.marksArray[Put] = 0; e.deltasArray[Put] = 0; e.gammasArray[Put] = 0; }
        var freePut = Edit(start, FreePut);

        // NonceExhausted: account 5 at nonce 2^48 − 1 deposits (side A), or account 3 there sells (side B).
        const long LastNonce = (1L << 48) - 1;
        yield return i % 2 == 0
            ? ("nonce-exhausted-A", Edit(start, null, With(start, 5, nonce: LastNonce)), [new Deposit(0, 5, LastNonce, 0, (10 + i) * Usdc, 2, Fr.Zero)])
            : ("nonce-exhausted-B", Edit(start, null, With(start, 3, nonce: LastNonce)), [new Trade(0, 0, 5, 3, 3, LastNonce, q, 3_000 * Usdc, 0, 0)]);

        // PositionOutOfRange: a put long of 2^63 − 1 − i grows to 2^63 (A, past the width), or a put short of
        // −(2^63 − 1 − i) falls to −2^63 (B, the one signed 64-bit value a slot cannot hold).
        yield return i % 2 == 0
            ? ("position-above-2^63", Edit(start, FreePut, With(start, 5, slot: (1, new PositionSlot(Put, 0, long.MaxValue - i)))),
                [new Trade(0, Put, 5, 3, 3, 2, i + 1, 0, 0, 0)])
            : ("position-at-minus-2^63", Edit(start, FreePut, With(start, 3, slot: (1, new PositionSlot(Put, 0, -(long.MaxValue - i))))),
                [new Trade(0, Put, 5, 3, 3, 2, i + 1, 0, 0, 0)]);

        // UnknownAccount: a trade in the free put with an account that does not exist, as seller (B) or buyer (A).
        ulong ghost = 9 + (ulong)(i % 6);
        yield return i % 2 == 0
            ? ("unknown-seller-free", freePut, [new Trade(0, Put, 5, 3, ghost, 0, q, 0, 0, 0)])
            : ("unknown-buyer-free", freePut, [new Trade(0, Put, ghost, 0, 5, 3, q, 0, 0, 0)]);

        // ValueOutOfRange: an escrow total (the deposit's venue, or a transfer's destination) or a fee pool about to
        // reach 2^100; a range R of 2^64 or more (σ far above this configuration's cap on an ETH price near 2^56); an
        // account worth about 1.6·2^80 VU (6·10^7 ETH at 2^55 VU each) depositing.
        var nearTop = (Int128.One << 100) - 1 - i;
        yield return (i % 5) switch
        {
            0 => ("escrow-total", Edit(start, e => e.totalsArray[0] = nearTop), [new Deposit(0, 5, 3, 0, (10 + i) * Usdc, 2, Fr.Zero)]),
            1 => ("escrow-total-to", Edit(start, e => e.totalsArray[1 * CircuitWorld.Config.C] = nearTop), [new Transfer(5, 3, 0, 0, 1, (10 + i) * Usdc)]),
            2 => ("fee-pool", Edit(start, e => e.feesArray[0] = nearTop), [new Trade(0, 0, 5, 3, 3, 2, q, 3_000 * Usdc, 1 + i, 0)]),
            3 => ("margin", Edit(start, e => e.pricesArray[1] = 1L << 55, With(start, 5, balance: (1, 60_000_000_000_000_000 + i))),
                [new Deposit(0, 5, 3, 0, 10 * Usdc, 2, Fr.Zero)]),
            _ => ("range", Edit(start, e => { e.pricesArray[1] = (1L << 55) + i; e.sigmasArray[1] = 1L << 40; }),
                [ForgedBatchTests.Tick(2_000_000 + i, (0, 0, CircuitWorld.UsdcPrice, 2_000_000), (0, 1, CircuitWorld.UsdcPrice, 2_000_000))]),
        };
    }

    /// <summary>
    /// Unknown assets and instruments, from <see cref="ForgedBatchTests.Start"/>, with the forger's choice of selector:
    /// the one-hot selector names a known index (USDC, ETH, ETH-PERP) while the op or report carries the unknown one, so
    /// the rest of the circuit works on a valid asset or instrument and only the selector's own constraints fail.
    /// </summary>
    private static IEnumerable<(string, Operation[], IReadOnlyDictionary<int, Fr>)> PickedSelectors(int i)
    {
        var circuit = CircuitWorld.Circuit;
        long eth = CircuitWorld.EthPrice, q = (1 + i % 5) * 10_000_000;
        yield return ("unknown-asset-op", [new Withdraw(0, 5, 3, 2 + i % 3, (10 + i) * Usdc, 0)], Pick(circuit.SlotAssetSelectors[0], 0));
        // Reports in the circuit's order (signer, then asset): the third, from signer 2, names the unknown asset.
        yield return ("unknown-asset-report", [ForgedBatchTests.Tick(2_000_000 + i, (1, 0, eth, 2_000_000), (1, 1, eth, 2_000_000), (2 + i % 3, 2, eth, 2_000_000))],
            Pick(circuit.ReportAssetSelectors[2], 1));
        yield return ("unknown-instrument-picked", [new Trade(0, 3 + i % 3, 5, 3, 3, 2, q, 3_000 * Usdc, 0, 0)], Pick(circuit.SlotInstrumentSelectors[0], 0));
    }

    /// <summary>Solver overrides that set a one-hot selector to index <paramref name="k"/>.</summary>
    private static Dictionary<int, Fr> Pick(Variable[] selector, int k) =>
        selector.Select((v, j) => (Wire: CircuitWorld.Compiled.WireOf(v), Value: j == k ? Fr.One : Fr.Zero)).ToDictionary(p => p.Wire, p => p.Value);

    /// <summary>A copy of <paramref name="s"/> with its epoch edited and the given accounts in place of those with their ids.</summary>
    private static SettlementState Edit(SettlementState s, Action<EpochState>? epoch, params Account[] accounts)
    {
        var c = TransitionWitnessBuilder.Copy(CircuitWorld.Config, s);
        var e = c.Epoch.Clone();
        epoch?.Invoke(e);
        c.Epoch = e;
        foreach (var a in accounts) c.Store(-1, a);
        return c;
    }

    /// <summary>Account <paramref name="id"/> of <paramref name="s"/> with another nonce, or one slot or balance (leaf order) replaced.</summary>
    private static Account With(SettlementState s, ulong id, long? nonce = null, (int Index, PositionSlot Slot)? slot = null,
        (int Index, long Value)? balance = null)
    {
        var a = s.Account(id)!;
        var slots = a.Slots.ToArray();
        if (slot is { } x) slots[x.Index] = x.Slot;
        var balances = a.Balances.ToArray();
        if (balance is { } b) balances[b.Index] = b.Value;
        return Account.Restore(a.Id, a.Salt, nonce ?? a.Nonce, CircuitWorld.Config.C, balances, slots);
    }
}
