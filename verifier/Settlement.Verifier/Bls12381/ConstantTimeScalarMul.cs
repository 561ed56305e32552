using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// [k]P on G1 and G2 for secret scalars (the prover's blinding r, s): the sequence of instructions and memory
/// addresses does not depend on k or on P.
/// <list type="bullet">
/// <item>Fixed 4-bit windows over all 256 bits of the canonical scalar, most significant first: always 4 doublings
/// and 1 addition per window (64 windows), whatever the digits, leading zeros included.</item>
/// <item>The table 0·P, 1·P, …, 15·P is read by a full scan: every entry is loaded and masked in, so neither a
/// branch nor an address depends on the digit.</item>
/// <item>Complete projective formulas for a = 0 of Renes, Costello and Batina (eprint 2015/1060, algorithms 7 and 9):
/// one formula for every pair of inputs (equal points, inverse points, the identity), so there is no case dispatch.
/// They are complete on curves with no rational point of order 2; both E(F_p) and E'(F_p²) of BLS12-381 have odd
/// order (h₁·r and h₂·r with odd cofactors, checked by a test), so they hold for every point these functions meet.</item>
/// <item>The scalar leaves Montgomery form by a branch-free reduction here (not <see cref="Fr.ToCanonicalLimbs"/>,
/// whose final subtraction branches).</item>
/// </list>
/// The field operations used (Fp add, sub, neg, mul, square; Fp2 on top of them) are branch-free: carries are
/// compare-to-flag (setb), and final corrections are mask selects. Equality and IsZero tests are not used on secret
/// values, except the one mask built from limbs at the end (the identity's representation).
/// <para>Cost: 256 doublings and 78 additions with the complete formulas, 2–3.5× the variable-time GLV/GLS path of
/// <see cref="ScalarMul"/> (ScalarMulBench medians, loaded machine: G1 0.57 against 0.27 ms, G2 1.1 against 0.63 ms);
/// a proof needs five on G1 and one on G2, about 2 ms more than before.</para>
/// </summary>
public static class ConstantTimeScalarMul
{
    private const int Window = 4;
    private const int TableSize = 1 << Window;

    /// <summary>[k]P for P in G1 (any point of E(F_p), in fact), constant time in k and P.</summary>
    public static G1Jacobian G1(in G1Jacobian p, in Fr k) => Multiply<Fp, Bls12381.G1>(p, k);

    /// <summary>[k]P for P in G2 (any point of E'(F_p²), in fact), constant time in k and P.</summary>
    public static G2Jacobian G2(in G2Jacobian p, in Fr k) => Multiply<Fp2, Bls12381.G2>(p, k);

    /// <summary>A point (X : Y : Z) in homogeneous projective coordinates, x = X/Z, y = Y/Z; the identity is (0 : 1 : 0).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Projective<TF> where TF : unmanaged, IField<TF>
    {
        public TF X, Y, Z;
        public Projective(in TF x, in TF y, in TF z) { X = x; Y = y; Z = z; }
    }

    private static JacobianPoint<TF, TCurve> Multiply<TF, TCurve>(in JacobianPoint<TF, TCurve> p, in Fr k)
        where TF : unmanaged, IField<TF>
        where TCurve : ICurve<TF>
    {
        var b3 = TCurve.B.Double() + TCurve.B;
        Span<ulong> scalar = stackalloc ulong[4];
        CanonicalLimbs(k, scalar);

        Span<Projective<TF>> table = stackalloc Projective<TF>[TableSize];
        table[0] = new Projective<TF>(TF.Zero, TF.One, TF.Zero);
        table[1] = FromJacobian(p);
        for (int i = 2; i < TableSize; i++) table[i] = Add(table[i - 1], table[1], b3);

        var acc = table[0];
        for (int w = 256 / Window - 1; w >= 0; w--)
        {
            for (int d = 0; d < Window; d++) acc = Double(acc, b3);
            int digit = (int)((scalar[w * Window / 64] >> (w * Window % 64)) & (TableSize - 1));
            acc = Add(acc, Select(table, digit), b3);
        }
        scalar.Clear();
        return ToJacobian<TF, TCurve>(acc);
    }

