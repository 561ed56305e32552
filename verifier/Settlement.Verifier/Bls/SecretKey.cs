using System.Security.Cryptography;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// A BLS secret key: a scalar SK with 0 &lt; SK &lt; r. Created by <see cref="KeyGen"/> from input keying material,
/// or read from its 32-byte big-endian form. Shared by both ciphersuites (<see cref="PopScheme"/>, <see cref="BasicMinSigScheme"/>).
/// A class, not a struct, so that no default (zero) key can exist.
/// </summary>
/// <remarks>
/// A 32-byte key whose value is r or more is refused (<see cref="BlsError.SecretKeyNotBelowOrder"/>), not reduced
/// mod r: the IETF BLS signature draft defines SK as an integer in [1, r − 1] (section 2.3 and SkToPk), and blst's
/// key check refuses such bytes too. Reducing would make two byte strings the same key, which a key file should
/// never do silently.
/// </remarks>
public sealed class SecretKey
{
    /// <summary>Size of the serialized key: I2OSP(SK, 32).</summary>
    public const int ByteLength = 32;

    /// <summary>KeyGen needs at least 32 bytes of input keying material (IETF BLS signature draft v4+, section 2.3).</summary>
    public const int MinIkmLength = 32;

    /// <summary>
    /// L = ceil((3 · ceil(log2(r))) / 16) = ceil(3 · 255 / 16) = 48: the HKDF output length, 128 bits more than r
    /// so that OS2IP(OKM) mod r is statistically uniform.
    /// </summary>
    public const int KeyGenOutputLength = 48;

    /// <summary>The initial HKDF salt of KeyGen; it is hashed with SHA-256 before each attempt.</summary>
    public static ReadOnlySpan<byte> KeyGenSalt => "BLS-SIG-KEYGEN-SALT-"u8;

    internal Fr Scalar { get; }

    private SecretKey(in Fr scalar) => Scalar = scalar;

    /// <summary>
    /// KeyGen(IKM, key_info) of the IETF BLS signature draft (version 4 and later, the same as EIP-2333's HKDF_mod_r):
    /// salt = "BLS-SIG-KEYGEN-SALT-"; repeat { salt = SHA-256(salt); PRK = HKDF-Extract(salt, IKM ‖ I2OSP(0, 1));
    /// OKM = HKDF-Expand(PRK, key_info ‖ I2OSP(L, 2), L); SK = OS2IP(OKM) mod r } until SK ≠ 0.
    /// </summary>
    /// <param name="ikm">Secret input keying material, at least 32 bytes from a CSPRNG.</param>
    /// <param name="keyInfo">Optional context to derive several keys from one IKM.</param>
    public static SecretKey KeyGen(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> keyInfo = default)
    {
        if (ikm.Length < MinIkmLength)
            throw new ArgumentException($"KeyGen input keying material is {ikm.Length} bytes; it must be at least {MinIkmLength}", nameof(ikm));
        Span<byte> salt = stackalloc byte[32];
        Span<byte> prk = stackalloc byte[32];
        Span<byte> okm = stackalloc byte[KeyGenOutputLength];
        byte[] ikmZero = new byte[ikm.Length + 1];   // IKM ‖ I2OSP(0, 1)
        byte[] info = new byte[keyInfo.Length + 2];  // key_info ‖ I2OSP(L, 2)
        try
        {
            ikm.CopyTo(ikmZero);
            keyInfo.CopyTo(info);
            info[^2] = KeyGenOutputLength >> 8;
            info[^1] = KeyGenOutputLength & 0xff;
            SHA256.HashData(KeyGenSalt, salt);
            while (true)
            {
                HKDF.Extract(HashAlgorithmName.SHA256, ikmZero, salt, prk);
                HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, info);
                var sk = Fr.FromBytesWideBE(okm);
                if (!sk.IsZero) return new SecretKey(sk);
                SHA256.HashData(salt.ToArray(), salt); // the next attempt's salt is the hash of this one
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikmZero);
            CryptographicOperations.ZeroMemory(prk);
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>A fresh key from 32 bytes of the operating system's CSPRNG.</summary>
    public static SecretKey Generate()
    {
        Span<byte> ikm = stackalloc byte[MinIkmLength];
        RandomNumberGenerator.Fill(ikm);
        try { return KeyGen(ikm); }
        finally { CryptographicOperations.ZeroMemory(ikm); }
    }

    /// <summary>Reads I2OSP(SK, 32); rejects a wrong length, a value not below r, and zero.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SecretKey? key, out BlsError error)
    {
        key = null;
        if (bytes.Length != ByteLength) { error = BlsError.WrongLength; return false; }
        if (!Fr.TryFromBytesBE(bytes, out var s)) { error = BlsError.SecretKeyNotBelowOrder; return false; }
        if (s.IsZero) { error = BlsError.SecretKeyIsZero; return false; }
        key = new SecretKey(s);
        error = BlsError.None;
        return true;
    }

    /// <summary>Reads I2OSP(SK, 32) or throws <see cref="BlsException"/> naming the broken rule.</summary>
    public static SecretKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (TryFromBytes(bytes, out var key, out var error)) return key;
        throw new BlsException(error, error switch
        {
            BlsError.WrongLength => $"secret key is {bytes.Length} bytes; it must be {ByteLength}",
            BlsError.SecretKeyNotBelowOrder => "secret key is not below the group order r",
            _ => "secret key is zero",
        });
    }

    /// <summary>I2OSP(SK, 32).</summary>
    public byte[] ToBytes() => Scalar.ToBytesBE();

    /// <summary>A fixed placeholder, so the key cannot leak through logging or string formatting.</summary>
    public override string ToString() => "SecretKey(…)";
}
