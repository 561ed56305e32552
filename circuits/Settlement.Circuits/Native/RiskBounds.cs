using System.Numerics;
using Settlement.Verifier.Config;

namespace Settlement.Circuits.Native;

/// <summary>
/// The no-arbitrage bounds a risk update's marks and Greeks must meet against the oracle median S of the instrument's
/// underlying (docs/spec.md §4 RiskUpdate): the engine's rule, and the constants the circuit checks the same rule with.
/// A contract is on one whole unit of the underlying, so the mark M (VU per contract), S (VU per unit) and the strike K
/// (VU per unit) share one unit and compare without conversion; every comparison is exact (no rounding).
/// </summary>
public static class RiskBounds
{
    /// <summary>
    /// Whether the mark lies within its bounds: a perpetual |M − S|·PPM ≤ markBand·S; a call max(S − K, 0) ≤ M ≤ S;
    /// a put max(K − S, 0) ≤ M ≤ K. On false, <paramref name="bounds"/> says which bound, with its numbers.
    /// </summary>
    public static bool MarkWithin(InstrumentKind kind, long mark, long spot, long strike, long markBand, out string bounds)
    {
        BigInteger m = mark, s = spot, k = strike;
        switch (kind)
        {
            case InstrumentKind.Perpetual:
                bounds = $"within {markBand} ppm of the underlying's price {spot}";
                return BigInteger.Abs(m - s) * Scales.Ppm <= markBand * s;
            case InstrumentKind.Call:
                bounds = $"in [max(S − K, 0), S] = [{BigInteger.Max(s - k, 0)}, {s}] (S {spot}, K {strike})";
                return m >= s - k && m <= s;
            default:
                bounds = $"in [max(K − S, 0), K] = [{BigInteger.Max(k - s, 0)}, {k}] (S {spot}, K {strike})";
                return m >= k - s && m <= k;
        }
    }

    /// <summary>
    /// The σ values a risk update may carry for an asset (docs/spec.md §4 RiskUpdate): within the caps
    /// [sigmaMin, sigmaMax] and, when the previous σ is not 0, within the step limit |σ − σ_prev|·PPM ≤ step·σ_prev, i.e.
    /// [ceil(σ_prev·(PPM − step)/PPM), floor(σ_prev·(PPM + step)/PPM)]. Empty (Min &gt; Max) only when σ_prev itself lies
    /// outside the caps, which an accepted update cannot leave behind.
    /// </summary>
    public static (long Min, long Max) SigmaInterval(long sigmaMin, long sigmaMax, long previous, long stepPpm)
    {
        if (previous == 0) return (sigmaMin, sigmaMax);
        BigInteger p = previous, ppm = Scales.Ppm, step = stepPpm;
        var lo = p * (ppm - step);
        var stepLo = lo <= 0 ? BigInteger.Zero : (lo + ppm - 1) / ppm;
        var stepHi = p * (ppm + step) / ppm;
        return ((long)BigInteger.Max(sigmaMin, stepLo), (long)BigInteger.Min(sigmaMax, stepHi));
    }

    /// <summary>Δ's interval at DELTA_SCALE: a call [0, 1], a put [−1, 0]; a perpetual's Δ has only its width.</summary>
    public static (long Min, long Max)? DeltaRange(InstrumentKind kind) => kind switch
    {
        InstrumentKind.Call => (0, Scales.DeltaScale),
        InstrumentKind.Put => (-Scales.DeltaScale, 0),
        _ => null,
    };

    /// <summary>Whether Δ is in <see cref="DeltaRange"/> and Γ ≥ 0 (every kind: a position's value is convex in S).</summary>
    public static bool GreeksWithin(InstrumentKind kind, long delta, long gamma, out string bounds)
    {
        if (gamma < 0) { bounds = $"Γ = {gamma} must not be negative"; return false; }
        if (DeltaRange(kind) is var (lo, hi) && (delta < lo || delta > hi))
        {
            bounds = $"Δ = {delta} is outside [{lo}, {hi}] for a {kind.ToString().ToLowerInvariant()}";
            return false;
        }
        bounds = "";
        return true;
    }
}
