using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Native;

/// <summary>Rounding direction of a fixed-point division, chosen by the caller (conservative: value down, requirement up).</summary>
public enum Rounding { Floor, Ceiling }

/// <summary>
/// The integer primitives of the margin rules (docs/spec.md §1.3, §2): division rounded toward −∞ or +∞, the integer
/// square root, and a trade's exact notional. The one copy: the engine (MarginRules, the notional rule) and the
/// circuit (the hints of FloorDivConst, CeilDivConst, the scenario maximum and the notional; the compile-time √time)
/// all call these.
/// </summary>
public static class FixedPointMath
{
    /// <summary>⌊n/d⌋ for any integer n and d &gt; 0 (toward −∞, not toward zero).</summary>
    public static BigInteger FloorDiv(BigInteger n, BigInteger d) => DivRoundSigned(n, d, Rounding.Floor).Quotient;

    /// <summary>⌈n/d⌉ for any integer n and d &gt; 0 (toward +∞).</summary>
    public static BigInteger CeilDiv(BigInteger n, BigInteger d) => DivRoundSigned(n, d, Rounding.Ceiling).Quotient;

    /// <summary>
    /// Signed n, positive d: ⌊n/d⌋ or ⌈n/d⌉ (towards −∞ / +∞, not towards zero) and the remainder the circuit checks:
    /// n = q·d + rem (floor), q·d = n + rem (ceiling), 0 ≤ rem &lt; d.
    /// </summary>
    public static (BigInteger Quotient, BigInteger Remainder) DivRoundSigned(BigInteger n, BigInteger d, Rounding rounding)
    {
        if (d.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(d), d, "the divisor must be positive");
        var q = BigInteger.DivRem(n, d, out var rem); // truncates towards zero; rem has n's sign
        if (rounding == Rounding.Floor) return rem.Sign < 0 ? (q - 1, rem + d) : (q, rem);
        return rem.Sign > 0 ? (q + 1, d - rem) : (q, -rem);
    }

    /// <summary>The integer a field element stands for when read as signed: values above (r − 1)/2 are negative.</summary>
    public static BigInteger ToSigned(in Fr x)
    {
        var v = x.ToBigInteger();
        return v > Fr.Modulus / 2 ? v - Fr.Modulus : v;
    }

    /// <summary>
    /// The cash leg of a trade or liquidation (docs/spec.md §4): qty·price / 10⁸ (<see cref="Scales.QtyScale"/>) and the
    /// remainder, which must be 0 (NotionalNotExact). The engine's rule and the circuit's notional hint.
    /// </summary>
    public static BigInteger Notional(BigInteger qty, BigInteger price, out BigInteger remainder) =>
        BigInteger.DivRem(qty * price, Scales.QtyScale, out remainder);

    /// <summary>The conservative root ⌈√x⌉ = s + [s² ≠ x] with s = <see cref="ISqrt"/>(x).</summary>
    public static BigInteger CeilSqrt(BigInteger x)
    {
        var s = ISqrt(x);
        return s * s == x ? s : s + 1;
    }

    /// <summary>
    /// t_v = ⌈√((τ_v + τ_close)·10⁶)⌉ in 10⁻³ √ms (docs/spec.md §1.1, §2.1): from configuration constants only, so the
    /// engine computes it per batch and the circuit at compile time, both here.
    /// </summary>
    public static long TimeRoot(long latencyMs, long closeOutMs)
    {
        if (latencyMs < 0 || closeOutMs < 0) throw new ArgumentOutOfRangeException(nameof(latencyMs), "latency and close-out horizon must not be negative");
        return (long)CeilSqrt((BigInteger)(latencyMs + closeOutMs) * Scales.TimeRootInputScale);
    }

    /// <summary>The integer square root s with s² ≤ x &lt; (s+1)².</summary>
    public static BigInteger ISqrt(BigInteger x)
    {
        if (x.Sign < 0) throw new ArgumentOutOfRangeException(nameof(x), x, "square root of a negative value");
        if (x < 2) return x;
        // Newton from above: s_{k+1} = (s_k + x/s_k)/2 decreases to ⌊√x⌋.
        var s = BigInteger.One << (int)((x.GetBitLength() + 1) / 2);
        while (true)
        {
            var next = (s + x / s) >> 1;
            if (next >= s) return s;
            s = next;
        }
    }
}