    /// <summary>table[index], reading every entry: a mask that is all ones for the wanted entry, zero otherwise.</summary>
    private static Projective<TF> Select<TF>(ReadOnlySpan<Projective<TF>> table, int index) where TF : unmanaged, IField<TF>
    {
        var result = default(Projective<TF>);
        var dst = MemoryMarshal.Cast<Projective<TF>, ulong>(MemoryMarshal.CreateSpan(ref result, 1));
        var src = MemoryMarshal.Cast<Projective<TF>, ulong>(table);
        int words = dst.Length;
        for (int i = 0; i < table.Length; i++)
        {
            // (i ^ index) − 1 has its top bit set exactly when i == index (both are small and non-negative).
            ulong mask = 0UL - (((ulong)(uint)(i ^ index) - 1) >> 63);
            var entry = src.Slice(i * words, words);
            for (int j = 0; j < words; j++) dst[j] |= entry[j] & mask;
        }
        return result;
    }

    /// <summary>Jacobian (X, Y, Z) → projective (X·Z : Y : Z³), and any Jacobian identity → (0 : 1 : 0), without branching.</summary>
    private static Projective<TF> FromJacobian<TF, TCurve>(in JacobianPoint<TF, TCurve> p)
        where TF : unmanaged, IField<TF>
        where TCurve : ICurve<TF>
    {
        var z = p.Z;
        var q = new Projective<TF>(p.X * z, p.Y, z.Square() * z);
        // At the identity X·Z = Z³ = 0 already; Y may be anything, so force it to one.
        ulong isIdentity = ZeroMask(z);
        Blend(ref q.Y, TF.One, isIdentity);
        return q;
    }

    /// <summary>Projective (X : Y : Z) → Jacobian (X·Z, Y·Z², Z), and the identity → <see cref="JacobianPoint{TF,TCurve}.Identity"/>.</summary>
    private static JacobianPoint<TF, TCurve> ToJacobian<TF, TCurve>(in Projective<TF> p)
        where TF : unmanaged, IField<TF>
        where TCurve : ICurve<TF>
    {
        var x = p.X * p.Z;
        var y = p.Y * p.Z.Square();
        ulong isIdentity = ZeroMask(p.Z);
        Blend(ref x, TF.One, isIdentity);
        Blend(ref y, TF.One, isIdentity);
        return JacobianPoint<TF, TCurve>.FromJacobianUnchecked(x, y, p.Z);
    }

    /// <summary>All ones when every limb of <paramref name="v"/> is zero (the field's zero), else zero.</summary>
    private static ulong ZeroMask<TF>(in TF v) where TF : unmanaged, IField<TF>
    {
        var limbs = MemoryMarshal.Cast<TF, ulong>(MemoryMarshal.CreateReadOnlySpan(in v, 1));
        ulong any = 0;
        foreach (var l in limbs) any |= l;
        // any | −any has its top bit set exactly when any ≠ 0.
        return ((any | (0UL - any)) >> 63) - 1;
    }

    /// <summary>target = mask ? value : target, limb by limb.</summary>
    private static void Blend<TF>(ref TF target, in TF value, ulong mask) where TF : unmanaged, IField<TF>
    {
        var t = MemoryMarshal.Cast<TF, ulong>(MemoryMarshal.CreateSpan(ref target, 1));
        var v = MemoryMarshal.Cast<TF, ulong>(MemoryMarshal.CreateReadOnlySpan(in value, 1));
        for (int i = 0; i < t.Length; i++) t[i] = (t[i] & ~mask) | (v[i] & mask);
    }

    /// <summary>Complete addition, a = 0 (RCB algorithm 7): 12M + 2 multiplications by 3b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Projective<TF> Add<TF>(in Projective<TF> p, in Projective<TF> q, in TF b3) where TF : unmanaged, IField<TF>
    {
        var t0 = p.X * q.X;
        var t1 = p.Y * q.Y;
        var t2 = p.Z * q.Z;
        var t3 = (p.X + p.Y) * (q.X + q.Y) - (t0 + t1);      // X1Y2 + X2Y1
        var t4 = (p.Y + p.Z) * (q.Y + q.Z) - (t1 + t2);      // Y1Z2 + Y2Z1
        var y3 = (p.X + p.Z) * (q.X + q.Z) - (t0 + t2);      // X1Z2 + X2Z1
        t0 = t0.Double() + t0;                               // 3·X1X2
        t2 = b3 * t2;
        var z3 = t1 + t2;
        t1 -= t2;
        y3 = b3 * y3;
        var x3 = t3 * t1 - t4 * y3;
        y3 = y3 * t0 + t1 * z3;
        z3 = z3 * t4 + t0 * t3;
        return new Projective<TF>(x3, y3, z3);
    }

