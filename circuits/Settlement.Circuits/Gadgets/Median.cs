using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Median by counting (native twin: Native.OrderRules.IsMedian): m is accepted as the median of n values when
/// n ≤ 2·#{x ≤ m} and n ≤ 2·#{x ≥ m}. No sorting network: two comparisons per value.
/// </summary>
public static class Median
{
    /// <summary>Asserts m is a median of the values (all below 2^bits, checked).</summary>
    public static void AssertMedian(Api api, ReadOnlySpan<Variable> values, Variable m, int bits) =>
        AssertMedian(api, values, default, m, bits);

    /// <summary>
    /// As above over the active values only: <paramref name="active"/>[i] (boolean, asserted) says whether slot i takes
    /// part, so a fixed-size circuit serves a variable number of reports. Empty <paramref name="active"/> means all.
    /// </summary>
    public static void AssertMedian(Api api, ReadOnlySpan<Variable> values, ReadOnlySpan<Variable> active, Variable m, int bits)
    {
        if (values.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        if (!active.IsEmpty && active.Length != values.Length) throw new ArgumentException($"{active.Length} activity flags for {values.Length} values");
        using var _ = api.Scope("Median");
        RangeCheck.Check(api, m, bits);
        Variable le = 0, ge = 0, n = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var isLe = Comparison.IsLessOrEqual(api, values[i], m, bits);
            var isGe = Comparison.IsLessOrEqual(api, m, values[i], bits);
            if (active.IsEmpty) { le += isLe; ge += isGe; n += 1; }
            else { le += api.And(active[i], isLe); ge += api.And(active[i], isGe); n += active[i]; }
        }
        int countBits = 2 + (int)System.Numerics.BigInteger.Log(values.Length, 2) + 1;
        api.RecordBits(le, countBits); api.RecordBits(ge, countBits); api.RecordBits(n, countBits); // sums of ≤ values.Length booleans
        Comparison.AssertLessOrEqual(api, n, le * 2, countBits);
        Comparison.AssertLessOrEqual(api, n, ge * 2, countBits);
        if (!active.IsEmpty) api.AssertNonZero(n);
    }
}
