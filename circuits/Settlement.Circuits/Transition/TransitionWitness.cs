using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Transition;

/// <summary>Kind of an account-op slot; None pads a batch with fewer than MaxOps ops. Values are the ops-chain kinds of docs/spec.md §5.2.</summary>
public enum SlotKind { None = 0, Deposit = 1, Withdraw = 2, Transfer = 3, Trade = 4, Liquidate = 5 }

/// <summary>The epoch state of docs/spec.md §3.3 as plain integers (totals and fees indexed v·C + c).</summary>
public sealed record EpochValues(
    long Epoch, long BatchCount, long LastTickTime, long[] Prices, long[] PriceTimes, long[] Sigmas,
    long[] Marks, long[] Deltas, long[] Gammas, long[] NextDepositId, long[] NextWithdrawalId, BigInteger[] Totals, BigInteger[] Fees);

/// <summary>A position slot of a leaf; empty is (0, 0, 0).</summary>
public readonly record struct SlotValues(int Instrument, int Venue, long Qty);

/// <summary>An account leaf's contents (docs/spec.md §3.1); balances in leaf order v·C + c.</summary>
public sealed record LeafValues(ulong Id, Fr Salt, long Nonce, long[] Balances, SlotValues[] Slots);

/// <summary>
/// One account touched by an op: its leaf before the op (all zero with <c>Exists = false</c> for an account a deposit
/// creates), the nonce the op names, and the index of the account's register (<see cref="RegisterWitness"/>).
/// </summary>
public sealed record SideWitness(bool Exists, LeafValues Old, long OpNonce, int Register);

/// <summary>
/// One account register: the id of an account the batch touches, its leaf hash before the batch (0 for an account a
/// deposit creates), and the Merkle siblings of its index (three per level) in the tree as it is when the register is
/// written back: after the registers before it. Registers are in increasing id order.
/// </summary>
public sealed record RegisterWitness(ulong Id, Fr Leaf, Fr[] Siblings);

/// <summary>
/// One account-op slot: the op's fields (unused ones 0) and its accounts. A = depositor / withdrawer / transferrer / buyer /
/// liquidated account; B = seller / liquidator (unused otherwise). Amount is the amount or the qty; Venue2 is a
/// transfer's destination.
/// </summary>
public sealed record OpSlotWitness(
    SlotKind Kind, int Venue, int Venue2, int Asset, int Instrument, long Amount, long Price, long FeeA, long FeeB,
    long OpId, Fr Salt, SideWitness A, SideWitness B);

public readonly record struct ReportValues(int Asset, int Signer, long Price, long Timestamp);

public sealed record TickWitness(bool Present, long Time, ReportValues[] Reports);

public sealed record RiskWitness(bool Present, long Epoch, long[] Sigmas, long[] Marks, long[] Deltas, long[] Gammas);

