namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The ZCash/IETF encoding of G2 points: compressed 96 bytes (x with the flag bits, see <see cref="ZcashFlags"/>)
/// or uncompressed 192 bytes (x‖y), big-endian, each F_p² coordinate written imaginary part first (c1‖c0). The checked decoders return points that are on the curve and in the
/// order-r subgroup; the <c>…Unchecked</c> ones skip only the subgroup check, for trusted local data.
/// </summary>
public static class G2Encoding
{
    /// <summary>Bytes in the compressed form (96).</summary>
    public const int CompressedSize = 2 * Fp.ByteLength;
    /// <summary>Bytes in the uncompressed form (192).</summary>
    public const int UncompressedSize = 4 * Fp.ByteLength;

    // ---- encoding ----

    /// <summary>Writes the 96-byte compressed form.</summary>
    public static void Compress(in G2Affine p, Span<byte> dest)
    {
        if (dest.Length != CompressedSize) throw new ArgumentException($"destination must be {CompressedSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); dest[0] = ZcashFlags.Compressed | ZcashFlags.Infinity; return; }
        WriteFp2(p.X, dest);
        dest[0] |= ZcashFlags.Compressed;
        if (p.Y.IsLexicographicallyLargest) dest[0] |= ZcashFlags.Sort;
    }

    /// <summary>The 96-byte compressed form.</summary>
    public static byte[] Compress(in G2Affine p) { var b = new byte[CompressedSize]; Compress(p, b); return b; }

    /// <summary>Writes the 192-byte uncompressed form x‖y.</summary>
    public static void Serialize(in G2Affine p, Span<byte> dest)
    {
        if (dest.Length != UncompressedSize) throw new ArgumentException($"destination must be {UncompressedSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); dest[0] = ZcashFlags.Infinity; return; }
        WriteFp2(p.X, dest[..(2 * Fp.ByteLength)]);
        WriteFp2(p.Y, dest[(2 * Fp.ByteLength)..]);
    }

    /// <summary>The 192-byte uncompressed form x‖y (each F_p² as c1‖c0).</summary>
    public static byte[] Serialize(in G2Affine p) { var b = new byte[UncompressedSize]; Serialize(p, b); return b; }

    // ---- checked decoding (on the curve and in G2) ----

    /// <summary>Decodes either form, chosen by the length (96 or 192 bytes); the compression flag must agree.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out G2Affine point, out PointDecodeError error) =>
        TryDecodeCore(input, checkSubgroup: true, out point, out error);

    /// <summary>Decodes either form (by length) or throws <see cref="PointDecodeException"/>.</summary>
    public static G2Affine Decode(ReadOnlySpan<byte> input) => ThrowOnError(TryDecode(input, out var p, out var e), p, e);

    /// <summary>Decodes the 96-byte compressed form only.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, out G2Affine point, out PointDecodeError error)
    {
        if (input.Length != CompressedSize) { point = G2Affine.Infinity; error = PointDecodeError.WrongLength; return false; }
        return TryDecodeCore(input, checkSubgroup: true, out point, out error);
    }

    /// <summary>
    /// Decodes the 96-byte compressed form (on the twist, in G2) or throws <see cref="PointDecodeException"/> naming the reason.
    /// </summary>
    public static G2Affine Decompress(ReadOnlySpan<byte> input) => ThrowOnError(TryDecompress(input, out var p, out var e), p, e);

    /// <summary>Decodes the 192-byte uncompressed form only.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> input, out G2Affine point, out PointDecodeError error)
    {
        if (input.Length != UncompressedSize) { point = G2Affine.Infinity; error = PointDecodeError.WrongLength; return false; }
        return TryDecodeCore(input, checkSubgroup: true, out point, out error);
    }

    /// <summary>
    /// Decodes the 192-byte uncompressed form (on the twist, in G2) or throws <see cref="PointDecodeException"/> naming the
    /// reason.
    /// </summary>
    public static G2Affine Deserialize(ReadOnlySpan<byte> input) => ThrowOnError(TryDeserialize(input, out var p, out var e), p, e);

    // ---- decoding without the subgroup check ----

    /// <summary>
    /// Decodes either form (by length) with every check except subgroup membership: the point is on the curve but
    /// may have a small-order component. Only for trusted local data (e.g. a proving key this process wrote).
    /// </summary>
    public static bool TryDecodeUnchecked(ReadOnlySpan<byte> input, out G2Affine point, out PointDecodeError error) =>
        TryDecodeCore(input, checkSubgroup: false, out point, out error);

    /// <summary>As <see cref="TryDecodeUnchecked"/>, throwing; skips the subgroup check.</summary>
    public static G2Affine DecodeUnchecked(ReadOnlySpan<byte> input) => ThrowOnError(TryDecodeUnchecked(input, out var p, out var e), p, e);

    // ---- core ----

    private static bool TryDecodeCore(ReadOnlySpan<byte> input, bool checkSubgroup, out G2Affine point, out PointDecodeError error)
    {
        point = G2Affine.Infinity;
        bool compressed;
        if (input.Length == CompressedSize) compressed = true;
        else if (input.Length == UncompressedSize) compressed = false;
        else { error = PointDecodeError.WrongLength; return false; }

        if (!ZcashFlags.TryRead(input, compressed, out bool infinity, out bool sort, out error)) return false;
        if (infinity) return true;

        if (!TryReadFp2(input[..(2 * Fp.ByteLength)], first: true, out var x)) { error = PointDecodeError.CoordinateNotCanonical; return false; }
        Fp2 y;
        if (compressed)
        {
            // y² = x³ + b; of the two roots ±y the flag picks the lexicographically larger one.
            if (!(x.Square() * x + G2.B).TrySqrt(out y)) { error = PointDecodeError.NotOnCurve; return false; }
            if (y.IsLexicographicallyLargest != sort) y = -y;
        }
        else
        {
            if (!TryReadFp2(input[(2 * Fp.ByteLength)..], first: false, out y)) { error = PointDecodeError.CoordinateNotCanonical; return false; }
            if (!Weierstrass<Fp2>.IsOnCurve(x, y, G2.B)) { error = PointDecodeError.NotOnCurve; return false; }
        }
        var p = G2Affine.FromCoordinatesUnchecked(x, y);
        if (checkSubgroup && !G2.IsInSubgroup(p)) { error = PointDecodeError.NotInSubgroup; return false; }
        point = p;
        return true;
    }

    /// <summary>c1‖c0, each 48 bytes big-endian.</summary>
    private static void WriteFp2(in Fp2 v, Span<byte> dest96)
    {
        v.C1.ToBytesBE(dest96[..Fp.ByteLength]);
        v.C0.ToBytesBE(dest96[Fp.ByteLength..]);
    }

    /// <summary>Reads c1‖c0, each half canonical; <paramref name="first"/> masks the flag bits of byte 0.</summary>
    private static bool TryReadFp2(ReadOnlySpan<byte> bytes96, bool first, out Fp2 v)
    {
        v = default;
        if (!ZcashFlags.TryReadFp(bytes96[..Fp.ByteLength], first, out var c1)) return false;
        if (!Fp.TryFromBytesBE(bytes96[Fp.ByteLength..], out var c0)) return false;
        v = new Fp2(c0, c1);
        return true;
    }

    private static G2Affine ThrowOnError(bool ok, in G2Affine p, PointDecodeError e) => ok ? p : throw new PointDecodeException(e, "G2");
}
