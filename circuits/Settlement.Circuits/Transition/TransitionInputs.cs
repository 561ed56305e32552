using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Transition;

/// <summary>
/// The transition circuit's inputs, one record per group, each input named once next to its witness value (see
/// <see cref="InputBinder{TWitness}"/>). The circuit binds each group where it first reads it, which keeps the wires in
/// their order; <see cref="TransitionWitness.ToAssignment"/> binds all of them through <see cref="Assign"/>.
/// </summary>
internal static class TransitionInputs
{
    public static void Assign(InputBinder<TransitionWitness> w, TransitionShape sh)
    {
        Roots.Of(w);
        EpochInputs.Of(w, sh);
        TickInputs.Of(w, sh);
        RiskInputs.Of(w, sh);
        for (int r = 0; r < sh.MaxAccounts; r++) RegisterInputs.Of(w, sh, r);
        for (int j = 0; j < sh.MaxOps; j++)
        {
            var slot = Slot(w, sh, j);
            OpFields.Of(slot);
            SideInputs.Of(slot, sh, second: false);
            SideInputs.Of(slot, sh, second: true);
        }
    }

    /// <summary>Account-op slot j (padding slots are empty).</summary>
    public static InputBinder<OpSlotWitness> Slot(InputBinder<TransitionWitness> w, TransitionShape sh, int j) =>
        w.Part($"op{j}.", x => j < x.Slots.Length ? x.Slots[j] : TransitionWitness.Empty(sh));
}

/// <summary>The statement hash (the one public input) and the account root before the batch.</summary>
internal readonly record struct Roots(Variable Statement, Variable AccountRoot)
{
    public static Roots Of(InputBinder<TransitionWitness> w) =>
        new(w.Public("statement", x => x.Statement), w.Secret("acctRoot", x => x.OldAccountRoot));
}

/// <summary>The epoch state before the batch (docs/spec.md §3.3); totals and fees indexed v·C + c.</summary>
internal sealed record EpochInputs(
    Variable Epoch, Variable BatchCount, Variable LastTick, Variable[] Prices, Variable[] PriceTimes, Variable[] Sigmas,
    Variable[] Marks, Variable[] Deltas, Variable[] Gammas, Variable[] NextDep, Variable[] NextWd, Variable[] Totals, Variable[] Fees)
{
    public static EpochInputs Of(InputBinder<TransitionWitness> w, TransitionShape sh)
    {
        var b = w.Part("ep.", x => x.OldEpoch);
        int V = sh.V, C = sh.C, NI = sh.NI;
        return new(
            b.Secret("epoch", e => e.Epoch), b.Secret("batchCount", e => e.BatchCount), b.Secret("lastTick", e => e.LastTickTime),
            b.Secrets("price", C, e => e.Prices), b.Secrets("priceTime", C, e => e.PriceTimes), b.Secrets("sigma", C, e => e.Sigmas),
            b.Secrets("mark", NI, e => e.Marks), b.Secrets("delta", NI, e => e.Deltas), b.Secrets("gamma", NI, e => e.Gammas),
            b.Secrets("nextDep", V, e => e.NextDepositId), b.Secrets("nextWd", V, e => e.NextWithdrawalId),
            b.Secrets("total", V * C, e => Array.ConvertAll(e.Totals, Fr.FromBigInteger)),
            b.Secrets("fee", V * C, e => Array.ConvertAll(e.Fees, Fr.FromBigInteger)));
    }
}

/// <summary>A price tick: whether there is one, its time, and MaxReports report slots (a prefix active).</summary>
internal sealed record TickInputs(Variable Present, Variable Time, Variable[] Active, Variable[] Asset, Variable[] Signer,
    Variable[] Price, Variable[] Timestamp)
{
    public static TickInputs Of(InputBinder<TransitionWitness> w, TransitionShape sh)
    {
        var b = w.Part("tick.", x => x.Tick);
        int R = sh.MaxReports;
        return new(
            b.Secret("present", t => t.Present), b.Secret("time", t => t.Time),
            b.Secrets("active", R, t => Column(t, R, _ => 1)), b.Secrets("asset", R, t => Column(t, R, r => r.Asset)),
            b.Secrets("signer", R, t => Column(t, R, r => r.Signer)), b.Secrets("price", R, t => Column(t, R, r => r.Price)),
            b.Secrets("ts", R, t => Column(t, R, r => r.Timestamp)));
    }

    /// <summary>One field of every report slot, 0 in the slots after the reports.</summary>
    private static long[] Column(TickWitness t, int slots, Func<ReportValues, long> field)
    {
        if (t.Reports.Length > slots) throw new ArgumentException($"{t.Reports.Length} reports, the circuit has {slots} report slots");
        var c = new long[slots];
        for (int j = 0; j < t.Reports.Length; j++) c[j] = field(t.Reports[j]);
        return c;
    }
}

