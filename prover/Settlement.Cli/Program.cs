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
        groth16.SetDescription("Groth16 over BLS12-381: a drop-in faster prover for snarkjs/circom keys, and our own setup");
        groth16.AddCommand<ProveCommand>("prove")
            .WithDescription("Prove with a snarkjs .zkey (or our key file) and a circom .wtns; writes snarkjs proof.json and public.json")
            .WithExample("groth16", "prove", "circuit_final.zkey", "witness.wtns", "proof.json", "public.json");
    });
});
return app.Run(args);
