using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static Settlement.Verifier.Bls12381.Limbs;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// An unreduced 768-bit integer W0..W11 (little-endian words): a product of two F_p values before its Montgomery
/// reduction, or a sum or difference of such products. Lazy reduction (Scott, "Implementing cryptographic pairings",
/// and Aranha et al., Eurocrypt 2011, §3) adds and subtracts these and reduces once per result instead of once per
/// product: an F_p² product needs two reductions instead of three. A value is reduced only while it is below p·2^384
/// (see <see cref="Reduce"/>); every caller states why its value is.
/// </summary>
[SkipLocalsInit] // no stackalloc here: the out temporaries of its inlined callers need no zeroing
[StructLayout(LayoutKind.Sequential)] // twelve consecutive words: the AVX-512 forms load and store them as vectors
internal readonly struct FpWide
{
    public readonly ulong W0, W1, W2, W3, W4, W5, W6, W7, W8, W9, W10, W11;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FpWide(ulong w0, ulong w1, ulong w2, ulong w3, ulong w4, ulong w5, ulong w6, ulong w7, ulong w8, ulong w9, ulong w10, ulong w11)
    {
        W0 = w0; W1 = w1; W2 = w2; W3 = w3; W4 = w4; W5 = w5; W6 = w6; W7 = w7; W8 = w8; W9 = w9; W10 = w10; W11 = w11;
    }

    // −p^(−1) mod 2^64, as in Fp (the Montgomery constant for R = 2^384).
    private const ulong Inv = 0x89f3fffcfffcfffd;
    private const ulong M0 = Fp.M0, M1 = Fp.M1, M2 = Fp.M2, M3 = Fp.M3, M4 = Fp.M4, M5 = Fp.M5;

    /// <summary>
    /// a + b without the reduction: below 2p &lt; 2^383 for reduced inputs, so six words hold it. Only an input to
    /// <see cref="MulWide"/>: every other Fp operation expects reduced values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp AddUnreduced(in Fp a, in Fp b)
    {
        ulong s, c;
        ulong r0 = a.L0 + b.L0; c = r0 < a.L0 ? 1UL : 0UL;
        s = a.L1 + b.L1; ulong r1 = s + c; c = (s < a.L1 ? 1UL : 0UL) | (r1 < s ? 1UL : 0UL);
        s = a.L2 + b.L2; ulong r2 = s + c; c = (s < a.L2 ? 1UL : 0UL) | (r2 < s ? 1UL : 0UL);
        s = a.L3 + b.L3; ulong r3 = s + c; c = (s < a.L3 ? 1UL : 0UL) | (r3 < s ? 1UL : 0UL);
        s = a.L4 + b.L4; ulong r4 = s + c; c = (s < a.L4 ? 1UL : 0UL) | (r4 < s ? 1UL : 0UL);
        ulong r5 = a.L5 + b.L5 + c;
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    /// <summary>a − b as 768-bit integers; the borrow out (1 when a &lt; b) is returned, the result wraps mod 2^768.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Subtract(in FpWide a, in FpWide b, out FpWide r) =>
        Vector512.IsHardwareAccelerated ? SubtractVector(a, b, out r) : SubtractScalar(a, b, out r);

    /// <summary>a + b as 768-bit integers, wrapping mod 2^768 (for signed sums whose true value is bounded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Add(in FpWide a, in FpWide b, out FpWide r)
    {
        if (Vector512.IsHardwareAccelerated) AddVector(a, b, out r);
        else AddScalar(a, b, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubtractScalar(in FpWide a, in FpWide b, out FpWide r)
    {
        ulong t, bw;
        ulong r0 = a.W0 - b.W0; bw = a.W0 < b.W0 ? 1UL : 0UL;
        t = a.W1 - b.W1; ulong r1 = t - bw; bw = (a.W1 < b.W1 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W2 - b.W2; ulong r2 = t - bw; bw = (a.W2 < b.W2 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W3 - b.W3; ulong r3 = t - bw; bw = (a.W3 < b.W3 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W4 - b.W4; ulong r4 = t - bw; bw = (a.W4 < b.W4 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W5 - b.W5; ulong r5 = t - bw; bw = (a.W5 < b.W5 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W6 - b.W6; ulong r6 = t - bw; bw = (a.W6 < b.W6 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W7 - b.W7; ulong r7 = t - bw; bw = (a.W7 < b.W7 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W8 - b.W8; ulong r8 = t - bw; bw = (a.W8 < b.W8 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W9 - b.W9; ulong r9 = t - bw; bw = (a.W9 < b.W9 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W10 - b.W10; ulong r10 = t - bw; bw = (a.W10 < b.W10 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        t = a.W11 - b.W11; ulong r11 = t - bw; bw = (a.W11 < b.W11 ? 1UL : 0UL) | (t < bw ? 1UL : 0UL);
        r = new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
        return bw;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddScalar(in FpWide a, in FpWide b, out FpWide r)
    {
        ulong s, c;
        ulong r0 = a.W0 + b.W0; c = r0 < a.W0 ? 1UL : 0UL;
        s = a.W1 + b.W1; ulong r1 = s + c; c = (s < a.W1 ? 1UL : 0UL) | (r1 < s ? 1UL : 0UL);
        s = a.W2 + b.W2; ulong r2 = s + c; c = (s < a.W2 ? 1UL : 0UL) | (r2 < s ? 1UL : 0UL);
        s = a.W3 + b.W3; ulong r3 = s + c; c = (s < a.W3 ? 1UL : 0UL) | (r3 < s ? 1UL : 0UL);
        s = a.W4 + b.W4; ulong r4 = s + c; c = (s < a.W4 ? 1UL : 0UL) | (r4 < s ? 1UL : 0UL);
        s = a.W5 + b.W5; ulong r5 = s + c; c = (s < a.W5 ? 1UL : 0UL) | (r5 < s ? 1UL : 0UL);
        s = a.W6 + b.W6; ulong r6 = s + c; c = (s < a.W6 ? 1UL : 0UL) | (r6 < s ? 1UL : 0UL);
        s = a.W7 + b.W7; ulong r7 = s + c; c = (s < a.W7 ? 1UL : 0UL) | (r7 < s ? 1UL : 0UL);
        s = a.W8 + b.W8; ulong r8 = s + c; c = (s < a.W8 ? 1UL : 0UL) | (r8 < s ? 1UL : 0UL);
        s = a.W9 + b.W9; ulong r9 = s + c; c = (s < a.W9 ? 1UL : 0UL) | (r9 < s ? 1UL : 0UL);
        s = a.W10 + b.W10; ulong r10 = s + c; c = (s < a.W10 ? 1UL : 0UL) | (r10 < s ? 1UL : 0UL);
        ulong r11 = a.W11 + b.W11 + c;
        r = new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11);
    }

    // The AVX-512 forms add or subtract all twelve words at once (eight in one vector, four in another) and resolve the
    // carries as one 13-bit integer addition instead of a 12-step chain of compares: word i generates a carry (sum
    // below an addend; for a difference, minuend below subtrahend) or propagates an incoming one (sum all ones;
    // difference zero), never both, and the words that receive a carry are the bits of ((g << 1) + p) XOR p; bit 12
    // is the carry out of the top word. Each receiving word then gains (or loses) 1. About a third of the scalar
    // instructions and no serial chain: F_p⁶ and F_p¹² products, which add and subtract many wide values, ≈ 9% faster.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SubtractVector(in FpWide a, in FpWide b, out FpWide r)
    {
        ref ulong pa = ref Unsafe.As<FpWide, ulong>(ref Unsafe.AsRef(in a));
        ref ulong pb = ref Unsafe.As<FpWide, ulong>(ref Unsafe.AsRef(in b));
        var alo = Vector512.LoadUnsafe(ref pa); var ahi = Vector256.LoadUnsafe(ref pa, 8);
        var blo = Vector512.LoadUnsafe(ref pb); var bhi = Vector256.LoadUnsafe(ref pb, 8);
        var dlo = alo - blo; var dhi = ahi - bhi;
        uint c = CarriesIn(Bits(Vector512.LessThan(alo, blo), Vector256.LessThan(ahi, bhi)),
            Bits(Vector512.Equals(dlo, Vector512<ulong>.Zero), Vector256.Equals(dhi, Vector256<ulong>.Zero)));
        CarryMasks(c, out var mlo, out var mhi);
        Store(dlo + mlo, dhi + mhi, out r); // the masks are −1 (all ones) in the borrowing words
        return c >> 12;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddVector(in FpWide a, in FpWide b, out FpWide r)
    {
        ref ulong pa = ref Unsafe.As<FpWide, ulong>(ref Unsafe.AsRef(in a));
        ref ulong pb = ref Unsafe.As<FpWide, ulong>(ref Unsafe.AsRef(in b));
        var alo = Vector512.LoadUnsafe(ref pa); var ahi = Vector256.LoadUnsafe(ref pa, 8);
        var slo = alo + Vector512.LoadUnsafe(ref pb); var shi = ahi + Vector256.LoadUnsafe(ref pb, 8);
        uint c = CarriesIn(Bits(Vector512.LessThan(slo, alo), Vector256.LessThan(shi, ahi)),
            Bits(Vector512.Equals(slo, Vector512<ulong>.AllBitsSet), Vector256.Equals(shi, Vector256<ulong>.AllBitsSet)));
        CarryMasks(c, out var mlo, out var mhi);
        Store(slo - mlo, shi - mhi, out r);
    }

    /// <summary>Bit i set when word i of the comparison result (words 0–7 low, 8–11 high) is all ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bits(Vector512<ulong> lo, Vector256<ulong> hi) =>
        (uint)lo.ExtractMostSignificantBits() | ((uint)hi.ExtractMostSignificantBits() << 8);

    /// <summary>Bit i set when word i receives a carry, from the generate and propagate bits; bit 12 is the carry out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint CarriesIn(uint generate, uint propagate) => ((generate << 1) + propagate) ^ propagate;

    /// <summary>All ones in the words whose bit is set in c (bits 0–11), zero elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CarryMasks(uint c, out Vector512<ulong> lo, out Vector256<ulong> hi)
    {
        var bl = Vector512.Create(1UL, 2, 4, 8, 16, 32, 64, 128);
        var bh = Vector256.Create(1UL, 2, 4, 8);
        lo = Vector512.Equals(Vector512.Create((ulong)c) & bl, bl);
        hi = Vector256.Equals(Vector256.Create((ulong)(c >> 8)) & bh, bh);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<ulong> lo, Vector256<ulong> hi, out FpWide r)
    {
        Unsafe.SkipInit(out r);
        ref ulong pr = ref Unsafe.As<FpWide, ulong>(ref r);
        lo.StoreUnsafe(ref pr);
        hi.StoreUnsafe(ref pr, 8);
    }

    /// <summary>
    /// Montgomery reduction of a signed value t ∈ (−p·2^384, p·2^384), held in two's complement mod 2^768: a negative t
    /// is lifted by p·2^384 (p into the top six words, branch-free), which the reduction maps to the same residue.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fp ReduceSigned(in FpWide t)
    {
        ulong mask = 0UL - (t.W11 >> 63);
        return Reduce(AddHigh(t, M0 & mask, M1 & mask, M2 & mask, M3 & mask, M4 & mask, M5 & mask));
    }

    /// <summary>
    /// a − b for a, b &lt; p·2^384, kept in [0, p·2^384): when the difference is negative, p·2^384 is added (p into the
    /// top six words), which the Montgomery reduction maps to the same residue since p·2^384·2^−384 = p ≡ 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static FpWide SubtractModP(in FpWide a, in FpWide b)
    {
        ulong mask = 0UL - Subtract(a, b, out var d);
        return AddHigh(d, M0 & mask, M1 & mask, M2 & mask, M3 & mask, M4 & mask, M5 & mask);
    }

    /// <summary>t + k·2^384 mod 2^768 (k into the top six words): the lifts by p·2^384 and 2p·2^384.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FpWide AddHigh(in FpWide t, ulong k0, ulong k1, ulong k2, ulong k3, ulong k4, ulong k5)
    {
        ulong s, c;
        ulong h0 = t.W6 + k0; c = h0 < k0 ? 1UL : 0UL;
        s = t.W7 + k1; ulong h1 = s + c; c = (s < k1 ? 1UL : 0UL) | (h1 < s ? 1UL : 0UL);
        s = t.W8 + k2; ulong h2 = s + c; c = (s < k2 ? 1UL : 0UL) | (h2 < s ? 1UL : 0UL);
        s = t.W9 + k3; ulong h3 = s + c; c = (s < k3 ? 1UL : 0UL) | (h3 < s ? 1UL : 0UL);
        s = t.W10 + k4; ulong h4 = s + c; c = (s < k4 ? 1UL : 0UL) | (h4 < s ? 1UL : 0UL);
        ulong h5 = t.W11 + k5 + c;
        return new FpWide(t.W0, t.W1, t.W2, t.W3, t.W4, t.W5, h0, h1, h2, h3, h4, h5);
    }

    /// <summary>
    /// The full 768-bit product a·b, no reduction. Product scanning with the delayed-carry columns of
    /// <see cref="Fp.MontSquare"/>. Inputs may be unreduced up to 2^383 (sums of two reduced values).
    /// </summary>
    internal static void MulWide(in Fp a, in Fp b, out FpWide r)
    {
        ulong ls, lc, hs, hc, p, k, w, small, cin0 = 0, cin1 = 0;
        // column 0
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r0 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 1
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r1 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 2
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r2 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 3
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r3 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 4
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r4 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 5
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r5 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 6
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L1 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r6 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 7
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L2 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r7 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 8
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L3 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r8 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 9
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L4 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r9 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 10
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L5 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r10 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        r = new FpWide(r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, cin0);
    }

    /// <summary>
    /// Montgomery reduction t·2^−384 mod p of a 768-bit t &lt; p·2^384, the reduction half of a Montgomery
    /// multiplication on its own. The quotient (t + m·p)/2^384 is below t/2^384 + p &lt; 2p, so one conditional
    /// subtraction finishes it.
    /// </summary>
    internal static Fp Reduce(in FpWide t)
    {
        var q = Quotient(t);
        return Fp.SubtractModulusIfAtLeast(q.L0, q.L1, q.L2, q.L3, q.L4, q.L5);
    }

    /// <summary>
    /// Montgomery reduction of a signed t ∈ (−2p·2^384, 2p·2^384), twice the range of <see cref="ReduceSigned"/>, for
    /// F_p¹² products reduced once per coefficient (their sums reach ±18p²): a negative t is lifted by 2p·2^384, and
    /// the quotient, below 2p + p, takes two conditional subtractions.
    /// </summary>
    internal static Fp ReduceSignedLoose(in FpWide t)
    {
        ulong mask = 0UL - (t.W11 >> 63);
        var q = Quotient(AddHigh(t, P2L0 & mask, P2L1 & mask, P2L2 & mask, P2L3 & mask, P2L4 & mask, P2L5 & mask));
        var once = Fp.SubtractModulusIfAtLeast(q.L0, q.L1, q.L2, q.L3, q.L4, q.L5);
        return Fp.SubtractModulusIfAtLeast(once.L0, once.L1, once.L2, once.L3, once.L4, once.L5);
    }

    // 2p in words (ReduceSignedLoose's lift).
    private const ulong P2L0 = 0x73fdffffffff5556, P2L1 = 0x3d57fffd62a7ffff, P2L2 = 0xce61a541ed61ec48,
        P2L3 = 0xc8ee9709e70a257e, P2L4 = 0x96374f6c869759ae, P2L5 = 0x340223d472ffcd34;

    /// <summary>
    /// (t + m·p)/2^384 with m making the low half vanish, for t &lt; 2^767: a value below t/2^384 + p congruent to
    /// t·2^−384, unreduced. Product scanning: column k holds the word t_k and the products m_i·p_j with i + j = k;
    /// m_k makes column k ≤ 5 vanish.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fp Quotient(in FpWide t)
    {
        ulong ls, lc, hs, hc, p, k, w, small, cin0 = 0, cin1 = 0;
        // column 0
        ls = t.W0; lc = 0; hs = 0; hc = 0;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m0 = w * Inv;
        p = MulHi(m0, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 1
        ls = t.W1; lc = 0; hs = 0; hc = 0;
        p = m0 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m1 = w * Inv;
        p = MulHi(m1, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 2
        ls = t.W2; lc = 0; hs = 0; hc = 0;
        p = m0 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m2 = w * Inv;
        p = MulHi(m2, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 3
        ls = t.W3; lc = 0; hs = 0; hc = 0;
        p = m0 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m3 = w * Inv;
        p = MulHi(m3, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 4
        ls = t.W4; lc = 0; hs = 0; hc = 0;
        p = m0 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m4 = w * Inv;
        p = MulHi(m4, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 5
        ls = t.W5; lc = 0; hs = 0; hc = 0;
        p = m0 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m5 = w * Inv;
        p = MulHi(m5, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 6
        ls = t.W6; lc = 0; hs = 0; hc = 0;
        p = m1 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r0 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 7
        ls = t.W7; lc = 0; hs = 0; hc = 0;
        p = m2 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r1 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 8
        ls = t.W8; lc = 0; hs = 0; hc = 0;
        p = m3 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r2 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 9
        ls = t.W9; lc = 0; hs = 0; hc = 0;
        p = m4 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r3 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 10
        ls = t.W10; lc = 0; hs = 0; hc = 0;
        p = m5 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r4 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 11
        ls = t.W11; lc = 0; hs = 0; hc = 0;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r5 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        return new Fp(r0, r1, r2, r3, r4, r5);
    }
}
