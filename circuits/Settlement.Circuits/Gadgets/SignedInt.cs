using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Signed integers of a declared width: x represents an integer in [−2^(bits−1), 2^(bits−1)), a negative value v
/// being the field element r − |v|. Everything is proved on the offset value x + 2^(bits−1) ∈ [0, 2^bits).
/// </summary>
public static class SignedInt
{
    /// <summary>Proves x is a signed bits-wide integer.</summary>
    public static void Check(Api api, Variable x, int bits)
    {
        using var _ = api.Scope($"Signed{bits}");
        RangeCheck.Check(api, Offset(x, bits), bits);
    }

    /// <summary>1 if x &lt; 0 (and proves x is in range): the top bit of the offset value is 0.</summary>
    public static Variable IsNegative(Api api, Variable x, int bits)
    {
        using var _ = api.Scope("IsNegative");
        var b = Bits.ToBinary(api, Offset(x, bits), bits);
        return Api.Constant(1) - b[bits - 1];
    }

    public static void AssertLessThan(Api api, Variable a, Variable b, int bits) =>
        Comparison.AssertLessThan(api, Offset(a, bits), Offset(b, bits), bits);

    public static void AssertLessOrEqual(Api api, Variable a, Variable b, int bits) =>
        Comparison.AssertLessOrEqual(api, Offset(a, bits), Offset(b, bits), bits);

    public static Variable IsLessThan(Api api, Variable a, Variable b, int bits) =>
        Comparison.IsLessThan(api, Offset(a, bits), Offset(b, bits), bits);

    public static Variable IsLessOrEqual(Api api, Variable a, Variable b, int bits) =>
        Comparison.IsLessOrEqual(api, Offset(a, bits), Offset(b, bits), bits);

    private static Variable Offset(Variable x, int bits)
    {
        if (bits < 2 || bits > Comparison.MaxBits) throw new ArgumentOutOfRangeException(nameof(bits), bits, $"signed width must be 2..{Comparison.MaxBits} bits");
        return x + Fr.FromBigInteger(BigInteger.One << (bits - 1));
    }
}
