using System.ComponentModel;
using Settlement.Prover.Service;
using Settlement.Verifier.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 verify &lt;verification_key.json&gt; &lt;public.json&gt; &lt;proof.json&gt;</c>: exit 0 only for a valid proof.</summary>
internal sealed class VerifyCommand : Command<VerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<verification_key.json>")]
        [Description("snarkjs verification key (BLS12-381), e.g. from 'snarkjs zkey export verificationkey' or 'settle groth16 export-vk'")]
        public string Key { get; init; } = "";

        [CommandArgument(1, "<public.json>")]
        [Description("Public signals: a JSON array of decimal strings")]
        public string Public { get; init; } = "";

        [CommandArgument(2, "<proof.json>")]
        [Description("The proof in snarkjs's proof.json format")]
        public string Proof { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var vk = Load(s.Key, "verification key", SnarkJsJson.ReadVerifyingKey);
        var inputs = Load(s.Public, "public signals", SnarkJsJson.ReadPublicInputs);
        var proof = Load(s.Proof, "proof", SnarkJsJson.ReadProof);
        if (inputs.Length != vk.PublicInputCount)
            throw new InputException($"{s.Public}: {inputs.Length} public signals, but {s.Key} expects nPublic = {vk.PublicInputCount}");
        bool ok = Groth16Verifier.Verify(new PreparedVerifyingKey(vk), proof, inputs);
        if (ok)
        {
            AnsiConsole.MarkupLine("[green]OK:[/] the proof is valid for these public signals");
            return CliErrors.Valid;
        }
        AnsiConsole.MarkupLine("[red]INVALID:[/] the proof does not verify against this key and these public signals");
        return CliErrors.Invalid;
    }

    // Errors name the file, the JSON path and the problem (JsonInput); "what" names a missing file's role.
    private static T Load<T>(string path, string what, Func<string, T> parse)
    {
        CliErrors.RequireFile(path, what);
        return JsonInput.Load(path, b => parse(System.Text.Encoding.UTF8.GetString(b)));
    }
}
