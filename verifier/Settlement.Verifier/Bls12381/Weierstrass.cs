using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>A point in affine coordinates on a curve over <typeparamref name="TF"/>; what MSM and batch conversion need.</summary>
public interface IAffinePoint<TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    /// <summary>Affine x; zero for the point at infinity.</summary>
    TF X { get; }
    /// <summary>Affine y; zero for the point at infinity.</summary>
    TF Y { get; }
    /// <summary>True for the point at infinity.</summary>
    bool IsInfinity { get; }
    /// <summary>The point at infinity.</summary>
    static abstract TAff Infinity { get; }
    /// <summary>Wraps coordinates known to be on the curve (no check).</summary>
    static abstract TAff FromCoordinatesUnchecked(in TF x, in TF y);
}

/// <summary>
/// A curve group element in Jacobian coordinates with its affine twin: the operations generic algorithms
/// (MSM, fixed-base tables, batch normalisation) are written against, so a second curve needs no copied code.
/// </summary>
public interface ICurveGroup<TProj, TAff, TF>
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    /// <summary>The identity (Z = 0).</summary>
    static abstract TProj Identity { get; }
    /// <summary>Lifts an affine point (Z = 1); infinity maps to the identity.</summary>
    static abstract TProj FromAffine(in TAff p);
    /// <summary>Wraps Jacobian coordinates without any check; for trusted data and internal use.</summary>
    static abstract TProj FromJacobianUnchecked(in TF x, in TF y, in TF z);
    /// <summary>P + Q for any two points, the identity included.</summary>
    static abstract TProj operator +(in TProj a, in TProj b);
    /// <summary>−P.</summary>
    static abstract TProj operator -(in TProj a);
    /// <summary>P + Q with Q affine; Q may be infinity.</summary>
    TProj AddMixed(in TAff b);
    /// <summary>[2]P.</summary>
    TProj Double();
    /// <summary>True for the identity.</summary>
    bool IsIdentity { get; }
    /// <summary>The affine form (one field inversion); the identity maps to infinity.</summary>
    TAff ToAffine();
    /// <summary>Jacobian X (affine x = X/Z²).</summary>
    TF X { get; }
    /// <summary>Jacobian Y (affine y = Y/Z³).</summary>
    TF Y { get; }
    /// <summary>Jacobian Z; zero for the identity.</summary>
    TF Z { get; }
}

