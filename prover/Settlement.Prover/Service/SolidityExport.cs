using Settlement.Prover.Solidity;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Service;

/// <summary>
/// <c>settle export-solidity</c>: writes the deployment's contracts for EVM chains: the Groth16 verifier and a venue's
/// escrow (docs/evm.md). The output depends only on the
/// deployment's files (never on its absolute path), so the same deployment always gives the same bytes.
/// </summary>
public static class SolidityExport
{
    public sealed record Written(string Contract, string Path, int PublicInputs, KeyProvenance Key);

    /// <summary>The command named in each generated file's header.</summary>
    public const string Command = "export-solidity";

    public static IReadOnlyList<Written> Write(Deployment deployment, string outDir)
    {
        using var svc = new SettlementService(deployment);
        var vk = svc.VerifyingKey; // names the missing or bad key file
        var provenance = KeyProvenanceFile.Read(deployment);
        var source = Groth16SolidityVerifier.Generate(vk, Groth16SolidityVerifier.SettlementContractName, Command,
            "keys/transition.vk.json", provenance.Describe());
        var escrow = SettlementEscrowContract.Generate(svc.Trust, Command, "config.json and keys/transition.vk.json");
        Directory.CreateDirectory(outDir);
        var path = Path.Combine(outDir, Groth16SolidityVerifier.SettlementContractName + ".sol");
        var escrowPath = Path.Combine(outDir, SettlementEscrowContract.ContractName + ".sol");
        AtomicFile.WriteAllText(path, source);
        AtomicFile.WriteAllText(escrowPath, escrow);
        return [new Written(Groth16SolidityVerifier.SettlementContractName, path, vk.PublicInputCount, provenance),
                new Written(SettlementEscrowContract.ContractName, escrowPath, vk.PublicInputCount, provenance)];
    }
}
