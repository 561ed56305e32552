using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// The deterministic sampler snarkjs's ceremonies use (ffjavascript's ChaCha generator and its <c>fromRng</c> samplers),
/// reproduced so that a snarkjs transcript can be checked here and ours by snarkjs: the challenge point of a contribution
/// is <see cref="HashToG2"/> of its transcript hash, and a beacon contribution's secret is drawn from a seed.
/// </summary>
/// <remarks>
/// The samplers are not uniform hash-to-curve maps in the RFC 9380 sense; they only need to be the same on both sides.
/// Their quirks matter: a sampled field element is the raw little-endian integer read as a Montgomery representation
/// (value = v·R⁻¹), and the point is multiplied by the full cofactor h, not the effective one.
/// </remarks>
internal sealed class SnarkJsRng
{
    private static readonly BigInteger CofactorG1 = BigInteger.Parse("0396c8c005555e1568c00aaab0000aaab", System.Globalization.NumberStyles.HexNumber);
    private static readonly BigInteger CofactorG2 = BigInteger.Parse(
        "05d543a95414e7f1091d50792876a202cd91de4547085abaa68a205b2e5a7ddfa628f1cb4d9e82ef21537e293a6691ae1616ec6e786f0c70cf1c38e31c7238e5",
        System.Globalization.NumberStyles.HexNumber);

    private readonly uint[] _state = new uint[16];
    private readonly uint[] _block = new uint[16];
    private int _index = 16;

    /// <summary>A generator keyed by the first 32 bytes of <paramref name="seed"/>, read as eight big-endian words.</summary>
    public SnarkJsRng(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < 32) throw new ArgumentException("a seed has at least 32 bytes", nameof(seed));
        _state[0] = 0x61707865; _state[1] = 0x3320646E; _state[2] = 0x79622D32; _state[3] = 0x6B206574;
        for (int i = 0; i < 8; i++) _state[4 + i] = BinaryPrimitives.ReadUInt32BigEndian(seed[(4 * i)..]);
    }

    /// <summary>snarkjs's challenge point: the generator seeded with the hash, sampling a G2 point.</summary>
    public static G2Affine HashToG2(ReadOnlySpan<byte> hash) => new SnarkJsRng(hash).NextG2();

    /// <summary>
    /// The generator of a beacon contribution: SHA-256 applied 2^<paramref name="iterationsExponent"/> times to the
    /// beacon hash, the result as the seed.
    /// </summary>
    public static SnarkJsRng FromBeacon(ReadOnlySpan<byte> beaconHash, int iterationsExponent)
    {
        if (iterationsExponent is < 0 or > 63) throw new ArgumentOutOfRangeException(nameof(iterationsExponent), iterationsExponent, "the beacon's iteration exponent is 0 to 63");
        var h = beaconHash.ToArray();
        for (ulong i = 0, n = 1UL << iterationsExponent; i < n; i++) h = SHA256.HashData(h);
        return new SnarkJsRng(h);
    }

    public uint NextU32()
    {
        if (_index == 16) Refill();
        return _block[_index++];
    }

    private ulong NextU64() { ulong hi = NextU32(); return (hi << 32) | NextU32(); }

    private bool NextBool() => (NextU32() & 1) == 1;

    public Fr NextFr()
    {
        Span<byte> b = stackalloc byte[32];
        while (true)
        {
            for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(b[(8 * i)..], NextU64());
            b[31] &= 0x7F; // 255 bits
            if (Fr.TryFromMontgomeryLE(b, out var x)) return x;
        }
    }

    private Fp NextFp()
    {
        Span<byte> b = stackalloc byte[48];
        while (true)
        {
            for (int i = 0; i < 6; i++) BinaryPrimitives.WriteUInt64LittleEndian(b[(8 * i)..], NextU64());
            b[47] &= 0x1F; // 381 bits
            if (Fp.TryFromMontgomeryLE(b, out var x)) return x;
        }
    }

    public G1Affine NextG1()
    {
        while (true)
        {
            var x = NextFp();
            bool largest = NextBool();
            if (!(x.Square() * x + G1.B).TrySqrt(out var y)) continue;
            if (largest != y.IsLexicographicallyLargest) y = -y;
            return G1Affine.FromCoordinatesUnchecked(x, y).ToJacobian().MultiplyBy(CofactorG1).ToAffine(); // not yet in the subgroup: no endomorphism
        }
    }

    public G2Affine NextG2()
    {
        while (true)
        {
            var x = new Fp2(NextFp(), NextFp());
            bool largest = NextBool();
            if (!(x.Square() * x + G2.B).TrySqrt(out var y)) continue;
            if (largest != y.IsLexicographicallyLargest) y = -y;
            return G2Affine.FromCoordinatesUnchecked(x, y).ToJacobian().MultiplyBy(CofactorG2).ToAffine();
        }
    }

    private void Refill()
    {
        _state.CopyTo(_block, 0);
        for (int i = 0; i < 10; i++)
        {
            Quarter(0, 4, 8, 12); Quarter(1, 5, 9, 13); Quarter(2, 6, 10, 14); Quarter(3, 7, 11, 15);
            Quarter(0, 5, 10, 15); Quarter(1, 6, 11, 12); Quarter(2, 7, 8, 13); Quarter(3, 4, 9, 14);
        }
        for (int i = 0; i < 16; i++) _block[i] += _state[i];
        _index = 0;
        for (int i = 12; i < 16 && ++_state[i] == 0; i++) { } // 128-bit block counter
    }

    private void Quarter(int a, int b, int c, int d)
    {
        var s = _block;
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b]; s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d]; s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}
