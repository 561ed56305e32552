using System.Buffers.Binary;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The EIP-2537 (Ethereum BLS12-381 precompiles) encoding and the G1ADD, G2ADD, G1MSM and G2MSM operations.
/// <list type="bullet">
/// <item>F_p element: 64 bytes, 16 zero bytes then the 48-byte big-endian value, which must be below p.</item>
/// <item>G1 point: x‖y (128 bytes); G2 point: x.c0‖x.c1‖y.c0‖y.c1 (256 bytes), real part first, unlike ZCash.
/// Infinity is all zeros.</item>
/// <item>Scalar: 32 bytes big-endian, any 256-bit integer (not reduced, not rejected when ≥ r).</item>
/// </list>
/// ADD checks that points are on the curve but not the subgroup (as the EIP specifies); MSM checks both.
/// The map-to-curve and pairing precompiles live with hash-to-curve and the pairing.
/// </summary>
public static class Eip2537
{
    /// <summary>Bytes per F_p element: 16 zero bytes of padding, then 48 big-endian bytes.</summary>
    public const int FieldElementSize = 64;
    /// <summary>Leading zero bytes of a field element: 64 − 48.</summary>
    public const int FieldElementPadding = FieldElementSize - Fp.ByteLength;
    /// <summary>Bytes per G1 point: x‖y.</summary>
    public const int G1PointSize = 2 * FieldElementSize;
    /// <summary>Bytes per G2 point: x.c0‖x.c1‖y.c0‖y.c1.</summary>
    public const int G2PointSize = 4 * FieldElementSize;
    /// <summary>Bytes per scalar: a 256-bit big-endian integer.</summary>
    public const int ScalarSize = 32;
    /// <summary>Input size of G1ADD: two G1 points.</summary>
    public const int G1AddInputSize = 2 * G1PointSize;
    /// <summary>Input size of G2ADD: two G2 points.</summary>
    public const int G2AddInputSize = 2 * G2PointSize;
    /// <summary>Bytes per (point, scalar) pair of G1MSM.</summary>
    public const int G1MsmPairSize = G1PointSize + ScalarSize;
    /// <summary>Bytes per (point, scalar) pair of G2MSM.</summary>
    public const int G2MsmPairSize = G2PointSize + ScalarSize;

    // ---- field elements ----

