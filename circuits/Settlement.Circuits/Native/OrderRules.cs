using System.Numerics;

namespace Settlement.Circuits.Native;

/// <summary>Native twins of the median and ordering gadgets (same rules, plain integers).</summary>
public static class OrderRules
{
    /// <summary>m is a median of the values when n ≤ 2·#{x ≤ m} and n ≤ 2·#{x ≥ m}.</summary>
    public static bool IsMedian(ReadOnlySpan<BigInteger> values, BigInteger m)
    {
        int le = 0, ge = 0;
        foreach (var x in values) { if (x <= m) le++; if (x >= m) ge++; }
        return values.Length <= 2 * le && values.Length <= 2 * ge;
    }

    /// <summary>The lower median (a value that satisfies <see cref="IsMedian"/>) of a non-empty list.</summary>
    public static BigInteger LowerMedian(ReadOnlySpan<BigInteger> values)
    {
        if (values.Length == 0) throw new ArgumentException("the median of no values is undefined", nameof(values));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[(sorted.Length - 1) / 2];
    }

    public static bool IsStrictlyIncreasing(ReadOnlySpan<BigInteger> values)
    {
        for (int i = 1; i < values.Length; i++) if (values[i] <= values[i - 1]) return false;
        return true;
    }
}