    /// <summary>Complete doubling, a = 0 (RCB algorithm 9): 6M + 2S + 1 multiplication by 3b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Projective<TF> Double<TF>(in Projective<TF> p, in TF b3) where TF : unmanaged, IField<TF>
    {
        var t0 = p.Y.Square();
        var z3 = t0.Double().Double().Double();              // 8Y²
        var t1 = p.Y * p.Z;
        var t2 = b3 * p.Z.Square();                          // 3b·Z²
        var x3 = t2 * z3;
        var y3 = t0 + t2;
        z3 = t1 * z3;
        t0 -= t2.Double() + t2;                              // Y² − 9b·Z²
        y3 = x3 + t0 * y3;
        x3 = (t0 * (p.X * p.Y)).Double();
        return new Projective<TF>(x3, y3, z3);
    }

    // −r⁻¹ mod 2^64, for the Montgomery reduction below.
    private const ulong FrInv = 0xfffffffeffffffff;

    /// <summary>
    /// The canonical limbs of k (k·R⁻¹ for the Montgomery limbs), by four word-by-word Montgomery reduction steps and
    /// a masked final subtraction (the result of reducing a value below r is below r, but the mask keeps it honest).
    /// </summary>
    internal static void CanonicalLimbs(in Fr k, Span<ulong> dest)
    {
        ulong t0 = k.L0, t1 = k.L1, t2 = k.L2, t3 = k.L3;
        for (int i = 0; i < 4; i++)
        {
            // t += m·r with m chosen so the low word vanishes; then shift down one word.
            ulong m = t0 * FrInv;
            ulong hi = Math.BigMul(m, Fr.M0, out ulong lo);
            ulong c = Add(t0, lo, 0, out _) + hi;
            hi = Math.BigMul(m, Fr.M1, out lo); c = AddCarry(t1, lo, c, hi, out ulong s1);
            hi = Math.BigMul(m, Fr.M2, out lo); c = AddCarry(t2, lo, c, hi, out ulong s2);
            hi = Math.BigMul(m, Fr.M3, out lo); c = AddCarry(t3, lo, c, hi, out ulong s3);
            t0 = s1; t1 = s2; t2 = s3; t3 = c;
        }
        // t < 2r < 2^256: subtract r once when t ≥ r, by mask.
        ulong bw = 0;
        ulong d0 = Sub(t0, Fr.M0, ref bw), d1 = Sub(t1, Fr.M1, ref bw), d2 = Sub(t2, Fr.M2, ref bw), d3 = Sub(t3, Fr.M3, ref bw);
        ulong keep = 0UL - bw; // borrow out: t < r, keep t
        dest[0] = (t0 & keep) | (d0 & ~keep);
        dest[1] = (t1 & keep) | (d1 & ~keep);
        dest[2] = (t2 & keep) | (d2 & ~keep);
        dest[3] = (t3 & keep) | (d3 & ~keep);
    }

    /// <summary>a + b + c with the carry out (0 or 1) returned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Add(ulong a, ulong b, ulong c, out ulong sum)
    {
        ulong s = a + b;
        sum = s + c;
        return (s < a ? 1UL : 0UL) + (sum < s ? 1UL : 0UL);
    }

    /// <summary>a + lo + c, whose carry joins hi: returns the next column's carry word (hi + carries, no overflow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong AddCarry(ulong a, ulong lo, ulong c, ulong hi, out ulong sum) => hi + Add(a, lo, c, out sum);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Sub(ulong a, ulong b, ref ulong borrow)
    {
        ulong d = a - b;
        ulong r = d - borrow;
        borrow = (a < b ? 1UL : 0UL) | (d < borrow ? 1UL : 0UL);
        return r;
    }
}
