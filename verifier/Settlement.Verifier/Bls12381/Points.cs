using System.Numerics;
using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>The parameters that make a short-Weierstrass curve y² = x³ + b over <typeparamref name="TF"/>.</summary>
public interface ICurve<TF> where TF : struct, IField<TF>
{
    /// <summary>The curve coefficient b of y² = x³ + b.</summary>
    static abstract TF B { get; }
    /// <summary>x of the standard generator (affine).</summary>
    static abstract TF GeneratorX { get; }
    /// <summary>y of the standard generator (affine).</summary>
    static abstract TF GeneratorY { get; }
}

/// <summary>
/// A point in affine coordinates on the curve <typeparamref name="TCurve"/>. The point at infinity is flagged
/// (its coordinates are zero). Points from the checked decoders are on the curve and in the r-order subgroup.
/// In this code base <c>G1Affine</c> and <c>G2Affine</c> name the two instances.
/// </summary>
public readonly struct AffinePoint<TF, TCurve> : IAffinePoint<AffinePoint<TF, TCurve>, TF>, IEquatable<AffinePoint<TF, TCurve>>
    where TF : struct, IField<TF>
    where TCurve : ICurve<TF>
{
    /// <summary>Affine x; zero for the point at infinity.</summary>
    public TF X { get; }
    /// <summary>Affine y; zero for the point at infinity.</summary>
    public TF Y { get; }
    /// <summary>True for the point at infinity (the group identity).</summary>
    public bool IsInfinity { get; }

    private AffinePoint(in TF x, in TF y, bool infinity) { X = x; Y = y; IsInfinity = infinity; }

    /// <summary>The point at infinity, the group identity.</summary>
    public static AffinePoint<TF, TCurve> Infinity => new(TF.Zero, TF.Zero, true);
    /// <summary>The standard generator of the order-r subgroup.</summary>
    public static AffinePoint<TF, TCurve> Generator => new(TCurve.GeneratorX, TCurve.GeneratorY, false);

    /// <summary>Wraps coordinates without any check; for trusted data and internal use.</summary>
    public static AffinePoint<TF, TCurve> FromCoordinatesUnchecked(in TF x, in TF y) => new(x, y, false);

    /// <summary>Whether y² = x³ + b holds (infinity counts as on the curve). Says nothing about subgroup membership.</summary>
    public bool IsOnCurve => IsInfinity || Weierstrass<TF>.IsOnCurve(X, Y, TCurve.B);

    /// <summary>−P = (x, −y); infinity is its own negation.</summary>
    public static AffinePoint<TF, TCurve> operator -(in AffinePoint<TF, TCurve> p) => p.IsInfinity ? p : new(p.X, -p.Y, false);

    /// <summary>The same point with Z = 1 (infinity maps to the identity).</summary>
    public JacobianPoint<TF, TCurve> ToJacobian() => JacobianPoint<TF, TCurve>.FromAffine(this);

    /// <summary>Point equality; all points at infinity are equal.</summary>
    public static bool operator ==(in AffinePoint<TF, TCurve> a, in AffinePoint<TF, TCurve> b) =>
        a.IsInfinity == b.IsInfinity && (a.IsInfinity || (a.X == b.X && a.Y == b.Y));
    /// <summary>Point inequality.</summary>
    public static bool operator !=(in AffinePoint<TF, TCurve> a, in AffinePoint<TF, TCurve> b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(AffinePoint<TF, TCurve> other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AffinePoint<TF, TCurve> o && this == o;
    /// <inheritdoc/>
    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    /// <summary>"(x, y)" in the field's text form, or "infinity".</summary>
    public override string ToString() => IsInfinity ? "infinity" : $"({X}, {Y})";
}

/// <summary>
/// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the identity. <c>G1Jacobian</c> and <c>G2Jacobian</c>
/// name the two instances.
/// </summary>
public readonly struct JacobianPoint<TF, TCurve> : ICurveGroup<JacobianPoint<TF, TCurve>, AffinePoint<TF, TCurve>, TF>, IEquatable<JacobianPoint<TF, TCurve>>
    where TF : struct, IField<TF>
    where TCurve : ICurve<TF>
{
    /// <summary>Jacobian X (affine x = X/Z²).</summary>
    public TF X { get; }
    /// <summary>Jacobian Y (affine y = Y/Z³).</summary>
    public TF Y { get; }
    /// <summary>Jacobian Z; zero for the identity.</summary>
    public TF Z { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JacobianPoint(in TF x, in TF y, in TF z) { X = x; Y = y; Z = z; }

    /// <summary>The identity (Z = 0).</summary>
    public static JacobianPoint<TF, TCurve> Identity => new(TF.One, TF.One, TF.Zero);
    /// <summary>The standard generator of the order-r subgroup, with Z = 1.</summary>
    public static JacobianPoint<TF, TCurve> Generator => new(TCurve.GeneratorX, TCurve.GeneratorY, TF.One);
    /// <summary>True for the identity (Z = 0).</summary>
    public bool IsIdentity => Z.IsZero;

    /// <summary>Lifts an affine point (Z = 1); infinity maps to the identity.</summary>
    public static JacobianPoint<TF, TCurve> FromAffine(in AffinePoint<TF, TCurve> p) => p.IsInfinity ? Identity : new(p.X, p.Y, TF.One);
    /// <summary>Wraps Jacobian coordinates without any check (on curve, subgroup); for trusted data and internal use.</summary>
    public static JacobianPoint<TF, TCurve> FromJacobianUnchecked(in TF x, in TF y, in TF z) => new(x, y, z);

    /// <summary>P + Q for any two points, including P = Q, P = −Q and the identity (branches on them: variable time).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint<TF, TCurve> operator +(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b)
    {
        Weierstrass<TF>.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    /// <summary>−P = (X, −Y, Z).</summary>
    public static JacobianPoint<TF, TCurve> operator -(in JacobianPoint<TF, TCurve> a) => new(a.X, -a.Y, a.Z);
    /// <summary>P − Q.</summary>
    public static JacobianPoint<TF, TCurve> operator -(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => a + (-b);

    /// <summary>P + Q with Q affine (cheaper than the full addition); Q may be infinity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JacobianPoint<TF, TCurve> AddMixed(in AffinePoint<TF, TCurve> b)
    {
        if (b.IsInfinity) return this;
        Weierstrass<TF>.AddMixed(X, Y, Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }

    /// <summary>[2]P.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JacobianPoint<TF, TCurve> Double()
    {
        Weierstrass<TF>.Double(X, Y, Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    /// <summary>
    /// [k]P (variable time: for public scalars, or where the caller accepts timing leakage). P must be in the order-r
    /// subgroup, which is where an Fr scalar defines [k]P: G1 and G2 use the endomorphism methods of
    /// <see cref="ScalarMul"/>; <see cref="MultiplyBy"/> multiplies any point by an integer.
    /// </summary>
    public static JacobianPoint<TF, TCurve> operator *(in JacobianPoint<TF, TCurve> p, in Fr k)
    {
        // The type tests are JIT-time constants for struct instantiations: each instance keeps one branch.
        if (typeof(TCurve) == typeof(G1))
        {
            var r = ScalarMul.G1(Unsafe.As<JacobianPoint<TF, TCurve>, G1Jacobian>(ref Unsafe.AsRef(in p)), k);
            return Unsafe.As<G1Jacobian, JacobianPoint<TF, TCurve>>(ref r);
        }
        if (typeof(TCurve) == typeof(G2))
        {
            var r = ScalarMul.G2(Unsafe.As<JacobianPoint<TF, TCurve>, G2Jacobian>(ref Unsafe.AsRef(in p)), k);
            return Unsafe.As<G2Jacobian, JacobianPoint<TF, TCurve>>(ref r);
        }
        return MultiplyGeneric(p, k);
    }

    /// <summary>[k]P by the generic 4-bit window, for any point on the curve (the reference the fast paths are tested against).</summary>
    public static JacobianPoint<TF, TCurve> MultiplyGeneric(in JacobianPoint<TF, TCurve> p, in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        return CurveGroup.Multiply<JacobianPoint<TF, TCurve>, AffinePoint<TF, TCurve>, TF>(p, limbs);
    }

    /// <summary>[k]P for any integer k, not reduced mod r (cofactor and order checks).</summary>
    public JacobianPoint<TF, TCurve> MultiplyBy(BigInteger k)
    {
        if (k.Sign < 0) return (-this).MultiplyBy(-k);
        var bytes = k.ToByteArray(isUnsigned: true);
        var limbs = new ulong[(bytes.Length + 7) / 8];
        for (int i = 0; i < bytes.Length; i++) limbs[i / 8] |= (ulong)bytes[i] << (8 * (i % 8));
        return CurveGroup.Multiply<JacobianPoint<TF, TCurve>, AffinePoint<TF, TCurve>, TF>(this, limbs);
    }

    /// <summary>The affine form (one field inversion); the identity maps to infinity.</summary>
    public AffinePoint<TF, TCurve> ToAffine()
    {
        if (IsIdentity) return AffinePoint<TF, TCurve>.Infinity;
        Weierstrass<TF>.ToAffine(X, Y, Z, out var x, out var y);
        return AffinePoint<TF, TCurve>.FromCoordinatesUnchecked(x, y);
    }

    /// <summary>Y² = X³ + b·Z⁶.</summary>
    public bool IsOnCurve
    {
        get
        {
            if (IsIdentity) return true;
            var z2 = Z.Square();
            var z6 = z2.Square() * z2;
            return Y.Square() == X.Square() * X + TCurve.B * z6;
        }
    }

    /// <summary>Equality of the points represented (cross-multiplied, no inversion), not of the coordinates.</summary>
    public static bool operator ==(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => Weierstrass<TF>.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    /// <summary>Point inequality.</summary>
    public static bool operator !=(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(JacobianPoint<TF, TCurve> other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JacobianPoint<TF, TCurve> o && this == o;
    /// <summary>Hash of the affine form, so equal points hash alike.</summary>
    public override int GetHashCode() => ToAffine().GetHashCode();
    /// <summary>The affine form as text.</summary>
    public override string ToString() => ToAffine().ToString();
}
