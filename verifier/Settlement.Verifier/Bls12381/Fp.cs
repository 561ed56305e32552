using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using static Settlement.Verifier.Bls12381.Limbs;
using System.Security.Cryptography;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// An element of the BLS12-381 base field F_p, p = 0x1a0111ea...aaab (381 bits), held as six
/// little-endian 64-bit limbs in Montgomery form (x·R mod p, R = 2^384).
/// Multiplication is product scanning with delayed carries (see <see cref="MontMul"/>), with a dedicated squaring.
/// </summary>
public readonly struct Fp : IField<Fp>
{
    internal readonly ulong L0, L1, L2, L3, L4, L5;

    /// <summary>The modulus p.</summary>
    public static readonly BigInteger Modulus = BigInteger.Parse(
        "01a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
        System.Globalization.NumberStyles.HexNumber);

    /// <summary>Size of the canonical big-endian encoding.</summary>
    public const int ByteLength = 48;

    // p in limbs.
    internal const ulong M0 = 0xb9feffffffffaaab, M1 = 0x1eabfffeb153ffff, M2 = 0x6730d2a0f6b0f624,
        M3 = 0x64774b84f38512bf, M4 = 0x4b1ba7b6434bacd7, M5 = 0x1a0111ea397fe69a;

    // Inv = −p^(−1) mod 2^64.
    private const ulong Inv = 0x89f3fffcfffcfffd;

    // R = 2^384 mod p (the Montgomery form of 1) and R² mod p (to enter Montgomery form).
    private static readonly Fp R1 = new(0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba,
        0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493);
    private static readonly Fp R2 = new(0xf4df1f341c341746, 0x0a76e6a609d104f1, 0x8de5476c4c95b6d5,
        0x67eb88a9939d83c0, 0x9a793e85b519952d, 0x11988fe592cae3aa);

    // Exponents, derived from p: p − 2 (Fermat inverse), (p + 1)/4 (square root, p ≡ 3 mod 4),
    // (p − 1)/2 (Legendre symbol).
    private static readonly ulong[] ExpInverse = ToLimbs(Modulus - 2);
    private static readonly ulong[] ExpSqrt = ToLimbs((Modulus + 1) / 4);
    private static readonly ulong[] ExpLegendre = ToLimbs((Modulus - 1) / 2);
    private static readonly Fp HalfModulus = FromCanonicalLimbsUnchecked(ToLimbs((Modulus - 1) / 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fp(ulong l0, ulong l1, ulong l2, ulong l3, ulong l4, ulong l5)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5;
    }

    public static Fp Zero => default;
    public static Fp One => R1;

    public bool IsZero => (L0 | L1 | L2 | L3 | L4 | L5) == 0;
    public bool IsOne => this == R1;

    public static Fp FromUInt64(ulong v) => FromCanonicalLimbsUnchecked([v, 0, 0, 0, 0, 0]);

    /// <summary>Reduces any integer (negative too) modulo p. For constants and tests, not hot paths.</summary>
    public static Fp FromBigInteger(BigInteger v)
    {
        v %= Modulus;
        if (v.Sign < 0) v += Modulus;
        return FromCanonicalLimbsUnchecked(ToLimbs(v));
    }

    public BigInteger ToBigInteger()
    {
        Span<byte> b = stackalloc byte[ByteLength];
        ToBytesBE(b);
        return new BigInteger(b, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Decodes 48 big-endian bytes; fails when the value is not below p (non-canonical).</summary>
    public static bool TryFromBytesBE(ReadOnlySpan<byte> bytes, out Fp result)
    {
        result = default;
        if (bytes.Length != ByteLength) return false;
        Span<ulong> l = stackalloc ulong[6];
        for (int i = 0; i < 6; i++) l[i] = BinaryPrimitives.ReadUInt64BigEndian(bytes.Slice(40 - 8 * i, 8));
        if (!LessThanModulus(l)) return false;
        result = FromCanonicalLimbsUnchecked(l);
        return true;
    }

    /// <summary>Writes the canonical value as 48 big-endian bytes.</summary>
    public void ToBytesBE(Span<byte> dest)
    {
        var c = ToCanonical();
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(40), c.L0);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(32), c.L1);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(24), c.L2);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(16), c.L3);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(8), c.L4);
        BinaryPrimitives.WriteUInt64BigEndian(dest.Slice(0), c.L5);
    }

    public byte[] ToBytesBE()
    {
        var b = new byte[ByteLength];
        ToBytesBE(b);
        return b;
    }

    /// <summary>
    /// Reads the raw Montgomery limbs as stored by snarkjs (.zkey, .ptau): 48 little-endian bytes of x·2^384 mod p.
    /// Fails when the stored word is not below p.
    /// </summary>
    public static bool TryFromMontgomeryLE(ReadOnlySpan<byte> bytes, out Fp result)
    {
        result = default;
        if (bytes.Length != ByteLength) return false;
        Span<ulong> l = stackalloc ulong[6];
        for (int i = 0; i < 6; i++) l[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8 * i, 8));
        if (!LessThanModulus(l)) return false;
        result = new Fp(l[0], l[1], l[2], l[3], l[4], l[5]);
        return true;
    }

    /// <summary>Writes the raw Montgomery limbs, 48 little-endian bytes (the snarkjs layout).</summary>
    public void ToMontgomeryLE(Span<byte> dest)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(dest, L0);
        BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(8), L1);
        BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(16), L2);
        BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(24), L3);
        BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(32), L4);
        BinaryPrimitives.WriteUInt64LittleEndian(dest.Slice(40), L5);
    }

    /// <summary>A uniformly random element (from 64 random bytes reduced mod p; bias below 2^-128).</summary>
    public static Fp Random(RandomNumberGenerator? rng = null)
    {
        Span<byte> b = stackalloc byte[64];
        if (rng is null) RandomNumberGenerator.Fill(b); else rng.GetBytes(b);
        return FromBigInteger(new BigInteger(b, isUnsigned: true));
    }

    /// <summary>A random element from a seeded generator, for reproducible tests.</summary>
    public static Fp Random(Random rng)
    {
        Span<byte> b = stackalloc byte[64];
        rng.NextBytes(b);
        return FromBigInteger(new BigInteger(b, isUnsigned: true));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator *(in Fp a, in Fp b)
    {
        MontMul(a, b, out var r);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp Square()
    {
        MontSquare(this, out var r);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Fp Double() => this + this;

    /// <summary>this^e for a little-endian limb exponent (square and multiply, not constant time).</summary>
    public Fp Pow(ReadOnlySpan<ulong> e)
    {
        var acc = R1;
        for (int i = e.Length - 1; i >= 0; i--)
            for (int bit = 63; bit >= 0; bit--)
            {
                acc = acc.Square();
                if (((e[i] >> bit) & 1) != 0) acc *= this;
            }
        return acc;
    }

    public Fp Inverse() => Pow(ExpInverse);

    /// <summary>1 for a non-zero square, −1 for a non-square, 0 for zero.</summary>
    public int Legendre()
    {
        if (IsZero) return 0;
        return Pow(ExpLegendre).IsOne ? 1 : -1;
    }

    /// <summary>A square root when one exists (p ≡ 3 mod 4, so it is a^((p+1)/4)).</summary>
    public bool TrySqrt(out Fp root)
    {
        root = Pow(ExpSqrt);
        return root.Square() == this;
    }

    /// <summary>True when the canonical value exceeds (p − 1)/2: the ZCash "sort" flag.</summary>
    public bool IsLexicographicallyLargest => CompareCanonical(ToCanonical(), HalfModulus.ToCanonical()) > 0;

    /// <summary>sgn0 of RFC 9380: the parity of the canonical value.</summary>
    public bool Sgn0 => (ToCanonical().L0 & 1) != 0;

    public static bool operator ==(in Fp a, in Fp b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3) | (a.L4 ^ b.L4) | (a.L5 ^ b.L5)) == 0;
    public static bool operator !=(in Fp a, in Fp b) => !(a == b);
    public bool Equals(Fp other) => this == other;
    public override bool Equals(object? obj) => obj is Fp o && this == o;
    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3, L4, L5);
    public override string ToString() => "0x" + Convert.ToHexString(ToBytesBE()).ToLowerInvariant();

    /// <summary>Leaves Montgomery form: returns limbs of the plain value (as an Fp-shaped carrier).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Fp ToCanonical()
    {
        MontMul(this, new Fp(1, 0, 0, 0, 0, 0), out var r);
        return r;
    }

    private static Fp FromCanonicalLimbsUnchecked(ReadOnlySpan<ulong> l)
    {
        MontMul(new Fp(l[0], l[1], l[2], l[3], l[4], l[5]), R2, out var r);
        return r;
    }

    private static int CompareCanonical(in Fp a, in Fp b)
    {
        ReadOnlySpan<ulong> x = [a.L5, a.L4, a.L3, a.L2, a.L1, a.L0], y = [b.L5, b.L4, b.L3, b.L2, b.L1, b.L0];
        for (int i = 0; i < 6; i++)
            if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
        return 0;
    }

    private static bool LessThanModulus(ReadOnlySpan<ulong> l)
    {
        ReadOnlySpan<ulong> m = [M0, M1, M2, M3, M4, M5];
        for (int i = 5; i >= 0; i--)
            if (l[i] != m[i]) return l[i] < m[i];
        return false;
    }

    internal static ulong[] ToLimbs(BigInteger v)
    {
        var r = new ulong[6];
        for (int i = 0; i < 6; i++) { r[i] = (ulong)(v & ulong.MaxValue); v >>= 64; }
        return r;
    }

    /// <summary>Subtracts the modulus once if the value is at least the modulus.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceOnce(ref Fp x)
    {
        ulong b = 0, d;
        d = x.L0 - M0; ulong s0 = d - b; b = (x.L0 < M0 || d < b) ? 1UL : 0UL;
        d = x.L1 - M1; ulong s1 = d - b; b = (x.L1 < M1 || d < b) ? 1UL : 0UL;
        d = x.L2 - M2; ulong s2 = d - b; b = (x.L2 < M2 || d < b) ? 1UL : 0UL;
        d = x.L3 - M3; ulong s3 = d - b; b = (x.L3 < M3 || d < b) ? 1UL : 0UL;
        d = x.L4 - M4; ulong s4 = d - b; b = (x.L4 < M4 || d < b) ? 1UL : 0UL;
        d = x.L5 - M5; ulong s5 = d - b; b = (x.L5 < M5 || d < b) ? 1UL : 0UL;
        if (b == 0) x = new Fp(s0, s1, s2, s3, s4, s5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator +(in Fp a, in Fp b)
    {
        ulong c = 0, s;
        s = a.L0 + b.L0; ulong r0 = s + c; c = (s < a.L0 || r0 < s) ? 1UL : 0UL;
        s = a.L1 + b.L1; ulong r1 = s + c; c = (s < a.L1 || r1 < s) ? 1UL : 0UL;
        s = a.L2 + b.L2; ulong r2 = s + c; c = (s < a.L2 || r2 < s) ? 1UL : 0UL;
        s = a.L3 + b.L3; ulong r3 = s + c; c = (s < a.L3 || r3 < s) ? 1UL : 0UL;
        s = a.L4 + b.L4; ulong r4 = s + c; c = (s < a.L4 || r4 < s) ? 1UL : 0UL;
        s = a.L5 + b.L5; ulong r5 = s + c; c = (s < a.L5 || r5 < s) ? 1UL : 0UL;
        var r = new Fp(r0, r1, r2, r3, r4, r5);
        ReduceOnce(ref r);
        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator -(in Fp a, in Fp b)
    {
        ulong b0 = 0, d;
        d = a.L0 - b.L0; ulong r0 = d - b0; b0 = (a.L0 < b.L0 || d < b0) ? 1UL : 0UL;
        d = a.L1 - b.L1; ulong r1 = d - b0; b0 = (a.L1 < b.L1 || d < b0) ? 1UL : 0UL;
        d = a.L2 - b.L2; ulong r2 = d - b0; b0 = (a.L2 < b.L2 || d < b0) ? 1UL : 0UL;
        d = a.L3 - b.L3; ulong r3 = d - b0; b0 = (a.L3 < b.L3 || d < b0) ? 1UL : 0UL;
        d = a.L4 - b.L4; ulong r4 = d - b0; b0 = (a.L4 < b.L4 || d < b0) ? 1UL : 0UL;
        d = a.L5 - b.L5; ulong r5 = d - b0; b0 = (a.L5 < b.L5 || d < b0) ? 1UL : 0UL;
        if (b0 != 0)
        {
            // Wrapped below zero: add the modulus back.
            ulong c = 0, s;
            s = r0 + M0; r0 = s + c; c = (s < M0 || r0 < s) ? 1UL : 0UL;
            s = r1 + M1; r1 = s + c; c = (s < M1 || r1 < s) ? 1UL : 0UL;
            s = r2 + M2; r2 = s + c; c = (s < M2 || r2 < s) ? 1UL : 0UL;
            s = r3 + M3; r3 = s + c; c = (s < M3 || r3 < s) ? 1UL : 0UL;
            s = r4 + M4; r4 = s + c; c = (s < M4 || r4 < s) ? 1UL : 0UL;
            s = r5 + M5; r5 = s + c; c = (s < M5 || r5 < s) ? 1UL : 0UL;
        }
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Fp operator -(in Fp a)
    {
        if (a.IsZero) return a;
        ulong b0 = 0, d;
        d = M0 - a.L0; ulong r0 = d - b0; b0 = (M0 < a.L0 || d < b0) ? 1UL : 0UL;
        d = M1 - a.L1; ulong r1 = d - b0; b0 = (M1 < a.L1 || d < b0) ? 1UL : 0UL;
        d = M2 - a.L2; ulong r2 = d - b0; b0 = (M2 < a.L2 || d < b0) ? 1UL : 0UL;
        d = M3 - a.L3; ulong r3 = d - b0; b0 = (M3 < a.L3 || d < b0) ? 1UL : 0UL;
        d = M4 - a.L4; ulong r4 = d - b0; b0 = (M4 < a.L4 || d < b0) ? 1UL : 0UL;
        d = M5 - a.L5; ulong r5 = d - b0; b0 = (M5 < a.L5 || d < b0) ? 1UL : 0UL;
        return new Fp(r0, r1, r2, r3, r4, r5);
    }

    // Montgomery multiplication, product scanning (Comba order) with delayed carries.
    // Column k of a·b + m·p (all products aᵢbⱼ and mᵢpⱼ with i + j = k) is summed as four words: the low halves of the
    // products in ls with their overflow count in lc, the high halves in hs with hc. Each addition's carry goes into
    // a counter that nothing else waits for, so the critical path is one add per product; the CIOS loop used before
    // chained every product's carry into the next (add, compare, setb, add: ~5 cycles each, measured 102 ns against
    // 95 ns here). At the end of column i < 6 the low word w is final, mᵢ = w·(−p⁻¹) makes it vanish, and the rest
    // moves to the next column as (cin0, cin1). The result (ab + mp)/2^384 is below 2p because p < 2^382, so one
    // conditional subtraction finishes it. Counters stay small: at most 12 products per column.
    internal static void MontMul(in Fp a, in Fp b, out Fp r)
    {
        ulong ls, lc, hs, hc, p, k, w, small, cin0 = 0, cin1 = 0;
        // column 0
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m0 = w * Inv;
        p = MulHi(m0, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 1
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m1 = w * Inv;
        p = MulHi(m1, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 2
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m2 = w * Inv;
        p = MulHi(m2, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 3
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m3 = w * Inv;
        p = MulHi(m3, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 4
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m4 = w * Inv;
        p = MulHi(m4, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 5
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L0); hs += p; hc += hs < p ? 1UL : 0UL;
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
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L1 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r0 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 7
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L2 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r1 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 8
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L3 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L4 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r2 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 9
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L4 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L5 * b.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r3 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 10
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L5 * b.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, b.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r4 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        ulong r5 = cin0;
        r = new Fp(r0, r1, r2, r3, r4, r5);
        ReduceOnce(ref r);
    }

    // Montgomery squaring: as MontMul, but each column's cross products aᵢaⱼ (i < j) are summed once and doubled by a
    // shift (the top bits of ls and hs move into their counters), then the diagonal a_{k/2}² is added: 57 word products
    // instead of 72 (measured 83 ns against 95 ns for MontMul(a, a)).
    internal static void MontSquare(in Fp a, out Fp r)
    {
        ulong ls, lc, hs, hc, p, k, w, small, cin0 = 0, cin1 = 0;
        // column 0
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L0; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L0); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m0 = w * Inv;
        p = MulHi(m0, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 1
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = m0 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m1 = w * Inv;
        p = MulHi(m1, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 2
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = a.L1 * a.L1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, a.L1); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m2 = w * Inv;
        p = MulHi(m2, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 3
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * a.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, a.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = m0 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m3 = w * Inv;
        p = MulHi(m3, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 4
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * a.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, a.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = a.L2 * a.L2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, a.L2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m0 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m0, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong m4 = w * Inv;
        p = MulHi(m4, M0); hs += p; hc += hs < p ? 1UL : 0UL; small += w != 0 ? 1UL : 0UL;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 5
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L0 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L0, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L1 * a.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, a.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * a.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, a.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
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
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L1 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L1, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L2 * a.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, a.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = a.L3 * a.L3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, a.L3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m1 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m1, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m2 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M1; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M1); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r0 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 7
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L2 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L2, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = a.L3 * a.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, a.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = m2 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m2, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M2; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M2); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r1 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 8
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L3 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L3, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = a.L4 * a.L4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, a.L4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m3 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m3, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m4 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M3; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M3); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r2 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 9
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L4 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L4, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        lc = (lc << 1) | (ls >> 63); ls <<= 1; hc = (hc << 1) | (hs >> 63); hs <<= 1;
        p = m4 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m4, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M4; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M4); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r3 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        // column 10
        ls = 0; lc = 0; hs = 0; hc = 0;
        p = a.L5 * a.L5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(a.L5, a.L5); hs += p; hc += hs < p ? 1UL : 0UL;
        p = m5 * M5; ls += p; lc += ls < p ? 1UL : 0UL; p = MulHi(m5, M5); hs += p; hc += hs < p ? 1UL : 0UL;
        w = ls + cin0; small = lc + cin1 + (w < cin0 ? 1UL : 0UL);
        ulong r4 = w;
        k = hs + small; cin1 = hc + (k < small ? 1UL : 0UL); cin0 = k;
        ulong r5 = cin0;
        r = new Fp(r0, r1, r2, r3, r4, r5);
        ReduceOnce(ref r);
    }
}
