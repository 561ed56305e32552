using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// An F_p² value c0 + c1·u with unreduced, signed 768-bit coefficients (<see cref="FpWide"/>, two's complement): exact
/// integer sums and differences of F_p² products, reduced once per coefficient at the end. Lazy reduction one level
/// up from <see cref="Fp2"/>'s product: an F_p⁶ product reduces 6 coefficients instead of 12.
/// No operation checks bounds: every caller states why its final coefficients lie in (−p·2^384, p·2^384), which is
/// what <see cref="Reduce"/> needs (p·2^384 ≈ 9.84·p²). Intermediate values may wrap mod 2^768; the final value is
/// still exact because it is in range.
/// </summary>
[SkipLocalsInit] // no stackalloc here: the out temporaries of its inlined callers need no zeroing
internal readonly struct Fp2Wide
{
    public readonly FpWide C0, C1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fp2Wide(in FpWide c0, in FpWide c1) { C0 = c0; C1 = c1; }

    /// <summary>
    /// The exact product a·b (Karatsuba, three 768-bit products). Coefficients of a and b may be unreduced sums of
    /// two reduced values (below 2p, <see cref="AddUnreduced"/>); with bounds A and B on them, c0 ∈ (−AB, AB) and
    /// c1 ∈ [0, 2AB).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2Wide Mul(in Fp2 a, in Fp2 b)
    {
        FpWide.MulWide(a.C0, b.C0, out var t0);
        FpWide.MulWide(a.C1, b.C1, out var t1);
        // Sums below 4p < 2^383: MulWide's input range.
        FpWide.MulWide(FpWide.AddUnreduced(a.C0, a.C1), FpWide.AddUnreduced(b.C0, b.C1), out var t2);
        FpWide.Subtract(t0, t1, out var c0);
        FpWide.Subtract(t2, t0, out var d);
        FpWide.Subtract(d, t1, out var c1);
        return new(c0, c1);
    }

    /// <summary>a + b with coefficients below 2p (not reduced): an input for <see cref="Mul"/> only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 AddUnreduced(in Fp2 a, in Fp2 b) => new(FpWide.AddUnreduced(a.C0, b.C0), FpWide.AddUnreduced(a.C1, b.C1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2Wide operator +(in Fp2Wide a, in Fp2Wide b)
    {
        FpWide.Add(a.C0, b.C0, out var c0);
        FpWide.Add(a.C1, b.C1, out var c1);
        return new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2Wide operator -(in Fp2Wide a, in Fp2Wide b)
    {
        FpWide.Subtract(a.C0, b.C0, out var c0);
        FpWide.Subtract(a.C1, b.C1, out var c1);
        return new(c0, c1);
    }

    /// <summary>Multiplication by ξ = 1 + u: (c0 − c1) + (c0 + c1)·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2Wide MulByNonResidue()
    {
        FpWide.Subtract(C0, C1, out var c0);
        FpWide.Add(C0, C1, out var c1);
        return new(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Reduce() => new(FpWide.ReduceSigned(C0), FpWide.ReduceSigned(C1));

    /// <summary>Both coefficients by <see cref="FpWide.ReduceSignedLoose"/>: for values in (−2p·2^384, 2p·2^384) ≈ ±19.7p².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 ReduceLoose() => new(FpWide.ReduceSignedLoose(C0), FpWide.ReduceSignedLoose(C1));
}
