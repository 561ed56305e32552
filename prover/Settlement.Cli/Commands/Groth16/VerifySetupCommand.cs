using System.ComponentModel;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 verify-setup &lt;circuit.r1cs&gt; &lt;pot.ptau&gt; &lt;key&gt;</c>: re-checks the whole phase-2 chain.</summary>
internal sealed class VerifySetupCommand : Command<VerifySetupCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<circuit.r1cs>")]
        [Description("The circom .r1cs the key was set up for (BLS12-381)")]
        public string R1cs { get; init; } = "";

        [CommandArgument(1, "<pot.ptau>")]
        [Description("The phase-1 powers-of-tau file the setup started from")]
        public string Ptau { get; init; } = "";

        [CommandArgument(2, "<key>")]
        [Description("The key after its contributions: our key file or a snarkjs .zkey (any mix of snarkjs and settle contributors)")]
        public string Key { get; init; } = "";

        [CommandOption("-t|--threads <N>")]
        [Description("Worker threads (default: all cores)")]
        public int Threads { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.R1cs, "constraint system");
        CliErrors.RequireFile(s.Ptau, "powers of tau");
        CliErrors.RequireFile(s.Key, "key");
        if (KeyFiles.IsInsecure(s.Key))
        {
            AnsiConsole.MarkupLine($"[red]REJECTED:[/] {Markup.Escape(s.Key)} is an INSECURE development key, not a ceremony result");
            return CliErrors.Invalid;
        }
        var key = KeyFiles.ReadCeremonyKey(s.Key, s.Threads);
        var r1cs = R1csFile.Read(s.R1cs);
        var (pk, mpc) = (key.Key, key.Mpc);
        IReadOnlyList<Verifier.Groth16.SetupTranscript.Contribution>? list = null;
        string? failure = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("verify setup", maxValue: 1);
                try { list = Phase2.Verify(r1cs, s.Ptau, pk, mpc, s.Threads, (st, f) => { task.Description = st; task.Value = f; }); }
                catch (SetupVerificationException e) { failure = e.Message; }
                task.Value = 1;
            });
        if (failure is not null)
        {
            AnsiConsole.MarkupLine($"[red]REJECTED:[/] {Markup.Escape(failure)}");
            return CliErrors.Invalid;
        }
        var transcript = Phase2.ParseTranscript(mpc, s.Key);
        for (int i = 0; i < list!.Count; i++)
            AnsiConsole.MarkupLine($"  contribution {i + 1}{(list[i].Beacon is null ? "" : " (beacon)")}: {Markup.Escape(list[i].Name)}  hash {Convert.ToHexStringLower(transcript.ContributionHash(i))}");
        AnsiConsole.MarkupLine($"[green]OK:[/] {Markup.Escape(s.Key)} follows from {Markup.Escape(s.R1cs)} and {Markup.Escape(s.Ptau)} through {list.Count} verified contribution(s)");
        return CliErrors.Valid;
    }
}
