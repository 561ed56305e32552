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
        groth16.SetDescription("Groth16 over BLS12-381: a drop-in faster prover for snarkjs/circom keys, and our own setup");
        groth16.AddCommand<ProveCommand>("prove")
            .WithDescription("Prove with a snarkjs .zkey (or our key file) and a circom .wtns; writes snarkjs proof.json and public.json")
            .WithExample("groth16", "prove", "circuit_final.zkey", "witness.wtns", "proof.json", "public.json");
        groth16.AddCommand<VerifyCommand>("verify")
            .WithDescription("Verify a snarkjs proof.json; exit code 0 only when it is valid (1 invalid, 2 bad input)")
            .WithExample("groth16", "verify", "verification_key.json", "public.json", "proof.json");
        groth16.AddCommand<SetupCommand>("setup")
            .WithDescription("Start a key from a powers-of-tau file (phase 2), or make an INSECURE development key")
            .WithExample("groth16", "setup", "circuit.r1cs", "circuit_0000.key", "--ptau", "pot16_final.ptau")
            .WithExample("groth16", "setup", "circuit.r1cs", "dev.key", "--dev");
        groth16.AddCommand<ContributeCommand>("contribute")
            .WithDescription("Add a phase-2 contribution (a fresh secret, with a proof of knowledge) to a key")
            .WithExample("groth16", "contribute", "circuit_0000.key", "circuit_0001.key", "--name", "alice");
        groth16.AddCommand<VerifySetupCommand>("verify-setup")
            .WithDescription("Check that a key follows from the r1cs, the ptau and its verified contributions (exit 0 only then)")
            .WithExample("groth16", "verify-setup", "circuit.r1cs", "pot16_final.ptau", "circuit_0002.key");
        groth16.AddCommand<ExportVkCommand>("export-vk")
            .WithDescription("Write the snarkjs verification_key.json of a proving key")
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
        .WithDescription("INSECURE dev setup of the transition circuit for the configured sizes (keys/transition.pk, .vk.json)")
        .WithExample("setup", "--data", "./deployment");
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
