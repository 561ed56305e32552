using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// An element of GT, the order-r subgroup of F_p¹²* where pairings land. Produced only by the final exponentiation,
/// group operations, or the checked decoder, so every value is in the cyclotomic subgroup (conjugation inverts,
/// cyclotomic squaring is valid).
/// Encoding (576 bytes, as the published kilic/noble vectors): the twelve F_p coefficients, 48 bytes big-endian each,
/// fully reversed: c1.c2.c1 ‖ c1.c2.c0 ‖ c1.c1.c1 ‖ … ‖ c0.c0.c1 ‖ c0.c0.c0.
/// </summary>
public readonly struct Gt : IEquatable<Gt>
{
    /// <summary>Bytes in the encoding: twelve 48-byte F_p coefficients.</summary>
    public const int ByteLength = 12 * Fp.ByteLength;

    internal readonly Fp12 Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Gt(in Fp12 value) { Value = value; }

    /// <summary>The identity of GT (1 in F_p¹²).</summary>
    public static Gt One => new(Fp12.One);
    /// <summary>True for the identity.</summary>
    public bool IsOne => Value.IsOne;

    /// <summary>The underlying F_p¹² element.</summary>
    public Fp12 ToFp12() => Value;

    /// <summary>The group operation (F_p¹² multiplication).</summary>
    public static Gt operator *(in Gt a, in Gt b) => new(a.Value * b.Value);

    /// <summary>The inverse: the conjugate, since GT lies in the cyclotomic subgroup.</summary>
    public Gt Inverse() => new(Value.Conjugate());

    /// <summary>this^k (variable time; k is public in every use here).</summary>
    public Gt Pow(in Fr k)
    {
        Span<ulong> e = stackalloc ulong[4];
        k.ToCanonicalLimbs(e);
        var acc = Fp12.One;
        for (int i = 3; i >= 0; i--)
            for (int bit = 63; bit >= 0; bit--)
            {
                acc = acc.CyclotomicSquareUnchecked();
                if (((e[i] >> bit) & 1) != 0) acc *= Value;
            }
        return new(acc);
    }

    /// <summary>
    /// Writes the 576-byte encoding; throws <see cref="ArgumentException"/> unless <paramref name="dest"/> is exactly 576 bytes.
    /// </summary>
    public void ToBytes(Span<byte> dest)
    {
        if (dest.Length != ByteLength) throw new ArgumentException($"GT encoding is {ByteLength} bytes, got {dest.Length}", nameof(dest));
        int o = 0;
        foreach (var c in Coefficients(Value))
        {
            c.C1.ToBytesBE(dest.Slice(o, Fp.ByteLength)); o += Fp.ByteLength;
            c.C0.ToBytesBE(dest.Slice(o, Fp.ByteLength)); o += Fp.ByteLength;
        }
    }

    /// <summary>The 576-byte encoding.</summary>
    public byte[] ToBytes()
    {
        var b = new byte[ByteLength];
        ToBytes(b);
        return b;
    }

    /// <summary>Why <see cref="TryFromBytes"/> refused an encoding.</summary>
    public enum DecodeError
    {
        /// <summary>Decoded: the value is in GT.</summary>
        None,
        /// <summary>The input is not exactly <see cref="ByteLength"/> bytes.</summary>
        WrongLength,
        /// <summary>A coordinate is not below p.</summary>
        CoordinateNotCanonical,
        /// <summary>The value is zero or not in the order-r subgroup of F_p¹²*.</summary>
        NotInGt,
    }

    /// <summary>
    /// Decodes 576 bytes; refuses a wrong length, any coordinate ≥ p, and any value outside the order-r subgroup
    /// (checked as f ≠ 0 and f^r = 1, a full exponentiation: for rare inputs such as a published e(α, β)).
    /// </summary>
    public static DecodeError TryFromBytes(ReadOnlySpan<byte> bytes, out Gt result)
    {
        result = default;
        if (bytes.Length != ByteLength) return DecodeError.WrongLength;
        Span<Fp2> c = stackalloc Fp2[6];
        for (int i = 0; i < 6; i++)
        {
            var at = bytes.Slice((5 - i) * 2 * Fp.ByteLength);
            if (!Fp.TryFromBytesBE(at.Slice(0, Fp.ByteLength), out var c1)) return DecodeError.CoordinateNotCanonical;
            if (!Fp.TryFromBytesBE(at.Slice(Fp.ByteLength, Fp.ByteLength), out var c0)) return DecodeError.CoordinateNotCanonical;
            c[i] = new Fp2(c0, c1);
        }
        var f = new Fp12(new Fp6(c[0], c[1], c[2]), new Fp6(c[3], c[4], c[5]));
        if (f.IsZero || !f.Pow(Fp.ToLimbs(Fr.Modulus)).IsOne) return DecodeError.NotInGt;
        result = new Gt(f);
        return DecodeError.None;
    }

    // Highest coefficient first: c1.c2, c1.c1, c1.c0, c0.c2, c0.c1, c0.c0.
    private static Fp2[] Coefficients(in Fp12 f) => [f.C1.C2, f.C1.C1, f.C1.C0, f.C0.C2, f.C0.C1, f.C0.C0];

    /// <summary>Equality of the F_p¹² values.</summary>
    public static bool operator ==(in Gt a, in Gt b) => a.Value == b.Value;
    /// <summary>Inequality.</summary>
    public static bool operator !=(in Gt a, in Gt b) => !(a == b);
    /// <inheritdoc/>
    public bool Equals(Gt other) => this == other;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Gt o && this == o;
    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();
    /// <summary>The encoding in lowercase hex.</summary>
    public override string ToString() => Convert.ToHexString(ToBytes()).ToLowerInvariant();
}