/// <summary>
/// Jacobian-coordinate formulas for y² = x³ + b (a = 0), shared by G1 (over Fp) and G2 (over Fp2).
/// (X, Y, Z) stands for (X/Z², Y/Z³); Z = 0 is the point at infinity. Formulas from the Explicit-Formulas
/// Database: dbl-2009-l (2M + 5S), add-2007-bl (11M + 5S), madd-2007-bl (7M + 4S); the equal-input and
/// inverse-input cases of addition are dispatched explicitly.
/// </summary>
internal static class Weierstrass<TF> where TF : struct, IField<TF>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in TF x1, in TF y1, in TF z1, out TF x3, out TF y3, out TF z3)
    {
        if (z1.IsZero) { x3 = x1; y3 = y1; z3 = z1; return; }
        var a = x1.Square();
        var b = y1.Square();
        var c = b.Square();
        var d = ((x1 + b).Square() - a - c).Double();
        var e = a.Double() + a;
        var f = e.Square();
        x3 = f - d.Double();
        var c8 = c.Double().Double().Double();
        y3 = e * (d - x3) - c8;
        z3 = (y1 * z1).Double();
    }

    public static void Add(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, in TF z2, out TF x3, out TF y3, out TF z3)
    {
        if (z1.IsZero) { x3 = x2; y3 = y2; z3 = z2; return; }
        if (z2.IsZero) { x3 = x1; y3 = y1; z3 = z1; return; }
        var z1z1 = z1.Square();
        var z2z2 = z2.Square();
        var u1 = x1 * z2z2;
        var u2 = x2 * z1z1;
        var s1 = y1 * z2 * z2z2;
        var s2 = y2 * z1 * z1z1;
        var h = u2 - u1;
        var r = (s2 - s1).Double();
        if (h.IsZero)
        {
            if (r.IsZero) { Double(x1, y1, z1, out x3, out y3, out z3); return; }
            x3 = TF.One; y3 = TF.One; z3 = TF.Zero;
            return;
        }
        var i = h.Double().Square();
        var j = h * i;
        var v = u1 * i;
        x3 = r.Square() - j - v.Double();
        y3 = r * (v - x3) - (s1 * j).Double();
        z3 = ((z1 + z2).Square() - z1z1 - z2z2) * h;
    }

    /// <summary>Adds an affine point (x2, y2) that is not the point at infinity.</summary>
    public static void AddMixed(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, out TF x3, out TF y3, out TF z3)
    {
        if (z1.IsZero) { x3 = x2; y3 = y2; z3 = TF.One; return; }
        var z1z1 = z1.Square();
        var u2 = x2 * z1z1;
        var s2 = y2 * z1 * z1z1;
        var h = u2 - x1;
        var r = (s2 - y1).Double();
        if (h.IsZero)
        {
            if (r.IsZero) { Double(x1, y1, z1, out x3, out y3, out z3); return; }
            x3 = TF.One; y3 = TF.One; z3 = TF.Zero;
            return;
        }
        var hh = h.Square();
        var i = hh.Double().Double();
        var j = h * i;
        var v = x1 * i;
        x3 = r.Square() - j - v.Double();
        y3 = r * (v - x3) - (y1 * j).Double();
        z3 = (z1 + h).Square() - z1z1 - hh;
    }

    /// <summary>Projective equality without inversion: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.</summary>
    public static bool Equal(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, in TF z2)
    {
        if (z1.IsZero || z2.IsZero) return z1.IsZero && z2.IsZero;
        var z1z1 = z1.Square();
        var z2z2 = z2.Square();
        return x1 * z2z2 == x2 * z1z1 && y1 * z2z2 * z2 == y2 * z1z1 * z1;
    }

    public static void ToAffine(in TF x, in TF y, in TF z, out TF ax, out TF ay)
    {
        var zi = z.Inverse();
        var zi2 = zi.Square();
        ax = x * zi2;
        ay = y * zi2 * zi;
    }

    /// <summary>y² = x³ + b.</summary>
    public static bool IsOnCurve(in TF x, in TF y, in TF b) => y.Square() == x.Square() * x + b;
}

/// <summary>Generic algorithms over any <see cref="ICurveGroup{TProj, TAff, TF}"/>.</summary>
public static class CurveGroup
{
    /// <summary>Converts many points to affine with one field inversion (Montgomery's trick); identities map to infinity.</summary>
    public static void BatchToAffine<TProj, TAff, TF>(ReadOnlySpan<TProj> points, Span<TAff> result)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        if (result.Length < points.Length) throw new ArgumentException("result span too short");
        var prefix = new TF[points.Length];
        var acc = TF.One;
        for (int i = 0; i < points.Length; i++)
        {
            prefix[i] = acc;
            if (!points[i].IsIdentity) acc *= points[i].Z;
        }
        acc = acc.Inverse();
        for (int i = points.Length - 1; i >= 0; i--)
        {
            if (points[i].IsIdentity) { result[i] = TAff.Infinity; continue; }
            var zi = acc * prefix[i];
            acc *= points[i].Z;
            var zi2 = zi.Square();
            result[i] = TAff.FromCoordinatesUnchecked(points[i].X * zi2, points[i].Y * zi2 * zi);
        }
    }

    /// <summary>[k]P for a canonical little-endian scalar, 4-bit fixed window (variable time: for public scalars).</summary>
    public static TProj Multiply<TProj, TAff, TF>(in TProj p, ReadOnlySpan<ulong> scalar)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var table = new TProj[16];
        table[0] = TProj.Identity;
        table[1] = p;
        for (int i = 2; i < 16; i++) table[i] = table[i - 1] + p;
        var acc = TProj.Identity;
        bool started = false;
        for (int limb = scalar.Length - 1; limb >= 0; limb--)
            for (int shift = 60; shift >= 0; shift -= 4)
            {
                if (started) acc = acc.Double().Double().Double().Double();
                int nib = (int)((scalar[limb] >> shift) & 0xF);
                if (nib != 0) { acc = acc + table[nib]; started = true; }
            }
        return acc;
    }
}
