using System.Numerics;
using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// F_p² = F_p[u]/(u² + 1), elements c0 + c1·u. The field of G2 coordinates; the bottom of the
/// pairing tower F_p⁶ = F_p²[v]/(v³ − ξ), ξ = u + 1, F_p¹² = F_p⁶[w]/(w² − v).
/// </summary>
[SkipLocalsInit] // no stackalloc here: only definitely assigned struct temporaries, whose prologue zeroing this skips
public readonly struct Fp2 : IField<Fp2>
{
    /// <summary>The coefficients of c0 + c1·u (each in Montgomery form).</summary>
    public readonly Fp C0, C1;

    /// <summary>c0 + c1·u.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2(in Fp c0, in Fp c1) { C0 = c0; C1 = c1; }

    /// <summary>0.</summary>
    public static Fp2 Zero => default;
    /// <summary>1.</summary>
    public static Fp2 One => new(Fp.One, Fp.Zero);
    /// <summary>True for 0.</summary>
    public bool IsZero => C0.IsZero && C1.IsZero;
    /// <summary>True for 1.</summary>
    public bool IsOne => C0.IsOne && C1.IsZero;

    // (p − 3)/4, used by the square root (p ≡ 3 mod 4).
    private static readonly ulong[] ExpSqrtA = Fp.ToLimbs((Fp.Modulus - 3) / 4);
    // 1/2 in F_p, i.e. (p + 1)/2.
    private static readonly Fp HalfFp = Fp.FromBigInteger((Fp.Modulus + 1) / 2);

    /// <summary>Componentwise a + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator +(in Fp2 a, in Fp2 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    /// <summary>Componentwise a − b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(in Fp2 a, in Fp2 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    /// <summary>Componentwise −a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator -(in Fp2 a) => new(-a.C0, -a.C1);

    /// <summary>a + b by <see cref="Fp.AddIndependent"/>: for the many independent sums of the F_p⁶ operators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp2 AddIndependent(in Fp2 a, in Fp2 b) => new(Fp.AddIndependent(a.C0, b.C0), Fp.AddIndependent(a.C1, b.C1));

    /// <summary>a − b by <see cref="Fp.SubtractIndependent"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp2 SubtractIndependent(in Fp2 a, in Fp2 b) => new(Fp.SubtractIndependent(a.C0, b.C0), Fp.SubtractIndependent(a.C1, b.C1));

    /// <summary>
    /// Karatsuba with lazy reduction (<see cref="FpWide"/>): three 768-bit products, two Montgomery reductions
    /// instead of three.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(in Fp2 a, in Fp2 b)
    {
        FpWide.MulWide(a.C0, b.C0, out var t0);
        FpWide.MulWide(a.C1, b.C1, out var t1);
        FpWide.MulWide(FpWide.AddUnreduced(a.C0, a.C1), FpWide.AddUnreduced(b.C0, b.C1), out var t2);
        // c0 = a0b0 − a1b1 ∈ (−p², p²), lifted into [0, p·2^384).
        var c0 = FpWide.SubtractModP(t0, t1);
        // c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1 = a0b1 + a1b0 exactly (unreduced sums): in [0, 2p²) ⊂ [0, p·2^384).
        FpWide.Subtract(t2, t0, out var d);
        FpWide.Subtract(d, t1, out var c1);
        return new(FpWide.Reduce(c0), FpWide.Reduce(c1));
    }

    /// <summary>Scales both coefficients by an F_p element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp2 operator *(in Fp2 a, in Fp b) => new(a.C0 * b, a.C1 * b);

    /// <summary>(c0 + c1·u)² = (c0 + c1)(c0 − c1) + 2·c0·c1·u: two base multiplications.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Square()
    {
        var a = C0 + C1;
        var b = C0 - C1;
        var c = C0 * C1;
        return new(a * b, c.Double());
    }

    /// <summary>2x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 Double() => new(C0.Double(), C1.Double());

    /// <summary>Multiplication by ξ = 1 + u, the cubic non-residue of the tower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp2 MulByNonResidue() => new(C0 - C1, C0 + C1);

    /// <summary>c0 − c1·u, which is x^p (the Frobenius map).</summary>
    public Fp2 Conjugate() => new(C0, -C1);

    /// <summary>x ↦ x^(p^power): the identity for even powers, conjugation for odd ones.</summary>
    public Fp2 Frobenius(int power) => (power & 1) == 0 ? this : Conjugate();

    /// <summary>The norm c0² + c1², an element of F_p.</summary>
    public Fp Norm() => C0.Square() + C1.Square();

    /// <summary>1/x through the norm: (c0 − c1·u)/(c0² + c1²); zero maps to zero.</summary>
    public Fp2 Inverse()
    {
        var n = Norm().Inverse();
        return new(C0 * n, -(C1 * n));
    }

    /// <summary>
    /// x^e for e as little-endian 64-bit limbs (square-and-multiply: variable time in e, public exponents only).
    /// </summary>
    public Fp2 Pow(ReadOnlySpan<ulong> e)
    {
        var acc = One;
        for (int i = e.Length - 1; i >= 0; i--)
            for (int bit = 63; bit >= 0; bit--)
            {
                acc = acc.Square();
                if (((e[i] >> bit) & 1) != 0) acc *= this;
            }
        return acc;
    }

    /// <summary>Whether x is a square in F_p² (zero counts as one): the norm is a square in F_p.</summary>
    public bool IsSquare => Norm().Legendre() >= 0;

    /// <summary>
    /// A square root when one exists, through the norm: two F_p exponentiations instead of the two F_p² ones of
    /// Adj and Rodríguez-Henríquez's Algorithm 9 (3.9× faster, bench/RESULTS-perf.md). Which of the two roots ±r comes back is not specified;
    /// callers pick the sign they need (the ZCash sort flag, sgn0).
    /// For a = a0 + a1·u with a1 ≠ 0: α = √(a0² + a1²) exists iff a is a square; δ = (a0 + α)/2 and
    /// δ' = (a0 − α)/2 have product −a1²/4, a non-square, so exactly one of them is a square, and the root is
    /// x0 + x1·u with x0 = √δ (or √δ'), x1 = a1/(2x0). One exponentiation t = δ^((p−3)/4) gives both: when δ is a
    /// square, x0 = t·δ and 1/x0 = t; otherwise x0 = t·δ satisfies x0² = −δ, and the root is
    /// (−a1·x0·t²/2) − x0·u.
    /// </summary>
    public bool TrySqrt(out Fp2 root)
    {
        root = Zero;
        if (IsZero) return true;
        if (C1.IsZero)
        {
            // a = a0 ∈ F_p: either a0 or −a0 is a square in F_p (−1 is not), giving √a0 or √(−a0)·u.
            if (C0.TrySqrt(out var r)) { root = new Fp2(r, Fp.Zero); return true; }
            if ((-C0).TrySqrt(out r)) { root = new Fp2(Fp.Zero, r); return true; }
            return false;
        }
        if (!Norm().TrySqrt(out var alpha)) return false;
        var delta = (C0 + alpha) * HalfFp;
        var t = delta.Pow(ExpSqrtA);
        var x0 = t * delta;
        Fp2 candidate;
        if (x0.Square() == delta)
            candidate = new Fp2(x0, C1 * t * HalfFp);
        else
            candidate = new Fp2(-(C1 * x0 * t.Square() * HalfFp), -x0);
        if (candidate.Square() != this) return false;
        root = candidate;
        return true;
    }

    /// <summary>ZCash sort flag: compare c1 first, c0 only when c1 is zero.</summary>
    public bool IsLexicographicallyLargest => C1.IsZero ? C0.IsLexicographicallyLargest : C1.IsLexicographicallyLargest;

    /// <summary>sgn0 of RFC 9380 for m = 2.</summary>
    public bool Sgn0 => C0.Sgn0 || (C0.IsZero && C1.Sgn0);

    /// <summary>c0 + c1·u from integers, each reduced mod p.</summary>
    public static Fp2 FromBigIntegers(BigInteger c0, BigInteger c1) => new(Fp.FromBigInteger(c0), Fp.FromBigInteger(c1));

    /// <summary>Equality of both coefficients.</summary>
    public static bool operator ==(in Fp2 a, in Fp2 b) => a.C0 == b.C0 && a.C1 == b.C1;
    /// <summary>Inequality.</summary>
    public static bool operator !=(in Fp2 a, in Fp2 b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(Fp2 other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Fp2 o && this == o;
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    /// <summary>"(c0, c1)" with each coefficient in hex.</summary>
    public override string ToString() => $"({C0}, {C1})";
}
