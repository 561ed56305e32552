using System.Numerics;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The group G1: points of E(F_p): y² = x³ + 4 of prime order r. BLS public keys, Groth16's A and C,
/// and the G1 tables of proving keys live here. <c>G1Affine</c>/<c>G1Jacobian</c> are aliases of the generic point types.
/// </summary>
public readonly struct G1 : ICurve<Fp>
{
    public static Fp B { get; } = Fp.FromUInt64(4);

    // The standard generator (ZCash / IETF pairing-friendly-curves draft).
    public static Fp GeneratorX { get; } = Fp.FromBigInteger(Hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"));
    public static Fp GeneratorY { get; } = Fp.FromBigInteger(Hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"));

    /// <summary>Membership in the order-r subgroup: [r]P = O (reference check; the endomorphism test replaces it).</summary>
    public static bool IsInSubgroup(in G1Affine p) => p.IsInfinity || p.ToJacobian().MultiplyBy(Fr.Modulus).IsIdentity;

    internal static BigInteger Hex(string s) => BigInteger.Parse("0" + s, System.Globalization.NumberStyles.HexNumber);
}
