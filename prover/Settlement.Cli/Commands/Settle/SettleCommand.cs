using System.ComponentModel;
using Settlement.Cli.Commands.Groth16;
using Settlement.Prover.Store;
using Spectre.Console;
using Spectre.Console.Cli;
using Settlement.Verifier.Config;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Options every settlement command takes.</summary>
internal class SettleSettings : CommandSettings
{
    [CommandOption("-d|--data <DIR>")]
    [Description("Deployment folder (config.json, keys/, state.db, bundles/); default: the current folder")]
    public string Data { get; init; } = ".";

    [CommandOption("--json")]
    [Description("Print one JSON object (docs/cli-json.md) instead of text")]
    public bool Json { get; init; }
}

/// <summary>Options of the commands that run a multi-threaded setup or prover.</summary>
internal class ProvingSettings : SettleSettings
{
    [CommandOption("-t|--threads <N>")]
    [Description("Worker threads for setup and proving (default: all cores)")]
    public int Threads { get; init; }

    public override ValidationResult Validate() =>
        Threads < 0 ? ValidationResult.Error($"--threads must be 0 (all cores) or more, got {Threads}") : ValidationResult.Success();
}

/// <summary>
/// Base of the settlement commands: every failure becomes one line naming the input and an exit code (1 rejected,
/// 2 usage or input error) through <see cref="CliErrors"/>, never a stack trace; --json output goes through
/// <see cref="CliJson"/>.
/// </summary>
internal abstract class SettleCommand<TSettings> : Command<TSettings> where TSettings : SettleSettings
{
    public const int Accepted = 0, Rejected = 1, InputError = 2;

    /// <summary>The command's name in --json output.</summary>
    protected string Name { get; private set; } = "";

    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        Name = CommandName ?? context.Name;
        try { return Run(settings); }
        catch (Exception e) when (e is not OutOfMemoryException) { return CliErrors.Report(e, settings.Json, Name); }
    }

    /// <summary>Overrides the name Spectre knows the command by (a branch's subcommand: "exit-claim verify").</summary>
    protected virtual string? CommandName => null;

    protected abstract int Run(TSettings s);

    /// <summary>A field element as 0x-prefixed big-endian hex (roots, hashes).</summary>
    public static string Hx(in Verifier.Bls12381.Fr x) => "0x" + SqliteSettlementStore.Hex(x);

    /// <summary>Writes the --json result and returns <paramref name="code"/> (ok is code 0).</summary>
    protected int Json(int code, object fields)
    {
        CliJson.Write(Name, code == Accepted, fields);
        return code;
    }

    /// <summary>Runs a long stage under a progress bar with elapsed time (or silently with --json).</summary>
    protected static T WithProgress<T>(TSettings s, string title, Func<Action<string, double>, T> run, bool logStages = false) =>
        Progress.Run(s.Json, title, run, logStages);
}

internal static class Progress
{
    /// <summary>
    /// Runs <paramref name="run"/> under a progress bar on a terminal. Elsewhere (a log) it prints one line when done,
    /// and with <paramref name="logStages"/> one line per stage, so a setup that runs for minutes shows where it is.
    /// </summary>
    public static T Run<T>(bool quiet, string title, Func<Action<string, double>, T> run, bool logStages = false)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            string? last = null;
            var r = run((stage, _) =>
            {
                if (quiet || !logStages || stage == last || stage == "done") return;
                last = stage;
                AnsiConsole.MarkupLine($"{Markup.Escape(title)}: {Markup.Escape(stage)} ({sw.Elapsed.TotalSeconds:F1} s)");
            });
            if (!quiet) AnsiConsole.MarkupLine($"{Markup.Escape(title)}: done in {sw.Elapsed.TotalSeconds:F1} s");
            return r;
        }
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                result = run((stage, f) => { task.Description = Markup.Escape($"{title}: {stage}"); task.Value = Math.Clamp(f, 0, 1); });
                task.Description = Markup.Escape(title);
                task.Value = 1;
            });
        return result;
    }
}
