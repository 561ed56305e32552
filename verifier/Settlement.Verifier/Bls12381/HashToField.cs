using System.Numerics;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// hash_to_field for the BLS12-381 base field and its quadratic extension (RFC 9380, section 5.2), with
/// expand_message_xmd(SHA-256) as the expander. Each F_p coordinate is an L-byte big-endian integer reduced mod p.
/// </summary>
public static class HashToField
{
    /// <summary>
    /// L = ceil((ceil(log2(p)) + k) / 8) = ceil((381 + 128) / 8) = 64 bytes per F_p element, for the
    /// security level k = 128 of the BLS12-381 suites (RFC 9380, section 8.8). The 128 extra bits make
    /// the reduction mod p statistically uniform.
    /// </summary>
    public const int L = 64;

    /// <summary>2^256 mod p: the weight of the high half when a 64-byte string is reduced as hi·2^256 + lo.</summary>
    private static readonly Fp TwoTo256 = Fp.FromBigInteger(BigInteger.One << 256);

    /// <summary>Hashes <paramref name="message"/> to <c>output.Length</c> elements of F_p (m = 1).</summary>
    public static void ToFp(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<Fp> output)
    {
        CheckCount(output.Length, 1);
        Span<byte> uniform = stackalloc byte[output.Length * L];
        ExpandMessageXmd.Expand(message, dst, uniform);
        for (int i = 0; i < output.Length; i++) output[i] = ReduceWide(uniform.Slice(i * L, L));
    }

    /// <summary>Hashes <paramref name="message"/> to <c>output.Length</c> elements of F_p² (m = 2; c0 is taken first).</summary>
    public static void ToFp2(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<Fp2> output)
    {
        CheckCount(output.Length, 2);
        Span<byte> uniform = stackalloc byte[output.Length * 2 * L];
        ExpandMessageXmd.Expand(message, dst, uniform);
        for (int i = 0; i < output.Length; i++)
            output[i] = new Fp2(ReduceWide(uniform.Slice((2 * i) * L, L)), ReduceWide(uniform.Slice((2 * i + 1) * L, L)));
    }

    /// <summary>count · m · L bytes must be a valid expand_message_xmd length: 1 ≤ count ≤ 8160 / (64·m).</summary>
    private static void CheckCount(int count, int degree)
    {
        int max = ExpandMessageXmd.MaxOutputLength / (degree * L);
        if (count < 1 || count > max)
            throw new ArgumentException($"hash_to_field count is {count}; with m = {degree} and L = {L} it must be between 1 and {max} (expand_message_xmd output limit)", "output");
    }

    /// <summary>
    /// OS2IP(bytes) mod p for exactly 64 big-endian bytes: split into two 256-bit halves (each below p, so each
    /// decodes canonically) and combine as hi · 2^256 + lo in the field.
    /// </summary>
    internal static Fp ReduceWide(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != L) throw new ArgumentException($"expected {L} bytes, got {bytes.Length}", nameof(bytes));
        Span<byte> padded = stackalloc byte[Fp.ByteLength];
        padded[..16].Clear();
        bytes[..32].CopyTo(padded[16..]);
        Fp.TryFromBytesBE(padded, out var hi);
        bytes[32..].CopyTo(padded[16..]);
        Fp.TryFromBytesBE(padded, out var lo);
        return hi * TwoTo256 + lo;
    }
}
