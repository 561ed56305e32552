namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The three flag bits of the ZCash/IETF point encoding, in the top of byte 0 (the coordinates are below
/// 2^381, so the top three bits of a 384-bit big-endian field element are free):
/// bit 7 = compressed form, bit 6 = point at infinity, bit 5 = y is the lexicographically larger root
/// (compressed form only). See zkcrypto bls12_381 notes/serialization and draft-irtf-cfrg-pairing-friendly-curves §C.
/// </summary>
internal static class ZcashFlags
{
    public const byte Compressed = 0x80;
    public const byte Infinity = 0x40;
    public const byte Sort = 0x20;
    public const byte All = Compressed | Infinity | Sort;

    /// <summary>
    /// Checks the flags of an encoding whose length already chose <paramref name="compressed"/>. On success
    /// <paramref name="infinity"/> means the whole encoding was the canonical identity.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> input, bool compressed, out bool infinity, out bool sort, out PointDecodeError error)
    {
        byte b0 = input[0];
        infinity = (b0 & Infinity) != 0;
        sort = (b0 & Sort) != 0;
        if (((b0 & Compressed) != 0) != compressed) { error = PointDecodeError.CompressionFlagMismatch; return false; }
        if (infinity)
        {
            // Everything except the compression and infinity bits must be zero, the sort bit included.
            if ((b0 & ~(Compressed | Infinity) & 0xFF) != 0 || input[1..].ContainsAnyExcept((byte)0))
            {
                error = PointDecodeError.InfinityNotCanonical; return false;
            }
            error = PointDecodeError.None; return true;
        }
        if (!compressed && sort) { error = PointDecodeError.SortFlagInUncompressed; return false; }
        error = PointDecodeError.None;
        return true;
    }

    /// <summary>Reads a 48-byte big-endian F_p element, ignoring the flag bits when <paramref name="first"/> is set.</summary>
    public static bool TryReadFp(ReadOnlySpan<byte> bytes48, bool first, out Fp value)
    {
        if (!first) return Fp.TryFromBytesBE(bytes48, out value);
        Span<byte> tmp = stackalloc byte[Fp.ByteLength];
        bytes48.CopyTo(tmp);
        tmp[0] &= unchecked((byte)~All);
        return Fp.TryFromBytesBE(tmp, out value);
    }
}
