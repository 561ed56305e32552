using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

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
public sealed record LeafValues(ulong Id, Fr Salt, long Nonce, long[] Balances, SlotValues[] Slots)
{
    /// <summary>The leaf's hash preimage (AccountLeaf.Elements).</summary>
    public Fr[] Elements() =>
        AccountLeaf.Elements(Id, Nonce, Salt, Balances, Array.ConvertAll(Slots, s => new PositionSlot(s.Instrument, s.Venue, s.Qty)));

}

/// <summary>
/// One account touched by an op: its leaf before the op (all zero with <c>Exists = false</c> for an account a deposit
/// creates), the nonce the op names, and the index of the account's register (<see cref="RegisterWitness"/>).
/// </summary>
public sealed record SideWitness(bool Exists, LeafValues Old, long OpNonce, int Register);

/// <summary>
/// One account register: the id of an account the batch touches, whether it exists before the batch (not for an
/// account a deposit creates), its leaf's packed elements before the batch (AccountLeaf.Elements; for an account that
/// does not exist, those of the all-zero leaf with its id), and the Merkle siblings of its index (three per level) in
/// the tree as it is when the register is written back: after the registers before it. Registers are in increasing id order.
/// </summary>
public sealed record RegisterWitness(ulong Id, bool Exists, Fr[] Elements, Fr[] Siblings)
{
    /// <summary>The register of an account with these leaf contents (<paramref name="exists"/> false: an account not in the tree yet).</summary>
    public static RegisterWitness Of(LeafValues leaf, bool exists, Fr[] siblings) => new(leaf.Id, exists, leaf.Elements(), siblings);
}

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
    /// <summary>The assignment of the circuit's inputs, bound by the same <see cref="TransitionInputs"/> the circuit declares them with.</summary>
    public Assignment ToAssignment(TransitionShape shape)
    {
        if (Slots.Length > shape.MaxOps) throw new ArgumentException($"{Slots.Length} ops, the circuit has {shape.MaxOps} slots");
        if (Registers.Length > shape.MaxAccounts)
            throw new ArgumentException($"the batch touches {Registers.Length} accounts, the circuit has {shape.MaxAccounts} account registers");
        var a = new Assignment();
        TransitionInputs.Assign(InputBinder<TransitionWitness>.Assign(a, this), shape);
        return a;
    }

    /// <summary>An all-zero side (an unused account of a slot).</summary>
    public static SideWitness EmptySide(TransitionShape shape) =>
        new(false, new LeafValues(0, Fr.Zero, 0, new long[shape.V * shape.C], new SlotValues[shape.MaxPositions]), 0, 0);

    /// <summary>A padding slot.</summary>
    public static OpSlotWitness Empty(TransitionShape shape) =>
        new(SlotKind.None, 0, 0, 0, 0, 0, 0, 0, 0, 0, Fr.Zero, EmptySide(shape), EmptySide(shape));
}
