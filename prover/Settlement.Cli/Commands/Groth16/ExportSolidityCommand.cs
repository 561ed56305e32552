using System.ComponentModel;
using Settlement.Prover.Service;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary>
/// <c>settle groth16 export-solidity &lt;verification_key.json&gt; &lt;Verifier.sol&gt;</c>: a Solidity verifier for any
/// snarkjs BLS12-381 Groth16 key, on the EIP-2537 precompiles (snarkjs's <c>zkey export solidityverifier</c> covers
/// BN254 only). The contract is the one <c>settle export-solidity</c> writes for a deployment (docs/evm.md).
/// </summary>
internal sealed class ExportSolidityCommand : Command<ExportSolidityCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<verification_key.json>")]
        [Description("snarkjs verification key (BLS12-381, at least one public input)")]
        public string Key { get; init; } = "";

        [CommandArgument(1, "<Verifier.sol>")]
        [Description("Output: the Solidity contract (replaced if it exists)")]
        public string Output { get; init; } = "";

        [CommandOption("--contract <NAME>")]
        [Description("The contract's name (default: Groth16Verifier)")]
        public string Contract { get; init; } = "Groth16Verifier";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.Key, "verification key");
        var vk = JsonInput.Load(s.Key, b => SnarkJsJson.ReadVerifyingKey(System.Text.Encoding.UTF8.GetString(b)));
        string source;
        try
        {
            source = Groth16SolidityVerifier.Generate(vk, s.Contract, "groth16 export-solidity", Path.GetFileName(s.Key),
                "a snarkjs verification key; its setup's provenance is not recorded here");
        }
        catch (ArgumentException e) { throw new InputException($"{s.Key}: {e.Message}"); }
        File.WriteAllText(s.Output, source);
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(s.Output)}[/]: contract {Markup.Escape(s.Contract)}, {vk.PublicInputCount} public input(s), EIP-2537 precompiles");
        return CliErrors.Valid;
    }
}