    /// <summary>
    /// Decodes one 64-byte F_p element; fails with the reason on a wrong length, nonzero padding or a value not below p.
    /// </summary>
    public static bool TryDecodeFp(ReadOnlySpan<byte> input, out Fp value, out Eip2537Error error)
    {
        value = Fp.Zero;
        if (input.Length != FieldElementSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (input[..FieldElementPadding].ContainsAnyExcept((byte)0)) { error = Eip2537Error.FieldElementPaddingNotZero; return false; }
        if (!Fp.TryFromBytesBE(input[FieldElementPadding..], out value)) { error = Eip2537Error.FieldElementNotCanonical; return false; }
        error = Eip2537Error.None;
        return true;
    }

    /// <summary>
    /// Writes the 64-byte encoding; throws <see cref="ArgumentException"/> unless <paramref name="dest"/> is exactly 64 bytes.
    /// </summary>
    public static void EncodeFp(in Fp value, Span<byte> dest)
    {
        if (dest.Length != FieldElementSize) throw new ArgumentException($"destination must be {FieldElementSize} bytes", nameof(dest));
        dest[..FieldElementPadding].Clear();
        value.ToBytesBE(dest[FieldElementPadding..]);
    }

    private static bool TryDecodeFp2(ReadOnlySpan<byte> input, out Fp2 value, out Eip2537Error error)
    {
        value = Fp2.Zero;
        if (!TryDecodeFp(input[..FieldElementSize], out var c0, out error)) return false;
        if (!TryDecodeFp(input[FieldElementSize..], out var c1, out error)) return false;
        value = new Fp2(c0, c1);
        return true;
    }

    // ---- points ----

    /// <summary>Decodes a G1 point that must be on the curve and in G1 (the MSM rule).</summary>
    public static bool TryDecodeG1(ReadOnlySpan<byte> input, out G1Affine point, out Eip2537Error error)
    {
        if (!TryDecodeG1SubgroupUnchecked(input, out point, out error)) return false;
        if (!G1.IsInSubgroup(point)) { point = G1Affine.Infinity; error = Eip2537Error.PointNotInSubgroup; return false; }
        return true;
    }

    /// <summary>Decodes a G1 point that must be on the curve; skips the subgroup check (the ADD rule of the EIP).</summary>
    public static bool TryDecodeG1SubgroupUnchecked(ReadOnlySpan<byte> input, out G1Affine point, out Eip2537Error error)
    {
        point = G1Affine.Infinity;
        if (input.Length != G1PointSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!TryDecodeFp(input[..FieldElementSize], out var x, out error)) return false;
        if (!TryDecodeFp(input[FieldElementSize..], out var y, out error)) return false;
        if (x.IsZero && y.IsZero) return true; // (0, 0) is not on y² = x³ + 4: the EIP uses it for infinity
        if (!Weierstrass<Fp>.IsOnCurve(x, y, G1.B)) { error = Eip2537Error.PointNotOnCurve; return false; }
        point = G1Affine.FromCoordinatesUnchecked(x, y);
        return true;
    }

    /// <summary>
    /// Writes the 128-byte encoding (all zeros for infinity); throws <see cref="ArgumentException"/> on any other
    /// destination size.
    /// </summary>
    public static void EncodeG1(in G1Affine p, Span<byte> dest)
    {
        if (dest.Length != G1PointSize) throw new ArgumentException($"destination must be {G1PointSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); return; }
        EncodeFp(p.X, dest[..FieldElementSize]);
        EncodeFp(p.Y, dest[FieldElementSize..]);
    }

    /// <summary>Decodes a G2 point that must be on the twist and in G2 (the MSM rule).</summary>
    public static bool TryDecodeG2(ReadOnlySpan<byte> input, out G2Affine point, out Eip2537Error error)
    {
        if (!TryDecodeG2SubgroupUnchecked(input, out point, out error)) return false;
        if (!G2.IsInSubgroup(point)) { point = G2Affine.Infinity; error = Eip2537Error.PointNotInSubgroup; return false; }
        return true;
    }

    /// <summary>Decodes a G2 point that must be on the twist; skips the subgroup check (the ADD rule of the EIP).</summary>
    public static bool TryDecodeG2SubgroupUnchecked(ReadOnlySpan<byte> input, out G2Affine point, out Eip2537Error error)
    {
        point = G2Affine.Infinity;
        if (input.Length != G2PointSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!TryDecodeFp2(input[..(2 * FieldElementSize)], out var x, out error)) return false;
        if (!TryDecodeFp2(input[(2 * FieldElementSize)..], out var y, out error)) return false;
        if (x.IsZero && y.IsZero) return true;
        if (!Weierstrass<Fp2>.IsOnCurve(x, y, G2.B)) { error = Eip2537Error.PointNotOnCurve; return false; }
        point = G2Affine.FromCoordinatesUnchecked(x, y);
        return true;
    }

    /// <summary>
    /// Writes the 256-byte encoding (all zeros for infinity); throws <see cref="ArgumentException"/> on any other
    /// destination size.
    /// </summary>
    public static void EncodeG2(in G2Affine p, Span<byte> dest)
    {
        if (dest.Length != G2PointSize) throw new ArgumentException($"destination must be {G2PointSize} bytes", nameof(dest));
        if (p.IsInfinity) { dest.Clear(); return; }
        EncodeFp(p.X.C0, dest[..FieldElementSize]);
        EncodeFp(p.X.C1, dest.Slice(FieldElementSize, FieldElementSize));
        EncodeFp(p.Y.C0, dest.Slice(2 * FieldElementSize, FieldElementSize));
        EncodeFp(p.Y.C1, dest.Slice(3 * FieldElementSize, FieldElementSize));
    }

    // ---- scalars ----

    /// <summary>
    /// The 32-byte scalar as an element of F_r: k mod r. The EIP multiplies by the integer k, and for a point of
    /// order r (MSM checks membership first) [k]P = [k mod r]P. Since 2^256 &lt; 3r, at most two subtractions.
    /// </summary>
    public static Fr ScalarModR(ReadOnlySpan<byte> input)
    {
        if (input.Length != ScalarSize) throw new ArgumentException($"scalar must be {ScalarSize} bytes", nameof(input));
        Span<ulong> k = stackalloc ulong[4];
        for (int i = 0; i < 4; i++) k[i] = BinaryPrimitives.ReadUInt64BigEndian(input.Slice(24 - 8 * i, 8));
        ReadOnlySpan<ulong> r = [Fr.M0, Fr.M1, Fr.M2, Fr.M3];
        while (!LessThan(k, r))
        {
            ulong borrow = 0;
            for (int i = 0; i < 4; i++)
            {
                ulong d = k[i] - r[i];
                ulong b1 = k[i] < r[i] ? 1UL : 0UL;
                ulong d2 = d - borrow;
                ulong b2 = d < borrow ? 1UL : 0UL;
                k[i] = d2; borrow = b1 | b2;
            }
        }
        Span<byte> be = stackalloc byte[ScalarSize];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64BigEndian(be.Slice(24 - 8 * i, 8), k[i]);
        return Fr.TryFromBytesBE(be, out var f) ? f : throw new InvalidOperationException("reduction left a value ≥ r");
    }

    private static bool LessThan(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        for (int i = a.Length - 1; i >= 0; i--)
            if (a[i] != b[i]) return a[i] < b[i];
        return false;
    }

    // ---- precompile operations ----

    /// <summary>BLS12_G1ADD: two G1 points (on the curve; subgroup not checked, per the EIP) to their sum, 128 bytes.</summary>
    public static bool TryG1Add(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        CheckOutput(output, G1PointSize);
        if (input.Length != G1AddInputSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!TryDecodeG1SubgroupUnchecked(input[..G1PointSize], out var a, out error)) return false;
        if (!TryDecodeG1SubgroupUnchecked(input[G1PointSize..], out var b, out error)) return false;
        EncodeG1(a.ToJacobian().AddMixed(b).ToAffine(), output);
        return true;
    }

    /// <summary>
    /// <see cref="TryG1Add"/> returning the 128-byte output; throws <see cref="Eip2537Exception"/> with the reason on bad input.
    /// </summary>
    public static byte[] G1Add(ReadOnlySpan<byte> input) => Run(input, G1PointSize, TryG1Add);

    /// <summary>BLS12_G2ADD: two G2 points (on the twist; subgroup not checked, per the EIP) to their sum, 256 bytes.</summary>
    public static bool TryG2Add(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        CheckOutput(output, G2PointSize);
        if (input.Length != G2AddInputSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!TryDecodeG2SubgroupUnchecked(input[..G2PointSize], out var a, out error)) return false;
        if (!TryDecodeG2SubgroupUnchecked(input[G2PointSize..], out var b, out error)) return false;
        EncodeG2(a.ToJacobian().AddMixed(b).ToAffine(), output);
        return true;
    }

    /// <summary>
    /// <see cref="TryG2Add"/> returning the 256-byte output; throws <see cref="Eip2537Exception"/> with the reason on bad input.
    /// </summary>
    public static byte[] G2Add(ReadOnlySpan<byte> input) => Run(input, G2PointSize, TryG2Add);

    /// <summary>
    /// BLS12_G1MSM: k ≥ 1 pairs (G1 point, scalar) to Σ [kᵢ]Pᵢ, 128 bytes. Every point must be in G1. A plain sum of
    /// endomorphism scalar multiplications; the prover's Pippenger MSM is the fast path for large k.
    /// </summary>
    public static bool TryG1Msm(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        CheckOutput(output, G1PointSize);
        if (input.Length == 0 || input.Length % G1MsmPairSize != 0) { error = Eip2537Error.InvalidInputLength; return false; }
        var acc = G1Jacobian.Identity;
        for (int off = 0; off < input.Length; off += G1MsmPairSize)
        {
            if (!TryDecodeG1(input.Slice(off, G1PointSize), out var p, out error)) return false;
            acc += p.ToJacobian() * ScalarModR(input.Slice(off + G1PointSize, ScalarSize));
        }
        EncodeG1(acc.ToAffine(), output);
        error = Eip2537Error.None;
        return true;
    }

    /// <summary>
    /// <see cref="TryG1Msm"/> returning the 128-byte output; throws <see cref="Eip2537Exception"/> with the reason on bad input.
    /// </summary>
    public static byte[] G1Msm(ReadOnlySpan<byte> input) => Run(input, G1PointSize, TryG1Msm);

    /// <summary>BLS12_G2MSM: k ≥ 1 pairs (G2 point, scalar) to Σ [kᵢ]Pᵢ, 256 bytes. Every point must be in G2.</summary>
    public static bool TryG2Msm(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        CheckOutput(output, G2PointSize);
        if (input.Length == 0 || input.Length % G2MsmPairSize != 0) { error = Eip2537Error.InvalidInputLength; return false; }
        var acc = G2Jacobian.Identity;
        for (int off = 0; off < input.Length; off += G2MsmPairSize)
        {
            if (!TryDecodeG2(input.Slice(off, G2PointSize), out var p, out error)) return false;
            acc += p.ToJacobian() * ScalarModR(input.Slice(off + G2PointSize, ScalarSize));
        }
        EncodeG2(acc.ToAffine(), output);
        error = Eip2537Error.None;
        return true;
    }

    /// <summary>
    /// <see cref="TryG2Msm"/> returning the 256-byte output; throws <see cref="Eip2537Exception"/> with the reason on bad input.
    /// </summary>
    public static byte[] G2Msm(ReadOnlySpan<byte> input) => Run(input, G2PointSize, TryG2Msm);

    private delegate bool Operation(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error);

    private static byte[] Run(ReadOnlySpan<byte> input, int outputSize, Operation op)
    {
        var output = new byte[outputSize];
        return op(input, output, out var error) ? output : throw new Eip2537Exception(error);
    }

    private static void CheckOutput(Span<byte> output, int size)
    {
        if (output.Length != size) throw new ArgumentException($"output must be {size} bytes", nameof(output));
    }
}
