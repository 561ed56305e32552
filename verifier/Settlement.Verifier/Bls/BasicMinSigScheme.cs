using Settlement.Verifier.Bls12381;
using Core = Settlement.Verifier.Bls.BlsCore<Settlement.Verifier.Bls12381.Fp2, Settlement.Verifier.Bls12381.G2, Settlement.Verifier.Bls12381.Fp, Settlement.Verifier.Bls12381.G1, Settlement.Verifier.Bls.MinSignatureSize>;

namespace Settlement.Verifier.Bls;

/// <summary>
/// The basic scheme (IETF BLS draft, section 3.1) in the minimal-signature-size variant,
/// <c>BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_</c>: public keys in G2 (96 bytes compressed), signatures in G1
/// (48 bytes compressed), hash_to_curve = <see cref="HashToCurve.HashToG1"/>. The same algorithms as
/// <see cref="PopScheme"/> with the groups swapped. Only single-signature Sign and Verify are offered: the basic
/// scheme's aggregation needs distinct messages and nothing in this project uses it.
/// </summary>
public static class BasicMinSigScheme
{
    /// <summary>The ciphersuite identifier, used as the DST.</summary>
    public const string Ciphersuite = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

    /// <summary>Public key size: a compressed G2 point.</summary>
    public const int PublicKeyLength = G2Encoding.CompressedSize;

    /// <summary>Signature size: a compressed G1 point.</summary>
    public const int SignatureLength = G1Encoding.CompressedSize;

    private static ReadOnlySpan<byte> Dst => "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"u8;

    /// <summary>SkToPk: [SK]g2, compressed.</summary>
    public static byte[] SkToPk(SecretKey sk)
    {
        ArgumentNullException.ThrowIfNull(sk);
        return G2Encoding.Compress(Core.SkToPk(sk));
    }

    /// <summary>Sign: [SK]·hash_to_G1(message), compressed.</summary>
    public static byte[] Sign(SecretKey sk, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(sk);
        return G1Encoding.Compress(Core.Sign(sk, message, Dst));
    }

    /// <summary>
    /// Decodes the key (KeyValidate: valid point of G2, not infinity) and the signature (valid point of G1) and
    /// verifies, in one call. Any invalid input gives false, with <paramref name="error"/> saying why when decoding failed.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, out BlsError error)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength) { error = BlsError.WrongLength; return false; }
        if (!G2Encoding.TryDecompress(publicKey, out var pk, out var pe)) { error = BlsErrors.FromPointError(pe); return false; }
        if (pk.IsInfinity) { error = BlsError.PublicKeyIsIdentity; return false; }
        if (!G1Encoding.TryDecompress(signature, out var sig, out var se)) { error = BlsErrors.FromPointError(se); return false; }
        error = BlsError.None;
        return Core.Verify(pk, message, sig, Dst);
    }

    /// <summary>As <see cref="Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, out BlsError)"/>, without the reason.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        Verify(publicKey, message, signature, out _);
}
