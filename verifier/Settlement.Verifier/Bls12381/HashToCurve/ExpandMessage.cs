using System.Security.Cryptography;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// expand_message_xmd with SHA-256 (RFC 9380, section 5.3.1): stretches a message into a uniformly random
/// byte string under a domain separation tag (DST). The only expander the BLS12-381 suites of this code base use.
/// </summary>
/// <remarks>
/// <para>b_0 = H(Z_pad ‖ msg ‖ I2OSP(len, 2) ‖ I2OSP(0, 1) ‖ DST'), b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST'),
/// b_i = H((b_0 ⊕ b_(i−1)) ‖ I2OSP(i, 1) ‖ DST'), output = the first len bytes of b_1 ‖ … ‖ b_ell,
/// where DST' = DST ‖ I2OSP(len(DST), 1) and Z_pad is one zero-filled SHA-256 input block.</para>
/// <para>A DST longer than 255 bytes is rejected, as the RFC requires. An application with a longer tag must
/// shorten it first with <see cref="HashOversizeDst"/> (RFC 9380, section 5.3.3); the expander does not do it
/// silently, so that two different tags can never meet by accident.</para>
/// </remarks>
public static class ExpandMessageXmd
{
    /// <summary>b_in_bytes: the SHA-256 output size.</summary>
    public const int HashLength = 32;

    /// <summary>s_in_bytes: the SHA-256 input block size, the length of Z_pad.</summary>
    public const int BlockLength = 64;

    /// <summary>The longest DST the expander accepts: its length must fit the single byte I2OSP(len(DST), 1).</summary>
    public const int MaxDstLength = 255;

    /// <summary>
    /// The longest output: ell = ceil(len / b_in_bytes) must be at most 255 (the block counter is one byte),
    /// so len ≤ 255 · 32 = 8160 (which is also below the 65535 bound of I2OSP(len, 2)).
    /// </summary>
    public const int MaxOutputLength = 255 * HashLength;

    /// <summary>The prefix of the oversize-DST rule: DST = H("H2C-OVERSIZE-DST-" ‖ long DST) (RFC 9380, section 5.3.3).</summary>
    public static ReadOnlySpan<byte> OversizeDstPrefix => "H2C-OVERSIZE-DST-"u8;

    /// <summary>Fills <paramref name="output"/> (1 to <see cref="MaxOutputLength"/> bytes) with expand_message_xmd(msg, DST, output.Length).</summary>
    /// <exception cref="ArgumentException">The DST is empty or longer than 255 bytes, or the output length is out of range.</exception>
    public static void Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, Span<byte> output)
    {
        CheckDst(dst);
        int length = output.Length;
        if (length < 1 || length > MaxOutputLength)
            throw new ArgumentException(
                $"expand_message_xmd output length is {length} bytes; it must be between 1 and {MaxOutputLength} (255 SHA-256 blocks, RFC 9380 section 5.3.1)",
                nameof(output));
        int ell = (length + HashLength - 1) / HashLength;

        // DST' = DST ‖ I2OSP(len(DST), 1).
        Span<byte> dstPrime = stackalloc byte[dst.Length + 1];
        dst.CopyTo(dstPrime);
        dstPrime[^1] = (byte)dst.Length;

        // b_0 = H(Z_pad ‖ msg ‖ l_i_b_str ‖ I2OSP(0, 1) ‖ DST').
        Span<byte> b0 = stackalloc byte[HashLength];
        using (var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            Span<byte> zPad = stackalloc byte[BlockLength];
            zPad.Clear();
            h.AppendData(zPad);
            h.AppendData(message);
            ReadOnlySpan<byte> lengthAndZero = [(byte)(length >> 8), (byte)length, 0];
            h.AppendData(lengthAndZero);
            h.AppendData(dstPrime);
            h.GetHashAndReset(b0);
        }

        // b_i = H(strxor(b_0, b_(i−1)) ‖ I2OSP(i, 1) ‖ DST'), with b_1 = H(b_0 ‖ I2OSP(1, 1) ‖ DST').
        Span<byte> input = stackalloc byte[HashLength + 1 + dstPrime.Length];
        dstPrime.CopyTo(input[(HashLength + 1)..]);
        Span<byte> bi = stackalloc byte[HashLength];
        bi.Clear(); // b_0 ⊕ 0 = b_0 for the first block
        for (int i = 1; i <= ell; i++)
        {
            for (int j = 0; j < HashLength; j++) input[j] = (byte)(b0[j] ^ bi[j]);
            input[HashLength] = (byte)i;
            SHA256.HashData(input, bi);
            int offset = (i - 1) * HashLength;
            bi[..Math.Min(HashLength, length - offset)].CopyTo(output[offset..]);
        }
    }

    /// <summary>expand_message_xmd(msg, DST, length) as a new array.</summary>
    public static byte[] Expand(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst, int length)
    {
        if (length < 1 || length > MaxOutputLength)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"expand_message_xmd output length must be between 1 and {MaxOutputLength} bytes (RFC 9380 section 5.3.1)");
        var output = new byte[length];
        Expand(message, dst, output);
        return output;
    }

    /// <summary>
    /// The 32-byte tag that replaces a DST longer than 255 bytes: SHA-256("H2C-OVERSIZE-DST-" ‖ long DST)
    /// (RFC 9380, section 5.3.3). Pass the result as the DST of every hash_to_curve call of that application.
    /// </summary>
    public static byte[] HashOversizeDst(ReadOnlySpan<byte> longDst)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(OversizeDstPrefix);
        h.AppendData(longDst);
        return h.GetHashAndReset();
    }

    /// <summary>Rejects a DST the expander cannot take: empty (RFC 9380 section 3.1 requires a non-empty tag) or over 255 bytes.</summary>
    internal static void CheckDst(ReadOnlySpan<byte> dst)
    {
        if (dst.Length == 0)
            throw new ArgumentException("the domain separation tag is empty; RFC 9380 section 3.1 requires a non-empty DST", nameof(dst));
        if (dst.Length > MaxDstLength)
            throw new ArgumentException(
                $"the domain separation tag is {dst.Length} bytes; expand_message_xmd takes at most {MaxDstLength}. " +
                $"Shorten it with {nameof(ExpandMessageXmd)}.{nameof(HashOversizeDst)} (RFC 9380 section 5.3.3)", nameof(dst));
    }
}
