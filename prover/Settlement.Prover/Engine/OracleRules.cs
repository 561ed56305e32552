using System.Numerics;
using Settlement.Circuits.Native;

namespace Settlement.Prover.Engine;

/// <summary>
/// The breaker of docs/spec.md §4 (PriceTick). The lower median is <c>Native.OrderRules.LowerMedian</c>, the one copy the
/// circuit's median hint also calls.
/// </summary>
public static class OracleRules
{
    /// <summary>The breaker: |m − prev|·PPM &gt; β·prev, never for an asset without a previous price.</summary>
    public static bool TripsBreaker(long previous, long median, long breakerPpm) =>
        previous != 0 && BigInteger.Abs((BigInteger)median - previous) * Scales.Ppm > (BigInteger)breakerPpm * previous;
}
