using Settlement.Cli.Commands.Groth16;
using Spectre.Console.Cli;

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
});
return app.Run(args);
