using System.ComponentModel;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 export-vk &lt;key&gt; &lt;verification_key.json&gt;</c>: the snarkjs verification key of a proving key.</summary>
internal sealed class ExportVkCommand : Command<ExportVkCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<key>")]
        [Description("Proving key: our key file or a snarkjs .zkey")]
        public string Key { get; init; } = "";

        [CommandArgument(1, "<verification_key.json>")]
        [Description("Output: snarkjs verification_key.json")]
        public string Output { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.Key, "proving key");
        var pk = KeyFiles.ReadProvingKey(s.Key, checkTables: false);
        File.WriteAllText(s.Output, SnarkJsJson.WriteVerifyingKey(pk.VerifyingKey));
        if (pk.Insecure) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        AnsiConsole.MarkupLine($"verification key written to [bold]{Markup.Escape(s.Output)}[/] ({pk.NumPublic} public signals)");
        return CliErrors.Valid;
    }
}
