using System.ComponentModel;
using Settlement.Prover.Service;
using Settlement.Prover.Solidity;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle export-solidity --out &lt;dir&gt;</c>: the deployment's Groth16 verifier and a venue's escrow as Solidity
/// contracts for EVM chains with the EIP-2537 precompiles (docs/evm.md).
/// </summary>
internal sealed class ExportSolidityCommand : SettleCommand<ExportSolidityCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder (created if missing); SettlementVerifier.sol and SettlementEscrow.sol in it are replaced")]
        public string Out { get; init; } = "";
    }

    public override ValidationResult Validate(CommandContext context, Settings s) =>
        s.Out.Length == 0 ? ValidationResult.Error("--out <dir> is required") : ValidationResult.Success();

    protected override int Run(Settings s)
    {
        var written = SolidityExport.Write(new Deployment(s.Data), s.Out);
        if (s.Json)
            return Json(Accepted, new
            {
                contracts = written.Select(w => new { contract = w.Contract, path = w.Path, publicInputs = w.PublicInputs, keyKind = w.Key.Kind }).ToArray(),
            });
        foreach (var w in written)
        {
            AnsiConsole.MarkupLine(w.Contract == SettlementEscrowContract.ContractName
                ? $"[bold]{Markup.Escape(w.Path)}[/]: {w.Contract}, a venue's collateral escrow for config.json (acceptBundle, exit claims); deploy one per venue with the verifier's address"
                : $"[bold]{Markup.Escape(w.Path)}[/]: {w.Contract}, Groth16 over BLS12-381 for keys/transition.vk.json ({w.PublicInputs} public input), EIP-2537 precompiles");
            if (!w.Key.IsCeremony) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w.Key.Describe())}: never deploy this contract to guard value");
        }
        return Accepted;
    }
}
