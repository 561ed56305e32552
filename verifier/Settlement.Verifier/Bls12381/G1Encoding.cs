namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The ZCash/IETF encoding of G1 points: compressed 48 bytes (x with the flag bits, see <see cref="ZcashFlags"/>)
/// or uncompressed 96 bytes (x‖y), big-endian. The checked decoders return points that are on the curve and in the
/// order-r subgroup; the <c>…Unchecked</c> ones skip only the subgroup check, for trusted local data.
/// </summary>
public static class G1Encoding
{
    /// <summary>Bytes in the compressed form (48).</summary>
    public const int CompressedSize = Fp.ByteLength;
    /// <summary>Bytes in the uncompressed form (96).</summary>
    public const int UncompressedSize = 2 * Fp.ByteLength;

    // ---- encoding ----

    /// <summary>Writes the 48-byte compressed form.</summary>
    public static void Compress(in G1Affine p, Span<byte> dest)
    {
        if (dest.Length != CompressedSize) throw new ArgumentException($"destination must be {CompressedSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); dest[0] = ZcashFlags.Compressed | ZcashFlags.Infinity; return; }
        p.X.ToBytesBE(dest);
        dest[0] |= ZcashFlags.Compressed;
        if (p.Y.IsLexicographicallyLargest) dest[0] |= ZcashFlags.Sort;
    }

    /// <summary>The 48-byte compressed form.</summary>
    public static byte[] Compress(in G1Affine p) { var b = new byte[CompressedSize]; Compress(p, b); return b; }

    /// <summary>Writes the 96-byte uncompressed form x‖y.</summary>
    public static void Serialize(in G1Affine p, Span<byte> dest)
    {
        if (dest.Length != UncompressedSize) throw new ArgumentException($"destination must be {UncompressedSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); dest[0] = ZcashFlags.Infinity; return; }
        p.X.ToBytesBE(dest[..Fp.ByteLength]);
        p.Y.ToBytesBE(dest[Fp.ByteLength..]);
    }

    /// <summary>The 96-byte uncompressed form x‖y.</summary>
    public static byte[] Serialize(in G1Affine p) { var b = new byte[UncompressedSize]; Serialize(p, b); return b; }

    // ---- checked decoding (on the curve and in G1) ----

    /// <summary>Decodes either form, chosen by the length (48 or 96 bytes); the compression flag must agree.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> input, out G1Affine point, out PointDecodeError error) =>
        TryDecodeCore(input, checkSubgroup: true, out point, out error);

    /// <summary>Decodes either form (by length) or throws <see cref="PointDecodeException"/>.</summary>
    public static G1Affine Decode(ReadOnlySpan<byte> input) => ThrowOnError(TryDecode(input, out var p, out var e), p, e);

    /// <summary>Decodes the 48-byte compressed form only.</summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, out G1Affine point, out PointDecodeError error)
    {
        if (input.Length != CompressedSize) { point = G1Affine.Infinity; error = PointDecodeError.WrongLength; return false; }
        return TryDecodeCore(input, checkSubgroup: true, out point, out error);
    }

    /// <summary>
    /// Decodes the 48-byte compressed form (on the curve, in G1) or throws <see cref="PointDecodeException"/> naming the reason.
    /// </summary>
    public static G1Affine Decompress(ReadOnlySpan<byte> input) => ThrowOnError(TryDecompress(input, out var p, out var e), p, e);

    /// <summary>Decodes the 96-byte uncompressed form only.</summary>
    public static bool TryDeserialize(ReadOnlySpan<byte> input, out G1Affine point, out PointDecodeError error)
    {
        if (input.Length != UncompressedSize) { point = G1Affine.Infinity; error = PointDecodeError.WrongLength; return false; }
        return TryDecodeCore(input, checkSubgroup: true, out point, out error);
    }

    /// <summary>
    /// Decodes the 96-byte uncompressed form (on the curve, in G1) or throws <see cref="PointDecodeException"/> naming the
    /// reason.
    /// </summary>
    public static G1Affine Deserialize(ReadOnlySpan<byte> input) => ThrowOnError(TryDeserialize(input, out var p, out var e), p, e);

    // ---- decoding without the subgroup check ----

    /// <summary>
    /// Decodes either form (by length) with every check except subgroup membership: the point is on the curve but
    /// may have a small-order component. Only for trusted local data (e.g. a proving key this process wrote).
    /// </summary>
    public static bool TryDecodeUnchecked(ReadOnlySpan<byte> input, out G1Affine point, out PointDecodeError error) =>
        TryDecodeCore(input, checkSubgroup: false, out point, out error);

    /// <summary>As <see cref="TryDecodeUnchecked"/>, throwing; skips the subgroup check.</summary>
    public static G1Affine DecodeUnchecked(ReadOnlySpan<byte> input) => ThrowOnError(TryDecodeUnchecked(input, out var p, out var e), p, e);

    // ---- core ----

    private static bool TryDecodeCore(ReadOnlySpan<byte> input, bool checkSubgroup, out G1Affine point, out PointDecodeError error)
    {
        point = G1Affine.Infinity;
        bool compressed;
        if (input.Length == CompressedSize) compressed = true;
        else if (input.Length == UncompressedSize) compressed = false;
        else { error = PointDecodeError.WrongLength; return false; }

        if (!ZcashFlags.TryRead(input, compressed, out bool infinity, out bool sort, out error)) return false;
        if (infinity) return true;

        if (!ZcashFlags.TryReadFp(input[..Fp.ByteLength], first: true, out var x)) { error = PointDecodeError.CoordinateNotCanonical; return false; }
        Fp y;
        if (compressed)
        {
            // y² = x³ + b; of the two roots ±y the flag picks the lexicographically larger one.
            if (!(x.Square() * x + G1.B).TrySqrt(out y)) { error = PointDecodeError.NotOnCurve; return false; }
            if (y.IsLexicographicallyLargest != sort) y = -y;
        }
        else
        {
            if (!Fp.TryFromBytesBE(input[Fp.ByteLength..], out y)) { error = PointDecodeError.CoordinateNotCanonical; return false; }
            if (!Weierstrass<Fp>.IsOnCurve(x, y, G1.B)) { error = PointDecodeError.NotOnCurve; return false; }
        }
        var p = G1Affine.FromCoordinatesUnchecked(x, y);
        if (checkSubgroup && !G1.IsInSubgroup(p)) { error = PointDecodeError.NotInSubgroup; return false; }
        point = p;
        return true;
    }

    private static G1Affine ThrowOnError(bool ok, in G1Affine p, PointDecodeError e) => ok ? p : throw new PointDecodeException(e, "G1");
}
