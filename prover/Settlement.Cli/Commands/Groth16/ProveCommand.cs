using System.ComponentModel;
using System.Diagnostics;
using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary><c>settle groth16 prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt;</c>, snarkjs's argument order.</summary>
internal sealed class ProveCommand : Command<ProveCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<circuit.zkey>")]
        [Description("Proving key: a snarkjs .zkey (BLS12-381) or a 'groth16 setup' key; read while proving, so leave it in place")]
        public string Key { get; init; } = "";

        [CommandArgument(1, "<witness.wtns>")]
        [Description("Full witness from circom's witness generator (.wtns, BLS12-381 prime)")]
        public string Witness { get; init; } = "";

        [CommandArgument(2, "<proof.json>")]
        [Description("Output: the proof in snarkjs's proof.json format")]
        public string Proof { get; init; } = "";

        [CommandArgument(3, "<public.json>")]
        [Description("Output: the public signals in snarkjs's public.json format")]
        public string Public { get; init; } = "";

        [CommandOption("-t|--threads <N>")]
        [Description("Worker threads (default: all cores)")]
        public int Threads { get; init; }

        [CommandOption("--trust-key")]
        [Description("Skip the on-curve checks of the key's tables (faster; for keys you made or verified)")]
        public bool TrustKey { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        CliErrors.RequireFile(s.Key, "proving key");
        CliErrors.RequireFile(s.Witness, "witness");
        if (s.Threads < 0) throw new InputException($"--threads must be positive, got {s.Threads}");
        var total = Stopwatch.StartNew();
        ProvingKey? pk = null;
        Fr[]? witness = null;
        Proof? proof = null;
        double loadSeconds = 0, proveSeconds = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var load = ctx.AddTask("load key and witness", maxValue: 1);
                pk = KeyFiles.ReadProvingKey(s.Key, !s.TrustKey, s.Threads, tablesInFile: true);
                witness = WtnsFile.Read(s.Witness);
                if (witness.Length != pk.NumVars)
                    throw new InputException($"{s.Witness}: has {witness.Length} values but {s.Key} expects nVars = {pk.NumVars} (witness for another circuit?)");
                load.Value = 1;
                loadSeconds = total.Elapsed.TotalSeconds;
                var prove = ctx.AddTask("prove", maxValue: 1);
                var sw = Stopwatch.StartNew();
                proof = new Groth16Prover(pk).Prove(witness, s.Threads, (_, f) => prove.Value = f);
                proveSeconds = sw.Elapsed.TotalSeconds;
                prove.Value = 1;
            });
        File.WriteAllText(s.Proof, SnarkJsJson.WriteProof(proof!));
        File.WriteAllText(s.Public, SnarkJsJson.WritePublicInputs(witness.AsSpan(1, pk!.NumPublic)));
        if (pk.Insecure) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(DevSetup.Warning)}");
        AnsiConsole.MarkupLine($"proof written to [bold]{Markup.Escape(s.Proof)}[/], public signals to [bold]{Markup.Escape(s.Public)}[/] " +
            $"(load {loadSeconds:F2} s, prove {proveSeconds:F2} s, {pk.DomainSize} domain, {Environment.ProcessorCount} cores)");
        return CliErrors.Valid;
    }
}
