using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// F_p¹² = F_p⁶[w]/(w² − v): elements c0 + c1·w. The field where Miller loops run and GT lives.
/// Written out over F_p², an element is g0 + h0·w + g1·w² + h1·w³ + g2·w⁴ + h2·w⁵ with c0 = (g0, g1, g2), c1 = (h0, h1, h2).
/// </summary>
[SkipLocalsInit] // no stackalloc here: only definitely assigned struct temporaries, whose prologue zeroing this skips
public readonly struct Fp12 : IField<Fp12>
{
    /// <summary>The coefficients of c0 + c1·w over F_p⁶.</summary>
    public readonly Fp6 C0, C1;

    /// <summary>c0 + c1·w.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12(in Fp6 c0, in Fp6 c1) { C0 = c0; C1 = c1; }

    /// <summary>0.</summary>
    public static Fp12 Zero => default;
    /// <summary>1 (also the identity of GT).</summary>
    public static Fp12 One => new(Fp6.One, Fp6.Zero);
    /// <summary>True for 0.</summary>
    public bool IsZero => C0.IsZero && C1.IsZero;
    /// <summary>True for 1.</summary>
    public bool IsOne => C0.IsOne && C1.IsZero;

    /// <summary>Componentwise a + b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp12 operator +(in Fp12 a, in Fp12 b) => new(a.C0 + b.C0, a.C1 + b.C1);
    /// <summary>Componentwise a − b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp12 operator -(in Fp12 a, in Fp12 b) => new(a.C0 - b.C0, a.C1 - b.C1);
    /// <summary>Componentwise −a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp12 operator -(in Fp12 a) => new(-a.C0, -a.C1);

    /// <summary>
    /// Karatsuba: three F_p⁶ multiplications, kept unreduced (<see cref="Fp6.MulWide"/>) and each of the 12 result
    /// coefficients reduced once (12 reductions instead of 18). Per F_p² coefficient, in units of p² (real part;
    /// u-part), an F_p⁶ product of reduced values is in (−7, 3; −2, 8), (−5, 3; −1, 7), (−3, 3; 0, 6) (see there), so
    /// ξ·t1₂ is in (−9, 3; −3, 9) and c0 = t0 + v·t1 = (t0₀ + ξt1₂, t0₁ + t1₀, t0₂ + t1₁) is in (−16, 6; −5, 17),
    /// (−12, 6; −3, 15), (−8, 6; −1, 13); c1 = s − t0 − t1 with s = (a0 + a1)(b0 + b1) (sums reduced) is in
    /// (−13, 17; −18, 12), (−11, 13; −15, 9), (−9, 9; −12, 6): inside the ±19.7 of <see cref="FpWide.ReduceSignedLoose"/>.
    /// </summary>
    public static Fp12 operator *(in Fp12 a, in Fp12 b)
    {
        Fp6.MulWide(a.C0, b.C0, out var t00, out var t01, out var t02);
        Fp6.MulWide(a.C1, b.C1, out var t10, out var t11, out var t12);
        Fp6.MulWide(a.C0 + a.C1, b.C0 + b.C1, out var s0, out var s1, out var s2);
        return new(
            new Fp6((t00 + t12.MulByNonResidue()).ReduceLoose(), (t01 + t10).ReduceLoose(), (t02 + t11).ReduceLoose()),
            new Fp6((s0 - t00 - t10).ReduceLoose(), (s1 - t01 - t11).ReduceLoose(), (s2 - t02 - t12).ReduceLoose()));
    }

    /// <summary>
    /// With AVX2, over F_p⁴ (as in <see cref="CyclotomicSquareUnchecked"/>: z = A + B·w + C·w², s = w³):
    /// z² = (A² + 2s·BC) + (2AB + s·C²)·w + (B² + 2AC)·w², three F_p⁴ squarings and three products, each one
    /// four-lane product (<see cref="FpX4"/>). Otherwise complex squaring: (a + bw)² = (a + b)(a + vb) − ab − v·ab + 2ab·w,
    /// two F_p⁶ multiplications.
    /// </summary>
    public Fp12 Square()
    {
        if (FpX4.IsSupported) return SquareInLanes();
        var ab = C0 * C1;
        var c0 = (C0 + C1) * (C0 + C1.MulByNonResidue()) - ab - ab.MulByNonResidue();
        return new(c0, ab.Double());
    }

    /// <summary>
    /// <see cref="MulBy014"/> over F_p⁴: the line is A_l + C_l·w² with A_l = c0 + c4·s and C_l = c1, so
    /// f·l = (A·A_l + s·B·c1) + (B·A_l + s·C·c1)·w + (C·A_l + A·c1)·w²: three F_p⁴ products and three F_p⁴ × F_p²
    /// products, each one four-lane product.
    /// </summary>
    private Fp12 MulBy014InLanes(in Fp2 c0, in Fp2 c1, in Fp2 c4)
    {
        Fp4MulInLanes(C0.C0, C1.C1, c0, c4, out var aa0, out var aa1);
        Fp4MulInLanes(C1.C0, C0.C2, c0, c4, out var ba0, out var ba1);
        Fp4MulInLanes(C0.C1, C1.C2, c0, c4, out var ca0, out var ca1);
        Fp4ScaleInLanes(C1.C0, C0.C2, c1, out var bc0, out var bc1);
        Fp4ScaleInLanes(C0.C1, C1.C2, c1, out var cc0, out var cc1);
        Fp4ScaleInLanes(C0.C0, C1.C1, c1, out var ac0, out var ac1);
        return new(
            new Fp6(aa0 + bc1.MulByNonResidue(), ca0 + ac0, ba1 + cc0),
            new Fp6(ba0 + cc1.MulByNonResidue(), aa1 + bc0, ca1 + ac1));
    }

    /// <summary>
    /// <see cref="MulByLineProduct"/> over F_p⁴: the line product is A_l + B_l·w + C_l·w² with A_l = g0 + h1·s,
    /// B_l = g2·s, C_l = g1 + h2·s, and f·l = (A·A_l + s(B·C_l + C·B_l)) + (A·B_l + B·A_l + s·C·C_l)·w
    /// + (A·C_l + B·B_l + C·A_l)·w²: six F_p⁴ products and three by g2 (X·g2·s = ξ·x1g2 + x0g2·s), each one
    /// four-lane product.
    /// </summary>
    private Fp12 MulByLineProductInLanes(in Fp6 g, in Fp2 h1, in Fp2 h2)
    {
        Fp4MulInLanes(C0.C0, C1.C1, g.C0, h1, out var aa0, out var aa1);
        Fp4MulInLanes(C1.C0, C0.C2, g.C1, h2, out var bc0, out var bc1);
        Fp4MulInLanes(C1.C0, C0.C2, g.C0, h1, out var ba0, out var ba1);
        Fp4MulInLanes(C0.C1, C1.C2, g.C1, h2, out var cc0, out var cc1);
        Fp4MulInLanes(C0.C0, C1.C1, g.C1, h2, out var ac0, out var ac1);
        Fp4MulInLanes(C0.C1, C1.C2, g.C0, h1, out var ca0, out var ca1);
        Fp4ScaleInLanes(C0.C1, C1.C2, g.C2, out var cb0, out var cb1);
        Fp4ScaleInLanes(C0.C0, C1.C1, g.C2, out var ab0, out var ab1);
        Fp4ScaleInLanes(C1.C0, C0.C2, g.C2, out var bb0, out var bb1);
        return new(
            new Fp6(aa0 + (bc1 + cb0).MulByNonResidue(), ac0 + bb1.MulByNonResidue() + ca0, ab0 + ba1 + cc0),
            new Fp6((ab1 + cc1).MulByNonResidue() + ba0, aa1 + bc0 + cb1.MulByNonResidue(), ac1 + bb0 + ca1));
    }

    /// <summary>(x0 + x1·s)·c = x0c + x1c·s as one four-lane product (each lane a sum of two F_p products).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Fp4ScaleInLanes(in Fp2 x0, in Fp2 x1, in Fp2 c, out Fp2 r0, out Fp2 r1)
    {
        FpX4.Load(out var a, x0.C0, x0.C0, x1.C0, x1.C0);
        FpX4.Load(out var b, c.C0, c.C1, c.C0, c.C1);
        FpX4.Load(out var d, -x0.C1, x0.C1, -x1.C1, x1.C1);
        FpX4.Load(out var e, c.C1, c.C0, c.C1, c.C0);
        FpX4.MulAdd(a, b, d, e, out var r);
        r.Store(out var r00, out var r01, out var r10, out var r11);
        r0 = new Fp2(r00, r01);
        r1 = new Fp2(r10, r11);
    }

    private Fp12 SquareInLanes()
    {
        // A = g0 + h1·s, B = h0 + g2·s, C = g1 + h2·s with C0 = (g0, g1, g2), C1 = (h0, h1, h2); s·(x + y·s) = ξy + x·s.
        Fp4SquareInLanes(C0.C0, C1.C1, out var a0, out var a1);
        Fp4SquareInLanes(C1.C0, C0.C2, out var b0, out var b1);
        Fp4SquareInLanes(C0.C1, C1.C2, out var c0, out var c1);
        var bd0 = C1.C0.Double();
        var bd1 = C0.C2.Double();
        Fp4MulInLanes(bd0, bd1, C0.C1, C1.C2, out var bc0, out var bc1);   // 2BC
        Fp4MulInLanes(C0.C0, C1.C1, bd0, bd1, out var ab0, out var ab1);   // 2AB
        Fp4MulInLanes(C0.C0, C1.C1, C0.C1.Double(), C1.C2.Double(), out var ac0, out var ac1); // 2AC
        var g0 = a0 + bc1.MulByNonResidue();
        var h1 = a1 + bc0;
        var h0 = ab0 + c1.MulByNonResidue();
        var g2 = ab1 + c0;
        var g1 = b0 + ac0;
        var h2 = b1 + ac1;
        return new(new Fp6(g0, g1, g2), new Fp6(h0, h1, h2));
    }

    /// <summary>2x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12 Double() => new(C0.Double(), C1.Double());

    /// <summary>
    /// this · (c0 + c1·v + c4·v·w): the product with a line function, whose only non-zero F_p² coefficients are
    /// 0 (1), 1 (v) and 4 (v·w) in the order (c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2). 13 F_p² multiplications
    /// instead of 18 for a full product, with lazy reduction one level up: the three sparse F_p⁶ products stay
    /// unreduced and each of the 12 result coefficients is reduced once (12 reductions instead of 18).
    /// With t0 = C0·(c0 + c1·v), t1 = C1·c4·v = (ξ·C1.C2·c4, C1.C0·c4, C1.C1·c4) and s = (C0 + C1)·(c0 + (c1 + c4)·v)
    /// (sums reduced mod p, so s has <see cref="Fp6.MulBy01"/>'s bounds), the bounds per F_p² coefficient in units of
    /// p² (real part; u-part) are t0: (−4, 2; −1, 5), (−2, 2; 0, 4), (−2, 2; 0, 4); t1: (−3, 1; −1, 3), (−1, 1; 0, 2),
    /// (−1, 1; 0, 2); so c0 = t0 + v·t1 = (t0₀ + ξ·t1₂, t0₁ + t1₀, t0₂ + t1₁) is in (−7, 3; −2, 8), (−5, 3; −1, 7),
    /// (−3, 3; 0, 6) and c1 = s − t0 − t1 in (−7, 9; −9, 7), (−5, 5; −6, 4), (−5, 5; −6, 4): inside the ±9.84 that
    /// the reduction accepts.
    /// </summary>
    public Fp12 MulBy014(in Fp2 c0, in Fp2 c1, in Fp2 c4)
    {
        if (FpX4.IsSupported) return MulBy014InLanes(c0, c1, c4);
        C0.MulBy01Wide(c0, c1, out var a0, out var a1, out var a2);
        var b0 = Fp2Wide.Mul(C1.C2, c4).MulByNonResidue();
        var b1 = Fp2Wide.Mul(C1.C0, c4);
        var b2 = Fp2Wide.Mul(C1.C1, c4);
        (C0 + C1).MulBy01Wide(c0, c1 + c4, out var s0, out var s1, out var s2);
        return new(
            new Fp6((a0 + b2.MulByNonResidue()).Reduce(), (a1 + b0).Reduce(), (a2 + b1).Reduce()),
            new Fp6((s0 - a0 - b0).Reduce(), (s1 - a1 - b1).Reduce(), (s2 - a2 - b2).Reduce()));
    }

    /// <summary>
    /// this · (g + (h1·v + h2·v²)·w): the product of two line functions (<see cref="PreparedG2Pair"/>), zero only in
    /// slot 3 (w). Karatsuba over F_p⁶ with the sparse half as v·(h1 + h2·v): 6 + 5 + 6 = 17 F_p² multiplications,
    /// reduced once per coefficient as in the full product. With t = C0·g, m = C1·(h1 + h2·v) (<see
    /// cref="Fp6.MulBy01"/>'s bounds: (−4, 2; −1, 5), (−2, 2; 0, 4), (−2, 2; 0, 4) in units of p²) and
    /// s = (C0 + C1)·(g + h1·v + h2·v²): c0 = t + v²·m = (t₀ + ξm₁, t₁ + ξm₂, t₂ + m₀) is in (−13, 5; −4, 14),
    /// (−11, 5; −3, 13), (−7, 5; −1, 11) and c1 = s − t − v·m = (s₀ − t₀ − ξm₂, s₁ − t₁ − m₀, s₂ − t₂ − m₁) in
    /// (−12, 16; −16, 12), (−10, 12; −13, 9), (−8, 8; −10, 6): inside the ±19.7 of <see cref="FpWide.ReduceSignedLoose"/>.
    /// </summary>
    internal Fp12 MulByLineProduct(in Fp6 g, in Fp2 h1, in Fp2 h2)
    {
        if (FpX4.IsSupported) return MulByLineProductInLanes(g, h1, h2);
        Fp6.MulWide(C0, g, out var t0, out var t1, out var t2);
        C1.MulBy01Wide(h1, h2, out var m0, out var m1, out var m2);
        Fp6.MulWide(C0 + C1, new Fp6(g.C0, g.C1 + h1, g.C2 + h2), out var s0, out var s1, out var s2);
        return new(
            new Fp6((t0 + m1.MulByNonResidue()).ReduceLoose(), (t1 + m2.MulByNonResidue()).ReduceLoose(), (t2 + m0).ReduceLoose()),
            new Fp6((s0 - t0 - m2.MulByNonResidue()).ReduceLoose(), (s1 - t1 - m0).ReduceLoose(), (s2 - t2 - m1).ReduceLoose()));
    }

    /// <summary>
    /// The product of two line functions c0 + c1·v + c4·v·w and d0 + d1·v + d4·v·w (v³ = ξ, w² = v), in the shape
    /// <see cref="MulByLineProduct"/> takes: g = (c0d0 + ξc4d4, c0d1 + c1d0, c1d1), h1 = c0d4 + c4d0, h2 = c1d4 + c4d1.
    /// Karatsuba (6 F_p² products) with lazy reduction: each cross sum is the exact integer (x + y)(x' + y') − xx' − yy'
    /// of unreduced sums, so every coefficient is reduced once. Bounds, by |a·b| &lt; p² per F_p product: g0 in
    /// (−4p², 2p²) and (−p², 5p²), the cross sums in (−2p², 2p²) and [0, 4p²), g2 in (−p², p²) and [0, 2p²).
    /// </summary>
    internal static void LineProduct(in Fp2 c0, in Fp2 c1, in Fp2 c4, in Fp2 d0, in Fp2 d1, in Fp2 d4, out Fp6 g, out Fp2 h1, out Fp2 h2)
    {
        var t0 = Fp2Wide.Mul(c0, d0);
        var t1 = Fp2Wide.Mul(c1, d1);
        var t4 = Fp2Wide.Mul(c4, d4);
        var g0 = t4.MulByNonResidue() + t0;
        var g1 = Fp2Wide.Mul(Fp2Wide.AddUnreduced(c0, c1), Fp2Wide.AddUnreduced(d0, d1)) - t0 - t1;
        g = new Fp6(g0.Reduce(), g1.Reduce(), t1.Reduce());
        h1 = (Fp2Wide.Mul(Fp2Wide.AddUnreduced(c0, c4), Fp2Wide.AddUnreduced(d0, d4)) - t0 - t4).Reduce();
        h2 = (Fp2Wide.Mul(Fp2Wide.AddUnreduced(c1, c4), Fp2Wide.AddUnreduced(d1, d4)) - t1 - t4).Reduce();
    }

    /// <summary>The conjugate c0 − c1·w = this^(p⁶); the inverse for elements of the cyclotomic subgroup (all of GT).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp12 Conjugate() => new(C0, -C1);

    /// <summary>x ↦ x^(p^k): (c0 + c1 w)^(p^k) = c0^(p^k) + c1^(p^k)·ξ^((p^k − 1)/6)·w.</summary>
    public Fp12 Frobenius(int k)
    {
        k = ((k % 12) + 12) % 12;
        if (k == 0) return this;
        return new(C0.Frobenius(k), C1.Frobenius(k) * FrobeniusCoefficients.W[k]);
    }

    /// <summary>(a + bw)⁻¹ = (a − bw)/(a² − v·b²). Zero maps to zero.</summary>
    public Fp12 Inverse()
    {
        var t = (C0.Square() - C1.Square().MulByNonResidue()).Inverse();
        return new(C0 * t, -(C1 * t));
    }

    /// <summary>
    /// Squaring valid only in the cyclotomic subgroup (order p⁴ − p² + 1, which holds every value after the easy part
    /// of the final exponentiation). Granger and Scott, "Faster squaring in the cyclotomic subgroup of sixth degree
    /// extensions" (PKC 2010): view F_p¹² as F_p⁴[w]/(w³ − s) with F_p⁴ = F_p²[s]/(s² − ξ), s = w³, so that
    /// z = A + B·w + C·w² with A = g0 + h1·s, B = h0 + g2·s, C = g1 + h2·s, and
    /// z² = (3A² − 2Ā) + (3s·C² + 2B̄)·w + (3B² − 2C̄)·w², where Ā is the conjugate over F_p² (s ↦ −s).
    /// Nine F_p² squarings instead of twelve F_p² multiplications. The result is wrong outside the subgroup,
    /// hence the name.
    /// </summary>
    public Fp12 CyclotomicSquareUnchecked()
    {
        // A = (g0, h1), B = (h0, g2), C = (g1, h2).
        Fp4Square(C0.C0, C1.C1, out var a0, out var a1);
        Fp4Square(C1.C0, C0.C2, out var b0, out var b1);
        Fp4Square(C0.C1, C1.C2, out var c0, out var c1);

        // A' = 3A² − 2Ā: real part 3a0 − 2g0, s-part 3a1 + 2h1.
        var g0 = a0 - C0.C0; g0 = g0.Double() + a0;
        var h1 = a1 + C1.C1; h1 = h1.Double() + a1;
        // B' = 3s·C² + 2B̄: s·(c0 + c1 s) = ξc1 + c0 s; real part 3ξc1 + 2h0, s-part 3c0 − 2g2.
        var xc1 = c1.MulByNonResidue();
        var h0 = xc1 + C1.C0; h0 = h0.Double() + xc1;
        var g2 = c0 - C0.C2; g2 = g2.Double() + c0;
        // C' = 3B² − 2C̄: real part 3b0 − 2g1, s-part 3b1 + 2h2.
        var g1 = b0 - C0.C1; g1 = g1.Double() + b0;
        var h2 = b1 + C1.C2; h2 = h2.Double() + b1;
        return new(new Fp6(g0, g1, g2), new Fp6(h0, h1, h2));
    }

    /// <summary>
    /// (x + y·s)² in F_p⁴ = F_p²[s]/(s² − ξ): (x² + ξy²) + 2xy·s, with lazy reduction: three unreduced F_p² squares
    /// (six 768-bit products) and four reductions, 2xy taken as (x + y)² − x² − y². An F_p² square a0² − a1² is taken as
    /// (a0 + a1)·(a0 + (−a1)), which differs from it by a multiple of p and lies in [0, 4p²); 2a0a1 in [0, 2p²). So the
    /// real part of x² + ξy² is in (−2p², 8p²) and the s-part in [0, 8p²), and 2xy has parts in (−8p², 4p²) and
    /// (−4p², 2p²): all inside the reduction's (−9.84p², 9.84p²).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Fp4Square(in Fp2 x, in Fp2 y, out Fp2 r0, out Fp2 r1)
    {
        SquareWide(x, out var x0, out var x1);
        SquareWide(y, out var y0, out var y1);
        FpWide.Subtract(y0, y1, out var d);
        FpWide.Add(d, x0, out var c0);
        FpWide.Add(y0, y1, out var e);
        FpWide.Add(e, x1, out var c1);
        r0 = new Fp2(FpWide.ReduceSigned(c0), FpWide.Reduce(c1));
        SquareWide(x + y, out var s0, out var s1);
        FpWide.Add(x0, y0, out var q0);
        FpWide.Subtract(s0, q0, out var t0);
        FpWide.Add(x1, y1, out var q1);
        FpWide.Subtract(s1, q1, out var t1);
        r1 = new Fp2(FpWide.ReduceSigned(t0), FpWide.ReduceSigned(t1));
    }

    /// <summary>
    /// <see cref="Fp12.Fp4Square"/> with its four F_p outputs as the four lanes of one <see cref="FpX4"/> product, each a
    /// sum of at most three F_p products reduced once (x = x0 + x1·u, y = y0 + y1·u; ξ = 1 + u):
    /// x² + ξy² = [(x0+x1)(x0−x1) + (y0+y1)(y0−y1) − 2y0·y1] + [2x0·x1 + (y0+y1)(y0−y1) + 2y0·y1]·u and
    /// 2xy = [2x0·y0 − 2x1·y1] + [2x0·y1 + 2x1·y0]·u. The operands are reduced F_p values, so each lane's sum is below 3p².
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Fp4SquareInLanes(in Fp2 x, in Fp2 y, out Fp2 r0, out Fp2 r1)
    {
        var x0x2 = x.C0.Double();
        var x1x2 = x.C1.Double();
        var y0x2 = y.C0.Double();
        var ySum = y.C0 + y.C1;
        var yDiff = y.C0 - y.C1;
        FpX4.Load(out var a, x.C0 + x.C1, x0x2, x0x2, x0x2);
        FpX4.Load(out var b, x.C0 - x.C1, x.C1, y.C0, y.C1);
        FpX4.Load(out var c, ySum, ySum, -x1x2, x1x2);
        FpX4.Load(out var d, yDiff, yDiff, y.C1, y.C0);
        FpX4.Load(out var e, -y0x2, y0x2, Fp.Zero, Fp.Zero);
        FpX4.Load(out var f, y.C1, y.C1, Fp.Zero, Fp.Zero);
        FpX4.MulAdd(a, b, c, d, e, f, out var r);
        r.Store(out var r00, out var r01, out var r10, out var r11);
        r0 = new Fp2(r00, r01);
        r1 = new Fp2(r10, r11);
    }

    /// <summary>
    /// (x0 + x1·s)(y0 + y1·s) = (x0y0 + ξ·x1y1) + (x0y1 + x1y0)·s in F_p⁴ as one four-lane product, each lane one F_p
    /// output coefficient and a sum of four F_p products of reduced values (below 4p²), reduced once. With
    /// xᵢ = xᵢ0 + xᵢ1·u and ξ = 1 + u: the real part of x0y0 + ξx1y1 is x00y00 − x01y01 + x10(y10 − y11) − x11(y10 + y11),
    /// its u part x00y01 + x01y00 + x10(y10 + y11) + x11(y10 − y11); the s part is x0y1 + x1y0 written out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Fp4MulInLanes(in Fp2 x0, in Fp2 x1, in Fp2 y0, in Fp2 y1, out Fp2 r0, out Fp2 r1)
    {
        var x01Neg = -x0.C1;
        var x11Neg = -x1.C1;
        var ySum = y1.C0 + y1.C1;
        var yDiff = y1.C0 - y1.C1;
        FpX4.Load(out var a, x0.C0, x0.C0, x0.C0, x0.C0);
        FpX4.Load(out var b, y0.C0, y0.C1, y1.C0, y1.C1);
        FpX4.Load(out var c, x01Neg, x0.C1, x01Neg, x0.C1);
        FpX4.Load(out var d, y0.C1, y0.C0, y1.C1, y1.C0);
        FpX4.Load(out var e, x1.C0, x1.C0, x1.C0, x1.C0);
        FpX4.Load(out var f, yDiff, ySum, y0.C0, y0.C1);
        FpX4.Load(out var g, x11Neg, x1.C1, x11Neg, x1.C1);
        FpX4.Load(out var h, ySum, yDiff, y0.C1, y0.C0);
        FpX4.MulAdd(a, b, c, d, e, f, g, h, out var r);
        r.Store(out var r00, out var r01, out var r10, out var r11);
        r0 = new Fp2(r00, r01);
        r1 = new Fp2(r10, r11);
    }

    /// <summary>a² unreduced: (a0 + a1)(a0 − a1 + kp) with k ∈ {0, 1}, in [0, 4p²), and 2a0a1 in [0, 2p²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SquareWide(in Fp2 a, out FpWide c0, out FpWide c1)
    {
        FpWide.MulWide(FpWide.AddUnreduced(a.C0, a.C1), FpWide.AddUnreduced(a.C0, -a.C1), out c0);
        FpWide.MulWide(FpWide.AddUnreduced(a.C0, a.C0), a.C1, out c1);
    }

    /// <summary>this^e for a little-endian limb exponent (square and multiply, variable time; tests and rare paths).</summary>
    public Fp12 Pow(ReadOnlySpan<ulong> e)
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

    /// <summary>Equality of both coefficients.</summary>
    public static bool operator ==(in Fp12 a, in Fp12 b) => a.C0 == b.C0 && a.C1 == b.C1;
    /// <summary>Inequality.</summary>
    public static bool operator !=(in Fp12 a, in Fp12 b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(Fp12 other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Fp12 o && this == o;
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(C0, C1);
    /// <summary>"(c0, c1)".</summary>
    public override string ToString() => $"({C0}, {C1})";
}
