using System.Numerics;
using Settlement.Circuits.Native;

namespace Settlement.Prover.Engine;

/// <summary>The price-tick rules of docs/spec.md §4 (PriceTick): the lower median by counting and the breaker.</summary>
public static class OracleRules
{
    /// <summary>The lower median: the ⌈n/2⌉-th smallest price.</summary>
    public static long LowerMedian(ReadOnlySpan<long> prices)
    {
        if (prices.Length == 0) throw new ArgumentException("no prices", nameof(prices));
        var sorted = prices.ToArray();
        Array.Sort(sorted);
        return sorted[(sorted.Length - 1) / 2];
    }

    /// <summary>
    /// The circuit's test, no sorting: n ≤ 2·#{p ≤ m}, n ≤ 2·#{p ≥ m}, 2·#{p &lt; m} &lt; n. Exactly the lower median passes.
    /// </summary>
    public static bool IsLowerMedianByCounting(ReadOnlySpan<long> prices, long m)
    {
        int n = prices.Length, le = 0, ge = 0, lt = 0;
        foreach (long p in prices)
        {
            if (p <= m) le++;
            if (p >= m) ge++;
            if (p < m) lt++;
        }
        return n > 0 && n <= 2 * le && n <= 2 * ge && 2 * lt < n;
    }

    /// <summary>The breaker: |m − prev|·PPM &gt; β·prev, never for an asset without a previous price.</summary>
    public static bool TripsBreaker(long previous, long median, long breakerPpm) =>
        previous != 0 && BigInteger.Abs((BigInteger)median - previous) * Scales.Ppm > (BigInteger)breakerPpm * previous;
}
