using System.Text;

namespace Settlement.Circuits.Frontend;

/// <summary>Size of a compiled circuit and where its constraints come from (by gadget scope path).</summary>
public sealed record CircuitStatistics(
    int Constraints, int Wires, int PublicInputs, int SecretInputs, int Internal, long NonZeros,
    IReadOnlyDictionary<string, int> ByGadget)
{
    /// <summary>Constraints whose scope path starts with <paramref name="prefix"/> (a gadget and everything it called).</summary>
    public int ConstraintsUnder(string prefix)
    {
        int n = 0;
        foreach (var (k, v) in ByGadget)
            if (k == prefix || k.StartsWith(prefix + "/", StringComparison.Ordinal)) n += v;
        return n;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"constraints {Constraints}, wires {Wires} (public {PublicInputs}, secret {SecretInputs}, internal {Internal}), non-zeros {NonZeros}");
        foreach (var (k, v) in ByGadget.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
            sb.AppendLine($"  {v,9}  {k}");
        return sb.ToString();
    }
}
