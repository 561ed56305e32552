using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Four F_p elements side by side for AVX2 multiplication, in the same Montgomery form as <see cref="Fp"/>
/// (R = 2^384), so values move between the two by re-splitting their bits. Each element is 16 limbs of 24 bits,
/// limb j of all four lanes in one 256-bit vector <c>Lj</c>.
/// </summary>
/// <remarks>
/// Why 24-bit limbs: vpmuludq multiplies 32-bit halves into 64-bit lanes, so with 24-bit limbs a product is below
/// 2^48 and a column can add thousands of them without a carry; the carries that scalar code spends most of its
/// instructions on (.NET has no add-with-carry) disappear, and 16·24 = 384 keeps R equal to the scalar one.
/// A product costs 528 lane multiplications for four elements against 72 64-bit ones (each two instructions in
/// .NET) for one: the win is in throughput, where independent products wait side by side (the MSM's batched affine
/// additions; the four coefficients of an F_p⁴ result in the pairing's F_p¹² arithmetic, see <see cref="Fp12"/>).
/// Elements stay below 2p between products; <see cref="Store"/> reduces them to [0, p).
/// </remarks>
internal struct FpX4
{
    public Vector256<ulong> L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15;

    private const ulong Mask = 0xFFFFFF;

    // −p⁻¹ mod 2^24: the scalar −p⁻¹ mod 2^64 reduced, since 2^24 divides 2^64.
    private static readonly Vector256<uint> PInv = Vector256.Create(Fp.Inv & Mask).AsUInt32();
    private static readonly Vector256<uint> P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15;

    public static bool IsSupported => Avx2.IsSupported;

