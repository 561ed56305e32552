using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Transition;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Poseidon.Merkle;

namespace Settlement.Prover.Witness;

/// <summary>
/// Builds the transition circuit's witness from a batch and the engine's trace of it (docs/spec.md §3–§5): replays
/// the ops on a copy of the accounts, taking each touched account's leaf before the op from the replay and after it
/// from the trace, and gives every account the batch touches a register (in increasing id order) with its leaf before
/// the batch and the Merkle siblings of its index in the tree as it is when the register is written back.
/// For a refused batch, <see cref="BuildForced"/> builds what a cheating prover would submit: the ops the engine
/// accepted, then the refused op forced through with the accounts as they stand and every register written back with
/// the leaves the circuit computes; the circuit must reject it, and only through the refused rule's constraints.
/// </summary>
public static class TransitionWitnessBuilder
{
    /// <summary>
    /// The witness of a batch the engine accepted (<paramref name="pre"/> is the state before it); the public input is the
    /// hash of the engine's statement, so a solved witness shows the circuit computes the engine's roots and commitments.
    /// </summary>
    public static TransitionWitness Build(TransitionShape shape, SettlementConfig cfg, SettlementState pre, IReadOnlyList<Operation> batch,
        BatchResult result)
    {
        var afters = new Dictionary<int, IReadOnlyList<AccountChange>>();
        foreach (var t in result.Trace) afters[t.Index] = t.Accounts;
        return Assemble(shape, cfg, pre, batch, batch.Count, afters, result.Statement.Hash(), null);
    }

    /// <summary>
    /// The witness a forger would build for a batch the engine refused at op <paramref name="rejectedIndex"/>: the ops
    /// before it as the engine applied them (<paramref name="prefixResult"/> is the engine's result for that prefix, or
    /// null when the prefix is empty), then the refused op. Its accounts' leaves after the op, as the circuit computes
    /// them from these inputs, are what their registers write back, and for a two-account op B's leaf before the op is
    /// A's after it when they are one account: every root is consistent, so the only constraints the witness can break
    /// are those of the rules the op breaks. The statement is left 0: the forger would claim whatever the circuit
    /// computes, so tests ignore the final statement constraint. <paramref name="overrides"/> (R1CS wire → value) are
    /// wires the forger sets by hand, such as the selector of an unknown asset; the leaves after the op are solved with them.
    /// </summary>
    public static TransitionWitness BuildForced(TransitionCircuit circuit, CompiledCircuit compiled, SettlementConfig cfg, SettlementState pre,
        IReadOnlyList<Operation> batch, int rejectedIndex, BatchResult? prefixResult, IReadOnlyDictionary<int, Fr>? overrides = null)
    {
        var shape = circuit.Shape;
        var afters = new Dictionary<int, IReadOnlyList<AccountChange>>();
        if (prefixResult is not null) foreach (var t in prefixResult.Trace) afters[t.Index] = t.Accounts;
        var w = Assemble(shape, cfg, pre, batch, rejectedIndex + 1, afters, Fr.Zero, null);
        int slot = w.Slots.Length - 1;
        if (batch[rejectedIndex] is PriceTick or RiskUpdate || slot >= shape.MaxOps) return w;
        bool two = batch[rejectedIndex] is Trade or Liquidate;
        Forced? forced = null;
        // Twice when B is A: B's leaf before the op is then A's after it, and B's after it follows from that.
        for (int pass = 0; pass < (two && w.Slots[slot].A.Old.Id == w.Slots[slot].B.Old.Id ? 2 : 1); pass++)
        {
            Fr[] values;
            try { values = compiled.SolveUnchecked(w.ToAssignment(shape), overrides ?? new Dictionary<int, Fr>()); }
            catch (Exception e) when (e is ArgumentException or WitnessException) { return w; } // does not fit, or no forged witness exists
            var a = circuit.AfterA[slot];
            forced = new Forced(LeafOf(a, compiled, values), AfterValues(a, compiled, values, w.Slots[slot].A.Old),
                two ? LeafOf(circuit.AfterB[slot], compiled, values) : null);
            w = Assemble(shape, cfg, pre, batch, rejectedIndex + 1, afters, Fr.Zero, forced);
        }
        return w;
    }

    /// <summary>
    /// The refused op's accounts after it, as the circuit computes them: A's leaf hash and fields (null when a field does
    /// not fit its type: then B, if it is A, keeps its stale leaf), and B's leaf hash for a two-account op.
    /// </summary>
    private sealed record Forced(Fr LeafA, LeafValues? ValuesA, Fr? LeafB);

    /// <summary>The leaf hash of an account after an op, from the elements the circuit computes.</summary>
    private static Fr LeafOf(TransitionCircuit.AccountAfter x, CompiledCircuit c, Fr[] w) =>
        AccountLeaf.Hash(Array.ConvertAll(x.Elements, e => c.ValueOf(e, w)));

