using System.ComponentModel;
using System.Text.Json;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Spectre.Console;
using Spectre.Console.Cli;
using Settlement.Verifier.Config;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary>Options every settlement command takes.</summary>
internal class SettleSettings : CommandSettings
{
    [CommandOption("-d|--data <DIR>")]
    [Description("Deployment directory (config.json, keys/, state.db, bundles/). Default: the current directory")]
    public string Data { get; init; } = ".";

    [CommandOption("--json")]
    [Description("Print one JSON object on stdout instead of text (for scripts)")]
    public bool Json { get; init; }

    [CommandOption("-t|--threads <N>")]
    [Description("Worker threads for setup and proving (default: all cores)")]
    public int Threads { get; init; }
}

/// <summary>
/// Base of the settlement commands: turns the failures a user can act on into one line naming the input and an exit
/// code (1 rejected, 2 usage or input error), never a stack trace.
/// </summary>
internal abstract class SettleCommand<TSettings> : Command<TSettings> where TSettings : SettleSettings
{
    public const int Accepted = 0, Rejected = 1, InputError = 2;

    public sealed override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try { return Run(settings); }
        catch (BatchRejectedException e) { return Fail(settings, Rejected, $"batch rejected: {e.Message}", new { rejected = true, op = e.OpIndex, kind = e.OpKind, account = e.Account, reason = e.Reason.ToString(), message = e.Message }); }
        catch (Exception e) when (e is BatchFileException or DeploymentException or ConfigException or StoreConflictException or InvalidDataException
                                      or Verifier.Bundles.BundleFormatException or FileNotFoundException or DirectoryNotFoundException
                                      or UnauthorizedAccessException or IOException or Prover.Groth16.InvalidKeyException or Prover.Snarkjs.SnarkjsFormatException
                                      or Verifier.Groth16.Groth16Exception or JsonException)
        {
            return Fail(settings, InputError, e.Message, new { error = e.Message });
        }
    }

    protected abstract int Run(TSettings s);

    private static int Fail(TSettings s, int code, string message, object json)
    {
        if (s.Json) Console.Out.WriteLine(JsonSerializer.Serialize(json));
        Console.Error.WriteLine($"error: {message}");
        return code;
    }

    /// <summary>A field element as 0x-prefixed big-endian hex (roots, hashes).</summary>
    public static string Hx(in Verifier.Bls12381.Fr x) => "0x" + SqliteSettlementStore.Hex(x);

    protected static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }));

    /// <summary>Runs a long stage under a progress bar with elapsed time (or silently with --json).</summary>
    protected static T WithProgress<T>(TSettings s, string title, Func<Action<string, double>, T> run) => Progress.Run(s.Json, title, run);
}

internal static class Progress
{
    public static T Run<T>(bool quiet, string title, Func<Action<string, double>, T> run)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive && Console.IsOutputRedirected)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = run((_, _) => { });
            if (!quiet) AnsiConsole.MarkupLine($"{Markup.Escape(title)}: done in {sw.Elapsed.TotalSeconds:F1} s");
            return r;
        }
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
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
