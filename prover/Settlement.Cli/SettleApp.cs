using System.Reflection;
using Settlement.Cli.Commands.Groth16;
using Spectre.Console.Cli;
using Settle = Settlement.Cli.Commands.Settle;

namespace Settlement.Cli;

/// <summary>
/// The settle command line: one registration list. Each command lives in Commands/&lt;area&gt;/; exit codes 0 = valid or
/// accepted, 1 = invalid or rejected, 2 = usage or input error. Descriptions stay short so that --help fits 80 columns.
/// </summary>
public static class SettleApp
{
    /// <summary>The version printed by <c>settle --version</c>: the assembly's informational version (package version and commit).</summary>
    public static string Version =>
        typeof(SettleApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SettleApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    // "settle exit-claim <account>" is short for "settle exit-claim build <account>": a branch's default command
    // cannot take an argument in Spectre.Console.Cli, and "verify" is the branch's other command.
    private const string ExitClaimBuild = "build";

    public static int Run(string[] args)
    {
        if (args is ["exit-claim", var second, ..] && second is not ("verify" or ExitClaimBuild) && !second.StartsWith('-'))
            args = ["exit-claim", ExitClaimBuild, .. args[1..]];
        var app = new CommandApp();
        bool json = args.Contains("--json");
        app.Configure(config =>
        {
            config.SetApplicationName("settle");
            config.SetApplicationVersion(Version);
            config.UseStrictParsing(); // an option a command does not take is an error, not silently ignored
            config.ConfigureConsole(Spectre.Console.AnsiConsole.Console);
            config.SetExceptionHandler((ex, _) => CliErrors.Report(ex, json, CommandName(args)));
            config.AddBranch("groth16", groth16 =>
            {
                groth16.SetDescription("Groth16 over BLS12-381 (snarkjs-compatible files)");
                groth16.AddCommand<ProveCommand>("prove")
                    .WithDescription("Prove: .zkey (or our key) + .wtns -> proof.json, public.json")
                    .WithExample("groth16", "prove", "circuit_final.zkey", "witness.wtns", "proof.json", "public.json");
                groth16.AddCommand<VerifyCommand>("verify")
                    .WithDescription("Verify a proof.json; exit 0 only when valid")
                    .WithExample("groth16", "verify", "verification_key.json", "public.json", "proof.json");
                groth16.AddCommand<SetupCommand>("setup")
                    .WithDescription("Phase-2 key from a .ptau, or an INSECURE dev key")
                    .WithExample("groth16", "setup", "circuit.r1cs", "circuit_0000.key", "--ptau", "pot16_final.ptau")
                    .WithExample("groth16", "setup", "circuit.r1cs", "dev.key", "--dev");
                groth16.AddCommand<ContributeCommand>("contribute")
                    .WithDescription("Add a phase-2 contribution to a key")
                    .WithExample("groth16", "contribute", "circuit_0000.key", "circuit_0001.key", "--name", "alice");
                groth16.AddCommand<VerifySetupCommand>("verify-setup")
                    .WithDescription("Check a key against its r1cs, ptau, contributions")
                    .WithExample("groth16", "verify-setup", "circuit.r1cs", "pot16_final.ptau", "circuit_0002.key");
                groth16.AddCommand<ExportVkCommand>("export-vk")
                    .WithDescription("Write a key's snarkjs verification_key.json")
                    .WithExample("groth16", "export-vk", "circuit.key", "verification_key.json");
                groth16.AddCommand<ExportSolidityCommand>("export-solidity")
                    .WithDescription("Write a Solidity verifier for a BLS12-381 key (EIP-2537)")
                    .WithExample("groth16", "export-solidity", "verification_key.json", "Verifier.sol");
            });

            // Settlement service commands (prover/Settlement.Prover/Service): a deployment directory per --data.
            config.AddCommand<Settle.DemoCommand>("demo")
                .WithDescription("End-to-end demo: 3 venues, real proofs, a forgery")
                .WithExample("demo").WithExample("demo", "--data", "./demo", "--keep");
            config.AddCommand<Settle.InitCommand>("init")
                .WithDescription("Write a sample deployment (config, INSECURE dev keys)")
                .WithExample("init", "--data", "./deployment")
                .WithExample("init", "--data", "./deployment", "--max-ops", "4", "--depth", "16");
            config.AddCommand<Settle.SetupCommand>("setup")
                .WithDescription("The transition circuit's key: INSECURE dev setup, or a ceremony (--ptau, --install)")
                .WithExample("setup", "--data", "./deployment")
                .WithExample("setup", "--ptau", "pot17.ptau", "--data", "./deployment")
                .WithExample("setup", "--install", "c3.pk", "--ptau", "pot17.ptau", "--data", "./deployment");
            config.AddBranch("circuit", circuit =>
            {
                circuit.SetDescription("The transition circuit for the configured sizes");
                circuit.AddCommand<Settle.CircuitExportCommand>("export")
                    .WithDescription("Write it in circom's .r1cs format, for any ceremony tool")
                    .WithExample("circuit", "export", "--r1cs", "transition.r1cs", "--data", "./deployment");
            });
            config.AddBranch("oracle", oracle =>
            {
                oracle.SetDescription("Oracle committee: sign quotes, aggregate a price tick");
                oracle.AddCommand<Settle.OracleSignCommand>("sign")
                    .WithDescription("One member signs its quotes (--key, or --dev)")
                    .WithExample("oracle", "sign", "quotes.csv", "--member", "0", "--key", "oracle-0.key", "--out", "o0.json");
                oracle.AddCommand<Settle.OracleAggregateCommand>("aggregate")
                    .WithDescription("A quorum of signed quotes -> the batch's price tick")
                    .WithExample("oracle", "aggregate", "o0.json", "o1.json", "o2.json", "--time", "1750000000000", "--into", "batch.json");
            });
            config.AddBranch("risk", risk =>
            {
                risk.SetDescription("Risk committee: train and backtest the volatility model, propose, sign and aggregate a batch's risk update");
                risk.AddCommand<Settle.RiskTrainCommand>("train")
                    .WithDescription("Train the volatility model on daily closes, write it as ONNX, print the walk-forward backtest")
                    .WithExample("risk", "train", "--prices", "data/risk/eustockmarkets.csv", "--out", "model.onnx");
                risk.AddCommand<Settle.RiskBacktestCommand>("backtest")
                    .WithDescription("Walk-forward backtest of static σ, EWMA, GARCH(1,1) and the ONNX model: coverage, Kupiec, Christoffersen, haircut, QLIKE")
                    .WithExample("risk", "backtest", "--prices", "data/risk/eustockmarkets.csv")
                    .WithExample("risk", "backtest", "--prices", "data/risk/eustockmarkets.csv", "--model", "data/risk/volatility.onnx", "--chart", "bench", "--json");
                risk.AddCommand<Settle.RiskProposeCommand>("propose")
                    .WithDescription("Next-epoch σ from the model, scaled to the empirical tail (--tail) and within the caps and step limit; option marks and Greeks by Black-Scholes -> the unsigned riskUpdate")
                    .WithExample("risk", "propose", "--model", "data/risk/volatility.onnx", "--prices", "history.csv", "--data", "dep", "--into", "batch.json")
                    .WithExample("risk", "propose", "--model", "data/risk/volatility.onnx", "--prices", "data/risk/eustockmarkets.csv", "--series", "ETH=DAX", "--into", "batch.json");
                risk.AddCommand<Settle.RiskSignCommand>("sign")
                    .WithDescription("One member signs the batch's riskUpdate")
                    .WithExample("risk", "sign", "batch.json", "--member", "0", "--key", "risk-0.key", "--out", "r0.json");
                risk.AddCommand<Settle.RiskAggregateCommand>("aggregate")
                    .WithDescription("A quorum of signatures -> the signed riskUpdate")
                    .WithExample("risk", "aggregate", "r0.json", "r1.json", "--into", "batch.json");
            });
            config.AddCommand<Settle.ProveCommand>("prove")
                .WithDescription("Settle a batch file: apply, prove, store, write bundle")
                .WithExample("prove", "batch.json", "--data", "./deployment");
            config.AddCommand<Settle.ServeCommand>("serve")
                .WithDescription("The prover service: HTTP API, sequencer, provers (Orleans)")
                .WithExample("serve", "--data", "./deployment")
                .WithExample("serve", "--data", "./deployment", "--urls", "http://127.0.0.1:8080", "--threads", "2")
                .WithExample("serve", "--data", "dep", "--cluster", "Host=db;Database=settle")
                .WithExample("serve", "--data", "dep", "--cluster", "Host=db;Database=settle", "--role", "worker");
            config.AddBranch("venue", venue =>
            {
                venue.SetDescription("A venue's side of the prover service");
                venue.AddCommand<Settle.VenueFollowCommand>("follow")
                    .WithDescription("Follow a service's bundle stream, check each bundle as this venue's contract would, record each root; with the venue's key, co-sign proposals")
                    .WithExample("venue", "follow", "http://127.0.0.1:5080", "--venue", "1", "--data", "./deployment")
                    .WithExample("venue", "follow", "http://127.0.0.1:5080", "--venue", "0", "--count", "2", "--json")
                    .WithExample("venue", "follow", "http://127.0.0.1:5080", "--venue", "2", "--dev", "--data", "./deployment");
                venue.AddCommand<Settle.VenueSubmitCommand>("submit")
                    .WithDescription("Sign the venue's ops, record them in its journal, post them to the service")
                    .WithExample("venue", "submit", "http://127.0.0.1:5080", "ops.json", "--venue", "1", "--dev", "--data", "./deployment");
            });
            config.AddCommand<Settle.VerifyCommand>("verify")
                .WithDescription("Check a bundle as a venue would; record its root")
                .WithExample("verify", "bundles/batch-0.stlb", "--venue", "1")
                .WithExample("verify", "bundles/batch-0.json", "--dry-run", "--json");
            config.AddCommand<Settle.InspectCommand>("inspect")
                .WithDescription("Configuration, root, constraint budget, a bundle; haircuts under a proof latency")
                .WithExample("inspect", "--budget").WithExample("inspect", "bundles/batch-0.stlb", "--json")
                .WithExample("inspect", "--proof-latency", "72000", "--cluster-factor", "4");
            config.AddCommand<Settle.ExportSolidityCommand>("export-solidity")
                .WithDescription("Write the Groth16 verifier and venue escrow contracts for EVM chains (EIP-2537)")
                .WithExample("export-solidity", "--data", "./deployment", "--out", "./contracts");
            config.AddBranch("exit-claim", exit =>
            {
                exit.SetDescription("Build an account's exit claim, or verify a claim file");
                exit.AddCommand<Settle.ExitClaimCommand>(ExitClaimBuild)
                    .WithDescription("Build an account's claim and check it (the default)")
                    .WithExample("exit-claim", "1", "--venue", "0").WithExample("exit-claim", "1", "--out", "claim.json");
                exit.AddCommand<Settle.ExitClaimVerifyCommand>("verify")
                    .WithDescription("Check a claim file with a venue's verifier")
                    .WithExample("exit-claim", "verify", "claim.json", "--venue", "2");
                exit.AddExample("exit-claim", "1", "--venue", "0");
                exit.AddExample("exit-claim", "1", "--out", "claim.json");
                exit.AddExample("exit-claim", "verify", "claim.json", "--venue", "2");
            });
        });
        return app.Run(args);
    }

    /// <summary>The command words of a command line ("prove", "exit-claim verify"), for errors raised before a command runs.</summary>
    private static string? CommandName(string[] args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).Take(2).ToArray();
        if (words.Length == 0) return null;
        return words.Length == 2 && (words[0] == "groth16" || words is ["exit-claim", "verify"]) ? $"{words[0]} {words[1]}" : words[0];
    }
}