    private static LeafValues? AfterValues(TransitionCircuit.AccountAfter x, CompiledCircuit c, Fr[] w, LeafValues before)
    {
        long L(Variable v) => (long)CommonGadgets.ToSigned(c.ValueOf(v, w));
        try
        {
            var slots = (SlotValues[])before.Slots.Clone();
            for (int s = 0; s < slots.Length; s++)
                if (c.ValueOf(x.Target[s], w).IsOne)
                    slots[s] = c.ValueOf(x.QtyZero, w).IsOne ? default : new SlotValues(checked((int)L(x.Instrument)), checked((int)L(x.Venue)), L(x.Qty));
            return new LeafValues(before.Id, c.ValueOf(x.Salt, w), L(x.Nonce), x.Balances.Select(L).ToArray(), slots);
        }
        catch (OverflowException) { return null; }
    }

    /// <summary>A deep copy of a state (accounts, tree and epoch).</summary>
    public static SettlementState Copy(SettlementConfig cfg, SettlementState s)
    {
        var c = new SettlementState(cfg) { Epoch = s.Epoch.Clone() };
        foreach (var a in s.Accounts.OrderBy(a => a.Id)) c.Store(-1, a.Clone());
        return c;
    }

    public static Fr LeafHash(Account a, SettlementConfig cfg) => Commitments.Leaf(a, cfg);

    public static SparseMerkleTree Tree(SettlementConfig cfg, SettlementState s)
    {
        var tree = new SparseMerkleTree(cfg.TreeDepth);
        foreach (var a in s.Accounts) tree.Set(a.Id, LeafHash(a, cfg));
        return tree;
    }

    private static TransitionWitness Assemble(TransitionShape shape, SettlementConfig cfg, SettlementState pre, IReadOnlyList<Operation> batch,
        int count, Dictionary<int, IReadOnlyList<AccountChange>> afters, Fr statement, Forced? forced)
    {
        var accounts = pre.Accounts.ToDictionary(a => a.Id);
        // One register per account the ops touch, in increasing id order (the circuit requires it).
        var ids = new SortedSet<ulong>();
        for (int k = 0; k < count; k++) foreach (var id in AccountsOf(batch[k])) ids.Add(id);
        var register = ids.Select((id, r) => (id, r)).ToDictionary(x => x.id, x => x.r);
        var finalLeaf = new Dictionary<ulong, Fr>();
        var tick = new TickWitness(false, 0, []);
        var risk = new RiskWitness(false, 0, new long[cfg.C], new long[cfg.NI], new long[cfg.NI], new long[cfg.NI]);
        var slots = new List<OpSlotWitness>();
        for (int k = 0; k < count; k++)
        {
            switch (batch[k])
            {
                case PriceTick t:
                    // The circuit takes the reports in the oracle commitment's order: signer by signer, each signer's by asset.
                    tick = new TickWitness(true, t.Time, t.Reports.OrderBy(r => r.Signer).ThenBy(r => r.Asset)
                        .Select(r => new ReportValues(r.Asset, r.Signer, r.Price, r.Timestamp)).ToArray());
                    break;
                case RiskUpdate u:
                    risk = new RiskWitness(true, u.Epoch, u.Sigmas.ToArray(), u.Instruments.Select(i => (long)i.Mark).ToArray(),
                        u.Instruments.Select(i => i.Delta).ToArray(), u.Instruments.Select(i => i.Gamma).ToArray());
                    break;
                default:
                    afters.TryGetValue(k, out var changes);
                    slots.Add(SlotOf(shape, cfg, batch[k], accounts, register, finalLeaf, changes, k == count - 1 ? forced : null));
                    break;
            }
        }
        // Write-back in register order: each register's path in the tree after the registers before it.
        var tree = Tree(cfg, pre);
        var oldRoot = tree.Root;
        var registers = new List<RegisterWitness>();
        foreach (var id in ids)
        {
            var before = pre.Accounts.FirstOrDefault(a => a.Id == id);
            // An id beyond the tree (a forged op) has no path; the circuit's index decomposition refuses it anyway.
            bool inTree = id <= tree.MaxIndex;
            registers.Add(RegisterWitness.Of(LeafOrZero(before, cfg, id), before is not null,
                inTree ? [.. tree.Path(id).Siblings] : new Fr[SparseMerkleTree.SiblingsPerLevel * cfg.TreeDepth]));
            var leaf = finalLeaf.TryGetValue(id, out var f) ? f : accounts.TryGetValue(id, out var now) ? LeafHash(now, cfg) : Fr.Zero;
            if (inTree) tree.Set(id, leaf);
        }
        return new TransitionWitness(statement, oldRoot, EpochOf(pre.Epoch), tick, risk, [.. slots], [.. registers]);
    }