/// <summary>
/// The primary witness of one transition: the old account root and epoch state, the batch's tick and risk update, and
/// the account-op slots and the account registers. Everything else (post-states, one-hot selectors, quotients, medians) the circuit's solver
/// derives, so a witness that names a forbidden op makes the solver or the constraints fail.
/// </summary>
public sealed record TransitionWitness(
    Fr Statement, Fr OldAccountRoot, EpochValues OldEpoch, TickWitness Tick, RiskWitness Risk, OpSlotWitness[] Slots,
    RegisterWitness[] Registers)
{
    /// <summary>The assignment of the circuit's inputs (names as <see cref="TransitionCircuit"/> declares them).</summary>
    public Assignment ToAssignment(TransitionShape shape)
    {
        var a = new Assignment();
        a.Set("statement", Statement);
        a.Set("acctRoot", OldAccountRoot);
        var e = OldEpoch;
        a.Set("ep.epoch", e.Epoch).Set("ep.batchCount", e.BatchCount).Set("ep.lastTick", e.LastTickTime);
        a.Set("ep.price", e.Prices).Set("ep.priceTime", e.PriceTimes).Set("ep.sigma", e.Sigmas);
        a.Set("ep.mark", e.Marks).Set("ep.delta", e.Deltas).Set("ep.gamma", e.Gammas);
        a.Set("ep.nextDep", e.NextDepositId).Set("ep.nextWd", e.NextWithdrawalId);
        a.Set("ep.total", e.Totals.Select(Fr.FromBigInteger).ToArray()).Set("ep.fee", e.Fees.Select(Fr.FromBigInteger).ToArray());

        a.Set("tick.present", Tick.Present ? 1 : 0).Set("tick.time", Tick.Time);
        if (Tick.Reports.Length > shape.MaxReports) throw new ArgumentException($"{Tick.Reports.Length} reports, the circuit has {shape.MaxReports} report slots");
        var act = new long[shape.MaxReports]; var asset = new long[shape.MaxReports]; var signer = new long[shape.MaxReports];
        var price = new long[shape.MaxReports]; var ts = new long[shape.MaxReports];
        for (int j = 0; j < Tick.Reports.Length; j++)
        {
            var r = Tick.Reports[j];
            act[j] = 1; asset[j] = r.Asset; signer[j] = r.Signer; price[j] = r.Price; ts[j] = r.Timestamp;
        }
        a.Set("tick.active", act).Set("tick.asset", asset).Set("tick.signer", signer).Set("tick.price", price).Set("tick.ts", ts);

        a.Set("risk.present", Risk.Present ? 1 : 0).Set("risk.epoch", Risk.Epoch);
        a.Set("risk.sigma", Pad(Risk.Sigmas, shape.C)).Set("risk.mark", Pad(Risk.Marks, shape.NI));
        a.Set("risk.delta", Pad(Risk.Deltas, shape.NI)).Set("risk.gamma", Pad(Risk.Gammas, shape.NI));

        if (Slots.Length > shape.MaxOps) throw new ArgumentException($"{Slots.Length} ops, the circuit has {shape.MaxOps} slots");
        for (int j = 0; j < shape.MaxOps; j++)
        {
            var s = j < Slots.Length ? Slots[j] : Empty(shape);
            string p = $"op{j}.";
            a.Set(p + "kind", (long)s.Kind).Set(p + "venue", s.Venue).Set(p + "venue2", s.Venue2).Set(p + "asset", s.Asset)
             .Set(p + "instrument", s.Instrument).Set(p + "amount", s.Amount).Set(p + "price", s.Price)
             .Set(p + "feeA", s.FeeA).Set(p + "feeB", s.FeeB).Set(p + "opId", s.OpId).Set(p + "salt", s.Salt);
            SetSide(a, p + "A.", s.A);
            SetSide(a, p + "B.", s.B);
        }

        if (Registers.Length > shape.MaxAccounts)
            throw new ArgumentException($"the batch touches {Registers.Length} accounts, the circuit has {shape.MaxAccounts} account registers");
        for (int r = 0; r < shape.MaxAccounts; r++)
        {
            string p = $"reg{r}.";
            var g = r < Registers.Length ? Registers[r] : new RegisterWitness(0, Fr.Zero, new Fr[shape.PathSiblings]);
            if (g.Siblings.Length != shape.PathSiblings)
                throw new ArgumentException($"{g.Siblings.Length} siblings for a tree of depth {shape.Depth} (three per level: {shape.PathSiblings})");
            a.Set(p + "used", r < Registers.Length ? 1 : 0).Set(p + "id", Fr.FromUInt64(g.Id)).Set(p + "leaf", g.Leaf).Set(p + "sib", g.Siblings);
        }
        return a;
    }

    private static long[] Pad(long[] x, int n)
    {
        var r = new long[n];
        Array.Copy(x, r, Math.Min(n, x.Length));
        return r;
    }

    private static void SetSide(Assignment a, string p, SideWitness s)
    {
        var o = s.Old;
        a.Set(p + "exists", s.Exists ? 1 : 0).Set(p + "opNonce", s.OpNonce);
        a.Set(p + "id", Fr.FromUInt64(o.Id)).Set(p + "salt", o.Salt).Set(p + "nonce", o.Nonce).Set(p + "bal", o.Balances);
        a.Set(p + "instr", o.Slots.Select(x => (long)x.Instrument).ToArray());
        a.Set(p + "pvenue", o.Slots.Select(x => (long)x.Venue).ToArray());
        a.Set(p + "qty", o.Slots.Select(x => x.Qty).ToArray());
        a.Set(p + "reg", s.Register);
    }

    /// <summary>An all-zero side (an unused account of a slot).</summary>
    public static SideWitness EmptySide(TransitionShape shape) =>
        new(false, new LeafValues(0, Fr.Zero, 0, new long[shape.V * shape.C], new SlotValues[shape.MaxPositions]), 0, 0);

    /// <summary>A padding slot.</summary>
    public static OpSlotWitness Empty(TransitionShape shape) =>
        new(SlotKind.None, 0, 0, 0, 0, 0, 0, 0, 0, 0, Fr.Zero, EmptySide(shape), EmptySide(shape));
}
