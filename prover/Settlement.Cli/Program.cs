using Settlement.Cli.Commands.Groth16;
using Spectre.Console.Cli;
using Settle = Settlement.Cli.Commands.Settle;

// settle: one registration list. Each command lives in Commands/<area>/; exit codes 0 = valid/accepted,
// 1 = invalid/rejected, 2 = usage or input error.
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("settle");
    config.SetExceptionHandler((ex, _) => CliErrors.Report(ex));
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
    });

    // Settlement service commands (prover/Settlement.Prover/Service): a deployment directory per --data.
    config.AddCommand<Settle.DemoCommand>("demo")
        .WithDescription("Run the end-to-end demo: sample deployment, dev setup, several batches across 3 venues, a forged bundle")
        .WithExample("demo").WithExample("demo", "--data", "./demo-deployment", "--keep");
    config.AddCommand<Settle.InitCommand>("init")
        .WithDescription("Write a sample deployment (config.json, SAMPLE/INSECURE dev keys) into --data")
        .WithExample("init", "--data", "./deployment");
    config.AddCommand<Settle.SetupCommand>("setup")
        .WithDescription("The transition circuit's key: INSECURE dev setup, or a phase-2 ceremony (--ptau, then --install)")
        .WithExample("setup", "--data", "./deployment")
        .WithExample("setup", "--ptau", "pot18_final.ptau", "--data", "./deployment")
        .WithExample("setup", "--install", "transition-ceremony-0003.pk", "--ptau", "pot18_final.ptau", "--data", "./deployment");
    config.AddBranch("circuit", circuit =>
    {
        circuit.SetDescription("The transition circuit for the configured sizes");
        circuit.AddCommand<Settle.CircuitExportCommand>("export")
            .WithDescription("Write the circuit in circom's .r1cs format, for any ceremony tool")
            .WithExample("circuit", "export", "--r1cs", "transition.r1cs", "--data", "./deployment");
    });
    config.AddCommand<Settle.ProveCommand>("prove")
        .WithDescription("Apply a batch file to the stored state, prove it, store it and write bundles/batch-<n>.stlb/.json (exit 1: rejected)")
        .WithExample("prove", "batch.json", "--data", "./deployment");
    config.AddCommand<Settle.VerifyCommand>("verify")
        .WithDescription("Check a bundle as a venue would and record its root (exit 0 accepted, 1 rejected)")
        .WithExample("verify", "bundles/batch-0.stlb", "--venue", "1", "--data", "./deployment");
    config.AddCommand<Settle.InspectCommand>("inspect")
        .WithDescription("Configuration, configHash, current root, constraint budget, a bundle's statement")
        .WithExample("inspect", "--budget").WithExample("inspect", "bundles/batch-0.stlb", "--json");
    config.AddCommand<Settle.ExitClaimCommand>("exit-claim")
        .WithDescription("Build an account's exit claim from the store and check it with a venue's verifier")
        .WithExample("exit-claim", "1", "--venue", "0", "--data", "./deployment");
});
return app.Run(args);
