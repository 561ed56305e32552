using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Gadgets;

/// <summary>Range checks: x ∈ [0, 2ⁿ) as an integer, so that 0 − 1 can never pass as r − 1.</summary>
public static class RangeCheck
{
    /// <summary>Proves 0 ≤ x &lt; 2ⁿ (n ≤ 254): n + 1 constraints, none if x is already known to fit.</summary>
    public static void Check(Api api, Variable x, int n)
    {
        if (n < 1 || n > Bits.MaxUniqueBits) throw new ArgumentOutOfRangeException(nameof(n), n, $"range width must be 1..{Bits.MaxUniqueBits} bits");
        if (api.KnownBits(x) is int known && known <= n) return;
        if (x.IsConstant) throw new ArgumentException($"the constant {x.ConstantValue} does not fit in {n} bits (gadget '{api.CurrentScope}')");
        using var _ = api.Scope($"Range{n}");
        Bits.ToBinary(api, x, n);
    }
}
