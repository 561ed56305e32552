using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// F_p⁶ = F_p²[v]/(v³ − ξ), ξ = u + 1: elements c0 + c1·v + c2·v². The middle of the pairing tower;
/// F_p¹² is built on it as F_p⁶[w]/(w² − v).
/// </summary>
[SkipLocalsInit] // no stackalloc here: only definitely assigned struct temporaries, whose prologue zeroing this skips
public readonly struct Fp6 : IField<Fp6>
{
    /// <summary>The coefficients of c0 + c1·v + c2·v² over F_p².</summary>
    public readonly Fp2 C0, C1, C2;

    /// <summary>c0 + c1·v + c2·v².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6(in Fp2 c0, in Fp2 c1, in Fp2 c2) { C0 = c0; C1 = c1; C2 = c2; }

    /// <summary>0.</summary>
    public static Fp6 Zero => default;
    /// <summary>1.</summary>
    public static Fp6 One => new(Fp2.One, Fp2.Zero, Fp2.Zero);
    /// <summary>True for 0.</summary>
    public bool IsZero => C0.IsZero && C1.IsZero && C2.IsZero;
    /// <summary>True for 1.</summary>
    public bool IsOne => C0.IsOne && C1.IsZero && C2.IsZero;

    /// <summary>Componentwise a + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator +(in Fp6 a, in Fp6 b) =>
        new(Fp2.AddIndependent(a.C0, b.C0), Fp2.AddIndependent(a.C1, b.C1), Fp2.AddIndependent(a.C2, b.C2));
    /// <summary>Componentwise a − b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator -(in Fp6 a, in Fp6 b) =>
        new(Fp2.SubtractIndependent(a.C0, b.C0), Fp2.SubtractIndependent(a.C1, b.C1), Fp2.SubtractIndependent(a.C2, b.C2));
    /// <summary>Componentwise −a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator -(in Fp6 a) => new(-a.C0, -a.C1, -a.C2);

    /// <summary>
    /// Karatsuba over three coefficients: six F_p² multiplications instead of nine, with lazy reduction
    /// (<see cref="Fp2Wide"/>): the F_p² products stay unreduced and each result coefficient is reduced once, 6
    /// Montgomery reductions instead of 12. Exact values, by |a·b| &lt; p² per F_p product of reduced values:
    /// c0 = a0b0 + ξ(a1b2 + a2b1) has real part in (−7p², 3p²) and u-part in (−2p², 8p²);
    /// c1 = a0b1 + a1b0 + ξ·a2b2 in (−5p², 3p²) and (−p², 7p²); c2 = a0b2 + a2b0 + a1b1 in (−3p², 3p²) and [0, 6p²):
    /// all inside the (−9.84p², 9.84p²) that the reduction accepts.
    /// </summary>
    public static Fp6 operator *(in Fp6 a, in Fp6 b)
    {
        MulWide(a, b, out var c0, out var c1, out var c2);
        return new(c0.Reduce(), c1.Reduce(), c2.Reduce());
    }

    /// <summary>The product before its reductions (the bounds above), for sums reduced once a level up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MulWide(in Fp6 a, in Fp6 b, out Fp2Wide c0, out Fp2Wide c1, out Fp2Wide c2)
    {
        var t0 = Fp2Wide.Mul(a.C0, b.C0);
        var t1 = Fp2Wide.Mul(a.C1, b.C1);
        var t2 = Fp2Wide.Mul(a.C2, b.C2);
        c0 = (Fp2Wide.Mul(Fp2Wide.AddUnreduced(a.C1, a.C2), Fp2Wide.AddUnreduced(b.C1, b.C2)) - t1 - t2).MulByNonResidue() + t0;
        c1 = Fp2Wide.Mul(Fp2Wide.AddUnreduced(a.C0, a.C1), Fp2Wide.AddUnreduced(b.C0, b.C1)) - t0 - t1 + t2.MulByNonResidue();
        c2 = Fp2Wide.Mul(Fp2Wide.AddUnreduced(a.C0, a.C2), Fp2Wide.AddUnreduced(b.C0, b.C2)) - t0 - t2 + t1;
    }

    /// <summary>Multiplication by an F_p² scalar (each coefficient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp6 operator *(in Fp6 a, in Fp2 b) => new(a.C0 * b, a.C1 * b, a.C2 * b);

    /// <summary>Chung–Hasan SQR2: two squarings and three multiplications in F_p² (2S + 3M).</summary>
    public Fp6 Square()
    {
        var s0 = C0.Square();
        var s1 = (C0 * C1).Double();
        var s2 = (C0 - C1 + C2).Square();
        var s3 = (C1 * C2).Double();
        var s4 = C2.Square();
        return new(s3.MulByNonResidue() + s0, s4.MulByNonResidue() + s1, s1 + s2 + s3 - s0 - s4);
    }

    /// <summary>2x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6 Double() => this + this;

    /// <summary>Multiplication by v (the quadratic non-residue of F_p¹² over F_p⁶): (c0, c1, c2) ↦ (ξ·c2, c0, c1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp6 MulByNonResidue() => new(C2.MulByNonResidue(), C0, C1);

    /// <summary>
    /// this · (b0 + b1·v): the sparse product the line functions need (5 F_p² multiplications, lazily reduced as in
    /// the full product: c0 = a0b0 + ξ·a2b1 in (−4p², 2p²) and (−p², 5p²), c1 = a0b1 + a1b0 and c2 = a1b1 + a2b0 in
    /// (−2p², 2p²) and [0, 4p²)).
    /// </summary>
    public Fp6 MulBy01(in Fp2 b0, in Fp2 b1)
    {
        MulBy01Wide(b0, b1, out var c0, out var c1, out var c2);
        return new(c0.Reduce(), c1.Reduce(), c2.Reduce());
    }

    /// <summary><see cref="MulBy01"/> before its reductions (same bounds), for sums reduced once a level up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void MulBy01Wide(in Fp2 b0, in Fp2 b1, out Fp2Wide c0, out Fp2Wide c1, out Fp2Wide c2)
    {
        var t0 = Fp2Wide.Mul(C0, b0);
        var t1 = Fp2Wide.Mul(C1, b1);
        c0 = Fp2Wide.Mul(C2, b1).MulByNonResidue() + t0;
        c1 = Fp2Wide.Mul(Fp2Wide.AddUnreduced(C0, C1), Fp2Wide.AddUnreduced(b0, b1)) - t0 - t1;
        c2 = Fp2Wide.Mul(C2, b0) + t1;
    }

    /// <summary>
    /// x ↦ x^(p^k): (c0 + c1 v + c2 v²)^(p^k) = c0^(p^k) + c1^(p^k)·γ1(k)·v + c2^(p^k)·γ2(k)·v², with
    /// γ1(k) = ξ^((p^k − 1)/3) and γ2(k) = γ1(k)² (see <see cref="FrobeniusCoefficients"/>).
    /// </summary>
    public Fp6 Frobenius(int k)
    {
        k = ((k % 12) + 12) % 12;
        if (k == 0) return this;
        return new(C0.Frobenius(k), C1.Frobenius(k) * FrobeniusCoefficients.V1[k], C2.Frobenius(k) * FrobeniusCoefficients.V2[k]);
    }

    /// <summary>
    /// Inverse via the adjugate: with t0 = a0² − ξa1a2, t1 = ξa2² − a0a1, t2 = a1² − a0a2,
    /// (a)·(t0 + t1 v + t2 v²) = a0t0 + ξ(a2t1 + a1t2) ∈ F_p². Zero maps to zero.
    /// </summary>
    public Fp6 Inverse()
    {
        var t0 = C0.Square() - (C1 * C2).MulByNonResidue();
        var t1 = C2.Square().MulByNonResidue() - C0 * C1;
        var t2 = C1.Square() - C0 * C2;
        var det = C0 * t0 + (C2 * t1 + C1 * t2).MulByNonResidue();
        var inv = det.Inverse();
        return new(t0 * inv, t1 * inv, t2 * inv);
    }

    /// <summary>Equality of all three coefficients.</summary>
    public static bool operator ==(in Fp6 a, in Fp6 b) => a.C0 == b.C0 && a.C1 == b.C1 && a.C2 == b.C2;
    /// <summary>Inequality.</summary>
    public static bool operator !=(in Fp6 a, in Fp6 b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(Fp6 other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Fp6 o && this == o;
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(C0, C1, C2);
    /// <summary>"(c0, c1, c2)".</summary>
    public override string ToString() => $"({C0}, {C1}, {C2})";
}
