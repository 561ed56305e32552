using System.Numerics;
using System.Text.Json.Nodes;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Conformance;
using static Settlement.Verifier.Tests.Groth16.Groth16Fixtures;

namespace Settlement.Verifier.Tests.Groth16;

public class Groth16VerifierTests
{
    public static IEnumerable<object[]> Keys => VectorCatalog.Cases("groth16-circom");

    /// <summary>Every published BLS12-381 fixture verifies, and the derived mutations of it are refused.</summary>
    [Theory]
    [MemberData(nameof(Keys))]
    public void Published_fixtures_verify_and_mutations_fail(string vkPath)
    {
        VectorCatalog.RequirePresent(vkPath);
        var fx = Load(vkPath);
        var pvk = new PreparedVerifyingKey(fx.Key);
        Assert.True(Groth16Verifier.Verify(pvk, fx.Proof, fx.PublicInputs), fx.Folder);

        // Tampered public input (+1) and its neighbour r − 1.
        var tampered = (Fr[])fx.PublicInputs.Clone();
        tampered[0] += Fr.One;
        Assert.False(Groth16Verifier.Verify(pvk, fx.Proof, tampered));
        tampered[0] = -Fr.One;
        Assert.False(Groth16Verifier.Verify(pvk, fx.Proof, tampered));

        // Input + r is refused as non-canonical, never reduced, in decimal and in bytes.
        var plusR = (fx.PublicInputs[0].ToBigInteger() + Fr.Modulus).ToString();
        var e = Assert.Throws<Groth16Exception>(() => SnarkJsJson.ReadPublicInputs($"[\"{plusR}\"]"));
        Assert.Equal(Groth16Error.PublicInputNotCanonical, e.Error);
        Assert.Equal("public[0]", e.Field);
        var be = (fx.PublicInputs[0].ToBigInteger() + Fr.Modulus).ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[32]; be.CopyTo(padded, 32 - be.Length);
        Assert.Equal(Groth16Error.PublicInputNotCanonical, Assert.Throws<Groth16Exception>(() => PublicInputs.FromBytesBE(padded)).Error);
        Assert.Equal(fx.PublicInputs, PublicInputs.FromBytesBE(fx.PublicInputs.SelectMany(x => x.ToBytesBE()).ToArray()));

        // Swapped A and C, and −A: valid points, wrong equation.
        Assert.False(Groth16Verifier.Verify(pvk, new Proof(fx.Proof.C, fx.Proof.B, fx.Proof.A), fx.PublicInputs));
        Assert.False(Groth16Verifier.Verify(pvk, new Proof(-fx.Proof.A, fx.Proof.B, fx.Proof.C), fx.PublicInputs));

        // Wrong number of inputs.
        var count = Assert.Throws<Groth16Exception>(() => Groth16Verifier.Verify(pvk, fx.Proof, [.. fx.PublicInputs, Fr.One]));
        Assert.Equal(Groth16Error.PublicInputCountMismatch, count.Error);

        // A moved off the curve (y + 1), in the JSON.
        var json = JsonNode.Parse(fx.ProofJson)!;
        json["pi_a"]![1] = (BigInteger.Parse(json["pi_a"]![1]!.GetValue<string>()) + 1 == Fp.Modulus ? BigInteger.Zero
            : BigInteger.Parse(json["pi_a"]![1]!.GetValue<string>()) + 1).ToString();
        Assert.Equal(Groth16Error.PointNotOnCurve, Assert.Throws<Groth16Exception>(() => SnarkJsJson.ReadProof(json.ToJsonString())).Error);

        // B replaced by a twist point outside G2; A replaced by a G1 point outside the subgroup; A at infinity.
        Assert.Equal(Groth16Error.PointNotInSubgroup, Assert.Throws<Groth16Exception>(() => new Proof(fx.Proof.A, TwistPointOutsideG2(), fx.Proof.C)).Error);
        Assert.Equal(Groth16Error.PointNotInSubgroup, Assert.Throws<Groth16Exception>(() => new Proof(G1PointOutsideSubgroup, fx.Proof.B, fx.Proof.C)).Error);
        var inf = Assert.Throws<Groth16Exception>(() => new Proof(G1Affine.Infinity, fx.Proof.B, fx.Proof.C));
        Assert.Equal(Groth16Error.PointAtInfinity, inf.Error);
        Assert.Equal("A", inf.Field);
        json = JsonNode.Parse(fx.ProofJson)!;
        json["pi_a"] = new JsonArray("0", "1", "0");
        Assert.Equal(Groth16Error.PointAtInfinity, Assert.Throws<Groth16Exception>(() => SnarkJsJson.ReadProof(json.ToJsonString())).Error);
    }

