using System.Security.Cryptography;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Groth16;

namespace Settlement.Verifier.Tests.Pairing;

/// <summary>
/// <see cref="PairingBatch"/>: the equations a venue checks (BLS signatures in the min-pk ciphersuite, one message
/// signed by several keys, aggregates, a Groth16 proof) verify together; any one false equation fails the batch; and
/// two false equations built to cancel under equal weights are still refused under random ones.
/// </summary>
public class PairingBatchTests
{
    private static readonly SecretKey[] Keys = [.. Enumerable.Range(1, 4).Select(i => SecretKey.KeyGen(Enumerable.Repeat((byte)(10 + i), 32).ToArray()))];
    private static readonly PublicKey[] Pks = [.. Keys.Select(PopScheme.SkToPk)];
    private static readonly byte[][] Messages = [.. Enumerable.Range(0, 4).Select(i => new[] { (byte)i, (byte)(i * 7), (byte)42 })];
    private static readonly G1Affine NegG1 = -G1Affine.Generator;

    /// <summary>One equation of the batch as a list of pairs, so a test can corrupt any one of them.</summary>
    private sealed record Equation((G1Affine P, G2Affine Q)[] Pairs, (G1Affine P, PreparedG2 Q)[] Prepared);

    /// <summary>Valid equations of every shape a venue adds: separate signatures, one message signed by three keys, an aggregate, a Groth16 proof.</summary>
    private static List<Equation> ValidEquations()
    {
        var list = new List<Equation>();
        var h = HashToCurve.HashToG2(Messages[0], "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8);
        for (int i = 0; i < 3; i++) // three keys, one message: the batch merges their H(m) terms and their −g1 terms
            list.Add(new([(Pks[i].Point, h), (NegG1, PopScheme.Sign(Keys[i], Messages[0]).Point)], []));
        // An aggregate over distinct messages: ∏ e(PKᵢ, H(mᵢ)) · e(−g1, Σσᵢ).
        var agg = PopScheme.Aggregate([.. Enumerable.Range(1, 3).Select(i => PopScheme.Sign(Keys[i], Messages[i]))]);
        list.Add(new([.. Enumerable.Range(1, 3).Select(i => (Pks[i].Point, HashToCurve.HashToG2(Messages[i], "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8))),
            (NegG1, agg.Point)], []));
        // Groth16: e(A, B) · e(−vk_x, γ) · e(−C, δ) · e(−α, β) = 1, with γ, δ, β prepared.
        var f = Groth16Fixtures.Multiplier();
        var pvk = new PreparedVerifyingKey(f.Key);
        var vkx = pvk.LinearCombination(Fr.One, f.PublicInputs).ToAffine();
        list.Add(new([(f.Proof.A, f.Proof.B)], [(-vkx, pvk.Gamma), (-f.Proof.C, pvk.Delta), (-f.Key.Alpha, pvk.Beta)]));
        // A second proof of the same key: its prepared terms merge with the first's.
        var p2 = Groth16Fixtures.Rerandomize(f.Proof, f.Key, new Random(3));
        list.Add(new([(p2.A, p2.B)], [(-vkx, pvk.Gamma), (-p2.C, pvk.Delta), (-f.Key.Alpha, pvk.Beta)]));
        foreach (var e in list) Assert.True(Settlement.Verifier.Bls12381.Pairing.PairingCheck(e.Pairs, e.Prepared)); // each holds alone
        return list;
    }

    private static bool VerifyBatch(IEnumerable<Equation> equations, RandomNumberGenerator? rng = null)
    {
        var batch = new PairingBatch(rng);
        foreach (var e in equations) batch.Add(e.Pairs, e.Prepared);
        return batch.Verify();
    }

    [Fact]
    public void Valid_equations_verify_together()
    {
        Assert.True(VerifyBatch(ValidEquations()));
        Assert.True(new PairingBatch().Verify()); // nothing to check
    }

    [Fact]
    public void Any_single_false_equation_fails_the_batch()
    {
        var valid = ValidEquations();
        var shift = G1Affine.Generator;
        for (int k = 0; k < valid.Count; k++)
        {
            // Move the G1 side of the first term: e(P + g1, Q) = e(P, Q)·e(g1, Q) ≠ e(P, Q) for Q ≠ O.
            var eqs = valid.ToList();
            var pairs = ((G1Affine P, G2Affine Q)[])eqs[k].Pairs.Clone();
            pairs[0] = ((pairs[0].P.ToJacobian() + shift.ToJacobian()).ToAffine(), pairs[0].Q);
            eqs[k] = eqs[k] with { Pairs = pairs };
            Assert.False(VerifyBatch(eqs), $"equation {k} corrupted in its G1 side");
            // Or a term dropped.
            eqs[k] = valid[k] with { Pairs = valid[k].Pairs[1..] };
            Assert.False(VerifyBatch(eqs), $"equation {k} missing a term");
        }
    }

    /// <summary>Returns the same 16 bytes for every weight: every weight but the unweighted equation's is then that constant.</summary>
    private sealed class FixedWeights(UInt128 weight) : RandomNumberGenerator
    {
        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());
        public override void GetBytes(Span<byte> data)
        {
            for (int i = 0; i + 16 <= data.Length; i += 16) System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(data[i..], weight);
        }
    }

    [Fact]
    public void Weights_are_drawn_afresh_for_each_verification_and_one_equation_goes_unweighted()
    {
        var equations = ValidEquations();
        var first = new PairingBatch(); var second = new PairingBatch();
        foreach (var e in equations) { first.Add(e.Pairs, e.Prepared); second.Add(e.Pairs, e.Prepared); }
        Assert.True(first.Verify());
        var once = first.Weights;
        Assert.True(first.Verify());
        Assert.True(second.Verify());
        Assert.Equal(equations.Count, once.Length);
        // The first Groth16 equation (the most prepared terms, three) takes weight 1; every other weight is fresh.
        int unweighted = equations.FindIndex(e => e.Prepared.Length == 3);
        foreach (var w in new[] { once, first.Weights, second.Weights })
            Assert.Equal(UInt128.One, w[unweighted]);
        for (int i = 0; i < equations.Count; i++)
        {
            if (i == unweighted) continue;
            Assert.NotEqual(once[i], first.Weights[i]);
            Assert.NotEqual(once[i], second.Weights[i]);
            Assert.NotEqual(UInt128.One, once[i]);
        }
        // 128-bit: over the 5 random weights of three draws, some weight has its top 64 bits set (all clear: probability 2^-960).
        Assert.Contains(once.Concat(first.Weights).Concat(second.Weights), w => w >> 64 != 0);
    }

    [Fact]
    public void Two_false_equations_that_cancel_under_equal_weights_are_refused_under_random_weights()
    {
        // σ₀ + δ and σ₁ − δ: each equation is false, yet with equal weights the two errors e(−g1, δ) and e(−g1, −δ) cancel.
        var delta = (G2Jacobian.Generator * Fr.FromUInt64(12345)).ToAffine();
        var s0 = PopScheme.Sign(Keys[0], Messages[0]).Point.ToJacobian();
        var s1 = PopScheme.Sign(Keys[1], Messages[1]).Point.ToJacobian();
        Equation Signed(int i, G2Jacobian sig) => new(
            [(Pks[i].Point, HashToCurve.HashToG2(Messages[i], "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8)), (NegG1, sig.ToAffine())], []);
        Equation[] forged = [Signed(0, s0 + delta.ToJacobian()), Signed(1, s1 - delta.ToJacobian())];
        Assert.All(forged, e => Assert.False(Settlement.Verifier.Bls12381.Pairing.PairingCheck(e.Pairs, e.Prepared)));

        // With a weight source stuck at a constant c the forgery passes: the first equation goes unweighted, so alone the
        // pair cancels only for c = 1; beside a Groth16 equation (which takes the weight 1) both weigh c, for any c.
        Assert.True(VerifyBatch(forged, new FixedWeights(1)));
        Assert.False(VerifyBatch(forged, new FixedWeights(2)));
        var groth16 = ValidEquations().First(e => e.Prepared.Length == 3);
        Assert.True(VerifyBatch([groth16, .. forged], new FixedWeights(UInt128.MaxValue - 7)));
        // Random weights refuse it (and any pair: see PairingBatch).
        for (int i = 0; i < 3; i++) Assert.False(VerifyBatch(forged));
        Assert.False(VerifyBatch([.. ValidEquations(), .. forged]));
    }
    [Fact]
    public void Tabulated_keys_and_a_GT_target_verify_as_the_plain_equations_do()
    {
        // The venue's shapes: keys weighted through their tables (PopScheme.Add*), Groth16 against e(α, β) with γ, δ premultiplied.
        var h = PopScheme.HashMessage(Messages[0]);
        var f = Groth16Fixtures.Multiplier();
        var pvk = new PreparedVerifyingKey(f.Key);
        PairingBatch Batch(Signature[] venueSigs, Signature aggregate, Proof proof, RandomNumberGenerator? rng = null)
        {
            var batch = new PairingBatch(rng);
            for (int i = 0; i < 3; i++) PopScheme.AddVerify(batch, Pks[i], h, venueSigs[i]);
            Assert.True(PopScheme.AddFastAggregateVerify(batch, Pks[1..3], Messages[1], aggregate));
            Assert.True(PopScheme.AddAggregateVerify(batch, Pks[1..4], Messages[1..4], PopScheme.Aggregate([.. Enumerable.Range(1, 3).Select(i => PopScheme.Sign(Keys[i], Messages[i]))])));
            Groth16Verifier.AddTo(batch, pvk, proof, f.PublicInputs);
            return batch;
        }
        var sigs = Enumerable.Range(0, 3).Select(i => PopScheme.Sign(Keys[i], Messages[0])).ToArray();
        var fast = PopScheme.Aggregate([PopScheme.Sign(Keys[1], Messages[1]), PopScheme.Sign(Keys[2], Messages[1])]);
        var good = Batch(sigs, fast, f.Proof);
        Assert.True(good.Verify());
        Assert.Equal(UInt128.One, good.Weights[^1]); // the equation with the GT target goes unweighted
        Assert.All(good.Weights[..^1], w => Assert.NotEqual(UInt128.One, w));

        // One signer's signature forged (another key's over the same message), in each shape; and a proof of other inputs.
        Assert.False(Batch([sigs[0], PopScheme.Sign(Keys[3], Messages[0]), sigs[2]], fast, f.Proof).Verify());
        Assert.False(Batch(sigs, PopScheme.Aggregate([PopScheme.Sign(Keys[1], Messages[1]), PopScheme.Sign(Keys[3], Messages[1])]), f.Proof).Verify());
        var other = Groth16Fixtures.Rerandomize(f.Proof, f.Key, new Random(5));
        Assert.True(Batch(sigs, fast, other).Verify());
        Assert.False(Batch(sigs, fast, new Proof(f.Proof.A, f.Proof.B, other.C)).Verify());

        // Two venue signatures shifted by +Δ and −Δ cancel under equal weights only.
        var delta = G2Jacobian.Generator * Fr.FromUInt64(4242);
        Signature[] cancelling = [new((sigs[0].Point.ToJacobian() + delta).ToAffine()), new((sigs[1].Point.ToJacobian() - delta).ToAffine()), sigs[2]];
        Assert.True(Batch(cancelling, fast, f.Proof, new FixedWeights(UInt128.MaxValue - 99)).Verify());
        for (int i = 0; i < 3; i++) Assert.False(Batch(cancelling, fast, f.Proof).Verify());
    }

    [Fact]
    public void A_batch_holds_one_equation_with_a_GT_target_at_most()
    {
        var f = Groth16Fixtures.Multiplier();
        var pvk = new PreparedVerifyingKey(f.Key);
        var batch = new PairingBatch();
        Groth16Verifier.AddTo(batch, pvk, f.Proof, f.PublicInputs);
        Assert.Throws<InvalidOperationException>(() => Groth16Verifier.AddTo(batch, pvk, f.Proof, f.PublicInputs));
        Assert.True(batch.Verify());
        // A target that the product does not reach fails.
        var wrong = new PairingBatch();
        wrong.AddWithTarget([(f.Proof.A, f.Proof.B)], [(-f.Proof.C, pvk.Delta)], pvk.AlphaBeta);
        Assert.False(wrong.Verify());
    }
}
