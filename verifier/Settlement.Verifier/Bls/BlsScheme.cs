using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// What distinguishes the two BLS variants of the IETF draft: which group holds public keys (TK, over TKF) and which
/// holds signatures (TS, over TSF), how to hash into the signature group, and how to orient a pairing e(key-side, sig-side).
/// <see cref="BlsCore{TKF, TKC, TSF, TSC, TScheme}"/> writes every algorithm once against this.
/// </summary>
internal interface IBlsScheme<TKF, TKC, TSF, TSC>
    where TKF : struct, IField<TKF> where TKC : ICurve<TKF>
    where TSF : struct, IField<TSF> where TSC : ICurve<TSF>
{
    static abstract JacobianPoint<TSF, TSC> HashToSignatureGroup(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst);

    /// <summary>[k]P in the key group (P in the subgroup).</summary>
    static abstract JacobianPoint<TKF, TKC> MultiplyKey(in JacobianPoint<TKF, TKC> p, in Fr k);

    /// <summary>[k]P in the signature group (P in the subgroup).</summary>
    static abstract JacobianPoint<TSF, TSC> MultiplySignature(in JacobianPoint<TSF, TSC> p, in Fr k);

    /// <summary>Π e(keys[i], sigs[i]) = 1 in G_T, each pairing taken with its G1 argument first.</summary>
    static abstract bool PairingProductIsOne(ReadOnlySpan<AffinePoint<TKF, TKC>> keys, ReadOnlySpan<AffinePoint<TSF, TSC>> sigs);
}

/// <summary>Minimal-public-key-size variant: keys in G1, signatures in G2 (the Ethereum ciphersuite, <see cref="PopScheme"/>).</summary>
internal readonly struct MinPublicKeySize : IBlsScheme<Fp, G1, Fp2, G2>
{
    public static G2Jacobian HashToSignatureGroup(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) => HashToCurve.HashToG2Jacobian(message, dst);
    public static G1Jacobian MultiplyKey(in G1Jacobian p, in Fr k) => ScalarMul.G1(p, k);
    public static G2Jacobian MultiplySignature(in G2Jacobian p, in Fr k) => ScalarMul.G2(p, k);

    public static bool PairingProductIsOne(ReadOnlySpan<G1Affine> keys, ReadOnlySpan<G2Affine> sigs)
    {
        var pairs = new (G1Affine, G2Affine)[keys.Length];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (keys[i], sigs[i]);
        return Pairing.PairingCheck(pairs);
    }
}

/// <summary>Minimal-signature-size variant: keys in G2, signatures in G1 (<see cref="BasicMinSigScheme"/>).</summary>
internal readonly struct MinSignatureSize : IBlsScheme<Fp2, G2, Fp, G1>
{
    public static G1Jacobian HashToSignatureGroup(ReadOnlySpan<byte> message, ReadOnlySpan<byte> dst) => HashToCurve.HashToG1Jacobian(message, dst);
    public static G2Jacobian MultiplyKey(in G2Jacobian p, in Fr k) => ScalarMul.G2(p, k);
    public static G1Jacobian MultiplySignature(in G1Jacobian p, in Fr k) => ScalarMul.G1(p, k);

    public static bool PairingProductIsOne(ReadOnlySpan<G2Affine> keys, ReadOnlySpan<G1Affine> sigs)
    {
        var pairs = new (G1Affine, G2Affine)[keys.Length];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (sigs[i], keys[i]);
        return Pairing.PairingCheck(pairs);
    }
}
