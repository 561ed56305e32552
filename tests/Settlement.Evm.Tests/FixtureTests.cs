using Settlement.Prover.Solidity;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Conformance;
using Settlement.Verifier.Tests.Groth16;
using Xunit.Abstractions;

namespace Settlement.Evm.Tests;

/// <summary>
/// The Groth16 conformance fixtures the C# verifier tests use (the groth16-circom vectors, and the snarkjs fixtures of
/// tests/fixtures/snarkjs: 1, 2 and 8 public inputs), each through a verifier generated for its key, on the EVM with
/// the default @noble/curves precompiles: valid and re-randomized proofs accepted, wrong or non-canonical inputs and a
/// swapped proof refused, as the C# verifier decides.
/// </summary>
public class FixtureTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_Groth16_fixture_verifies_on_the_EVM_as_in_CSharp()
    {
        var keys = VectorCatalog.All.Where(f => f.Family == "groth16-circom").Select(f => f.FullPath)
            .Concat(Directory.GetDirectories(Path.Combine(VectorCatalog.RepositoryRoot, "tests", "fixtures", "snarkjs")).Order()
                .Select(d => Path.Combine(d, "verification_key.json")))
            .ToList();
        Assert.True(keys.Count >= 5, $"expected the 2 groth16-circom vectors and the 3 snarkjs fixtures, found {keys.Count}");

        var rng = new Random(18);
        var sources = new Dictionary<string, string>();
        var deploy = new List<Evm.Deploy>();
        var cases = new List<VerifierCase>();
        for (int i = 0; i < keys.Count; i++)
        {
            var f = Groth16Fixtures.Load(keys[i]);
            var name = $"Fixture{i}";
            var label = Path.GetRelativePath(VectorCatalog.RepositoryRoot, f.Folder);
            sources[name + ".sol"] = Groth16SolidityVerifier.Generate(f.Key, name, "test", label, "a conformance fixture");
            deploy.Add(new Evm.Deploy(name, name + ".sol", name));
            var key = new PreparedVerifyingKey(f.Key);
            Assert.True(Groth16Verifier.Verify(key, f.Proof, f.PublicInputs), $"{label}: the C# verifier refuses the fixture");

            var inputs = f.PublicInputs.Select(Bytes.ToBig).ToList();
            var last = inputs.Count - 1;
            var encoded = Eip2537Proof.Encode(f.Proof);
            VerifierCase Case(string what, byte[] calldata) => Verdicts.Case($"{label}: {what}", name, key, calldata);
            cases.Add(Case("valid", VerifierCalldata.Encode(f.Proof, f.PublicInputs)));
            cases.Add(Case("rerandomized", VerifierCalldata.Encode(Groth16Fixtures.Rerandomize(f.Proof, f.Key, rng), f.PublicInputs)));
            cases.Add(Case("last input + 1", VerifierCalldata.EncodeUnchecked(encoded, [.. inputs[..last], (inputs[last] + 1) % Verdicts.R])));
            cases.Add(Case("last input + r", VerifierCalldata.EncodeUnchecked(encoded, [.. inputs[..last], inputs[last] + Verdicts.R])));
            cases.Add(Case("A and C swapped", VerifierCalldata.Encode(new Proof(f.Proof.C, f.Proof.B, f.Proof.A), f.PublicInputs)));
            output.WriteLine($"{label}: {inputs.Count} public input(s)");
        }
        Assert.Equal(2 * keys.Count, cases.Count(c => c.ExpectAccept));
        var result = Verdicts.RunAndCompare(sources, deploy, cases);
        foreach (var (c, r) in cases.Zip(result.Calls).Where(x => x.First.ExpectAccept))
            output.WriteLine($"{c.Label}: {r.ExecutionGas} gas ({string.Join(", ", r.PrecompileGas.Select(g => $"{g.Key} {g.Value}"))}), transaction {r.TxGas}");
    }
}
