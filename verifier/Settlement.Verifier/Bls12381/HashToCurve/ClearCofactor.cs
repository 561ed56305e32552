using System.Numerics;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// clear_cofactor for BLS12-381 (RFC 9380, sections 7 and 8.8): maps any point of E1 (resp. E2) into the order-r
/// subgroup G1 (resp. G2) by multiplying with the effective cofactor h_eff. Both use the curve parameter
/// x = −0xd201000000010000 (the BLS parameter, "z" in the RFC), whose absolute value has only six set bits.
/// </summary>
public static class ClearCofactor
{
    /// <summary>|x| = 0xd201000000010000 for the BLS12-381 parameter x = −|x|; bits 63, 62, 60, 57, 48 and 16.</summary>
    public const ulong AbsX = 0xd201000000010000;

    /// <summary>h_eff for G1 = 1 − x = 0xd201000000010001 (RFC 9380, section 8.8.1; Wahby–Boneh, section 5).</summary>
    public const ulong G1EffectiveCofactor = AbsX + 1;

    /// <summary>
    /// h_eff for G2 (RFC 9380, section 8.8.2): the scalar whose multiple the ψ-based method of
    /// <see cref="ToG2"/> computes. Only used to check that method; <see cref="ToG2"/> never multiplies by it.
    /// </summary>
    public static readonly BigInteger G2EffectiveCofactor = G1.Hex(
        "0bc69f08f2ee75b3584c6a0ea91b352888e2a8e9145ad7689986ff031508ffe1329c2f178731db956d82bf015d1212b02ec0ec69d7477c1ae954cbc06689f6a359894c0adebbf6b4e8020005aaa95551");

    /// <summary>[h_eff]P = P + [|x|]P for a point of E1 (G1 clear_cofactor).</summary>
    public static G1Jacobian ToG1(in G1Jacobian p) => p + MultiplyByAbsX(p);

    /// <summary>
    /// The G2 clear_cofactor of RFC 9380 Appendix G.3 (Budroni–Pintore, eprint 2017/419): with ψ the
    /// untwist-Frobenius-twist endomorphism, h_eff·P = [x² − x − 1]P + [x − 1]ψ(P) + ψ²(2P), computed as
    /// t1 = [x]P, t2 = ψ(P), t3 = ψ²(2P) − t2, t2 = [x](t1 + t2), result = t3 + t2 − t1 − P.
    /// Costs two multiplications by the 64-bit |x| instead of one by the 636-bit h_eff.
    /// </summary>
    public static G2Jacobian ToG2(in G2Jacobian p)
    {
        var t1 = -MultiplyByAbsX(p);              // [x]P, x negative
        var t2 = Psi(p);                           // ψ(P)
        var t3 = Psi(Psi(p.Double()));             // ψ²(2P)
        t3 = t3 - t2;
        t2 = -MultiplyByAbsX(t1 + t2);             // [x](t1 + t2)
        t3 = t3 + t2;
        t3 = t3 - t1;
        return t3 - p;
    }

    // ψ(x, y) = (conj(x) · ψx, conj(y) · ψy) with ψx = 1/(1 + u)^((p − 1)/3) and ψy = 1/(1 + u)^((p − 1)/2)
    // (RFC 9380 Appendix G.3, constants c1 and c2 of psi). Computed here from their definition.
    private static readonly Fp2 PsiX = new Fp2(Fp.One, Fp.One).Pow(Fp.ToLimbs((Fp.Modulus - 1) / 3)).Inverse();
    private static readonly Fp2 PsiY = new Fp2(Fp.One, Fp.One).Pow(Fp.ToLimbs((Fp.Modulus - 1) / 2)).Inverse();

    /// <summary>
    /// ψ on Jacobian coordinates: conjugation is a field automorphism, so (X, Y, Z) ↦ (conj(X)·ψx, conj(Y)·ψy, conj(Z))
    /// represents ψ of the affine point X/Z², Y/Z³.
    /// </summary>
    internal static G2Jacobian Psi(in G2Jacobian p) =>
        G2Jacobian.FromJacobianUnchecked(p.X.Conjugate() * PsiX, p.Y.Conjugate() * PsiY, p.Z.Conjugate());

    /// <summary>[|x|]P by the six-bit chain of <see cref="AbsX"/>: 63 doublings and 5 additions.</summary>
    internal static JacobianPoint<TF, TCurve> MultiplyByAbsX<TF, TCurve>(in JacobianPoint<TF, TCurve> p)
        where TF : struct, IField<TF>
        where TCurve : ICurve<TF>
    {
        var acc = p; // bit 63
        for (int bit = 62; bit >= 0; bit--)
        {
            acc = acc.Double();
            if (((AbsX >> bit) & 1) != 0) acc = acc + p;
        }
        return acc;
    }
}
