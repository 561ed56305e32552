using System.Numerics;
using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Modular inversion modulo an odd prime by Bernstein–Yang divsteps ("Fast constant-time gcd computation and modular
/// inversion", 2019), in constant time: a fixed number of steps, no branch or memory access depends on the value.
/// For the 381-bit p: 18 batches of 62 steps, ≈ 5× faster than the Fermat exponentiation a^(p−2) it replaced.
/// <para>
/// State: f = p, g = a and coefficients d = 0, e = s with f ≡ d·a/s, g ≡ e·a/s (mod p). A divstep is
/// (δ, f, g) → (1 − δ, g, (g − f)/2) when δ &gt; 0 and g is odd, (1 + δ, f, (g + (g odd ? f : 0))/2) otherwise.
/// Steps run in batches of 62 on the low 64 bits of f and g only, collecting a 2×2 integer matrix M (entries at most
/// 2^62, rows with |u| + |v| ≤ 2^62) with 2^62·(f', g') = M·(f, g); the matrix is then applied to the full f, g
/// (exact division by 2^62) and to d, e (division by 2^62 mod p: a multiple of p clears the low 62 bits).
/// Theorem 11.2 of the paper: after ⌈(49·b + 57)/17⌉ steps, b ≥ log2 √(f² + 4g²), g = 0 and f = ±gcd = ±1, so
/// a^(−1)·s = ±d. For a = 0, g stays 0 and d stays 0: zero maps to zero.
/// </para>
/// Numbers are signed little-endian 62-bit limbs (all limbs in [0, 2^62) except the signed top one), so a limb
/// times a matrix entry plus carries fits a 128-bit accumulator.
/// </summary>
internal sealed class SafeGcd
{
    private const int Bits = 62;
    private const long Mask = (1L << Bits) - 1;

    private readonly long[] _p;      // the modulus in 62-bit limbs
    private readonly long[] _scale;  // s, the initial e: the result is s·a^(−1)
    private readonly ulong _pInv;    // p^(−1) mod 2^62
    private readonly int _batches;

    /// <param name="modulus">An odd prime.</param>
    /// <param name="scale">The factor s of the result s·a^(−1) mod p (R² turns Montgomery x·R into x^(−1)·R).</param>
    public SafeGcd(BigInteger modulus, BigInteger scale)
    {
        int limbs = (int)(modulus.GetBitLength() + 2) / Bits + 1; // room for the sign and the (−p, 2p) range
        _p = ToLimbs62(modulus, limbs);
        _scale = ToLimbs62(scale % modulus, limbs);
        // Newton iteration for the inverse mod 2^64: each step doubles the correct low bits (p·p ≡ 1 mod 8 to start).
        ulong p0 = (ulong)(modulus & ulong.MaxValue), inv = p0;
        for (int i = 0; i < 5; i++) inv *= 2 - p0 * inv;
        _pInv = inv & (ulong)Mask;
        long b = (long)modulus.GetBitLength() + 2; // ≥ log2 √(p² + 4p²) = log2 p + 1.17
        long steps = (49 * b + 57 + 16) / 17;
        _batches = (int)((steps + Bits - 1) / Bits);
    }

    /// <summary>s·a^(−1) mod p for a canonical a &lt; p given as 64-bit limbs; writes 64-bit limbs of a value below p.</summary>
    [SkipLocalsInit]
    public void Invert(ReadOnlySpan<ulong> a, Span<ulong> result)
    {
        int n = _p.Length;
        Span<long> f = stackalloc long[n], g = stackalloc long[n], d = stackalloc long[n], e = stackalloc long[n];
        _p.CopyTo(f);
        From64(a, g);
        d.Clear();
        _scale.CopyTo(e);
        long delta = 1;
        for (int i = 0; i < _batches; i++)
        {
            ulong f0 = (ulong)f[0] | ((ulong)f[1] << Bits), g0 = (ulong)g[0] | ((ulong)g[1] << Bits);
            delta = Divsteps(delta, f0, g0, out long u, out long v, out long q, out long r);
            ApplyToFg(f, g, u, v, q, r);
            ApplyToDe(d, e, u, v, q, r);
        }
        // f = ±1 (or p when a = 0, where d = 0): the inverse is d times the sign of f.
        long neg = f[n - 1] >> 63;
        Span<long> t = stackalloc long[n];
        AddMasked(_p, d, -1, t, negate: true); // p − d
        Select(neg, t, d);
        To64(d, result);
    }

    /// <summary>
    /// 62 divsteps on the low words of f and g (bits above the step count are garbage, and only bit 0 is read).
    /// Branch-free: "δ &gt; 0 and g odd" swaps (f, g) → (g, −f) and negates δ, turning it into the "g odd" case.
    /// Returns δ and the matrix (u v; q r) with 2^62·(f', g') = (u·f + v·g, q·f + r·g).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Divsteps(long delta, ulong f0, ulong g0, out long u, out long v, out long q, out long r)
    {
        long f = (long)f0, g = (long)g0;
        long uu = 1, vv = 0, qq = 0, rr = 1;
        for (int i = 0; i < Bits; i++)
        {
            long odd = -(g & 1);
            long swap = (-delta >> 63) & odd;
            long t = (f ^ g) & swap; f ^= t; g ^= t; g = (g ^ swap) - swap;
            t = (uu ^ qq) & swap; uu ^= t; qq ^= t; qq = (qq ^ swap) - swap;
            t = (vv ^ rr) & swap; vv ^= t; rr ^= t; rr = (rr ^ swap) - swap;
            delta = (delta ^ swap) - swap;
            g += f & odd; qq += uu & odd; rr += vv & odd;
            g >>= 1; uu <<= 1; vv <<= 1; delta++;
        }
        u = uu; v = vv; q = qq; r = rr;
        return delta;
    }

    /// <summary>(f, g) ← (u·f + v·g, q·f + r·g) / 2^62, an exact division.</summary>
    private static void ApplyToFg(Span<long> f, Span<long> g, long u, long v, long q, long r)
    {
        int n = f.Length;
        Int128 cf = Math.BigMul(u, f[0]) + Math.BigMul(v, g[0]);
        Int128 cg = Math.BigMul(q, f[0]) + Math.BigMul(r, g[0]);
        cf >>= Bits; cg >>= Bits;
        for (int i = 1; i < n; i++)
        {
            cf += Math.BigMul(u, f[i]) + Math.BigMul(v, g[i]);
            cg += Math.BigMul(q, f[i]) + Math.BigMul(r, g[i]);
            f[i - 1] = (long)cf & Mask; cf >>= Bits;
            g[i - 1] = (long)cg & Mask; cg >>= Bits;
        }
        f[n - 1] = (long)cf;
        g[n - 1] = (long)cg;
    }

    /// <summary>
    /// (d, e) ← (u·d + v·e, q·d + r·e) / 2^62 mod p, both kept in [0, p): adding m·p with m &lt; 2^62 chosen to clear the
    /// low 62 bits makes the division exact, and with |u| + |v| ≤ 2^62 the quotient lies in (−p, 2p).
    /// </summary>
    private void ApplyToDe(Span<long> d, Span<long> e, long u, long v, long q, long r)
    {
        int n = d.Length;
        var p = _p;
        long md = (long)((0 - (ulong)(u * d[0] + v * e[0]) * _pInv) & Mask);
        long me = (long)((0 - (ulong)(q * d[0] + r * e[0]) * _pInv) & Mask);
        Int128 cd = Math.BigMul(u, d[0]) + Math.BigMul(v, e[0]) + Math.BigMul(md, p[0]);
        Int128 ce = Math.BigMul(q, d[0]) + Math.BigMul(r, e[0]) + Math.BigMul(me, p[0]);
        cd >>= Bits; ce >>= Bits;
        for (int i = 1; i < n; i++)
        {
            cd += Math.BigMul(u, d[i]) + Math.BigMul(v, e[i]) + Math.BigMul(md, p[i]);
            ce += Math.BigMul(q, d[i]) + Math.BigMul(r, e[i]) + Math.BigMul(me, p[i]);
            d[i - 1] = (long)cd & Mask; cd >>= Bits;
            e[i - 1] = (long)ce & Mask; ce >>= Bits;
        }
        d[n - 1] = (long)cd;
        e[n - 1] = (long)ce;
        Normalize(d);
        Normalize(e);
    }

    /// <summary>x ∈ (−p, 2p) → x mod p ∈ [0, p), branch-free.</summary>
    [SkipLocalsInit]
    private void Normalize(Span<long> x)
    {
        AddMasked(x, _p, x[^1] >> 63, x, negate: false); // + p when negative
        Span<long> t = stackalloc long[x.Length];
        AddMasked(x, _p, -1, t, negate: true);          // x − p
        Select(~(t[^1] >> 63), t, x);                    // keep x − p when not negative
    }

    /// <summary>dest = x ± (y AND mask), carried through the 62-bit limbs (dest may alias x).</summary>
    private static void AddMasked(ReadOnlySpan<long> x, ReadOnlySpan<long> y, long mask, Span<long> dest, bool negate)
    {
        long c = 0;
        int n = x.Length;
        for (int i = 0; i < n - 1; i++)
        {
            c += negate ? x[i] - (y[i] & mask) : x[i] + (y[i] & mask);
            dest[i] = c & Mask;
            c >>= Bits;
        }
        dest[n - 1] = c + (negate ? x[n - 1] - (y[n - 1] & mask) : x[n - 1] + (y[n - 1] & mask));
    }

    /// <summary>dest ← src where mask is all ones, unchanged where it is zero.</summary>
    private static void Select(long mask, ReadOnlySpan<long> src, Span<long> dest)
    {
        for (int i = 0; i < dest.Length; i++) dest[i] ^= (dest[i] ^ src[i]) & mask;
    }

    private static long[] ToLimbs62(BigInteger v, int limbs)
    {
        var r = new long[limbs];
        for (int i = 0; i < limbs; i++) { r[i] = (long)(v & Mask); v >>= Bits; }
        return r;
    }

    private static void From64(ReadOnlySpan<ulong> a, Span<long> x)
    {
        UInt128 buf = 0;
        int have = 0, j = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (have < Bits && j < a.Length) { buf |= (UInt128)a[j++] << have; have += 64; }
            x[i] = (long)(ulong)buf & Mask;
            buf >>= Bits;
            have -= Bits;
        }
    }

    private static void To64(ReadOnlySpan<long> x, Span<ulong> a)
    {
        UInt128 buf = 0;
        int have = 0, i = 0;
        for (int j = 0; j < a.Length; j++)
        {
            while (have < 64 && i < x.Length) { buf |= (UInt128)(ulong)x[i++] << have; have += Bits; }
            a[j] = (ulong)buf;
            buf >>= 64;
            have -= 64;
        }
    }
}
