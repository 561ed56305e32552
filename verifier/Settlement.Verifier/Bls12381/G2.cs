namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The group G2: points of the sextic twist E'(F_p²): y² = x³ + 4(u + 1) of prime order r. BLS signatures
/// (Ethereum ciphersuite), Groth16's B and the verifying key's β, γ, δ live here.
/// </summary>
public readonly struct G2 : ICurve<Fp2>
{
    /// <summary>b' = 4(u + 1), the twist's coefficient.</summary>
    public static Fp2 B { get; } = new(Fp.FromUInt64(4), Fp.FromUInt64(4));

    /// <summary>x of the standard generator (ZCash / IETF pairing-friendly-curves draft), as c0 + c1·u.</summary>
    public static Fp2 GeneratorX { get; } = new(
        Fp.FromBigInteger(G1.Hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8")),
        Fp.FromBigInteger(G1.Hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")));
    /// <summary>y of the standard generator, as c0 + c1·u.</summary>
    public static Fp2 GeneratorY { get; } = new(
        Fp.FromBigInteger(G1.Hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801")),
        Fp.FromBigInteger(G1.Hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")));

    /// <summary>
    /// Membership in the order-r subgroup for a point on the twist, by Scott's criterion (eprint 2021/1130;
    /// see also Dai, Lin, Zhao and Zhou, eprint 2022/352): P ∈ G2 ⇔ ψ(P) = [x]P, checked as
    /// ψ(P) + [|x|]P = O since x &lt; 0. One 64-bit seed multiplication instead of a 255-bit one. The tests compare it
    /// with [r]P = O on subgroup points, points of the whole twist and small-order torsion points.
    /// </summary>
    public static bool IsInSubgroup(in G2Affine p)
    {
        if (p.IsInfinity) return true;
        var j = p.ToJacobian();
        return (Endomorphism.Psi(j) + Endomorphism.MultiplyBySeedAbs<G2Jacobian, G2Affine, Fp2>(j)).IsIdentity;
    }
}
