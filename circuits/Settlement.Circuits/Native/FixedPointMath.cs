using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Native;

/// <summary>Rounding direction of a fixed-point division, chosen by the caller (conservative: value down, requirement up).</summary>
public enum Rounding { Floor, Ceiling }

/// <summary>
/// The native integer rules the fixed-point gadgets prove; the gadgets' hints call these, so the engine and the circuit
/// share one definition. All values are non-negative integers.
/// </summary>
public static class FixedPointMath
{
    /// <summary>⌊n/d⌋ or ⌈n/d⌉ with the remainder that the circuit range-checks: n = q·d + rem (floor), q·d = n + rem (ceiling), 0 ≤ rem &lt; d.</summary>
    public static (BigInteger Quotient, BigInteger Remainder) DivRound(BigInteger n, BigInteger d, Rounding rounding)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "the numerator must not be negative");
        if (d.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(d), d, "the divisor must be positive");
        var q = BigInteger.DivRem(n, d, out var rem);
        if (rounding == Rounding.Floor || rem.IsZero) return (q, rem);
        return (q + 1, d - rem);
    }

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

    /// <summary>round(a·b / d).</summary>
    public static BigInteger MulDiv(BigInteger a, BigInteger b, BigInteger d, Rounding rounding) => DivRound(a * b, d, rounding).Quotient;

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
