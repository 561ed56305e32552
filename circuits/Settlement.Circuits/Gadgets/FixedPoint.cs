using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Native;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Unsigned fixed-point arithmetic with the rounding direction chosen by the caller. A quotient q and remainder rem are
/// hints (computed by <see cref="FixedPointMath"/>, the native twin) and constrained by
/// n = q·d + rem (floor) or q·d = n + rem (ceiling), 0 ≤ rem &lt; d, q &lt; 2^nBits. With nBits + dBits ≤ 250 the
/// equation cannot wrap mod r, so it holds over the integers and q is the unique rounded quotient.
/// </summary>
public static class FixedPoint
{
    /// <summary>round(n / d) for 0 ≤ n &lt; 2^nBits and 0 &lt; d &lt; 2^dBits (d = 0 has no witness).</summary>
    public static Variable DivRound(Api api, Variable n, Variable d, int nBits, int dBits, Rounding rounding)
    {
        if (nBits < 1 || dBits < 1 || nBits + dBits > 250)
            throw new ArgumentOutOfRangeException(nameof(nBits), $"numerator {nBits} + divisor {dBits} bits must be at most 250 (and each at least 1)");
        using var _ = api.Scope(rounding == Rounding.Floor ? "DivFloor" : "DivCeil");
        RangeCheck.Check(api, n, nBits);
        RangeCheck.Check(api, d, dBits);
        var qr = api.Hint($"div-{rounding}", (ins, outs) =>
        {
            var (q, r) = FixedPointMath.DivRound(ins[0].ToBigInteger(), ins[1].ToBigInteger(), rounding);
            outs[0] = Fr.FromBigInteger(q); outs[1] = Fr.FromBigInteger(r);
        }, 2, [n, d]);
        var (quotient, rem) = (qr[0], qr[1]);
        RangeCheck.Check(api, quotient, nBits);
        Comparison.AssertLessThan(api, rem, d, dBits);
        if (rounding == Rounding.Floor) api.AddConstraint(quotient, d, n - rem);
        else api.AddConstraint(quotient, d, n + rem);
        return quotient;
    }

    /// <summary>
    /// round(n / d) for a signed n of width nBits (SignedInt) and 0 &lt; d &lt; 2^dBits, rounding towards −∞ (floor) or
    /// +∞ (ceiling): conservative rounding of negative values too. Same equation as <see cref="DivRound"/>, with n and q
    /// checked as signed nBits-wide integers; nBits + dBits ≤ 250 keeps |q·d| and |n ± rem| far below r.
    /// </summary>
    public static Variable DivRoundSigned(Api api, Variable n, Variable d, int nBits, int dBits, Rounding rounding)
    {
        if (nBits < 2 || dBits < 1 || nBits + dBits > 250)
            throw new ArgumentOutOfRangeException(nameof(nBits), $"numerator {nBits} + divisor {dBits} bits must be at most 250 (numerator at least 2)");
        using var _ = api.Scope(rounding == Rounding.Floor ? "DivFloorSigned" : "DivCeilSigned");
        SignedInt.Check(api, n, nBits);
        RangeCheck.Check(api, d, dBits);
        var qr = api.Hint($"div-signed-{rounding}", (ins, outs) =>
        {
            var (q, r) = FixedPointMath.DivRoundSigned(FixedPointMath.ToSigned(ins[0]), ins[1].ToBigInteger(), rounding);
            outs[0] = Fr.FromBigInteger(q); outs[1] = Fr.FromBigInteger(r);
        }, 2, [n, d]);
        var (quotient, rem) = (qr[0], qr[1]);
        SignedInt.Check(api, quotient, nBits);
        Comparison.AssertLessThan(api, rem, d, dBits);
        if (rounding == Rounding.Floor) api.AddConstraint(quotient, d, n - rem);
        else api.AddConstraint(quotient, d, n + rem);
        return quotient;
    }

    /// <summary>round(a·b / d) with a &lt; 2^aBits, b &lt; 2^bBits, 0 &lt; d &lt; 2^dBits.</summary>
    public static Variable MulDiv(Api api, Variable a, Variable b, Variable d, int aBits, int bBits, int dBits, Rounding rounding)
    {
        using var _ = api.Scope("MulDiv");
        RangeCheck.Check(api, a, aBits);
        RangeCheck.Check(api, b, bBits);
        var product = api.Mul(a, b);
        api.RecordBits(product, aBits + bBits);
        return DivRound(api, product, d, aBits + bBits, dBits, rounding);
    }

    /// <summary>Fixed-point product round(a·b / scale) for values with a constant scale (e.g. 10⁸).</summary>
    public static Variable Mul(Api api, Variable a, Variable b, BigInteger scale, int bits, Rounding rounding) =>
        MulDiv(api, a, b, Fr.FromBigInteger(scale), bits, bits, (int)scale.GetBitLength(), rounding);

    /// <summary>Fixed-point quotient round(a·scale / b), b &gt; 0.</summary>
    public static Variable Div(Api api, Variable a, Variable b, BigInteger scale, int bits, Rounding rounding) =>
        MulDiv(api, a, Fr.FromBigInteger(scale), b, bits, (int)scale.GetBitLength(), bits, rounding);
}
