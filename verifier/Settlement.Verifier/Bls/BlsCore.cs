using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// The core BLS operations of the IETF signature draft (section 2), written once for both variants. Inputs are
/// already validated points: keys on the curve, in the subgroup and not the identity (KeyValidate), signatures in
/// the subgroup; the public types of <see cref="PopScheme"/> and <see cref="BasicMinSigScheme"/> guarantee that.
/// The verification equation e(PK, H(m)) = e(g, σ) is checked as e(PK, H(m)) · e(−g, σ) = 1 with one multi-pairing.
/// </summary>
internal static class BlsCore<TKF, TKC, TSF, TSC, TScheme>
    where TKF : struct, IField<TKF> where TKC : ICurve<TKF>
    where TSF : struct, IField<TSF> where TSC : ICurve<TSF>
    where TScheme : IBlsScheme<TKF, TKC, TSF, TSC>
{
    private static readonly AffinePoint<TKF, TKC> NegatedKeyGenerator = -AffinePoint<TKF, TKC>.Generator;

    /// <summary>SkToPk: [SK]g in the key group.</summary>
    public static AffinePoint<TKF, TKC> SkToPk(SecretKey sk) =>
        TScheme.MultiplyKey(JacobianPoint<TKF, TKC>.Generator, sk.Scalar).ToAffine();

    /// <summary>CoreSign: [SK]·hash_to_point(message).</summary>
    public static AffinePoint<TSF, TSC> Sign(SecretKey sk, ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) =>
        TScheme.MultiplySignature(TScheme.HashToSignatureGroup(message, dst), sk.Scalar).ToAffine();

    /// <summary>CoreVerify: e(PK, H(m)) · e(−g, σ) = 1.</summary>
    public static bool Verify(in AffinePoint<TKF, TKC> pk, ReadOnlySpan<byte> message, in AffinePoint<TSF, TSC> signature, ReadOnlySpan<byte> dst)
    {
        ReadOnlySpan<AffinePoint<TKF, TKC>> keys = [pk, NegatedKeyGenerator];
        ReadOnlySpan<AffinePoint<TSF, TSC>> sigs = [TScheme.HashToSignatureGroup(message, dst).ToAffine(), signature];
        return TScheme.PairingProductIsOne(keys, sigs);
    }

    /// <summary>CoreAggregateVerify: Π e(PK_i, H(m_i)) · e(−g, σ) = 1; false for an empty list.</summary>
    public static bool AggregateVerify(ReadOnlySpan<AffinePoint<TKF, TKC>> pks, ReadOnlySpan<byte[]> messages, in AffinePoint<TSF, TSC> signature, ReadOnlySpan<byte> dst)
    {
        if (pks.Length != messages.Length)
            throw new ArgumentException($"{pks.Length} public keys but {messages.Length} messages; AggregateVerify needs one message per key", nameof(messages));
        if (pks.Length == 0) return false;
        var keys = new AffinePoint<TKF, TKC>[pks.Length + 1];
        var sigs = new AffinePoint<TSF, TSC>[pks.Length + 1];
        var hashes = new JacobianPoint<TSF, TSC>[pks.Length];
        for (int i = 0; i < pks.Length; i++)
        {
            keys[i] = pks[i];
            hashes[i] = TScheme.HashToSignatureGroup(messages[i], dst);
        }
        CurveGroup.BatchToAffine<JacobianPoint<TSF, TSC>, AffinePoint<TSF, TSC>, TSF>(hashes, sigs);
        keys[^1] = NegatedKeyGenerator;
        sigs[^1] = signature;
        return TScheme.PairingProductIsOne(keys, sigs);
    }

    /// <summary>The sum of points of the key group (aggregate public key).</summary>
    public static AffinePoint<TKF, TKC> SumKeys(ReadOnlySpan<AffinePoint<TKF, TKC>> pks)
    {
        var acc = JacobianPoint<TKF, TKC>.Identity;
        foreach (var p in pks) acc = acc.AddMixed(p);
        return acc.ToAffine();
    }

    /// <summary>The sum of points of the signature group (aggregate signature).</summary>
    public static AffinePoint<TSF, TSC> SumSignatures(ReadOnlySpan<AffinePoint<TSF, TSC>> sigs)
    {
        var acc = JacobianPoint<TSF, TSC>.Identity;
        foreach (var s in sigs) acc = acc.AddMixed(s);
        return acc.ToAffine();
    }
}