    static FpX4()
    {
        var p = Split(Fp.M0, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        P0 = Vector256.Create(p[0]).AsUInt32(); P1 = Vector256.Create(p[1]).AsUInt32();
        P2 = Vector256.Create(p[2]).AsUInt32(); P3 = Vector256.Create(p[3]).AsUInt32();
        P4 = Vector256.Create(p[4]).AsUInt32(); P5 = Vector256.Create(p[5]).AsUInt32();
        P6 = Vector256.Create(p[6]).AsUInt32(); P7 = Vector256.Create(p[7]).AsUInt32();
        P8 = Vector256.Create(p[8]).AsUInt32(); P9 = Vector256.Create(p[9]).AsUInt32();
        P10 = Vector256.Create(p[10]).AsUInt32(); P11 = Vector256.Create(p[11]).AsUInt32();
        P12 = Vector256.Create(p[12]).AsUInt32(); P13 = Vector256.Create(p[13]).AsUInt32();
        P14 = Vector256.Create(p[14]).AsUInt32(); P15 = Vector256.Create(p[15]).AsUInt32();
    }

    /// <summary>The 24-bit limbs of a 384-bit number given as six 64-bit words (least significant first).</summary>
    internal static ulong[] Split(ulong w0, ulong w1, ulong w2, ulong w3, ulong w4, ulong w5)
    {
        var l = new ulong[16];
        ReadOnlySpan<ulong> w = [w0, w1, w2, w3, w4, w5];
        for (int j = 0; j < 16; j++)
        {
            int bit = 24 * j, k = bit >> 6, s = bit & 63;
            ulong v = w[k] >> s;
            if (s > 40) v |= w[k + 1] << (64 - s);
            l[j] = v & Mask;
        }
        return l;
    }

    /// <summary>Lanes 0–3 from four elements (any F_p value in Montgomery form).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load(out FpX4 r, in Fp e0, in Fp e1, in Fp e2, in Fp e3)
    {
        var w0 = Vector256.Create(e0.L0, e1.L0, e2.L0, e3.L0);
        var w1 = Vector256.Create(e0.L1, e1.L1, e2.L1, e3.L1);
        var w2 = Vector256.Create(e0.L2, e1.L2, e2.L2, e3.L2);
        var w3 = Vector256.Create(e0.L3, e1.L3, e2.L3, e3.L3);
        var w4 = Vector256.Create(e0.L4, e1.L4, e2.L4, e3.L4);
        var w5 = Vector256.Create(e0.L5, e1.L5, e2.L5, e3.L5);
        var m = Vector256.Create(Mask);
        // Three 64-bit words hold eight 24-bit limbs exactly, so words 3–5 split like words 0–2.
        r.L0 = w0 & m; r.L1 = (w0 >>> 24) & m; r.L2 = (w0 >>> 48) | ((w1 << 16) & m);
        r.L3 = (w1 >>> 8) & m; r.L4 = (w1 >>> 32) & m; r.L5 = (w1 >>> 56) | ((w2 << 8) & m);
        r.L6 = (w2 >>> 16) & m; r.L7 = w2 >>> 40;
        r.L8 = w3 & m; r.L9 = (w3 >>> 24) & m; r.L10 = (w3 >>> 48) | ((w4 << 16) & m);
        r.L11 = (w4 >>> 8) & m; r.L12 = (w4 >>> 32) & m; r.L13 = (w4 >>> 56) | ((w5 << 8) & m);
        r.L14 = (w5 >>> 16) & m; r.L15 = w5 >>> 40;
    }

    /// <summary>The four lanes as reduced F_p elements; limbs must be normalised (24 bits) and the values below 2p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Store(out Fp e0, out Fp e1, out Fp e2, out Fp e3)
    {
        var w0 = L0 | (L1 << 24) | (L2 << 48);
        var w1 = (L2 >>> 16) | (L3 << 8) | (L4 << 32) | (L5 << 56);
        var w2 = (L5 >>> 8) | (L6 << 16) | (L7 << 40);
        var w3 = L8 | (L9 << 24) | (L10 << 48);
        var w4 = (L10 >>> 16) | (L11 << 8) | (L12 << 32) | (L13 << 56);
        var w5 = (L13 >>> 8) | (L14 << 16) | (L15 << 40);
        e0 = Fp.SubtractModulusIfAtLeast(w0.GetElement(0), w1.GetElement(0), w2.GetElement(0), w3.GetElement(0), w4.GetElement(0), w5.GetElement(0));
        e1 = Fp.SubtractModulusIfAtLeast(w0.GetElement(1), w1.GetElement(1), w2.GetElement(1), w3.GetElement(1), w4.GetElement(1), w5.GetElement(1));
        e2 = Fp.SubtractModulusIfAtLeast(w0.GetElement(2), w1.GetElement(2), w2.GetElement(2), w3.GetElement(2), w4.GetElement(2), w5.GetElement(2));
        e3 = Fp.SubtractModulusIfAtLeast(w0.GetElement(3), w1.GetElement(3), w2.GetElement(3), w3.GetElement(3), w4.GetElement(3), w5.GetElement(3));
    }

    /// <summary>The inverse of each lane (all non-zero), with one field inversion: 1/qₗ = (∏ q)⁻¹ · ∏_{j≠l} qⱼ.</summary>
    public static void InvertEachLane(in FpX4 q, out FpX4 r)
    {
        q.Store(out var q0, out var q1, out var q2, out var q3);
        var q01 = q0 * q1;
        var q23 = q2 * q3;
        var inv = (q01 * q23).Inverse();
        var inv01 = inv * q23;
        var inv23 = inv * q01;
        Load(out r, inv01 * q1, inv01 * q0, inv23 * q3, inv23 * q2);
    }

    /// <summary>
    /// r = a·b·2^(−384) mod p lane by lane, for inputs below 2p with normalised limbs; r is below 2p, normalised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(in FpX4 a, in FpX4 b, out FpX4 r) => Montgomery<One>(a, b, a, b, a, b, a, b, out r);

    /// <summary>
    /// r = (a·b + c·d)·2^(−384) mod p with one reduction (an F_p² product component costs 1.5 products instead of 2);
    /// inputs below 2p, normalised; r below 2p, normalised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd(in FpX4 a, in FpX4 b, in FpX4 c, in FpX4 d, out FpX4 r) => Montgomery<Two>(a, b, c, d, a, b, a, b, out r);

    /// <summary>
    /// r = (a·b + c·d + e·f)·2^(−384) mod p with one reduction, for inputs whose three products sum below 9.8p²
    /// (for example all below p: 3p²); r below 2p, normalised.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd(in FpX4 a, in FpX4 b, in FpX4 c, in FpX4 d, in FpX4 e, in FpX4 f, out FpX4 r) =>
        Montgomery<Three>(a, b, c, d, e, f, a, b, out r);

    /// <summary>r = (a·b + c·d + e·f + g·h)·2^(−384) mod p, one reduction; the products must sum below 9.8p² (for
    /// example all inputs below p: 4p²); r below 2p, normalised.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd(in FpX4 a, in FpX4 b, in FpX4 c, in FpX4 d, in FpX4 e, in FpX4 f, in FpX4 g, in FpX4 h,
        out FpX4 r) => Montgomery<Four>(a, b, c, d, e, f, g, h, out r);

    private interface IProducts { static abstract int Count { get; } }
    private struct One : IProducts { public static int Count => 1; }
    private struct Two : IProducts { public static int Count => 2; }
    private struct Three : IProducts { public static int Count => 3; }
    private struct Four : IProducts { public static int Count => 4; }

