using Settlement.Circuits.Frontend;
using Settlement.Circuits.Transition;
using Settlement.Prover.Engine;
using Settlement.Prover.Witness;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;
using InstrumentRisk = Settlement.Verifier.Bundles.InstrumentRisk;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// The account registers (docs/spec.md §10): adversarial register witnesses, each consistent everywhere but in the
/// register rule it breaks, and a differential run of batches that reuse few accounts heavily, one account in every op.
/// Start state: <see cref="ForgedBatchTests.Start"/> (account 3 at nonce 2, account 5 at nonce 3).
/// </summary>
public class RegisterTests(ITestOutputHelper output)
{
    private const long Usdc = 1_000_000;

    /// <summary>Account 5 withdraws, then buys from account 3: registers [3, 5], both of 5's ops on register 1.</summary>
    private static readonly Operation[] Honest =
        [new Withdraw(0, 5, 3, 0, 100 * Usdc, 0), new Trade(0, 0, 5, 4, 3, 2, 50_000_000, 3_000 * Usdc, 0, 0)];

    private static (SettlementState Pre, BatchResult Result, TransitionWitness Witness) HonestWitness()
    {
        var cfg = CircuitWorld.Config;
        var pre = ForgedBatchTests.Start();
        var result = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre)).Apply(Honest);
        return (pre, result, TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, pre, Honest, result));
    }

    /// <summary>The gadget scopes of the constraints a witness breaks, the statement equality aside (the forger claims whatever the circuit computes).</summary>
    private static List<string> Broken(TransitionWitness w)
    {
        var c = CircuitWorld.Compiled;
        var values = c.SolveUnchecked(w.ToAssignment(CircuitWorld.Shape), new Dictionary<int, Fr>());
        return c.Violations(values).Where(i => i != CircuitWorld.Circuit.StatementConstraint).Select(i => c.OriginOf(i).Gadget).ToList();
    }

    /// <summary>Registers (id, leaf before, leaf written back) with the write-back paths of that order, from the tree of <paramref name="pre"/>.</summary>
    private static RegisterWitness[] WithPaths(SettlementState pre, params (ulong Id, Fr Initial, Fr Final)[] regs)
    {
        var tree = TransitionWitnessBuilder.Tree(CircuitWorld.Config, pre);
        var list = new List<RegisterWitness>();
        foreach (var (id, initial, final) in regs)
        {
            list.Add(new RegisterWitness(id, initial, [.. tree.Path(id).Siblings]));
            tree.Set(id, final);
        }
        return [.. list];
    }

    private static Fr Leaf(Account a) => TransitionWitnessBuilder.LeafHash(a, CircuitWorld.Config);

    [Fact]
    public void HonestWitnessUsesOneRegisterPerAccount()
    {
        var (_, _, w) = HonestWitness();
        Assert.Equal([3UL, 5UL], w.Registers.Select(r => r.Id));
        Assert.Equal([1, 1, 0], new[] { w.Slots[0].A.Register, w.Slots[1].A.Register, w.Slots[1].B.Register });
        Assert.Empty(Broken(w));
    }

    /// <summary>
    /// Two registers claim account 5, so that the trade runs on the state after the withdrawal although it comes first in
    /// the batch (the ops chain the venues signed has the other order). Every opening and write-back is consistent: the
    /// second register of 5 opens the leaf the first wrote. Only the rule that ids strictly increase refuses it.
    /// </summary>
    [Fact]
    public void TwoRegistersForOneAccountAreRefused()
    {
        var (pre, result, w) = HonestWitness();
        var afterWithdraw = result.Trace[0].Accounts[0].After;
        var final5 = result.Trace[1].Accounts[0].After;
        var final3 = result.Trace[1].Accounts[1].After;
        var trade = w.Slots[1] with { A = w.Slots[1].A with { Register = 2 } };
        var forged = w with
        {
            Slots = [trade, w.Slots[0]],
            Registers = WithPaths(pre, (3, Leaf(pre.Account(3)!), Leaf(final3)), (5, Leaf(pre.Account(5)!), Leaf(afterWithdraw)), (5, Leaf(afterWithdraw), Leaf(final5))),
        };
        var broken = Broken(forged);
        output.WriteLine(string.Join(", ", broken.Distinct()));
        Assert.NotEmpty(broken);
        Assert.All(broken, g => Assert.StartsWith("AccountRegisters/NonNegativeIf", g));
    }

    /// <summary>The registers in decreasing id order (each op pointing at its account's register, paths of that order): refused by the same order rule.</summary>
    [Fact]
    public void RegistersOutOfOrderAreRefused()
    {
        var (pre, result, w) = HonestWitness();
        static SideWitness Swap(SideWitness s) => s with { Register = 1 - s.Register };
        var slots = w.Slots.Select(s => s.Kind == SlotKind.Trade ? s with { A = Swap(s.A), B = Swap(s.B) } : s with { A = Swap(s.A) }).ToArray();
        var forged = w with
        {
            Slots = slots,
            Registers = WithPaths(pre, (5, Leaf(pre.Account(5)!), Leaf(result.Trace[1].Accounts[0].After)), (3, Leaf(pre.Account(3)!), Leaf(result.Trace[1].Accounts[1].After))),
        };
        var broken = Broken(forged);
        Assert.NotEmpty(broken);
        Assert.All(broken, g => Assert.StartsWith("AccountRegisters/NonNegativeIf", g));
    }

    /// <summary>
    /// A register opening a leaf the tree does not hold: account 5 as it would be after a large deposit, with its path in
    /// that richer tree, under the real old account root. Everything after the opening is consistent (the withdrawal
    /// the fake balance pays for, the write-back into the richer tree); the opening refuses it.
    /// </summary>
    [Fact]
    public void RegisterOpeningOffTheRootIsRefused()
    {
        var cfg = CircuitWorld.Config;
        var pre = ForgedBatchTests.Start();
        var rich = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
        rich.Apply([new Deposit(0, 5, 3, 0, 1_000_000 * Usdc, pre.Epoch.NextDepositId[0], Fr.Zero)]);
        Operation[] batch = [new Withdraw(0, 5, 4, 0, 500_000 * Usdc, 0)];
        var richPre = TransitionWitnessBuilder.Copy(cfg, rich.State);
        var w = TransitionWitnessBuilder.Build(CircuitWorld.Shape, cfg, richPre, batch, rich.Apply(batch));
        Assert.Empty(Broken(w));
        var forged = w with { OldAccountRoot = TransitionWitnessBuilder.Tree(cfg, pre).Root };
        var broken = Broken(forged);
        Assert.NotEmpty(broken);
        Assert.All(broken, g => Assert.Equal("AccountRegisters", g)); // the opening's root equality, nothing else
    }

    /// <summary>An op reading another account's register, or a register no account holds: refused by the register read.</summary>
    [Theory]
    [InlineData(0)] // account 3's register for account 5's withdrawal
    [InlineData(2)] // an unused register (id 0, leaf 0)
    public void OpReadingTheWrongRegisterIsRefused(int register)
    {
        var (_, _, w) = HonestWitness();
        var forged = w with { Slots = [w.Slots[0] with { A = w.Slots[0].A with { Register = register } }, w.Slots[1]] };
        var broken = Broken(forged);
        output.WriteLine(string.Join(", ", broken.Distinct()));
        Assert.Contains(broken, g => g.StartsWith("Slot/Register", StringComparison.Ordinal));
    }

    /// <summary>A batch touching more accounts than the circuit has registers does not fit: a clear error, not a wrong witness.</summary>
    [Fact]
    public void BatchBeyondTheRegistersIsRefusedWithAClearError()
    {
        var (_, _, w) = HonestWitness();
        var e = Assert.Throws<ArgumentException>(() => w.ToAssignment(CircuitWorld.Shape.WithMaxAccounts(1)));
        Assert.Contains("2 accounts", e.Message);
        Assert.Contains("1 account registers", e.Message);
    }

    // ------------------------------------------------------------------------------------------------ heavy reuse

    /// <summary>The differential world with 6 ops per batch and only 4 registers: every batch reuses accounts.</summary>
    private static readonly SettlementConfig ReuseConfig = CircuitWorld.MakeConfig(depth: 2, maxOps: 6, maxPositions: 2);
    private static readonly Lazy<(TransitionCircuit Circuit, CompiledCircuit Compiled)> Reuse = new(() =>
    {
        var c = new TransitionCircuit(CircuitShapes.From(ReuseConfig).WithMaxAccounts(4));
        return (c, c.Compile());
    });

    /// <summary>
    /// Batches of 6 ops among accounts 1–4, account 1 in every op (a market maker), random kinds and sizes: the engine
    /// decides, and the circuit agrees (accepted: the honest witness solves with the engine's statement; refused: the
    /// forger's consistent witness breaks the engine's rule, and no untagged constraint).
    /// </summary>
    [Fact]
    public void CircuitAgreesWithEngineOnHeavyReuse()
    {
        var cfg = ReuseConfig;
        var (circuit, compiled) = Reuse.Value;
        output.WriteLine($"reuse circuit: {compiled.Statistics.Constraints} constraints, 6 slots, 4 registers");
        var rng = new Random(77);
        var engine = new SettlementEngine(cfg, TrustingAuthenticator.Instance);
        var setup = Setup();
        var state = TransitionWitnessBuilder.Copy(cfg, engine.State);
        Check(state, setup, engine.Apply(setup));
        int accepted = 0, refused = 0;
        var reasons = new Dictionary<RejectReason, int>();
        for (int k = 0; k < 30; k++)
        {
            var pre = TransitionWitnessBuilder.Copy(cfg, engine.State);
            var batch = RandomBatch(rng, pre);
            var trial = new SettlementEngine(cfg, TrustingAuthenticator.Instance, TransitionWitnessBuilder.Copy(cfg, pre));
            try
            {
                var result = trial.Apply(batch);
                Check(pre, batch, result);
                engine = trial;
                accepted++;
            }
            catch (BatchRejectedException e)
            {
                refused++;
                reasons[e.Reason] = reasons.GetValueOrDefault(e.Reason) + 1;
                var rules = DifferentialTests.ForgedViolations(cfg, compiled, pre, batch, e, circuit: circuit);
                Assert.NotNull(rules);
                Assert.Contains(rules, r => DifferentialTests.ReasonOf(r) == DifferentialTests.EnforcedBy(e.Reason));
                Assert.DoesNotContain(DifferentialTests.Untagged, rules);
            }
        }
        output.WriteLine($"{accepted} accepted, {refused} refused: {string.Join(", ", reasons.Select(p => $"{p.Key} {p.Value}"))}");
        Assert.InRange(accepted, 8, 30);
        Assert.InRange(refused, 3, 30);
        Assert.True(reasons.Count >= 2, "the refusals have one reason only");

        void Check(SettlementState pre, Operation[] batch, BatchResult result)
        {
            var w = TransitionWitnessBuilder.Build(circuit.Shape, cfg, pre, batch, result);
            Assert.True(w.Registers.Length <= 4);
            var values = compiled.Solve(w.ToAssignment(circuit.Shape));
            Assert.Equal(result.Statement.Hash(), compiled.PublicValues(values)[0]);
        }
    }

    private static Operation[] Setup()
    {
        var tick = ForgedBatchTests.Tick(1_000_000, (0, 0, CircuitWorld.UsdcPrice, 1_000_000), (0, 1, CircuitWorld.UsdcPrice, 1_000_000),
            (1, 0, CircuitWorld.EthPrice, 1_000_000), (1, 1, CircuitWorld.EthPrice, 1_000_000));
        var risk = new RiskUpdate(1, [1_000, 3_377_000], [new InstrumentRisk((ulong)CircuitWorld.EthPrice, 100_000_000, 0),
            new InstrumentRisk(150UL * 100_000_000, 50_000_000, 1_000_000_000), new InstrumentRisk(140UL * 100_000_000, -50_000_000, 2_000_000_000)]);
        return [tick, risk, .. Enumerable.Range(1, 4).Select(a => (Operation)new Deposit(0, (ulong)a, 0, 0, 20_000 * Usdc, a - 1, Fr.FromInt64(100 + a)))];
    }

    private static Operation[] RandomBatch(Random rng, SettlementState s)
    {
        var nonce = s.Accounts.ToDictionary(a => a.Id, a => a.Nonce);
        long Bump(ulong id) => nonce[id]++;
        long nextDep = s.Epoch.NextDepositId[0], nextWd = s.Epoch.NextWithdrawalId[0];
        var ops = new List<Operation>();
        for (int k = 0; k < 6; k++)
        {
            ulong other = (ulong)rng.Next(2, 5);
            int pick = rng.Next(10);
            if (pick < 6)
            {
                // Up to 1 contract at ±2 % of $3,000, now and then up to 40: the engine refuses some (with seed 77: 6 of
                // 30 batches for the amount, 12 for a withdrawal or transfer beyond the balance), depending on the batch so far.
                long qty = (1 + rng.Next(rng.Next(4) == 0 ? 4_000 : 100)) * 1_000_000;
                long price = (2_940 + rng.Next(121)) * Usdc;
                bool buys = rng.Next(2) == 0;
                var (b, sl) = buys ? (1UL, other) : (other, 1UL);
                ops.Add(new Trade(0, 0, b, Bump(b), sl, Bump(sl), qty, price, rng.Next(3) * Usdc / 100, 0));
            }
            else if (pick < 8) ops.Add(new Withdraw(0, 1, Bump(1), 0, (1 + rng.Next(3_000)) * Usdc, nextWd++));
            else if (pick < 9) ops.Add(new Deposit(0, 1, Bump(1), 0, (1 + rng.Next(5_000)) * Usdc, nextDep++, Fr.Zero));
            else
            {
                int from = rng.Next(2);
                ops.Add(new Transfer(1, Bump(1), 0, from, 1 - from, (1 + rng.Next(5_000)) * Usdc));
            }
        }
        return [.. ops];
    }
}
