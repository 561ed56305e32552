using System.ComponentModel;
using Settlement.Circuits;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary>
/// <c>settle groth16 setup &lt;circuit.r1cs&gt; &lt;out.key&gt; (--ptau pot.ptau | --dev)</c>: phase 2 start from a
/// powers-of-tau file (then run 'contribute'), or the INSECURE development setup.
/// </summary>
internal sealed class SetupCommand : Command<SetupCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<circuit.r1cs>")]
        [Description("Constraint system: a circom .r1cs compiled for BLS12-381")]
        public string R1cs { get; init; } = "";

        [CommandArgument(1, "<out.key>")]
        [Description("Output: our proving-key file (docs/key-formats.md)")]
        public string Output { get; init; } = "";

        [CommandOption("--ptau <FILE>")]
        [Description("Phase 1: a snarkjs powers-of-tau file for bls12381, prepared for phase 2. The key starts with δ = 1 and must get at least one 'contribute' before it can prove")]
        public string? Ptau { get; init; }

        [CommandOption("--dev")]
        [Description("INSECURE development setup from this machine's randomness: whoever runs it can forge proofs")]
        public bool Dev { get; init; }

        [CommandOption("--zkey <FILE>")]
        [Description("Also write the key as a snarkjs .zkey")]
        public string? Zkey { get; init; }

        [CommandOption("-t|--threads <N>")]
        [Description("Worker threads (default: all cores)")]
        public int Threads { get; init; }
    }

    public override ValidationResult Validate(CommandContext context, Settings s) =>
        (s.Dev, s.Ptau) switch
        {
            (true, not null) => ValidationResult.Error("choose one of --ptau and --dev"),
            (false, null) => ValidationResult.Error("choose --ptau <pot.ptau> (a real ceremony) or --dev (INSECURE, for development)"),
            _ => ValidationResult.Success(),
        };

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.R1cs, "constraint system");
        if (s.Ptau is not null) CliErrors.RequireFile(s.Ptau, "powers of tau");
        R1cs r1cs = R1csFile.Read(s.R1cs);
        ProvingKey? pk = null;
        byte[]? mpc = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(s.Dev ? "INSECURE development setup" : "phase 2 from powers of tau", maxValue: 1);
                Action<string, double> report = (stage, f) => { task.Description = stage; task.Value = f; };
                if (s.Dev) pk = DevSetup.Create(r1cs, s.Threads, report);
                else (pk, mpc) = Phase2.Initialize(r1cs, s.Ptau!, s.Threads, report);
                task.Value = 1;
            });
        string note = s.Dev ? DevSetup.Warning : Phase2.InitialNote;
        NativeKeyFile.Write(s.Output, pk!, mpc, note);
        if (s.Zkey is not null) ZkeyFile.Write(s.Zkey, pk!, mpc);
        if (s.Dev) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        else AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(Phase2.InitialNote)}");
        AnsiConsole.MarkupLine($"key written to [bold]{Markup.Escape(s.Output)}[/]{(s.Zkey is null ? "" : $" and [bold]{Markup.Escape(s.Zkey)}[/]")}: " +
            $"{r1cs.NumConstraints} constraints, {r1cs.NumWires} wires, {r1cs.NumPublic} public, domain {pk!.DomainSize}");
        return CliErrors.Valid;
    }
}
