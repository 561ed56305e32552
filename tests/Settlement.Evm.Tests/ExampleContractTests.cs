using Settlement.Prover.Service;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Conformance;
using Settlement.Verifier.Tests.Groth16;
using Xunit.Abstractions;

namespace Settlement.Evm.Tests;

/// <summary>
/// docs/examples/evm: the demo deployment's verifying key (a `settle init` + `settle setup` at the demo sizes), the
/// contract `settle export-solidity` wrote for it, and that deployment's first bundle, whose real settlement proof the
/// contract must accept on the EVM, for the statement hash recomputed from the bundle.
/// </summary>
public class ExampleContractTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(VectorCatalog.RepositoryRoot, "docs", "examples", "evm");
    private static string ExamplePath => Path.Combine(Folder, "SettlementVerifier.sol");

    [Fact]
    public void Example_contracts_are_what_export_solidity_writes_for_its_key()
    {
        var dir = Directory.CreateTempSubdirectory("settle-evm-example-");
        try
        {
            var deployment = SampleDeployment.Init(dir.FullName);
            File.Copy(Path.Combine(Folder, "transition.vk.json"), deployment.VerifyingKeyPath, overwrite: true);
            var written = SolidityExport.Write(deployment, Path.Combine(dir.FullName, "out"));
            Assert.Equal(["SettlementVerifier.sol", "SettlementEscrow.sol"], written.Select(w => Path.GetFileName(w.Path)));
            foreach (var w in written)
            {
                var example = Path.Combine(Folder, Path.GetFileName(w.Path));
                Assert.True(File.ReadAllBytes(example).AsSpan().SequenceEqual(File.ReadAllBytes(w.Path)),
                    $"{example} is not what `settle export-solidity` writes for the sample deployment with docs/examples/evm/transition.vk.json: regenerate it");
            }
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void Example_contract_accepts_the_demo_bundles_proof_and_refuses_what_the_CSharp_verifier_refuses()
    {
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(Path.Combine(Folder, "transition.vk.json")));
        var key = new PreparedVerifyingKey(vk);
        var bundle = BundleJson.Read(File.ReadAllText(Path.Combine(Folder, "batch-0.json")));
        var proof = ProofEncoding.Decode(bundle.Proof);
        Fr statement = bundle.Statement.Hash();
        var encoded = Eip2537Proof.Encode(proof);
        var x = Bytes.ToBig(statement);
        const string c = "SettlementVerifier";

        var cases = new List<VerifierCase>
        {
            Verdicts.Case("the bundle's proof, its statement hash", c, key, VerifierCalldata.Encode(proof, [statement])),
            Verdicts.Case("rerandomized", c, key, VerifierCalldata.Encode(Groth16Fixtures.Rerandomize(proof, vk, new Random(7)), [statement])),
            Verdicts.Case("the statement of the next batch index", c, key,
                VerifierCalldata.Encode(proof, [(bundle.Statement with { BatchIndex = bundle.Statement.BatchIndex + 1 }).Hash()])),
            Verdicts.Case("statement hash + r", c, key, VerifierCalldata.EncodeUnchecked(encoded, [x + Verdicts.R])),
            Verdicts.Case("B outside G2", c, key, VerifierCalldata.EncodeUnchecked(Bytes.Patched(encoded, 128, Bytes.G2(Groth16Fixtures.TwistPointOutsideG2())), [x])),
            Verdicts.Case("C outside G1", c, key, VerifierCalldata.EncodeUnchecked(Bytes.Patched(encoded, 384, Bytes.G1(Groth16Fixtures.G1PointOutsideSubgroup)), [x])),
            Verdicts.Case("A at infinity", c, key, VerifierCalldata.EncodeUnchecked(Bytes.Patched(encoded, 0, new byte[128]), [x])),
            Verdicts.Case("proof truncated", c, key, VerifierCalldata.EncodeUnchecked(encoded[..^1], [x])),
        };
        Assert.Null(cases[0].ExpectedRevert);
        Assert.Equal(VerifierCalldata.RevertData(null), cases[2].ExpectedRevert);

        var result = Verdicts.RunAndCompare(new Dictionary<string, string> { ["SettlementVerifier.sol"] = File.ReadAllText(ExamplePath) },
            [new Evm.Deploy(c, "SettlementVerifier.sol", c)], cases);
        var valid = result.Calls[0];
        output.WriteLine($"{result.Compiler}, {result.Contracts[c].CodeSize} bytes of code, deployment {result.Contracts[c].DeployGas} gas");
        output.WriteLine($"valid proof: execution {valid.ExecutionGas} gas (" +
                         string.Join(", ", valid.PrecompileGas.Select(g => $"{g.Key} {g.Value}")) +
                         $", rest {valid.ExecutionGas - valid.PrecompileGas.Values.Sum()}), calldata {valid.CalldataGas}, transaction {valid.TxGas}");
        // The goal of issue 18, for the whole transaction (21,000 + calldata + execution).
        Assert.True(valid.TxGas <= 220_000, $"verification costs {valid.TxGas} gas as a transaction");
        Assert.Equal(12_000 + 375 + 4 * 32_600 + 37_700, valid.PrecompileGas.Values.Sum());
    }

    /// <summary>Calldata the ABI decoder cannot read (the proof's bytes cut short) reverts with no data, before the contract's own checks.</summary>
    [Fact]
    public void Calldata_the_ABI_decoder_cannot_read_reverts_without_data()
    {
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(Path.Combine(Folder, "transition.vk.json")));
        var bundle = BundleJson.Read(File.ReadAllText(Path.Combine(Folder, "batch-0.json")));
        var calldata = VerifierCalldata.Encode(ProofEncoding.Decode(bundle.Proof), [bundle.Statement.Hash()]);
        Assert.Throws<Groth16Exception>(() => VerifierCalldata.Decode(calldata[..^64], vk.PublicInputCount));
        var result = Evm.Run(new Dictionary<string, string> { ["SettlementVerifier.sol"] = File.ReadAllText(ExamplePath) },
            [new Evm.Deploy("v", "SettlementVerifier.sol", "SettlementVerifier")],
            [new Evm.Call("v", calldata[..^64]), new Evm.Call("v", calldata[..36]), new Evm.Call("v", calldata[..4])], Evm.Bls.Mcl);
        Assert.All(result.Calls, r => Assert.True(!r.Success && r.Exception == "revert" && r.ReturnData.Length == 0, r.ToString()));
    }
}