    /// <summary>
    /// Operand scanning: row i adds aᵢ·b (and cᵢ·d, eᵢ·f, gᵢ·h) and mᵢ·p into sixteen lazy 64-bit column sums (each stays
    /// below 2^55), then drops the now-zero low column and carries its top bits into the next. Output bound:
    /// (Σ products + m·p)/R with Σ &lt; 9.8p² and R/p &gt; 9.85 gives r &lt; 2p. <typeparamref name="T"/> is a JIT-time
    /// constant.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Montgomery<T>(in FpX4 a, in FpX4 b, in FpX4 c, in FpX4 d, in FpX4 e, in FpX4 f, in FpX4 g,
        in FpX4 h, out FpX4 r)
        where T : struct, IProducts
    {
        var m24 = Vector256.Create(Mask);
        Vector256<ulong> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default,
            t6 = default, t7 = default, t8 = default, t9 = default, t10 = default, t11 = default, t12 = default,
            t13 = default, t14 = default, t15 = default;
        ref Vector256<ulong> ai = ref Unsafe.AsRef(in a.L0);
        ref Vector256<ulong> ci = ref Unsafe.AsRef(in c.L0);
        ref Vector256<ulong> ei = ref Unsafe.AsRef(in e.L0);
        ref Vector256<ulong> gi = ref Unsafe.AsRef(in g.L0);
        for (int i = 0; i < 16; i++, ai = ref Unsafe.Add(ref ai, 1), ci = ref Unsafe.Add(ref ci, 1), ei = ref Unsafe.Add(ref ei, 1),
             gi = ref Unsafe.Add(ref gi, 1))
        {
            var x = ai.AsUInt32();
            t0 += Avx2.Multiply(x, b.L0.AsUInt32()); t1 += Avx2.Multiply(x, b.L1.AsUInt32());
            t2 += Avx2.Multiply(x, b.L2.AsUInt32()); t3 += Avx2.Multiply(x, b.L3.AsUInt32());
            t4 += Avx2.Multiply(x, b.L4.AsUInt32()); t5 += Avx2.Multiply(x, b.L5.AsUInt32());
            t6 += Avx2.Multiply(x, b.L6.AsUInt32()); t7 += Avx2.Multiply(x, b.L7.AsUInt32());
            t8 += Avx2.Multiply(x, b.L8.AsUInt32()); t9 += Avx2.Multiply(x, b.L9.AsUInt32());
            t10 += Avx2.Multiply(x, b.L10.AsUInt32()); t11 += Avx2.Multiply(x, b.L11.AsUInt32());
            t12 += Avx2.Multiply(x, b.L12.AsUInt32()); t13 += Avx2.Multiply(x, b.L13.AsUInt32());
            t14 += Avx2.Multiply(x, b.L14.AsUInt32()); t15 += Avx2.Multiply(x, b.L15.AsUInt32());
            if (T.Count >= 2)
            {
                var y = ci.AsUInt32();
                t0 += Avx2.Multiply(y, d.L0.AsUInt32()); t1 += Avx2.Multiply(y, d.L1.AsUInt32());
                t2 += Avx2.Multiply(y, d.L2.AsUInt32()); t3 += Avx2.Multiply(y, d.L3.AsUInt32());
                t4 += Avx2.Multiply(y, d.L4.AsUInt32()); t5 += Avx2.Multiply(y, d.L5.AsUInt32());
                t6 += Avx2.Multiply(y, d.L6.AsUInt32()); t7 += Avx2.Multiply(y, d.L7.AsUInt32());
                t8 += Avx2.Multiply(y, d.L8.AsUInt32()); t9 += Avx2.Multiply(y, d.L9.AsUInt32());
                t10 += Avx2.Multiply(y, d.L10.AsUInt32()); t11 += Avx2.Multiply(y, d.L11.AsUInt32());
                t12 += Avx2.Multiply(y, d.L12.AsUInt32()); t13 += Avx2.Multiply(y, d.L13.AsUInt32());
                t14 += Avx2.Multiply(y, d.L14.AsUInt32()); t15 += Avx2.Multiply(y, d.L15.AsUInt32());
            }
            if (T.Count >= 3)
            {
                var z = ei.AsUInt32();
                t0 += Avx2.Multiply(z, f.L0.AsUInt32()); t1 += Avx2.Multiply(z, f.L1.AsUInt32());
                t2 += Avx2.Multiply(z, f.L2.AsUInt32()); t3 += Avx2.Multiply(z, f.L3.AsUInt32());
                t4 += Avx2.Multiply(z, f.L4.AsUInt32()); t5 += Avx2.Multiply(z, f.L5.AsUInt32());
                t6 += Avx2.Multiply(z, f.L6.AsUInt32()); t7 += Avx2.Multiply(z, f.L7.AsUInt32());
                t8 += Avx2.Multiply(z, f.L8.AsUInt32()); t9 += Avx2.Multiply(z, f.L9.AsUInt32());
                t10 += Avx2.Multiply(z, f.L10.AsUInt32()); t11 += Avx2.Multiply(z, f.L11.AsUInt32());
                t12 += Avx2.Multiply(z, f.L12.AsUInt32()); t13 += Avx2.Multiply(z, f.L13.AsUInt32());
                t14 += Avx2.Multiply(z, f.L14.AsUInt32()); t15 += Avx2.Multiply(z, f.L15.AsUInt32());
            }
            if (T.Count >= 4)
            {
                var w = gi.AsUInt32();
                t0 += Avx2.Multiply(w, h.L0.AsUInt32()); t1 += Avx2.Multiply(w, h.L1.AsUInt32());
                t2 += Avx2.Multiply(w, h.L2.AsUInt32()); t3 += Avx2.Multiply(w, h.L3.AsUInt32());
                t4 += Avx2.Multiply(w, h.L4.AsUInt32()); t5 += Avx2.Multiply(w, h.L5.AsUInt32());
                t6 += Avx2.Multiply(w, h.L6.AsUInt32()); t7 += Avx2.Multiply(w, h.L7.AsUInt32());
                t8 += Avx2.Multiply(w, h.L8.AsUInt32()); t9 += Avx2.Multiply(w, h.L9.AsUInt32());
                t10 += Avx2.Multiply(w, h.L10.AsUInt32()); t11 += Avx2.Multiply(w, h.L11.AsUInt32());
                t12 += Avx2.Multiply(w, h.L12.AsUInt32()); t13 += Avx2.Multiply(w, h.L13.AsUInt32());
                t14 += Avx2.Multiply(w, h.L14.AsUInt32()); t15 += Avx2.Multiply(w, h.L15.AsUInt32());
            }
            // vpmuludq reads the low 32 bits of t0, enough for m = t0·(−p⁻¹) mod 2^24.
            var m = (Avx2.Multiply(t0.AsUInt32(), PInv) & m24).AsUInt32();
            t0 += Avx2.Multiply(m, P0); t1 += Avx2.Multiply(m, P1); t2 += Avx2.Multiply(m, P2);
            t3 += Avx2.Multiply(m, P3); t4 += Avx2.Multiply(m, P4); t5 += Avx2.Multiply(m, P5);
            t6 += Avx2.Multiply(m, P6); t7 += Avx2.Multiply(m, P7); t8 += Avx2.Multiply(m, P8);
            t9 += Avx2.Multiply(m, P9); t10 += Avx2.Multiply(m, P10); t11 += Avx2.Multiply(m, P11);
            t12 += Avx2.Multiply(m, P12); t13 += Avx2.Multiply(m, P13); t14 += Avx2.Multiply(m, P14);
            t15 += Avx2.Multiply(m, P15);
            t0 = t1 + (t0 >>> 24); t1 = t2; t2 = t3; t3 = t4; t4 = t5; t5 = t6; t6 = t7; t7 = t8;
            t8 = t9; t9 = t10; t10 = t11; t11 = t12; t12 = t13; t13 = t14; t14 = t15; t15 = default;
        }
        t1 += t0 >>> 24; r.L0 = t0 & m24;
        t2 += t1 >>> 24; r.L1 = t1 & m24;
        t3 += t2 >>> 24; r.L2 = t2 & m24;
        t4 += t3 >>> 24; r.L3 = t3 & m24;
        t5 += t4 >>> 24; r.L4 = t4 & m24;
        t6 += t5 >>> 24; r.L5 = t5 & m24;
        t7 += t6 >>> 24; r.L6 = t6 & m24;
        t8 += t7 >>> 24; r.L7 = t7 & m24;
        t9 += t8 >>> 24; r.L8 = t8 & m24;
        t10 += t9 >>> 24; r.L9 = t9 & m24;
        t11 += t10 >>> 24; r.L10 = t10 & m24;
        t12 += t11 >>> 24; r.L11 = t11 & m24;
        t13 += t12 >>> 24; r.L12 = t12 & m24;
        t14 += t13 >>> 24; r.L13 = t13 & m24;
        t15 += t14 >>> 24; r.L14 = t14 & m24;
        r.L15 = t15;
    }
}
