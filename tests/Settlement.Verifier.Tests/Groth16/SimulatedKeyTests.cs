using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Tests.Groth16;

/// <summary>
/// Keys whose trapdoor is known, so valid proofs can be made without a prover: with α, β, γ, δ, uⱼ as scalars and
/// ICⱼ = uⱼ·G1, any a, b give a valid proof A = a·G1, B = b·G2, C = c·G1 with c = (ab − αβ − γ·Σ xⱼuⱼ)/δ (x₀ = 1).
/// Exercises input counts the fixtures do not have, on both sides of the IC table threshold.
/// </summary>
public class SimulatedKeyTests
{
    sealed record Trapdoor(Fr Alpha, Fr Beta, Fr Gamma, Fr Delta, Fr[] U, VerifyingKey Key);

    static G1Affine G1(in Fr k) => (G1Jacobian.Generator * k).ToAffine();
    static G2Affine G2(in Fr k) => (G2Jacobian.Generator * k).ToAffine();

    static Trapdoor MakeKey(Random rng, int inputs)
    {
        var t = new Trapdoor(Fr.Random(rng), Fr.Random(rng), Fr.Random(rng), Fr.Random(rng), new Fr[inputs + 1], null!);
        for (int i = 0; i <= inputs; i++) t.U[i] = Fr.Random(rng);
        return t with { Key = new VerifyingKey(G1(t.Alpha), G2(t.Beta), G2(t.Gamma), G2(t.Delta), t.U.Select(u => G1(u)).ToArray()) };
    }

    static Proof Prove(Trapdoor t, Fr[] x, Random rng)
    {
        var a = Fr.Random(rng); var b = Fr.Random(rng);
        var s = t.U[0];
        for (int i = 0; i < x.Length; i++) s += x[i] * t.U[i + 1];
        var c = (a * b - t.Alpha * t.Beta - t.Gamma * s) * t.Delta.Inverse();
        return new Proof(G1(a), G2(b), G1(c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(PreparedVerifyingKey.MaxTabulatedInputs + 2)]
    public void Simulated_proofs_verify_singly_and_in_batches(int inputs)
    {
        var rng = new Random(100 + inputs);
        var t = MakeKey(rng, inputs);
        var pvk = new PreparedVerifyingKey(t.Key);
        var batch = new (Proof, Fr[])[3];
        for (int k = 0; k < batch.Length; k++)
        {
            // Edge values among the inputs: 0, 1, r − 1.
            var x = Enumerable.Range(0, inputs).Select(i => ((i + k) % 4) switch { 0 => Fr.Zero, 1 => Fr.One, 2 => -Fr.One, _ => Fr.Random(rng) }).ToArray();
            var proof = Prove(t, x, rng);
            Assert.True(Groth16Verifier.Verify(pvk, proof, x));
            batch[k] = (proof, x);
            if (inputs > 0)
            {
                var y = (Fr[])x.Clone();
                y[^1] += Fr.One;
                Assert.False(Groth16Verifier.Verify(pvk, proof, y));
            }
        }
        Assert.True(Groth16Verifier.VerifyBatch(pvk, batch));
        batch[1] = (Prove(t, batch[0].Item2, rng), batch[1].Item2);
        Assert.Equal(inputs == 0, Groth16Verifier.VerifyBatch(pvk, batch)); // with no inputs every statement is the same
    }

    /// <summary>x = −u₀/u₁ makes vk_x the identity, which the γ·δ fixed-pair Miller loop cannot take: the general loop does.</summary>
    [Fact]
    public void Input_making_vk_x_the_identity_verifies()
    {
        var rng = new Random(41);
        var t = MakeKey(rng, 1);
        var pvk = new PreparedVerifyingKey(t.Key);
        Fr[] x = [-(t.U[0] * t.U[1].Inverse())];
        Assert.True(pvk.LinearCombination(Fr.One, x).IsIdentity);
        var proof = Prove(t, x, rng);
        Assert.True(Groth16Verifier.Verify(pvk, proof, x));
        Assert.False(Groth16Verifier.Verify(pvk, proof, [x[0] + Fr.One]));
    }

    [Fact]
    public void Fixed_base_table_matches_scalar_multiplication()
    {
        var rng = new Random(31);
        var p = G1(Fr.Random(rng));
        var start = G1Jacobian.Generator * Fr.FromUInt64(3);
        foreach (int bits in new[] { 1, 4, 8 })
        {
            var table = new FixedBaseTable<G1Jacobian, G1Affine, Fp>(p.ToJacobian(), bits);
            foreach (var k in new[] { Fr.Zero, Fr.One, -Fr.One, Fr.FromUInt64(15), Fr.FromUInt64(16), Fr.FromUInt64(255), Fr.FromUInt64(256), Fr.Random(rng), Fr.Random(rng) })
                Assert.Equal(start + p.ToJacobian() * k, table.MultiplyAdd(start, k));
            // Adding a multiple equal to the accumulator takes the doubling branch.
            Assert.Equal(p.ToJacobian() * Fr.FromUInt64(2), table.MultiplyAdd(p.ToJacobian(), Fr.One));
        }
        var g2 = new FixedBaseTable<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator, 8);
        var s = Fr.Random(rng);
        Assert.Equal(G2Jacobian.Generator * s, g2.Multiply(s));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBaseTable<G1Jacobian, G1Affine, Fp>(p.ToJacobian(), 3));
        // A table for 128-bit scalars (a pairing batch's weights) multiplies by any of them and refuses a longer one.
        var short128 = new FixedBaseTable<G1Jacobian, G1Affine, Fp>(p.ToJacobian(), 4, scalarBits: 128);
        var top = Fr.FromBigInteger((System.Numerics.BigInteger.One << 128) - 1);
        foreach (var k in new[] { Fr.One, Fr.FromUInt64(ulong.MaxValue), top })
            Assert.Equal(start + p.ToJacobian() * k, short128.MultiplyAdd(start, k));
        Assert.Throws<ArgumentOutOfRangeException>(() => short128.MultiplyAdd(start, top + Fr.One));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FixedBaseTable<G1Jacobian, G1Affine, Fp>(p.ToJacobian(), 4, scalarBits: 100));
    }
}
