namespace Settlement.Verifier.Bls12381;

/// <summary>
/// A curve E': y² = x³ + A'·x + B' with A'·B' ≠ 0 that the simplified SWU map targets, its constant Z, and the
/// two field operations the map needs beyond <see cref="IField{T}"/> (square root and sgn0). For BLS12-381,
/// E' is a curve isogenous to E (whose A = 0 rules the plain map out); see <see cref="MapToG1"/> and <see cref="MapToG2"/>.
/// </summary>
internal interface ISswuCurve<TF> where TF : struct, IField<TF>
{
    static abstract TF A { get; }
    static abstract TF B { get; }
    /// <summary>A non-square Z ≠ −1 with g(x) − Z irreducible and g(B / (Z·A)) square (RFC 9380, section 6.6.2).</summary>
    static abstract TF Z { get; }
    static abstract bool TrySqrt(in TF a, out TF root);
    static abstract bool Sgn0(in TF a);
}

/// <summary>
/// The simplified Shallue–van de Woestijne–Ulas map (Brier et al.; Wahby and Boneh), RFC 9380 section 6.6.2:
/// F → E'(F) for a curve E' with A'·B' ≠ 0. The sign of y follows sgn0(u), so u and −u map to opposite points.
/// </summary>
internal static class SimplifiedSwu<TF, TCurve>
    where TF : struct, IField<TF>
    where TCurve : ISswuCurve<TF>
{
    // −B/A, used for x1 in the general case, and B/(Z·A), the value of x1 in the exceptional case.
    private static readonly TF MinusBOverA = -(TCurve.B * TCurve.A.Inverse());
    private static readonly TF BOverZA = TCurve.B * (TCurve.Z * TCurve.A).Inverse();

    /// <summary>map_to_curve_simple_swu(u): an affine point (x, y) of E'.</summary>
    public static void Map(in TF u, out TF x, out TF y)
    {
        var zu2 = TCurve.Z * u.Square();                  // Z·u²
        var den = zu2.Square() + zu2;                     // Z²·u⁴ + Z·u²
        // Steps 1–3: x1 = (−B/A)·(1 + 1/den), or B/(Z·A) when den = 0 (u = 0 and the other exceptional u).
        var x1 = den.IsZero ? BOverZA : MinusBOverA * (TF.One + den.Inverse());
        var gx1 = G(x1);
        // Step 7: gx1 square → (x1, √gx1). Otherwise gx2 = (Z·u²)³·gx1 is square (Z is not): (x2, √gx2).
        if (TCurve.TrySqrt(gx1, out var y1))
        {
            x = x1;
            y = y1;
        }
        else
        {
            var x2 = zu2 * x1;
            if (!TCurve.TrySqrt(G(x2), out var y2))
                throw new InvalidOperationException("simplified SWU: neither g(x1) nor g(x2) is square; the curve constants are wrong");
            x = x2;
            y = y2;
        }
        // Step 9: choose the root whose sign matches u.
        if (TCurve.Sgn0(u) != TCurve.Sgn0(y)) y = -y;
    }

    /// <summary>g(x) = x³ + A·x + B.</summary>
    private static TF G(in TF x) => (x.Square() + TCurve.A) * x + TCurve.B;
}
