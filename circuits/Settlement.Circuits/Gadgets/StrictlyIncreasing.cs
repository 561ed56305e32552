using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// x₀ &lt; x₁ &lt; … (all below 2^bits): distinct signers without a set, by requiring their indices in increasing order.
/// Native twin: Native.OrderRules.IsStrictlyIncreasing.
/// </summary>
public static class StrictlyIncreasing
{
    public static void Assert(Api api, ReadOnlySpan<Variable> values, int bits)
    {
        using var _ = api.Scope("StrictlyIncreasing");
        foreach (var v in values) RangeCheck.Check(api, v, bits);
        for (int i = 1; i < values.Length; i++) Comparison.AssertLessThan(api, values[i - 1], values[i], bits);
    }
}
