using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// One deterministic forgery per adversarial class: the engine refuses with the named reason, and the witness a cheating
/// prover builds for the refused op violates the circuit (beyond the statement equality it could always satisfy).
/// Starting state: after the first two batches of <see cref="TransitionMutationTests.Batches"/> (account 3 long 2 ETH-PERP on
/// $1,500 of deposit, so −$4,520 cash at venue 0; account 5 short 2 with about $86,000 at venue 0 and $10,000 at venue 1).
/// </summary>
public class ForgedBatchTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long Usdc = 1_000_000;

    internal static SettlementState Start()
    {
        var cfg = CircuitWorld.Config;
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance);
        var b = TransitionMutationTests.Batches();
        engine.Apply(b[0].Batch);
        engine.Apply(b[1].Batch);
        return engine.State;
    }

    internal static PriceTick Tick(long t, params (int Asset, int Signer, long Price, long Ts)[] r) =>
        new(t, r.Select(x => new PriceReport(x.Asset, x.Signer, x.Price, x.Ts)).ToArray());

    public static TheoryData<string, RejectReason> Cases() => new()
    {
        { "overdraft", RejectReason.InsufficientBalance },
        { "initial-margin-breach", RejectReason.WouldBreachInitialMargin },
        { "halted-growth", RejectReason.HaltedNotRiskReducing },
        { "quorum", RejectReason.QuorumNotMet },
        { "duplicate-signer", RejectReason.ReportsNotSorted },
        { "stale-report", RejectReason.ReportNotFresh },
        { "replayed-nonce", RejectReason.NonceMismatch },
        { "near-2^63", RejectReason.BalanceOutOfRange },
        { "negative-amount", RejectReason.InvalidAmount },
        { "liquidate-healthy", RejectReason.NotLiquidatable },
        { "outside-band", RejectReason.PriceOutsideBand },
        { "unknown-seller", RejectReason.UnknownAccount },
        { "stale-tick", RejectReason.StaleTick },
        { "escrow-id", RejectReason.WithdrawalIdOutOfSequence },
    };

    private static Operation[] Batch(string cls, SettlementState s) => cls switch
    {
        "overdraft" => [new Withdraw(0, 3, 2, 0, 1_600 * Usdc, 0)],
        "initial-margin-breach" => [new Trade(0, 0, 3, 2, 5, 3, 2_000_000_000, 3_000 * Usdc, 0, 0)], // 20 more contracts on ~$1,400 of value
        "halted-growth" => [Tick(2_000_000, (1, 0, CircuitWorld.EthPrice * 12 / 10, 2_000_000), (1, 1, CircuitWorld.EthPrice * 12 / 10, 2_000_000)),
            new Trade(0, 0, 3, 2, 5, 3, 1_000_000, 3_000 * Usdc, 0, 0)],
        "quorum" => [Tick(2_000_000, (0, 0, CircuitWorld.UsdcPrice, 2_000_000), (0, 1, CircuitWorld.UsdcPrice, 2_000_000), (1, 2, CircuitWorld.EthPrice, 2_000_000))],
        "duplicate-signer" => [Tick(2_000_000, (1, 1, CircuitWorld.EthPrice, 2_000_000), (1, 1, CircuitWorld.EthPrice + 5, 2_000_000))],
        "stale-report" => [Tick(2_000_000, (1, 0, CircuitWorld.EthPrice, 2_000_000), (1, 1, CircuitWorld.EthPrice, 2_000_000 - 5_001))],
        "replayed-nonce" => [new Deposit(0, 5, 2, 0, 10 * Usdc, 2, Fr.Zero)],
        "near-2^63" => [new Deposit(0, 5, 3, 0, long.MaxValue, 2, Fr.Zero)],
        "negative-amount" => [new Withdraw(0, 3, 2, 0, -1_000 * Usdc, 0)],
        "liquidate-healthy" => [new Liquidate(0, 0, 3, 2, 5, 3, 100_000_000, 3_000 * Usdc)],
        "outside-band" => [new Trade(0, 0, 3, 2, 5, 3, 1_000_000, 3_600 * Usdc, 0, 0)],
        "unknown-seller" => [new Trade(0, 0, 3, 2, 9, 0, 1_000_000, 3_000 * Usdc, 0, 0)],
        "stale-tick" => [Tick(1_000_000, (1, 0, CircuitWorld.EthPrice, 1_000_000), (1, 1, CircuitWorld.EthPrice, 1_000_000))],
        "escrow-id" => [new Withdraw(0, 5, 3, 0, 10 * Usdc, 5)],
        _ => throw new ArgumentException(cls),
    };

    /// <summary>
    /// A first tick early in time can have a window reaching below 0: a report stamped before the epoch is inside it but
    /// not a timestamp (§1.1), and the oracle commitment has no encoding for it. Found by a 2,000-batch differential run.
    /// </summary>
    [Fact]
    public void NegativeReportTimestampIsRefusedByEngineAndCircuit()
    {
        var cfg = CircuitWorld.Config;
        var pre = new SettlementEngine(cfg, TrustingAuthenticator.Instance).State;
        Operation[] batch = [Tick(1_985, (1, 0, CircuitWorld.EthPrice, 1_985), (1, 1, CircuitWorld.EthPrice, -266))];
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        var e = Assert.Throws<BatchRejectedException>(() => engine.Apply(batch));
        Assert.Equal(RejectReason.ReportNotFresh, e.Reason);
        Assert.True(DifferentialTests.ForgedRejected(cfg, CircuitWorld.Shape, CircuitWorld.Compiled, pre, batch, e), "the circuit accepts a negative report timestamp");
    }

    /// <summary>A report price is in [1, 2⁵⁶): 2⁵⁶ − 1 passes engine and circuit, 2⁵⁶ (not the median) is refused by both.</summary>
    [Theory]
    [InlineData((1L << 56) - 1, true)]
    [InlineData(1L << 56, false)]
    public void ReportPriceBoundIsExclusive(long price, bool ok)
    {
        var cfg = CircuitWorld.Config;
        var pre = Start();
        Operation[] batch = [Tick(2_000_000, (1, 0, CircuitWorld.EthPrice, 2_000_000), (1, 1, CircuitWorld.EthPrice, 2_000_000), (1, 2, price, 2_000_000))];
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        if (ok)
        {
            var result = engine.Apply(batch);
            var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, result);
            CircuitWorld.Compiled.Solve(w.ToAssignment(CircuitWorld.Shape));
            return;
        }
        var e = Assert.Throws<BatchRejectedException>(() => engine.Apply(batch));
        Assert.Equal(RejectReason.InvalidParameter, e.Reason);
        var forged = TransitionWitnessBuilder.BuildForced(CircuitWorld.Circuit, CircuitWorld.Compiled, cfg, pre, batch, 0, null);
        Assert.Contains(ViolatedScopes(forged.ToAssignment(CircuitWorld.Shape)), g => g.Contains("/Positive56", StringComparison.Ordinal));
    }

    /// <summary>An op amount is in [1, 2⁶³): a deposit of 2⁶³ − 1 passes engine and circuit; 2⁶³ breaks the amount's range rule.</summary>
    [Fact]
    public void AmountBoundIsExclusive()
    {
        var cfg = CircuitWorld.Config;
        var pre = Start();
        Operation[] batch = [new Deposit(0, 7, 0, 0, long.MaxValue, 2, Fr.FromInt64(99))];
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, engine.Apply(batch));
        var a = w.ToAssignment(CircuitWorld.Shape);
        Assert.Empty(ViolatedScopes(a));
        a.Set("op0.amount", System.Numerics.BigInteger.One << 63);
        Assert.Contains(ViolatedScopes(a), g => g.Contains("/Positive63", StringComparison.Ordinal));
    }

    private static List<string> ViolatedScopes(Settlement.Circuits.Frontend.Assignment a)
    {
        var c = CircuitWorld.Compiled;
        var w = c.SolveUnchecked(a, new Dictionary<int, Fr>());
        return c.Violations(w).Select(i => c.OriginOf(i).Gadget).ToList();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForgedWitnessIsUnsatisfiable(string cls, RejectReason reason)
    {
        var cfg = CircuitWorld.Config;
        var pre = Start();
        var batch = Batch(cls, pre);
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        var e = Assert.Throws<BatchRejectedException>(() => engine.Apply(batch));
        Assert.Equal(reason, e.Reason);
        Assert.True(DifferentialTests.ForgedRejected(cfg, CircuitWorld.Shape, CircuitWorld.Compiled, pre, batch, e), $"the circuit accepts the forged {cls} batch");
        // Every root and register is consistent: the forgery breaks rules, never the registers' reads or write-back.
        var forged = TransitionWitnessBuilder.BuildForced(CircuitWorld.Circuit, CircuitWorld.Compiled, cfg, pre, batch, e.OpIndex, Prefix(pre, batch, e.OpIndex));
        var scopes = ViolatedScopes(forged.ToAssignment(CircuitWorld.Shape));
        output.WriteLine($"{cls}: {string.Join(", ", scopes.Distinct())}");
        Assert.DoesNotContain(scopes, g => g.Contains("Register", StringComparison.Ordinal));
    }

    private static BatchResult? Prefix(SettlementState pre, Operation[] batch, int at) => at == 0 ? null
        : new SettlementEngine(CircuitWorld.Config, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(CircuitWorld.Config, pre)).Apply(batch.Take(at).ToArray());

    /// <summary>The control: the same start state with an honest batch solves, so the refusals above are the rules' doing.</summary>
    [Fact]
    public void HonestBatchFromTheSameStateSolves()
    {
        var cfg = CircuitWorld.Config;
        var pre = Start();
        Operation[] batch = [new Withdraw(0, 5, 3, 0, 100 * Usdc, 0), new Trade(0, 0, 5, 4, 3, 2, 50_000_000, 3_000 * Usdc, 0, 0)];
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        var result = engine.Apply(batch);
        var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, batch, result);
        var witness = CircuitWorld.Compiled.Solve(w.ToAssignment(CircuitWorld.Shape));
        Assert.Equal(w.Statement, CircuitWorld.Compiled.PublicValues(witness)[0]);
        // The forgery check itself passes an honest witness whatever statement it claims: a refusal above is a rule's.
        var claimed = (w with { Statement = Fr.FromInt64(42) }).ToAssignment(CircuitWorld.Shape);
        Assert.False(DifferentialTests.ViolatesBeyondStatement(CircuitWorld.Compiled, CircuitWorld.Circuit.StatementConstraint, claimed));
        Assert.False(CircuitWorld.Compiled.R1cs.IsSatisfied(CircuitWorld.Compiled.SolveUnchecked(claimed)));
    }
}