    /// <summary>The accounts an op touches (A, then B).</summary>
    private static ulong[] AccountsOf(Operation op) => op switch
    {
        Deposit d => [d.Account],
        Withdraw w => [w.Account],
        Transfer t => [t.Account],
        Trade t => [t.Buyer, t.Seller],
        Liquidate l => [l.Account, l.Liquidator],
        _ => [],
    };

    private static OpSlotWitness SlotOf(TransitionShape shape, SettlementConfig cfg, Operation op, Dictionary<ulong, Account> accounts,
        Dictionary<ulong, int> register, Dictionary<ulong, Fr> finalLeaf, IReadOnlyList<AccountChange>? changes, Forced? forced)
    {
        int Quote(int i) => i >= 0 && i < cfg.NI ? cfg.Instruments[i].QuoteAsset : 0;
        ulong? forcedA = null;
        // Sides in op order: A, then B on the registers A left (as the circuit updates them).
        SideWitness Side(ulong id, long nonce, int which)
        {
            accounts.TryGetValue(id, out var before);
            var side = new SideWitness(before is not null, LeafOrZero(before, cfg, id), nonce, register[id]);
            if (changes is not null && which < changes.Count)
            {
                var after = changes[which].After;
                accounts[after.Id] = after;
            }
            else if (forced is not null)
            {
                if (which == 1 && forcedA == id && forced.ValuesA is { } aAfter) side = new SideWitness(true, aAfter, nonce, register[id]);
                if (which == 0) forcedA = id;
                finalLeaf[id] = which == 0 ? forced.LeafA : forced.LeafB ?? Fr.Zero;
            }
            return side;
        }
        var none = TransitionWitness.EmptySide(shape);
        return op switch
        {
            Deposit d => new OpSlotWitness(SlotKind.Deposit, d.Venue, 0, d.Asset, 0, d.Amount, 0, 0, 0, d.DepositId, d.Salt, Side(d.Account, d.Nonce, 0), none),
            Withdraw w => new OpSlotWitness(SlotKind.Withdraw, w.Venue, 0, w.Asset, 0, w.Amount, 0, 0, 0, w.WithdrawalId, Fr.Zero, Side(w.Account, w.Nonce, 0), none),
            Transfer t => new OpSlotWitness(SlotKind.Transfer, t.FromVenue, t.ToVenue, t.Asset, 0, t.Amount, 0, 0, 0, 0, Fr.Zero, Side(t.Account, t.Nonce, 0), none),
            Trade t => Two(SlotKind.Trade, t.Venue, t.Instrument, Quote(t.Instrument), t.Qty, t.Price, t.BuyerFee, t.SellerFee,
                () => Side(t.Buyer, t.BuyerNonce, 0), () => Side(t.Seller, t.SellerNonce, 1)),
            Liquidate l => Two(SlotKind.Liquidate, l.Venue, l.Instrument, Quote(l.Instrument), l.Qty, l.Price, 0, 0,
                () => Side(l.Account, l.Nonce, 0), () => Side(l.Liquidator, l.LiquidatorNonce, 1)),
            _ => throw new ArgumentException($"{op.Kind} is not an account op"),
        };
    }

    private static OpSlotWitness Two(SlotKind kind, int venue, int instrument, int asset, long qty, long price, long feeA, long feeB,
        Func<SideWitness> a, Func<SideWitness> b)
    {
        var sa = a();
        var sb = b();
        return new OpSlotWitness(kind, venue, 0, asset, instrument, qty, price, feeA, feeB, 0, Fr.Zero, sa, sb);
    }

    public static LeafValues LeafOf(Account a, SettlementConfig cfg)
    {
        int vc = cfg.V * cfg.C;
        var bal = new long[vc];
        for (int j = 0; j < vc; j++) bal[j] = a.BalanceAt(j);
        return new LeafValues(a.Id, a.Salt, a.Nonce, bal, a.Slots.Select(s => s.IsEmpty ? default : new SlotValues(s.Instrument, s.Venue, s.Qty)).ToArray());
    }

    /// <summary>The leaf of account <paramref name="id"/>, or the all-zero leaf with its id when it does not exist yet.</summary>
    private static LeafValues LeafOrZero(Account? a, SettlementConfig cfg, ulong id) => a is null ? ZeroLeaf(cfg, id) : LeafOf(a, cfg);

    private static LeafValues ZeroLeaf(SettlementConfig cfg, ulong id) =>
        new(id, Fr.Zero, 0, new long[cfg.V * cfg.C], new SlotValues[cfg.MaxPositions]);

    public static EpochValues EpochOf(EpochState e) => new(
        e.Epoch, e.BatchCount, e.LastTickTime, [.. e.Prices], [.. e.PriceTimes], [.. e.Sigmas],
        [.. e.Marks], [.. e.Deltas], [.. e.Gammas], [.. e.NextDepositId], [.. e.NextWithdrawalId],
        e.Totals.Select(x => (BigInteger)x).ToArray(), e.Fees.Select(x => (BigInteger)x).ToArray());
}
