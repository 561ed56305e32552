using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// A verifying key made ready for many verifications: e(α, β) in GT, and the Miller-loop lines of γ, δ (and β, for
/// batches) computed once. Verification then needs one on-the-fly Miller loop (A, B), two with prepared lines and one
/// final exponentiation.
/// </summary>
public sealed class PreparedVerifyingKey
{
    /// <summary>The key this was prepared from.</summary>
    public VerifyingKey Key { get; }
    /// <summary>e(α, β), computed once.</summary>
    public Gt AlphaBeta { get; }
    internal PreparedG2 Beta { get; }
    internal PreparedG2 Gamma { get; }
    internal PreparedG2 Delta { get; }
    // γ's and δ's lines multiplied pairwise (about 59 KB); VerifyingKey refuses points at infinity, so they exist.
    internal PreparedG2Pair GammaDelta { get; }
    /// <summary>ℓ, the number of public inputs the key takes.</summary>
    public int PublicInputCount => Key.PublicInputCount;

    /// <summary>Keys with at most this many public inputs get fixed-base tables for IC (about 100 KB each).</summary>
    public const int MaxTabulatedInputs = 16;

    // Tables for IC₁..IC_ℓ, or null for keys with more inputs than MaxTabulatedInputs.
    private readonly FixedBaseTable<G1Jacobian, G1Affine, Fp>[]? _icTables;

    /// <summary>
    /// Precomputes e(α, β), the G2 lines and (for at most <see cref="MaxTabulatedInputs"/> inputs) the IC tables; the key
    /// was checked when it was built.
    /// </summary>
    public PreparedVerifyingKey(VerifyingKey key)
    {
        Key = key;
        AlphaBeta = Pairing.Pair(key.Alpha, key.Beta);
        Beta = new PreparedG2(key.Beta);
        Gamma = new PreparedG2(key.Gamma);
        Delta = new PreparedG2(key.Delta);
        GammaDelta = new PreparedG2Pair(Gamma, Delta);
        if (key.PublicInputCount <= MaxTabulatedInputs)
        {
            _icTables = new FixedBaseTable<G1Jacobian, G1Affine, Fp>[key.PublicInputCount];
            for (int i = 0; i < _icTables.Length; i++) _icTables[i] = new(key.IC[i + 1].ToJacobian(), windowBits: 4);
        }
    }

    /// <summary>IC₀ + Σ sᵢ·ICᵢ₊₁ for the given scalars (public inputs, or their random combinations in a batch).</summary>
    internal G1Jacobian LinearCombination(in Fr s0, ReadOnlySpan<Fr> s)
    {
        var ic = Key.IC;
        var acc = s0.IsOne ? ic[0].ToJacobian() : ic[0].ToJacobian() * s0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i].IsZero) continue;
            acc = _icTables is not null ? _icTables[i].MultiplyAdd(acc, s[i]) : acc + ic[i + 1].ToJacobian() * s[i];
        }
        return acc;
    }
}
