using System.Text.Json;
using Settlement.Cli;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls12381;
using Spectre.Console;

namespace Settlement.Prover.Tests.Cli;

/// <summary>What one in-process run of <c>settle</c> printed and returned.</summary>
public sealed record CliRun(int Code, string Out, string Err)
{
    /// <summary>stdout as the --json document (fails the test when it is not exactly one JSON object).</summary>
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Out);
        return doc.RootElement.Clone();
    }

    public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

/// <summary>
/// Runs the settle command line in this process with stdout, stderr and Spectre's console captured, at 80 columns and
/// without colour or progress bars. Console redirection is process-wide, so the CLI tests run in one
/// non-parallel collection.
/// </summary>
public static class Settle
{
    private static readonly object Gate = new();

    public static CliRun Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr, oldAnsi) = (Console.Out, Console.Error, AnsiConsole.Console);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(stdout),
            });
            console.Profile.Width = 80;
            AnsiConsole.Console = console;
            try { return new CliRun(SettleApp.Run(args), stdout.ToString(), stderr.ToString()); }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
                AnsiConsole.Console = oldAnsi;
            }
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "settle CLI";
}

/// <summary>
/// A small deployment (tree depth 3, one account op per batch, 2 position slots) initialised and set up through the
/// CLI once, and a copy of it in which batch 0 (prices, risk parameters, a deposit to account 1) is proven. Tests that
/// change a deployment work on their own copy (<see cref="Copy"/>).
/// </summary>
public sealed class CliFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("settle-cli-").FullName;
    /// <summary>Initialised and set up, no batch.</summary>
    public string SetUp { get; }
    /// <summary>Like <see cref="SetUp"/>, with batch 0 proven from <see cref="Batch0"/>.</summary>
    public string Proven { get; }
    public string Batch0 { get; }

    public CliFixture()
    {
        SetUp = Path.Combine(Root, "setup");
        Must(Settle.Run("init", "--data", SetUp, "--depth", "3", "--max-ops", "1", "--max-positions", "2"));
        Must(Settle.Run("setup", "--data", SetUp));
        Batch0 = Path.Combine(Root, "batch-0.json");
        File.WriteAllText(Batch0, BatchFile.Write(GenesisBatch(new Deployment(SetUp))));
        Proven = Copy("proven");
        Must(Settle.Run("prove", Batch0, "--data", Proven));
    }

    private static void Must(CliRun r) => Assert.True(r.Code == 0, r.ToString());

    /// <summary>Prices and risk parameters signed with the sample keys, and a 1,000 USDC deposit to account 1 at venue 0.</summary>
    public static IReadOnlyList<Operation> GenesisBatch(Deployment d)
    {
        var cfg = d.LoadConfig();
        var signer = new DevSigner(Commitments.ConfigHash(cfg), d.LoadDevKeys());
        var genesis = new SettlementState(cfg);
        return
        [
            signer.Tick(1_000_000, Enumerable.Range(0, 3).SelectMany(j => new[] { (0, j, 100_000_000L), (1, j, 300_000_000_000L) })),
            signer.Risk(1, [0, 3_377_000], [new(300_000_000_000, 100_000_000, 0), new(15_000_000_000, 50_000_000, 1_000_000_000)], 2),
            new Deposit(0, 1, 0, 0, 1_000_000_000, genesis.Epoch.NextDepositId[0], Fr.FromUInt64(0x5A17)),
        ];
    }

    /// <summary>A copy of the set-up deployment (or of <paramref name="from"/>) in a new folder.</summary>
    public string Copy(string name, string? from = null)
    {
        var to = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        CopyDir(from ?? SetUp, to);
        return to;
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyDir(d, Path.Combine(to, Path.GetFileName(d)));
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
