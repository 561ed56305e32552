namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The constants of the Frobenius maps x ↦ x^(p^k) on the tower F_p⁶ = F_p²[v]/(v³ − ξ), F_p¹² = F_p⁶[w]/(w² − v).
/// Since w⁶ = v³ = ξ, (w)^(p^k) = w·ξ^((p^k − 1)/6), (v)^(p^k) = v·ξ^((p^k − 1)/3), (v²)^(p^k) = v²·ξ^(2(p^k − 1)/3).
/// p ≡ 1 (mod 6), so the exponents are integers. Derivation used below: (p^k − 1)/6 = p·(p^(k−1) − 1)/6 + (p − 1)/6,
/// hence W[k] = W[k−1]^p · W[1] = conj(W[k−1]) · W[1] (the p-power on F_p² is conjugation); V1 = W², V2 = W⁴.
/// Only W[1] = ξ^((p − 1)/6) needs an exponentiation, done once at type initialisation.
/// </summary>
internal static class FrobeniusCoefficients
{
    /// <summary>W[k] = ξ^((p^k − 1)/6), k = 0..11: the factor on the w-part of F_p¹².</summary>
    public static readonly Fp2[] W = Build(out V1, out V2);

    /// <summary>V1[k] = ξ^((p^k − 1)/3): the factor on the v coefficient of F_p⁶.</summary>
    public static readonly Fp2[] V1;

    /// <summary>V2[k] = ξ^(2(p^k − 1)/3): the factor on the v² coefficient of F_p⁶.</summary>
    public static readonly Fp2[] V2;

    private static Fp2[] Build(out Fp2[] v1, out Fp2[] v2)
    {
        var xi = new Fp2(Fp.One, Fp.One);
        var w = new Fp2[12];
        w[0] = Fp2.One;
        w[1] = xi.Pow(Fp.ToLimbs((Fp.Modulus - 1) / 6));
        for (int k = 2; k < 12; k++) w[k] = w[k - 1].Conjugate() * w[1];
        v1 = new Fp2[12];
        v2 = new Fp2[12];
        for (int k = 0; k < 12; k++)
        {
            v1[k] = w[k].Square();
            v2[k] = v1[k].Square();
        }
        return w;
    }
}
