using System.ComponentModel;
using Settlement.Prover.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 contribute &lt;in.key&gt; &lt;out.key&gt; --name NAME</c>: one phase-2 contribution.</summary>
internal sealed class ContributeCommand : Command<ContributeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<in.key>")]
        [Description("Key from 'setup --ptau' or from a previous contribution")]
        public string Input { get; init; } = "";

        [CommandArgument(1, "<out.key>")]
        [Description("Output: the key with this contribution")]
        public string Output { get; init; } = "";

        [CommandOption("-n|--name <NAME>")]
        [Description("Contributor name recorded in the transcript")]
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
        var header = NativeKeyFile.ReadHeader(s.Input);
        if (header.Insecure) throw new InputException($"{s.Input}: is an INSECURE development key; contributions cannot make it secure (its maker knows τ, α, β)");
        var pk = NativeKeyFile.Read(s.Input, checkTables: true, s.Threads, allowInitial: true);
        var mpc = NativeKeyFile.ReadMpcSection(s.Input);
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
        int count = Phase2.ParseTranscript(nextMpc!, s.Output).Contributions.Count;
        NativeKeyFile.Write(s.Output, next!, nextMpc, $"phase-2 key with {count} contribution(s); check with 'settle groth16 verify-setup'");
        AnsiConsole.MarkupLine($"contribution {count} ([bold]{Markup.Escape(s.Name)}[/]) written to [bold]{Markup.Escape(s.Output)}[/]; the secret was not stored");
        return CliErrors.Valid;
    }
}
