namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The efficiently computable endomorphisms of BLS12-381 and the curve seed they are tied to.
/// <list type="bullet">
/// <item>σ on E(F_p): (x, y) ↦ (β·x, y), β a primitive cube root of unity in F_p. On G1 it is multiplication by an
/// eigenvalue λ with λ² + λ + 1 ≡ 0 (mod r). Since r = x⁴ − x² + 1, the two roots are −x² and x² − 1; with the β
/// below, σ(P) = [−x²]P on G1 (checked on the generator in the tests).</item>
/// <item>ψ on E'(F_p²): untwist, p-power Frobenius, twist: (x, y) ↦ (x̄·c_x, ȳ·c_y) with c_x = ξ^−(p−1)/3,
/// c_y = ξ^−(p−1)/2, ξ = 1 + u. On G2 it is multiplication by p ≡ t − 1 = x (mod r): ψ(P) = [x]P.</item>
/// </list>
/// Both commute with negation and act coordinate-wise, so they apply to Jacobian points directly (x = X/Z², and
/// σ, ψ fix/conjugate Z consistently).
/// </summary>
public static class Endomorphism
{
    /// <summary>|x| for the BLS12-381 seed x = −0xd201000000010000 (the curve's defining parameter, 64 bits, Hamming weight 6).</summary>
    public const ulong SeedAbs = 0xd201000000010000;

    /// <summary>
    /// β = 2^((p−1)/3) mod p (2 is a cubic non-residue), the cube root of unity for which σ = [−x²] on G1;
    /// the other root, β² = 0x1a0111ea…00000000aaac, gives [x² − 1].
    /// </summary>
    public static readonly Fp Beta = Fp.FromBigInteger(G1.Hex(
        "5f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe"));

    /// <summary>c_x = ξ^−(p−1)/3 = (0, 0x1a0111ea…00000000aaad): purely imaginary.</summary>
    public static readonly Fp2 PsiCoeffX = new(Fp.Zero, Fp.FromBigInteger(G1.Hex(
        "1a0111ea397fe699ec02408663d4de85aa0d857d89759ad4897d29650fb85f9b409427eb4f49fffd8bfd00000000aaad")));

    /// <summary>c_y = ξ^−(p−1)/2.</summary>
    public static readonly Fp2 PsiCoeffY = new(
        Fp.FromBigInteger(G1.Hex("135203e60180a68ee2e9c448d77a2cd91c3dedd930b1cf60ef396489f61eb45e304466cf3e67fa0af1ee7b04121bdea2")),
        Fp.FromBigInteger(G1.Hex("06af0e0437ff400b6831e36d6bd17ffe48395dabc2d3435e77f76e17009241c5ee67992f72ec05f4c81084fbede3cc09")));

    /// <summary>σ(P) = (β·X, Y, Z). On G1 this is [−x²]P.</summary>
    public static G1Jacobian Sigma(in G1Jacobian p) => G1Jacobian.FromJacobianUnchecked(Beta * p.X, p.Y, p.Z);

    /// <summary>ψ(P) = (X̄·c_x, Ȳ·c_y, Z̄). On G2 this is [x]P.</summary>
    public static G2Jacobian Psi(in G2Jacobian p) =>
        G2Jacobian.FromJacobianUnchecked(MulByImaginary(p.X.Conjugate(), PsiCoeffX.C1), p.Y.Conjugate() * PsiCoeffY, p.Z.Conjugate());

    /// <summary>[|x|]P by double-and-add over the six set bits of |x| (63 doublings, 5 additions).</summary>
    public static TProj MultiplyBySeedAbs<TProj, TAff, TF>(in TProj p)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var acc = p;
        for (int bit = 62; bit >= 0; bit--)
        {
            acc = acc.Double();
            if (((SeedAbs >> bit) & 1) != 0) acc = acc + p;
        }
        return acc;
    }

    // (a0 + a1·u)·(c·u) = −a1·c + a0·c·u: two base multiplications instead of three.
    private static Fp2 MulByImaginary(in Fp2 a, in Fp c) => new(-(a.C1 * c), a.C0 * c);
}
