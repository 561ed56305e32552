using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Interop;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>Proofs from our prover checked by the pairing-based verifier of the verifier library.</summary>
public class PairingVerificationTests
{
    [Fact]
    public void DevSetupProofsVerifyAndWrongInputsFail()
    {
        var (r1cs, w) = ChainCircuit.Build(64);
        var pk = DevSetup.Create(r1cs, 2);
        var pvk = new PreparedVerifyingKey(pk.VerifyingKey);
        var proof = new Groth16Prover(pk).Prove(w, 2);
        Assert.True(Groth16Verifier.Verify(pvk, proof, [w[1]]));
        Assert.False(Groth16Verifier.Verify(pvk, proof, [w[1] + Fr.One]));
        // A proof for a wrong witness (one wire changed) does not verify.
        var bad = (Fr[])w.Clone(); bad[20] += Fr.One;
        Assert.False(Groth16Verifier.Verify(pvk, new Groth16Prover(pk).Prove(bad, 2), [w[1]]));
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void ProofsOnSnarkjsKeysVerifyAgainstSnarkjsVerificationKeys(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var pk = ZkeyFile.Read(fx.Zkey);
        var w = WtnsFile.Read(fx.Witness);
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(fx.VerificationKey));
        var pub = SnarkJsJson.ReadPublicInputs(File.ReadAllText(fx.Public));
        Assert.Equal(w.AsSpan(1, pk.NumPublic).ToArray(), pub);
        var proof = new Groth16Prover(pk).Prove(w, 2);
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(vk), proof, pub));
        // And snarkjs's own committed proof verifies with the key we read from the zkey.
        var theirs = SnarkJsJson.ReadProof(File.ReadAllText(fx.Proof));
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(pk.VerifyingKey), theirs, pub));
    }
}
