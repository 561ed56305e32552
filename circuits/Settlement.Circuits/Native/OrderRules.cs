using System.Numerics;

namespace Settlement.Circuits.Native;

/// <summary>
/// The lower median of a price tick (docs/spec.md §4 PriceTick), the one native copy: the engine's tick, the circuit's
/// median hint and the risk proposer all call <see cref="LowerMedian"/>.
/// </summary>
public static class OrderRules
{
    /// <summary>
    /// The transition circuit's test for the lower median, no sorting: n ≤ 2·#{x ≤ m}, n ≤ 2·#{x ≥ m} and
    /// 2·#{x &lt; m} &lt; n. Exactly <see cref="LowerMedian"/> passes.
    /// </summary>
    public static bool IsLowerMedian<T>(ReadOnlySpan<T> values, T m) where T : INumber<T>
    {
        var (le, ge, lt) = Count(values, m);
        int n = values.Length;
        return n > 0 && n <= 2 * le && n <= 2 * ge && 2 * lt < n;
    }

    /// <summary>The lower median, the ⌈n/2⌉-th smallest value, of a non-empty list.</summary>
    public static T LowerMedian<T>(ReadOnlySpan<T> values) where T : INumber<T>
    {
        if (values.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[(sorted.Length - 1) / 2];
    }

    private static (int Le, int Ge, int Lt) Count<T>(ReadOnlySpan<T> values, T m) where T : INumber<T>
    {
        int le = 0, ge = 0, lt = 0;
        foreach (var x in values)
        {
            if (x <= m) le++;
            if (x >= m) ge++;
            if (x < m) lt++;
        }
        return (le, ge, lt);
    }
}
