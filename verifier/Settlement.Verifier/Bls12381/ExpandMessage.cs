using System.Security.Cryptography;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// expand_message_xmd (RFC 9380, section 5.3.1): stretches a message into a uniformly random byte string under
/// a domain separation tag (DST), with SHA-256 (the hash of every BLS12-381 suite this code base uses) or SHA-512.
/// </summary>
/// <remarks>
/// <para>b_0 = H(Z_pad ‖ msg ‖ I2OSP(len, 2) ‖ I2OSP(0, 1) ‖ DST'), b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST'),
/// b_i = H((b_0 ⊕ b_(i−1)) ‖ I2OSP(i, 1) ‖ DST'), output = the first len bytes of b_1 ‖ … ‖ b_ell,
/// where DST' = DST ‖ I2OSP(len(DST), 1) and Z_pad is one zero-filled input block of H.</para>
/// <para>A DST longer than 255 bytes is first replaced by H("H2C-OVERSIZE-DST-" ‖ DST) (section 5.3.3), as the
/// RFC's own vectors for long tags expect; <see cref="EffectiveDst"/> exposes that step.</para>
/// </remarks>
public static class ExpandMessageXmd
{
    /// <summary>b_in_bytes of SHA-256.</summary>
    public const int HashLength = 32;

    /// <summary>s_in_bytes of SHA-256: the length of Z_pad.</summary>
    public const int BlockLength = 64;

    /// <summary>The longest DST used as it is: its length must fit the single byte I2OSP(len(DST), 1).</summary>
    public const int MaxDstLength = 255;

    /// <summary>
    /// The longest SHA-256 output: ell = ceil(len / b_in_bytes) must be at most 255 (the block counter is one byte),
    /// so len ≤ 255 · 32 = 8160 (below the 65535 bound of I2OSP(len, 2)). SHA-512 allows 255 · 64 = 16320.
    /// </summary>
    public const int MaxOutputLength = 255 * HashLength;

    /// <summary>The prefix of the oversize-DST rule: DST = H("H2C-OVERSIZE-DST-" ‖ long DST) (RFC 9380, section 5.3.3).</summary>
    public static ReadOnlySpan<byte> OversizeDstPrefix => "H2C-OVERSIZE-DST-"u8;

    /// <summary>Fills <paramref name="output"/> (1 to <see cref="MaxOutputLength"/> bytes) with expand_message_xmd(msg, DST, output.Length) over SHA-256.</summary>
    /// <exception cref="ArgumentException">The DST is empty, or the output length is out of range.</exception>
    public static void Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output) =>
        Expand(message, dst, output, HashAlgorithmName.SHA256);

    /// <summary>expand_message_xmd(msg, DST, output.Length) with <paramref name="hash"/>, SHA-256 or SHA-512.</summary>
    /// <exception cref="ArgumentException">The hash is neither, the DST is empty, or the output length is out of range.</exception>
    public static void Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output, HashAlgorithmName hash)
    {
        var (hashLength, blockLength) = Sizes(hash);
        Span<byte> shortDst = stackalloc byte[hashLength];
        scoped ReadOnlySpan<byte> tag = dst;
        if (dst.Length > MaxDstLength) { HashOversizeDst(dst, shortDst, hash); tag = shortDst; }
        CheckDst(tag);
        int length = output.Length;
        int maxLength = 255 * hashLength;
        if (length < 1 || length > maxLength)
            throw new ArgumentException(
                $"expand_message_xmd output length is {length} bytes; it must be between 1 and {maxLength} (255 {hash.Name} blocks, RFC 9380 section 5.3.1)",
                nameof(output));
        int ell = (length + hashLength - 1) / hashLength;

        // DST' = DST ‖ I2OSP(len(DST), 1).
        Span<byte> dstPrime = stackalloc byte[tag.Length + 1];
        tag.CopyTo(dstPrime);
        dstPrime[^1] = (byte)tag.Length;

        using var h = IncrementalHash.CreateHash(hash);
        // b_0 = H(Z_pad ‖ msg ‖ l_i_b_str ‖ I2OSP(0, 1) ‖ DST').
        Span<byte> b0 = stackalloc byte[hashLength];
        Span<byte> zPad = stackalloc byte[blockLength];
        zPad.Clear();
        h.AppendData(zPad);
        h.AppendData(message);
        ReadOnlySpan<byte> lengthAndZero = [(byte)(length >> 8), (byte)length, 0];
        h.AppendData(lengthAndZero);
        h.AppendData(dstPrime);
        h.GetHashAndReset(b0);

        // b_i = H(strxor(b_0, b_(i−1)) ‖ I2OSP(i, 1) ‖ DST'), with b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST').
        Span<byte> input = stackalloc byte[hashLength + 1 + dstPrime.Length];
        dstPrime.CopyTo(input[(hashLength + 1)..]);
        Span<byte> bi = stackalloc byte[hashLength];
        bi.Clear(); // b_0 ⊕ 0 = b_0 for the first block
        for (int i = 1; i <= ell; i++)
        {
            for (int j = 0; j < hashLength; j++) input[j] = (byte)(b0[j] ^ bi[j]);
            input[hashLength] = (byte)i;
            h.AppendData(input);
            h.GetHashAndReset(bi);
            int offset = (i - 1) * hashLength;
            bi[..Math.Min(hashLength, length - offset)].CopyTo(output[offset..]);
        }
    }

    /// <summary>expand_message_xmd(msg, DST, length) over SHA-256 as a new array.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, int length) =>
        Expand(message, dst, length, HashAlgorithmName.SHA256);

    /// <summary>expand_message_xmd(msg, DST, length) with <paramref name="hash"/> as a new array.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, int length, HashAlgorithmName hash)
    {
        int maxLength = 255 * Sizes(hash).HashLength;
        if (length < 1 || length > maxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"expand_message_xmd output length must be between 1 and {maxLength} bytes for {hash.Name} (RFC 9380 section 5.3.1)");
        var output = new byte[length];
        Expand(message, dst, output, hash);
        return output;
    }

    /// <summary>
    /// The DST the expander actually uses: <paramref name="dst"/> itself up to 255 bytes, otherwise
    /// H("H2C-OVERSIZE-DST-" ‖ DST) (RFC 9380, section 5.3.3).
    /// </summary>
    public static byte[] EffectiveDst(ReadOnlySpan<byte> dst, HashAlgorithmName hash)
    {
        if (dst.Length <= MaxDstLength) return dst.ToArray();
        var shortDst = new byte[Sizes(hash).HashLength];
        HashOversizeDst(dst, shortDst, hash);
        return shortDst;
    }

    static void HashOversizeDst(ReadOnlySpan<byte> longDst, Span<byte> into, HashAlgorithmName hash)
    {
        using var h = IncrementalHash.CreateHash(hash);
        h.AppendData(OversizeDstPrefix);
        h.AppendData(longDst);
        h.GetHashAndReset(into);
    }

    static (int HashLength, int BlockLength) Sizes(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? (32, 64)
        : hash == HashAlgorithmName.SHA512 ? (64, 128)
        : throw new ArgumentException($"expand_message_xmd is implemented for SHA-256 and SHA-512, not {hash.Name}", nameof(hash));

    /// <summary>Rejects an empty DST (RFC 9380 section 3.1 requires a non-empty tag).</summary>
    internal static void CheckDst(ReadOnlySpan<byte> dst)
    {
        if (dst.Length == 0)
            throw new ArgumentException("the domain separation tag is empty; RFC 9380 section 3.1 requires a non-empty DST", nameof(dst));
    }
}
