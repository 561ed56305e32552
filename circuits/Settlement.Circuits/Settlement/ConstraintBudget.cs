using System.Text;
using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Settlement;

/// <summary>
/// Where the transition circuit's constraints go. A slot is universal (any op kind costs the same), so the per-op cost
/// is the difference between circuits with one slot and with none; the batch overhead (old/new root, tick, risk update,
/// batch parameters, outputs, statement) is paid once per batch. <see cref="PerOpByPart"/> splits one slot by gadget.
/// </summary>
public sealed record ConstraintBudget(TransitionShape Shape, int PerOp, int PerBatch, IReadOnlyList<(string Part, int Constraints)> PerOpByPart)
{
    /// <summary>Total for a batch of n slots.</summary>
    public long Total(int slots) => PerBatch + (long)PerOp * slots;

    public static ConstraintBudget Measure(TransitionShape shape)
    {
        var one = new TransitionCircuit(shape.WithMaxOps(1)).Compile().Statistics;
        var zero = new TransitionCircuit(shape.WithMaxOps(0)).Compile().Statistics;
        var parts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (path, n) in one.ByGadget)
        {
            if (!path.StartsWith("Slot", StringComparison.Ordinal)) continue;
            parts[Classify(path)] = parts.GetValueOrDefault(Classify(path)) + n;
        }
        return new ConstraintBudget(shape, one.Constraints - zero.Constraints, zero.Constraints,
            parts.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).ToArray());
    }

    private static string Classify(string path)
    {
        if (path.Contains("MerkleRoot", StringComparison.Ordinal)) return "Merkle paths (4 roots: old and new leaf of A and B)";
        if (path.Contains("MerkleIndex", StringComparison.Ordinal)) return "Merkle path positions (A's and B's id: 2D bits, b0·b1 per level)";
        if (path.Contains("PoseidonSponge", StringComparison.Ordinal) && path.Contains("AccountLeaf", StringComparison.Ordinal)) return "leaf hashes (4)";
        if (path.Contains("MarginIM", StringComparison.Ordinal)) return "margin, initial level (A and B, before and after)";
        if (path.Contains("MarginMM", StringComparison.Ordinal)) return "margin, maintenance level (liquidated account before)";
        if (path.Contains("AccountLeaf", StringComparison.Ordinal)) return "leaf opening (range checks, slot selectors, mark/Greek lookups)";
        if (path.Contains("PoseidonSponge", StringComparison.Ordinal)) return "ops chain and withdrawal chain hashes";
        if (path.Contains("RiskReducing", StringComparison.Ordinal) || path.Contains("Health", StringComparison.Ordinal)) return "health, liquidatable, risk-reducing";
        return "op logic (kinds, nonces, band, notional, slots, balances, totals, flows)";
    }

    public override string ToString()
    {
        var s = Shape;
        var sb = new StringBuilder();
        sb.AppendLine($"D={s.Depth} V={s.V} C={s.C} NI={s.NI} MaxPositions={s.MaxPositions} K={s.K} underlyings={s.Underlyings.Length} reports={s.MaxReports}");
        sb.AppendLine($"per account op (any kind: Deposit, Withdraw, Transfer, Trade, Liquidate): {PerOp}");
        foreach (var (part, n) in PerOpByPart) sb.AppendLine($"  {n,9}  {part}");
        sb.AppendLine($"per batch (roots, tick, risk update, parameters, outputs, statement): {PerBatch}");
        return sb.ToString();
    }
}
