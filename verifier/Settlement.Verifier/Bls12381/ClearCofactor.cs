using System.Numerics;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// clear_cofactor for BLS12-381 (RFC 9380, sections 7 and 8.8): maps any point of E1 (resp. E2) into the order-r
/// subgroup G1 (resp. G2) by multiplying with the effective cofactor h_eff. Both use the curve parameter
/// x = −0xd201000000010000 (the BLS parameter, "z" in the RFC, <see cref="Endomorphism.SeedAbs"/>), whose absolute
/// value has only six set bits.
/// </summary>
internal static class ClearCofactor
{
    /// <summary>h_eff for G1 = 1 − x = |x| + 1 = 0xd201000000010001 (RFC 9380, section 8.8.1; Wahby–Boneh, section 5).</summary>
    public const ulong G1EffectiveCofactor = Endomorphism.SeedAbs + 1;

    /// <summary>
    /// h_eff for G2 (RFC 9380, section 8.8.2): the scalar whose multiple the ψ-based method of
    /// <see cref="ToG2"/> computes. Only used to check that method; <see cref="ToG2"/> never multiplies by it.
    /// </summary>
    public static readonly BigInteger G2EffectiveCofactor = G1.Hex(
        "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551");

    /// <summary>[h_eff]P = P + [|x|]P for a point of E1 (G1 clear_cofactor).</summary>
    public static G1Jacobian ToG1(in G1Jacobian p) => p + AbsX(p);

    /// <summary>
    /// The G2 clear_cofactor of RFC 9380 Appendix G.3 (Budroni–Pintore, eprint 2017/419): with ψ the
    /// untwist-Frobenius-twist endomorphism (<see cref="Endomorphism.Psi"/>; its coefficients are c1, c2 of the
    /// RFC's psi), h_eff·P = [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P), computed as
    /// t1 = [x]P, t2 = ψ(P), t3 = ψ²(2P) − t2, t2 = [x](t1 + t2), result = t3 + t2 − t1 − P.
    /// Costs two multiplications by the 64-bit |x| instead of one by the 636-bit h_eff.
    /// </summary>
    public static G2Jacobian ToG2(in G2Jacobian p)
    {
        var t1 = -AbsX(p);                                              // [x]P, x negative
        var t2 = Endomorphism.Psi(p);                                   // ψ(P)
        var t3 = Endomorphism.Psi(Endomorphism.Psi(p.Double()));        // ψ²(2P)
        t3 = t3 - t2;
        t2 = -AbsX(t1 + t2);                                            // [x](t1 + t2)
        t3 = t3 + t2;
        t3 = t3 - t1;
        return t3 - p;
    }

    // [|x|]P for points that need not be in the subgroup (the chain works on all of E1 and E2).
    private static G1Jacobian AbsX(in G1Jacobian p) => Endomorphism.MultiplyBySeedAbs<G1Jacobian, G1Affine, Fp>(p);
    private static G2Jacobian AbsX(in G2Jacobian p) => Endomorphism.MultiplyBySeedAbs<G2Jacobian, G2Affine, Fp2>(p);
}
