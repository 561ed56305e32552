using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Settlement.Verifier.Bls12381;

/// <summary>64-bit limb primitives for the Montgomery arithmetic.</summary>
internal static class Limbs
{
    /// <summary>
    /// High word of a 64×64-bit product. Callers compute the low word with a plain multiply: that keeps both
    /// halves in registers, where Math.BigMul's out parameter forces a stack round trip per product
    /// (measured: Fp mul 263 ns with BigMul, see bench/RESULTS.md for the figure with this).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong MulHi(ulong a, ulong b)
    {
        if (Bmi2.X64.IsSupported) return Bmi2.X64.MultiplyNoFlags(a, b);
        if (ArmBase.Arm64.IsSupported) return ArmBase.Arm64.MultiplyHigh(a, b);
        return Math.BigMul(a, b, out _);
    }
}
