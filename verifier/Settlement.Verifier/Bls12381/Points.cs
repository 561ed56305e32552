using System.Numerics;
using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>The parameters that make a short-Weierstrass curve y² = x³ + b over <typeparamref name="TF"/>.</summary>
public interface ICurve<TF> where TF : struct, IField<TF>
{
    static abstract TF B { get; }
    static abstract TF GeneratorX { get; }
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
    public TF X { get; }
    public TF Y { get; }
    public bool IsInfinity { get; }

    private AffinePoint(in TF x, in TF y, bool infinity) { X = x; Y = y; IsInfinity = infinity; }

    public static AffinePoint<TF, TCurve> Infinity => new(TF.Zero, TF.Zero, true);
    public static AffinePoint<TF, TCurve> Generator => new(TCurve.GeneratorX, TCurve.GeneratorY, false);

    /// <summary>Wraps coordinates without any check; for trusted data and internal use.</summary>
    public static AffinePoint<TF, TCurve> FromCoordinatesUnchecked(in TF x, in TF y) => new(x, y, false);

    public bool IsOnCurve => IsInfinity || Weierstrass<TF>.IsOnCurve(X, Y, TCurve.B);

    public static AffinePoint<TF, TCurve> operator -(in AffinePoint<TF, TCurve> p) => p.IsInfinity ? p : new(p.X, -p.Y, false);

    public JacobianPoint<TF, TCurve> ToJacobian() => JacobianPoint<TF, TCurve>.FromAffine(this);

    public static bool operator ==(in AffinePoint<TF, TCurve> a, in AffinePoint<TF, TCurve> b) =>
        a.IsInfinity == b.IsInfinity && (a.IsInfinity || (a.X == b.X && a.Y == b.Y));
    public static bool operator !=(in AffinePoint<TF, TCurve> a, in AffinePoint<TF, TCurve> b) => !(a == b);
    public bool Equals(AffinePoint<TF, TCurve> other) => this == other;
    public override bool Equals(object? obj) => obj is AffinePoint<TF, TCurve> o && this == o;
    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
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
    public TF X { get; }
    public TF Y { get; }
    public TF Z { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private JacobianPoint(in TF x, in TF y, in TF z) { X = x; Y = y; Z = z; }

    public static JacobianPoint<TF, TCurve> Identity => new(TF.One, TF.One, TF.Zero);
    public static JacobianPoint<TF, TCurve> Generator => new(TCurve.GeneratorX, TCurve.GeneratorY, TF.One);
    public bool IsIdentity => Z.IsZero;

    public static JacobianPoint<TF, TCurve> FromAffine(in AffinePoint<TF, TCurve> p) => p.IsInfinity ? Identity : new(p.X, p.Y, TF.One);
    public static JacobianPoint<TF, TCurve> FromJacobianUnchecked(in TF x, in TF y, in TF z) => new(x, y, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint<TF, TCurve> operator +(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b)
    {
        Weierstrass<TF>.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z);
        return new(x, y, z);
    }

    public static JacobianPoint<TF, TCurve> operator -(in JacobianPoint<TF, TCurve> a) => new(a.X, -a.Y, a.Z);
    public static JacobianPoint<TF, TCurve> operator -(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => a + (-b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public JacobianPoint<TF, TCurve> AddMixed(in AffinePoint<TF, TCurve> b)
    {
        if (b.IsInfinity) return this;
        Weierstrass<TF>.AddMixed(X, Y, Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }

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

    public static bool operator ==(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => Weierstrass<TF>.Equal(a.X, a.Y, a.Z, b.X, b.Y, b.Z);
    public static bool operator !=(in JacobianPoint<TF, TCurve> a, in JacobianPoint<TF, TCurve> b) => !(a == b);
    public bool Equals(JacobianPoint<TF, TCurve> other) => this == other;
    public override bool Equals(object? obj) => obj is JacobianPoint<TF, TCurve> o && this == o;
    public override int GetHashCode() => ToAffine().GetHashCode();
    public override string ToString() => ToAffine().ToString();
}
