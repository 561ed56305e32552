using System.Security.Cryptography;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Groth16 verification over BLS12-381: accept when e(A, B) · e(−vk_x, γ) · e(−C, δ) = e(α, β), with
/// vk_x = IC₀ + Σ xᵢ·ICᵢ. One multi-Miller loop over the three pairs, with γ's and δ's lines multiplied together
/// ahead of time (<see cref="PreparedG2Pair"/>), and one final exponentiation.
/// Points are already validated by <see cref="Proof"/> and <see cref="VerifyingKey"/>; public inputs are
/// <see cref="Fr"/> values, canonical by construction (see <see cref="PublicInputs"/> to parse them).
/// </summary>
public static class Groth16Verifier
{
    /// <summary>Whether the proof is valid for these public inputs. Throws <see cref="Groth16Exception"/> when the count is wrong.</summary>
    public static bool Verify(PreparedVerifyingKey key, Proof proof, ReadOnlySpan<Fr> publicInputs)
    {
        RequireCount(key, publicInputs.Length, "public");
        var vkx = key.LinearCombination(Fr.One, publicInputs);
        // The fixed-pair loop needs finite G1 points (Proof refuses C at infinity); public inputs that make vk_x the
        // identity take the general loop.
        var m = !vkx.IsIdentity
            ? Pairing.MultiMillerLoop([(proof.A, proof.B)], [], key.GammaDelta, -vkx, -proof.C)
            : Pairing.MultiMillerLoop([(proof.A, proof.B)], [(-vkx.ToAffine(), key.Gamma), (-proof.C, key.Delta)]);
        return m.FinalExponentiation() == key.AlphaBeta;
    }

    /// <summary>
    /// Adds the verification equation e(A, B) · e(−vk_x, γ) · e(−C, δ) = e(α, β) to a batch of pairing equations (a
    /// venue's bundle check: the proof and the signatures share one final exponentiation), as <see cref="Verify"/>
    /// checks it: against the precomputed e(α, β), with γ's and δ's lines premultiplied; the batch gives it weight 1.
    /// Throws <see cref="Groth16Exception"/> when the count is wrong.
    /// </summary>
    internal static void AddTo(PairingBatch batch, PreparedVerifyingKey key, Proof proof, ReadOnlySpan<Fr> publicInputs)
    {
        RequireCount(key, publicInputs.Length, "public");
        var vkx = key.LinearCombination(Fr.One, publicInputs);
        if (!vkx.IsIdentity) batch.AddWithTarget([(proof.A, proof.B)], [], key.AlphaBeta, key.GammaDelta, -vkx, -proof.C);
        else batch.AddWithTarget([(proof.A, proof.B)], [(-proof.C, key.Delta)], key.AlphaBeta);
    }

    /// <summary>
    /// Whether every proof is valid, with one final exponentiation for the whole batch. Each equation i is raised to a
    /// fresh random 128-bit rᵢ from a CSPRNG and the results multiplied:
    /// ∏ e(rᵢAᵢ, Bᵢ) · e(−Σ rᵢ·vk_xᵢ, γ) · e(−Σ rᵢCᵢ, δ) · e(−(Σ rᵢ)·α, β) = 1.
    /// A batch holding an invalid proof passes with probability about 2⁻¹²⁸. An empty batch is valid.
    /// False does not say which proof failed: verify them one by one for that.
    /// </summary>
    public static bool VerifyBatch(PreparedVerifyingKey key, ReadOnlySpan<(Proof Proof, Fr[] PublicInputs)> batch, RandomNumberGenerator? rng = null)
    {
        if (batch.Length == 0) return true;
        var n = key.PublicInputCount;
        for (int i = 0; i < batch.Length; i++) RequireCount(key, batch[i].PublicInputs.Length, $"batch[{i}].public");

        // r₁A₁ … rₙAₙ, then (Σ rᵢ)·α and Σ rᵢCᵢ: one inversion brings them all to affine.
        var scaled = new G1Jacobian[batch.Length + 2];
        var icScalars = new Fr[n];
        var rSum = Fr.Zero;
        var cSum = G1Jacobian.Identity;
        Span<byte> bytes = stackalloc byte[Fr.ByteLength];
        for (int i = 0; i < batch.Length; i++)
        {
            var r = RandomScalar128(rng, bytes);
            var (proof, inputs) = batch[i];
            scaled[i] = proof.A.ToJacobian() * r;
            cSum += proof.C.ToJacobian() * r;
            rSum += r;
            for (int j = 0; j < n; j++) icScalars[j] += r * inputs[j];
        }
        scaled[batch.Length] = key.Key.Alpha.ToJacobian() * rSum;
        scaled[batch.Length + 1] = cSum;
        var affine = new G1Affine[scaled.Length];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(scaled, affine);
        var pairs = new (G1Affine P, G2Affine Q)[batch.Length];
        for (int i = 0; i < batch.Length; i++) pairs[i] = (affine[i], batch[i].Proof.B);
        var alpha = affine[batch.Length];
        var c = affine[batch.Length + 1];
        var vkx = key.LinearCombination(rSum, icScalars);
        // γ and δ through their premultiplied lines, as in Verify; a combination at infinity takes the general loop.
        var m = !vkx.IsIdentity && !c.IsInfinity
            ? Pairing.MultiMillerLoop(pairs, [(-alpha, key.Beta)], key.GammaDelta, -vkx, -c)
            : Pairing.MultiMillerLoop(pairs, [(-vkx.ToAffine(), key.Gamma), (-c, key.Delta), (-alpha, key.Beta)]);
        return m.FinalExponentiation().IsOne;
    }

    /// <summary>A uniformly random non-zero scalar below 2¹²⁸.</summary>
    private static Fr RandomScalar128(RandomNumberGenerator? rng, Span<byte> buffer)
    {
        buffer.Clear();
        while (true)
        {
            var low = buffer.Slice(Fr.ByteLength - 16);
            if (rng is null) RandomNumberGenerator.Fill(low); else rng.GetBytes(low);
            if (!Fr.TryFromBytesBE(buffer, out var r)) throw new InvalidOperationException("a 128-bit value is always below r");
            if (!r.IsZero) return r;
        }
    }

    private static void RequireCount(PreparedVerifyingKey key, int count, string field)
    {
        if (count != key.PublicInputCount)
            throw new Groth16Exception(Groth16Error.PublicInputCountMismatch, field,
                $"{count} public inputs given, the verifying key has {key.PublicInputCount} (IC has {key.PublicInputCount + 1} points)");
    }
}
