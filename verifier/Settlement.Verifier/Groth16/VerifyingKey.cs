using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// A Groth16 verifying key: α ∈ G1; β, γ, δ ∈ G2; IC = (IC₀, …, IC_ℓ) ∈ G1 for ℓ public inputs. The constructor
/// refuses any point at infinity, off its curve or outside its subgroup, and degenerate keys (γ = δ, or δ the G2
/// generator, which would let anyone who knows the discrete logarithms of the other points forge proofs).
/// </summary>
public sealed class VerifyingKey
{
    private readonly G1Affine[] _ic;

    /// <summary>α ∈ G1.</summary>
    public G1Affine Alpha { get; }
    /// <summary>β ∈ G2.</summary>
    public G2Affine Beta { get; }
    /// <summary>γ ∈ G2, which the public-input term is paired with.</summary>
    public G2Affine Gamma { get; }
    /// <summary>δ ∈ G2, which C is paired with.</summary>
    public G2Affine Delta { get; }
    /// <summary>IC₀ … IC_ℓ ∈ G1: the public-input term is IC₀ + Σ xᵢ·ICᵢ.</summary>
    public ReadOnlySpan<G1Affine> IC => _ic;
    /// <summary>ℓ, the number of public inputs (IC.Length − 1).</summary>
    public int PublicInputCount => _ic.Length - 1;

    /// <summary>
    /// Checks and copies the key; throws <see cref="Groth16Exception"/> naming the point when one is at infinity, off its
    /// curve or outside its subgroup, when IC is empty, or when γ = δ or δ is the G2 generator.
    /// </summary>
    public VerifyingKey(in G1Affine alpha, in G2Affine beta, in G2Affine gamma, in G2Affine delta, ReadOnlySpan<G1Affine> ic)
    {
        PointValidation.RequireG1(alpha, "vk_alpha_1");
        PointValidation.RequireG2(beta, "vk_beta_2");
        PointValidation.RequireG2(gamma, "vk_gamma_2");
        PointValidation.RequireG2(delta, "vk_delta_2");
        if (ic.Length == 0) throw new Groth16Exception(Groth16Error.DegenerateVerifyingKey, "IC", "IC needs at least IC₀");
        for (int i = 0; i < ic.Length; i++) PointValidation.RequireG1(ic[i], $"IC[{i}]");
        if (gamma == delta) throw new Groth16Exception(Groth16Error.DegenerateVerifyingKey, "vk_delta_2", "γ = δ: C could absorb the public-input term");
        if (delta == G2Affine.Generator) throw new Groth16Exception(Groth16Error.DegenerateVerifyingKey, "vk_delta_2", "δ is the G2 generator (an unfinished setup)");
        Alpha = alpha; Beta = beta; Gamma = gamma; Delta = delta;
        _ic = ic.ToArray();
    }
}
