using Settlement.Circuits.Frontend;
using Settlement.Circuits.Native;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>Integer square root: s with s² ≤ x &lt; (s+1)², s a hint from <see cref="FixedPointMath.ISqrt"/>.</summary>
public static class IntegerSqrt
{
    /// <summary>
    /// ⌊√x⌋ for 0 ≤ x &lt; 2^bits (bits ≤ 240). Constraints: s &lt; 2^⌈bits/2⌉, x − s² ∈ [0, 2^bits),
    /// (s+1)² − 1 − x ∈ [0, 2^(bits+2)); all terms stay below 2^(bits+2) so nothing wraps.
    /// </summary>
    public static Variable Floor(Api api, Variable x, int bits)
    {
        if (bits < 1 || bits > 240) throw new ArgumentOutOfRangeException(nameof(bits), bits, "square-root input width must be 1..240 bits");
        using var _ = api.Scope("ISqrt");
        RangeCheck.Check(api, x, bits);
        var s = api.Hint("isqrt", static (ins, outs) => outs[0] = Fr.FromBigInteger(FixedPointMath.ISqrt(ins[0].ToBigInteger())), 1, [x])[0];
        RangeCheck.Check(api, s, (bits + 1) / 2);
        var s2 = api.Mul(s, s);
        RangeCheck.Check(api, x - s2, bits);
        RangeCheck.Check(api, s2 + s * 2 - x, bits + 2); // (s+1)² − 1 − x
        return s;
    }
}
