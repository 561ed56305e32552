using System.Numerics;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The group G1: points of E(F_p): y² = x³ + 4 of prime order r. BLS public keys, Groth16's A and C,
/// and the G1 tables of proving keys live here. <c>G1Affine</c>/<c>G1Jacobian</c> are aliases of the generic point types.
/// </summary>
public readonly struct G1 : ICurve<Fp>
{
    /// <summary>b = 4.</summary>
    public static Fp B { get; } = Fp.FromUInt64(4);

    // The standard generator (ZCash / IETF pairing-friendly-curves draft).
    /// <summary>x of the standard generator.</summary>
    public static Fp GeneratorX { get; } = Fp.FromBigInteger(Hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"));
    /// <summary>y of the standard generator.</summary>
    public static Fp GeneratorY { get; } = Fp.FromBigInteger(Hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"));

    /// <summary>
    /// Membership in the order-r subgroup for a point on the curve, by Scott's endomorphism test (eprint 2021/1130;
    /// see also Dai, Lin, Zhao and Zhou, eprint 2022/352): P ∈ G1 ⇔ σ(P) = [−x²]P, checked as
    /// σ(P) + [|x|]([|x|]P) = O. Two 64-bit seed multiplications instead of a 255-bit one. The tests compare it
    /// with [r]P = O on subgroup points, points of the whole curve and small-order torsion points.
    /// </summary>
    public static bool IsInSubgroup(in G1Affine p)
    {
        if (p.IsInfinity) return true;
        var j = p.ToJacobian();
        var x2p = Endomorphism.MultiplyBySeedAbs<G1Jacobian, G1Affine, Fp>(Endomorphism.MultiplyBySeedAbs<G1Jacobian, G1Affine, Fp>(j));
        return (Endomorphism.Sigma(j) + x2p).IsIdentity;
    }

    internal static BigInteger Hex(string s) => BigInteger.Parse("0" + s, System.Globalization.NumberStyles.HexNumber);
}
