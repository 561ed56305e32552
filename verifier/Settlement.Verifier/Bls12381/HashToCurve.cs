namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The RFC 9380 suites for BLS12-381 (section 8.8): hash_to_curve (random oracle, "_RO_") and
/// encode_to_curve (nonuniform, "_NU_") into G1 and G2, with expand_message_xmd(SHA-256), L = 64 and
/// the simplified SWU map on an isogenous curve. The DST is the caller's application tag (non-empty; a tag over
/// 255 bytes is shortened by the oversize-DST rule, see <see cref="ExpandMessageXmd.EffectiveDst"/>). Also the single-element maps that
/// EIP-2537's MAP_FP_TO_G1 and MAP_FP2_TO_G2 precompiles expose.
/// </summary>
public static class HashToCurve
{
    /// <summary>Suite identifier of hash_to_curve into G1 (RFC 9380, section 8.8.1).</summary>
    public const string G1RandomOracleSuite = "BLS12381G1_XMD:SHA-256_SSWU_RO_";
    /// <summary>Suite identifier of encode_to_curve into G1.</summary>
    public const string G1NonUniformSuite = "BLS12381G1_XMD:SHA-256_SSWU_NU_";
    /// <summary>Suite identifier of hash_to_curve into G2 (RFC 9380, section 8.8.2).</summary>
    public const string G2RandomOracleSuite = "BLS12381G2_XMD:SHA-256_SSWU_RO_";
    /// <summary>Suite identifier of encode_to_curve into G2.</summary>
    public const string G2NonUniformSuite = "BLS12381G2_XMD:SHA-256_SSWU_NU_";

    /// <summary>hash_to_curve into G1: clear_cofactor(map(u0) + map(u1)) with (u0, u1) = hash_to_field(msg, 2).</summary>
    public static G1Affine HashToG1(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) => HashToG1Jacobian(message, dst).ToAffine();

    /// <summary>encode_to_curve into G1: clear_cofactor(map(u)) with u = hash_to_field(msg, 1). Not a random oracle.</summary>
    public static G1Affine EncodeToG1(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp> u = stackalloc Fp[1];
        HashToField.ToFp(message, dst, u);
        return MapFpToG1(u[0]);
    }

    /// <summary>hash_to_curve into G2: clear_cofactor(map(u0) + map(u1)) with (u0, u1) = hash_to_field(msg, 2).</summary>
    public static G2Affine HashToG2(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) => HashToG2Jacobian(message, dst).ToAffine();

    /// <summary>encode_to_curve into G2: clear_cofactor(map(u)) with u = hash_to_field(msg, 1). Not a random oracle.</summary>
    public static G2Affine EncodeToG2(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp2> u = stackalloc Fp2[1];
        HashToField.ToFp2(message, dst, u);
        return MapFp2ToG2(u[0]);
    }

    /// <summary>clear_cofactor(map_to_curve(u)) for one F_p element: EIP-2537's MAP_FP_TO_G1.</summary>
    public static G1Affine MapFpToG1(in Fp u) => ClearCofactor.ToG1(MapToG1.MapToCurve(u)).ToAffine();

    /// <summary>clear_cofactor(map_to_curve(u)) for one F_p² element: EIP-2537's MAP_FP2_TO_G2.</summary>
    public static G2Affine MapFp2ToG2(in Fp2 u) => ClearCofactor.ToG2(MapToG2.MapToCurve(u)).ToAffine();

    internal static G1Jacobian HashToG1Jacobian(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp> u = stackalloc Fp[2];
        HashToField.ToFp(message, dst, u);
        return ClearCofactor.ToG1(MapToG1.MapToCurve(u[0]) + MapToG1.MapToCurve(u[1]));
    }

    internal static G2Jacobian HashToG2Jacobian(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst)
    {
        Span<Fp2> u = stackalloc Fp2[2];
        HashToField.ToFp2(message, dst, u);
        return ClearCofactor.ToG2(MapToG2.MapToCurve(u[0]) + MapToG2.MapToCurve(u[1]));
    }
}