/// <summary>A risk update: whether there is one, its epoch, σ per asset, and mark, Δ, Γ per instrument (0 when absent).</summary>
internal sealed record RiskInputs(Variable Present, Variable Epoch, Variable[] Sigma, Variable[] Mark, Variable[] Delta, Variable[] Gamma)
{
    public static RiskInputs Of(InputBinder<TransitionWitness> w, TransitionShape sh)
    {
        var b = w.Part("risk.", x => x.Risk);
        int C = sh.C, NI = sh.NI;
        return new(
            b.Secret("present", r => r.Present), b.Secret("epoch", r => r.Epoch),
            b.Secrets("sigma", C, r => Pad(r.Sigmas, C)), b.Secrets("mark", NI, r => Pad(r.Marks, NI)),
            b.Secrets("delta", NI, r => Pad(r.Deltas, NI)), b.Secrets("gamma", NI, r => Pad(r.Gammas, NI)));
    }

    private static long[] Pad(long[] x, int n)
    {
        var r = new long[n];
        Array.Copy(x, r, Math.Min(n, x.Length));
        return r;
    }
}

/// <summary>An op slot's fields; a field its kind does not use is 0. Amount is the amount or the qty.</summary>
internal readonly record struct OpFields(Variable Kind, Variable Venue, Variable Venue2, Variable Asset, Variable Instrument,
    Variable Amount, Variable Price, Variable FeeA, Variable FeeB, Variable OpId, Variable Salt)
{
    public static OpFields Of(InputBinder<OpSlotWitness> b) => new(
        b.Secret("kind", s => (long)s.Kind), b.Secret("venue", s => s.Venue), b.Secret("venue2", s => s.Venue2),
        b.Secret("asset", s => s.Asset), b.Secret("instrument", s => s.Instrument), b.Secret("amount", s => s.Amount),
        b.Secret("price", s => s.Price), b.Secret("feeA", s => s.FeeA), b.Secret("feeB", s => s.FeeB),
        b.Secret("opId", s => s.OpId), b.Secret("salt", s => s.Salt));
}

/// <summary>One account of an op slot (A, or B when <c>second</c>): the leaf before the op, the op's nonce, its register.</summary>
internal sealed record SideInputs(Variable Exists, Variable OpNonce, Variable Id, Variable Salt, Variable Nonce, Variable[] Balances,
    Variable[] Instrument, Variable[] Venue, Variable[] Qty, Variable Register)
{
    public static SideInputs Of(InputBinder<OpSlotWitness> slot, TransitionShape sh, bool second)
    {
        var b = second ? slot.Part("B.", s => s.B) : slot.Part("A.", s => s.A);
        int P = sh.MaxPositions, VC = sh.V * sh.C;
        return new(
            b.Secret("exists", s => s.Exists), b.Secret("opNonce", s => s.OpNonce), b.Secret("id", s => Fr.FromUInt64(s.Old.Id)),
            b.Secret("salt", s => s.Old.Salt), b.Secret("nonce", s => s.Old.Nonce), b.Secrets("bal", VC, s => s.Old.Balances),
            b.Secrets("instr", P, s => Array.ConvertAll(s.Old.Slots, x => (long)x.Instrument)),
            b.Secrets("pvenue", P, s => Array.ConvertAll(s.Old.Slots, x => (long)x.Venue)),
            b.Secrets("qty", P, s => Array.ConvertAll(s.Old.Slots, x => x.Qty)),
            b.Secret("reg", s => s.Register));
    }
}

/// <summary>
/// Account register r (docs/spec.md §10): used, the account's id, its state before the batch
/// (<see cref="TransitionShape.RegistersHoldElements"/>: [exists, the leaf's elements…], or [the leaf hash, 0 for an
/// account that does not exist]), its path.
/// </summary>
internal sealed record RegisterInputs(Variable Used, Variable Id, Variable[] State, Variable[] Siblings)
{
    public static RegisterInputs Of(InputBinder<TransitionWitness> w, TransitionShape sh, int r)
    {
        var b = w.Part($"reg{r}.", x => r < x.Registers.Length ? (Used: true, Register: x.Registers[r])
            : (Used: false, Register: new RegisterWitness(0, false, new Fr[sh.LeafElements], new Fr[sh.PathSiblings])));
        return new(
            b.Secret("used", g => g.Used), b.Secret("id", g => Fr.FromUInt64(g.Register.Id)),
            b.Secrets("state", sh.RegisterStateLength, g => g.Used ? StateOf(sh, g.Register) : new Fr[sh.RegisterStateLength]),
            b.Secrets("sib", sh.PathSiblings, g => g.Register.Siblings));
    }

    private static Fr[] StateOf(TransitionShape sh, RegisterWitness g) =>
        sh.RegistersHoldElements ? [g.Exists ? Fr.One : Fr.Zero, .. g.Elements]
        : [g.Exists ? Settlement.Verifier.Bundles.AccountLeaf.Hash(g.Elements) : Fr.Zero];
}