    [Fact]
    public void Batch_verification_accepts_valid_batches_only()
    {
        var fx = Multiplier();
        var pvk = new PreparedVerifyingKey(fx.Key);
        var rng = new Random(21);
        var batch = new (Proof, Fr[])[6];
        for (int i = 0; i < batch.Length; i++) batch[i] = (Rerandomize(fx.Proof, fx.Key, rng), fx.PublicInputs);
        foreach (var (p, x) in batch) Assert.True(Groth16Verifier.Verify(pvk, p, x));
        Assert.True(Groth16Verifier.VerifyBatch(pvk, batch));
        Assert.True(Groth16Verifier.VerifyBatch(pvk, []));
        Assert.True(Groth16Verifier.VerifyBatch(pvk, batch[..1]));

        // One bad member (wrong input, or A and C swapped) sinks the batch.
        var bad = ((Proof, Fr[])[])batch.Clone();
        bad[3] = (bad[3].Item1, [fx.PublicInputs[0] + Fr.One]);
        Assert.False(Groth16Verifier.VerifyBatch(pvk, bad));
        bad = ((Proof, Fr[])[])batch.Clone();
        bad[5] = (new Proof(bad[5].Item1.C, bad[5].Item1.B, bad[5].Item1.A), fx.PublicInputs);
        Assert.False(Groth16Verifier.VerifyBatch(pvk, bad));
        // Two bad proofs whose errors would cancel in an unweighted sum: C moved by +D in one and −D in the other.
        bad = ((Proof, Fr[])[])batch.Clone();
        var d = G1Jacobian.Generator * Fr.FromUInt64(5);
        bad[0] = (new Proof(bad[0].Item1.A, bad[0].Item1.B, (bad[0].Item1.C.ToJacobian() + d).ToAffine()), fx.PublicInputs);
        bad[1] = (new Proof(bad[1].Item1.A, bad[1].Item1.B, (bad[1].Item1.C.ToJacobian() - d).ToAffine()), fx.PublicInputs);
        Assert.False(Groth16Verifier.VerifyBatch(pvk, bad));
        Assert.Equal(Groth16Error.PublicInputCountMismatch,
            Assert.Throws<Groth16Exception>(() => Groth16Verifier.VerifyBatch(pvk, [(fx.Proof, Array.Empty<Fr>())])).Error);
    }

    [Fact]
    public void Degenerate_verifying_keys_are_refused()
    {
        var vk = Multiplier().Key;
        var ic = vk.IC.ToArray();
        Groth16Error Err(Action a) => Assert.Throws<Groth16Exception>(a).Error;
        Assert.Equal(Groth16Error.DegenerateVerifyingKey, Err(() => new VerifyingKey(vk.Alpha, vk.Beta, vk.Gamma, vk.Gamma, ic)));
        Assert.Equal(Groth16Error.DegenerateVerifyingKey, Err(() => new VerifyingKey(vk.Alpha, vk.Beta, vk.Gamma, G2Affine.Generator, ic)));
        Assert.Equal(Groth16Error.DegenerateVerifyingKey, Err(() => new VerifyingKey(vk.Alpha, vk.Beta, vk.Gamma, vk.Delta, [])));
        Assert.Equal(Groth16Error.PointAtInfinity, Err(() => new VerifyingKey(G1Affine.Infinity, vk.Beta, vk.Gamma, vk.Delta, ic)));
        Assert.Equal(Groth16Error.PointAtInfinity, Err(() => new VerifyingKey(vk.Alpha, vk.Beta, vk.Gamma, vk.Delta, [ic[0], G1Affine.Infinity])));
        Assert.Equal(Groth16Error.PointNotInSubgroup, Err(() => new VerifyingKey(vk.Alpha, TwistPointOutsideG2(), vk.Gamma, vk.Delta, ic)));
        Assert.Equal(Groth16Error.PointNotOnCurve, Err(() => new VerifyingKey(G1Affine.FromCoordinatesUnchecked(Fp.One, Fp.One), vk.Beta, vk.Gamma, vk.Delta, ic)));
    }
}
