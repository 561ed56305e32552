using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Comparisons of unsigned integers below 2^bits, with bits an explicit parameter (at most <see cref="MaxBits"/>).
/// Each input is range-checked to the bound unless a gadget already proved it, so the comparison never holds for
/// an out-of-range (wrapped) value: −1 is not "less than" 5 here, it is rejected as not fitting.
/// </summary>
public static class Comparison
{
    /// <summary>Keeps differences and their 2^bits offsets far below r.</summary>
    public const int MaxBits = 252;

    /// <summary>a &lt; b: range check of b − a − 1 to bits (plus input checks).</summary>
    public static void AssertLessThan(Api api, Variable a, Variable b, int bits)
    {
        using var _ = Enter(api, "AssertLessThan", a, b, bits);
        RangeCheck.Check(api, b - a - 1, bits);
    }

    /// <summary>a ≤ b: range check of b − a to bits (plus input checks).</summary>
    public static void AssertLessOrEqual(Api api, Variable a, Variable b, int bits)
    {
        using var _ = Enter(api, "AssertLessOrEqual", a, b, bits);
        RangeCheck.Check(api, b - a, bits);
    }

    /// <summary>1 if a &lt; b else 0: the top bit of b − a − 1 + 2^bits (bits + 2 constraints plus input checks).</summary>
    public static Variable IsLessThan(Api api, Variable a, Variable b, int bits)
    {
        using var _ = Enter(api, "IsLessThan", a, b, bits);
        return NonNegative(api, b - a - 1, bits);
    }

    /// <summary>1 if a ≤ b else 0.</summary>
    public static Variable IsLessOrEqual(Api api, Variable a, Variable b, int bits)
    {
        using var _ = Enter(api, "IsLessOrEqual", a, b, bits);
        return NonNegative(api, b - a, bits);
    }

    /// <summary>For d ∈ [−2^bits, 2^bits): 1 if d ≥ 0, read as bit `bits` of d + 2^bits.</summary>
    internal static Variable NonNegative(Api api, Variable d, int bits)
    {
        var shifted = d + Fr.FromBigInteger(BigInteger.One << bits);
        var b = Bits.ToBinary(api, shifted, bits + 1);
        return b[bits];
    }

    private static Api.ScopeHandle Enter(Api api, string name, Variable a, Variable b, int bits)
    {
        if (bits < 1 || bits > MaxBits) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"comparison width must be 1..{MaxBits} bits");
        var scope = api.Scope(name);
        RangeCheck.Check(api, a, bits);
        RangeCheck.Check(api, b, bits);
        return scope;
    }
}
