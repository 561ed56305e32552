using System.Text;
using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Transition;

/// <summary>
/// Where the transition circuit's constraints go, for a shape's MaxOps slots and MaxAccounts registers, measured by
/// compiling: the batch overhead (old/new root, tick, risk update, batch parameters, outputs, statement) with no slot
/// and no register; the registers (each account's opening and write-back) with no slot; the first slot; and every
/// further slot. A slot is universal (any op kind costs the same). The first slot costs a little less than the others
/// because it reads constants where later slots read variables (the venues' ops and withdrawal chains, the previous
/// slot's activity), so <see cref="Total"/> is exactly the compiled count.
/// </summary>
public sealed record ConstraintBudget(
    TransitionShape Shape, int PerBatch, int Registers, int FirstOp, int PerOp,
    IReadOnlyList<(string Part, int Constraints)> PerOpByPart, IReadOnlyList<(string Part, int Constraints)> RegistersByPart)
{
    /// <summary>Constraints of the circuit with <paramref name="ops"/> slots and the shape's registers.</summary>
    public long Total(int ops) => PerBatch + Registers + (ops == 0 ? 0 : FirstOp + (long)PerOp * (ops - 1));

    /// <summary>Constraints of the whole circuit of <see cref="Shape"/>: its compiled count.</summary>
    public long WholeCircuit => Total(Shape.MaxOps);

    /// <summary>What the registers hold (<see cref="TransitionShape.RegistersHoldElements"/>): "elements" or "hashes" of the leaf.</summary>
    public string RegistersHold => Shape.RegistersHoldElements ? "elements" : "hashes";

    /// <summary>One register's share (the first register has no order check, so this is an average).</summary>
    public double PerRegister => Shape.MaxAccounts == 0 ? 0 : (double)Registers / Shape.MaxAccounts;

    /// <summary>
    /// What an op of each kind adds: a slot, plus a register for each of its accounts the batch has not touched before
    /// (the registers a circuit has are fixed; this is the capacity an op uses).
    /// </summary>
    public IReadOnlyList<(string Kind, double Constraints)> ByKind =>
    [
        ("Trade or Liquidate between two accounts new to the batch", PerOp + 2 * PerRegister),
        ("Trade or Liquidate, one account new to the batch", PerOp + PerRegister),
        ("Trade or Liquidate between accounts already in registers", PerOp),
        ("Deposit, Withdraw or Transfer, account new to the batch", PerOp + PerRegister),
        ("Deposit, Withdraw or Transfer, account already in a register", PerOp),
    ];

    public static ConstraintBudget Measure(TransitionShape shape)
    {
        shape = shape.WithRegistersHoldingElements(shape.RegistersHoldElements); // the deployment's layout for every sub-shape
        int registers = shape.MaxAccounts;
        CircuitStatistics Count(int ops, int regs) => new TransitionCircuit(shape.WithMaxOps(ops).WithMaxAccounts(regs)).Compile().Statistics;
        var none = Count(0, 0);
        var regs = Count(0, registers);
        var one = Count(1, registers);
        var two = Count(2, registers);
        return new ConstraintBudget(shape, none.Constraints, regs.Constraints - none.Constraints,
            one.Constraints - regs.Constraints, two.Constraints - one.Constraints,
            Split(one, two, path => path.StartsWith("Slot", StringComparison.Ordinal), ClassifySlot),
            Split(none, regs, path => path.StartsWith("AccountRegisters", StringComparison.Ordinal), ClassifyRegisters));
    }

    /// <summary>The constraints <paramref name="more"/> has beyond <paramref name="fewer"/> under the selected scopes, by part.</summary>
    private static (string, int)[] Split(CircuitStatistics fewer, CircuitStatistics more, Func<string, bool> selected, Func<string, string> classify)
    {
        var parts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, n) in more.ByGadget)
        {
            if (!selected(path)) continue;
            int d = n - fewer.ByGadget.GetValueOrDefault(path);
            if (d != 0) parts[classify(path)] = parts.GetValueOrDefault(classify(path)) + d;
        }
        return parts.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToArray();
    }

    private static string ClassifySlot(string path)
    {
        if (path.Contains("/Register", StringComparison.Ordinal)) return "register reads and writes (A and B: one-hot index, used, id, state; new state)";
        if (path.Contains("PoseidonSponge", StringComparison.Ordinal) && path.Contains("AccountLeaf", StringComparison.Ordinal)) return "leaf hashes (registers of hashes: A and B before and after)";
        if (path.Contains("MarginIM", StringComparison.Ordinal)) return "margin, initial level (A and B, before and after)";
        if (path.Contains("MarginMM", StringComparison.Ordinal)) return "margin, maintenance level (liquidated account before)";
        if (path.Contains("AccountLeaf", StringComparison.Ordinal)) return "leaf opening (range checks, slot selectors, mark/Greek lookups)";
        if (path.Contains("PoseidonSponge", StringComparison.Ordinal)) return "ops chain and withdrawal chain hashes";
        if (path.Contains("RiskReducing", StringComparison.Ordinal) || path.Contains("Health", StringComparison.Ordinal)) return "health, liquidatable, risk-reducing";
        return "op logic (kinds, nonces, band, notional, slots, balances, totals, flows)";
    }

    private static string ClassifyRegisters(string path)
    {
        if (path.Contains("MerkleRoot", StringComparison.Ordinal)) return "Merkle paths (2 per register: opening and write-back)";
        if (path.Contains("MerkleIndex", StringComparison.Ordinal)) return "Merkle path positions (each id: 2D bits, b0·b1 per level)";
        if (path.Contains("AccountLeaf", StringComparison.Ordinal)) return "leaf hashes (registers of elements: 2 per register, opening and write-back)";
        return "register order (prefix, ids increasing) and write-back selection";
    }

    public override string ToString()
    {
        var s = Shape;
        var sb = new StringBuilder();
        sb.AppendLine($"D={s.Depth} V={s.V} C={s.C} NI={s.NI} MaxPositions={s.MaxPositions} K={s.K} underlyings={s.Underlyings.Length} reports={s.MaxReports} MaxOps={s.MaxOps} MaxAccounts={s.MaxAccounts}");
        sb.AppendLine($"per account op slot (any kind: Deposit, Withdraw, Transfer, Trade, Liquidate): {PerOp} (the first slot: {FirstOp})");
        foreach (var (part, n) in PerOpByPart) sb.AppendLine($"  {n,9}  {part}");
        sb.AppendLine($"account registers ({s.MaxAccounts}, {PerRegister:F0} each, holding leaf {RegistersHold}): {Registers}");
        foreach (var (part, n) in RegistersByPart) sb.AppendLine($"  {n,9}  {part}");
        sb.AppendLine($"per batch (roots, tick, risk update, parameters, outputs, statement): {PerBatch}");
        foreach (var (kind, n) in ByKind) sb.AppendLine($"  {n,9:F0}  {kind}");
        sb.AppendLine($"whole circuit ({s.MaxOps} slots, {s.MaxAccounts} registers): {WholeCircuit}" +
                      (s.MaxOps > 0 ? $"; per op {(double)(WholeCircuit - PerBatch) / s.MaxOps:F0} without the batch overhead, {(double)WholeCircuit / s.MaxOps:F0} with it" : ""));
        return sb.ToString();
    }
}
