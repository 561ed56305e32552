using System.ComponentModel;
using Settlement.Prover.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 contribute &lt;in.key|in.zkey&gt; &lt;out&gt; --name NAME</c>: one phase-2 contribution.</summary>
internal sealed class ContributeCommand : Command<ContributeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<in.key>")]
        [Description("Key from 'setup --ptau' or a previous contribution: our key file, or a snarkjs .zkey (from 'snarkjs groth16 setup' or 'zkey contribute')")]
        public string Input { get; init; } = "";

        [CommandArgument(1, "<out.key>")]
        [Description("Output: the key with this contribution, in the input's format")]
        public string Output { get; init; } = "";

        [CommandOption("-n|--name <NAME>")]
        [Description("Contributor name recorded in the transcript (at most 64 characters)")]
        public string Name { get; init; } = "anonymous";

        [CommandOption("-e|--entropy <TEXT>")]
        [Description("Extra entropy mixed with the operating system's randomness")]
        public string? Entropy { get; init; }

        [CommandOption("-t|--threads <N>")]
        public int Threads { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.Input, "key");
        if (s.Name.Length > Verifier.Groth16.SetupTranscript.MaxNameLength)
            throw new InputException($"--name: at most {Verifier.Groth16.SetupTranscript.MaxNameLength} characters (snarkjs's limit), got {s.Name.Length}");
        var input = KeyFiles.ReadCeremonyKey(s.Input, s.Threads);
        var (pk, mpc) = (input.Key, input.Mpc);
        ProvingKey? next = null;
        byte[]? nextMpc = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("contribute", maxValue: 1);
                (next, nextMpc) = Phase2.Contribute(pk, mpc, s.Name, s.Entropy, s.Threads, (st, f) => { task.Description = st; task.Value = f; });
                task.Value = 1;
            });
        var transcript = Phase2.ParseTranscript(nextMpc!, s.Output);
        int count = transcript.Contributions.Count;
        KeyFiles.WriteCeremonyKey(s.Output, input with { Key = next!, Mpc = nextMpc! }, $"phase-2 key with {count} contribution(s); check with 'settle groth16 verify-setup'");
        AnsiConsole.MarkupLine($"contribution {count} ([bold]{Markup.Escape(s.Name)}[/]) written to [bold]{Markup.Escape(s.Output)}[/]; the secret was not stored");
        AnsiConsole.MarkupLine($"contribution hash (compare it with what 'verify-setup' or 'snarkjs zkey verify' prints): {Convert.ToHexStringLower(transcript.ContributionHash(count - 1))}");
        return CliErrors.Valid;
    }
}
