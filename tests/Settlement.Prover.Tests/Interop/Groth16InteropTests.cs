using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Groth16;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Interop;

/// <summary>Our prover and keys against the real snarkjs 0.7.6, in both directions.</summary>
public class Groth16InteropTests
{
    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void SnarkjsVerifiesOurProofsOnItsKeys(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var pk = ZkeyFile.Read(fx.Zkey);
        var w = WtnsFile.Read(fx.Witness);
        var proof = new Groth16Prover(pk).Prove(w, 2);
        using var tmp = new TempDirectory();
        var proofPath = Path.Combine(tmp.Path, "proof.json");
        var publicPath = Path.Combine(tmp.Path, "public.json");
        File.WriteAllText(proofPath, SnarkJsJson.WriteProof(proof));
        File.WriteAllText(publicPath, SnarkJsJson.WritePublicInputs(w.AsSpan(1, pk.NumPublic)));
        var r = Snarkjs.Groth16Verify(fx.VerificationKey, publicPath, proofPath);
        Assert.True(r.Verified, r.ToString());
        // Tampered public signal: snarkjs must reject.
        var tampered = (Settlement.Verifier.Bls12381.Fr[])w.AsSpan(1, pk.NumPublic).ToArray().Clone();
        tampered[0] += Settlement.Verifier.Bls12381.Fr.One;
        File.WriteAllText(publicPath, SnarkJsJson.WritePublicInputs(tampered));
        Assert.False(Snarkjs.Groth16Verify(fx.VerificationKey, publicPath, proofPath).Verified);
    }

    [Theory]
    [InlineData("poly")]
    [InlineData("chain")]
    public void WeVerifyProofsSnarkjsMakesNow(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        using var tmp = new TempDirectory();
        var proofPath = Path.Combine(tmp.Path, "proof.json");
        var publicPath = Path.Combine(tmp.Path, "public.json");
        Snarkjs.Groth16Prove(fx.Zkey, fx.Witness, proofPath, publicPath);
        var pk = ZkeyFile.Read(fx.Zkey, checkTables: false);
        var proof = SnarkJsJson.ReadProof(File.ReadAllText(proofPath));
        var pub = SnarkJsJson.ReadPublicInputs(File.ReadAllText(publicPath));
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(pk.VerifyingKey), proof, pub));
    }

    [Fact]
    public void SnarkjsProvesWithOurZkeyAndVerifiesOurProofs()
    {
        // Our development setup written as a zkey; our witness written as a wtns.
        var (r1cs, w) = ChainCircuit.Build(200);
        var pk = DevSetup.Create(r1cs, 2);
        using var tmp = new TempDirectory();
        string P(string n) => Path.Combine(tmp.Path, n);
        ZkeyFile.Write(P("ours.zkey"), pk);
        WtnsFile.Write(P("w.wtns"), w);
        File.WriteAllText(P("vk.json"), SnarkJsJson.WriteVerifyingKey(pk.VerifyingKey));

        // snarkjs proves with our key; both verifiers accept.
        Snarkjs.Groth16Prove(P("ours.zkey"), P("w.wtns"), P("sj-proof.json"), P("sj-public.json"));
        Assert.True(Snarkjs.Groth16Verify(P("vk.json"), P("sj-public.json"), P("sj-proof.json")).Verified);
        var theirs = SnarkJsJson.ReadProof(File.ReadAllText(P("sj-proof.json")));
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(pk.VerifyingKey), theirs, [w[1]]));

        // We prove with the key read back from the zkey; snarkjs accepts.
        var ours = new Groth16Prover(ZkeyFile.Read(P("ours.zkey"))).Prove(w, 2);
        File.WriteAllText(P("proof.json"), SnarkJsJson.WriteProof(ours));
        File.WriteAllText(P("public.json"), SnarkJsJson.WritePublicInputs([w[1]]));
        var r = Snarkjs.Groth16Verify(P("vk.json"), P("public.json"), P("proof.json"));
        Assert.True(r.Verified, r.ToString());
    }

    public static IEnumerable<object[]> SharedVectors =>
        Directory.GetDirectories(Path.Combine(Snarkjs.RepositoryRoot, "tests", "vectors", "groth16"))
            .Where(d => File.Exists(Path.Combine(d, "verification_key.json")) && File.Exists(Path.Combine(d, "proof.json")) && File.Exists(Path.Combine(d, "public.json")))
            .Select(d => new object[] { Path.GetFileName(d) });

    [Theory]
    [MemberData(nameof(SharedVectors))]
    public void SharedGroth16VectorsVerifyWithUsAndWithSnarkjs(string name)
    {
        var dir = Path.Combine(Snarkjs.RepositoryRoot, "tests", "vectors", "groth16", name);
        string F(string f) => Path.Combine(dir, f);
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(F("verification_key.json")));
        var proof = SnarkJsJson.ReadProof(File.ReadAllText(F("proof.json")));
        var pub = SnarkJsJson.ReadPublicInputs(File.ReadAllText(F("public.json")));
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(vk), proof, pub));
        var r = Snarkjs.Groth16Verify(F("verification_key.json"), F("public.json"), F("proof.json"));
        Assert.True(r.Verified, r.ToString());
    }
}
