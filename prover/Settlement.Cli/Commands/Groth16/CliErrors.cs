using Settlement.Verifier.Config;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Settlement.Prover.Engine;
using Settlement.Prover.Groth16;
using Settlement.Prover.Service;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Store;
using Settlement.Verifier.Bundles;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Groth16;

/// <summary>
/// Turns every failure into one readable line on stderr and an exit code (1: a batch the engine rejects; 2: usage or
/// input error), never a stack trace; with --json also the error object of docs/cli-json.md on stdout.
/// </summary>
internal static class CliErrors
{
    public const int Valid = 0, Invalid = 1, InputError = 2;

    public static int Report(Exception ex, bool json = false, string? command = null)
    {
        int code = ex is BatchRejectedException ? Invalid : InputError;
        string kind = ex switch
        {
            BatchRejectedException => "rejected",
            CommandParseException or CommandRuntimeException => "usage",
            OutOfMemoryException => "resources",
            _ when Message(ex).StartsWith("unexpected error", StringComparison.Ordinal) => "internal",
            _ => "input",
        };
        string msg = Message(ex);
        AnsiConsole.Console.Profile.Out.Writer.Flush();
        if (json)
        {
            var error = new JsonObject { ["kind"] = kind, ["message"] = msg };
            switch (ex)
            {
                case JsonInputException j:
                    error["file"] = j.File;
                    if (j.Path.Length > 0) error["path"] = j.Path;
                    if (j.Line > 0) error["line"] = j.Line;
                    error["problem"] = j.Problem;
                    break;
                case Settlement.Risk.PriceDataException p:
                    error["file"] = p.File;
                    error["row"] = p.Row;
                    if (p.Column is not null) error["column"] = p.Column;
                    break;
                case Settlement.Risk.RiskModelException m:
                    error["file"] = m.File;
                    break;
                case BatchRejectedException r:
                    error["op"] = r.OpIndex;
                    error["opKind"] = r.OpKind;
                    if (r.Account is { } a) error["account"] = a;
                    error["reason"] = r.Reason.ToString();
                    break;
            }
            CliJson.Write(command, ok: false, new JsonObject { ["error"] = error });
        }
        Console.Error.WriteLine(ex is BatchRejectedException ? $"batch rejected: {msg}" : $"error: {msg}");
        return code;
    }

    private static string Message(Exception ex) => ex switch
    {
        CommandParseException or CommandRuntimeException => ex.Message,
        JsonInputException or BatchRejectedException or DeploymentException or StoreConflictException or InvalidDataException or CommitteeException => ex.Message,
        ConfigException or BundleFormatException => ex.Message,
        SnarkjsFormatException or InvalidKeyException or InputException or SetupVerificationException => ex.Message,
        Settlement.Verifier.Groth16.Groth16Exception => ex.Message,
        Settlement.Risk.PriceDataException or Settlement.Risk.RiskModelException or Settlement.Risk.RiskProposalException => ex.Message,
        FileNotFoundException f => $"{f.FileName ?? "file"}: not found",
        DirectoryNotFoundException or UnauthorizedAccessException or IOException => ex.Message,
        ArgumentException => ex.Message,
        OutOfMemoryException => "out of memory: the key and witness do not fit; try a machine with more memory",
        _ => $"unexpected error ({ex.GetType().Name}): {ex.Message}",
    };

    public static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new InputException($"{path}: {what} not found");
    }
}

/// <summary>An input problem already phrased for the user (file and what is wrong).</summary>
internal sealed class InputException(string message) : Exception(message);

/// <summary>
/// The --json output of every settlement command (docs/cli-json.md): one indented object on stdout with
/// <c>schema</c> ("settle/1"), <c>command</c>, <c>ok</c>, then the command's fields in camelCase; absent fields are
/// omitted rather than null; field elements are 0x-prefixed lowercase hex; integers are JSON numbers.
/// </summary>
internal static class CliJson
{
    public const string Schema = "settle/1";

    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the envelope followed by <paramref name="fields"/> (an object whose properties become top-level fields).</summary>
    public static void Write(string? command, bool ok, object? fields)
    {
        var o = new JsonObject { ["schema"] = Schema };
        if (command is not null) o["command"] = command;
        o["ok"] = ok;
        if (fields is not null)
        {
            var src = fields as JsonObject ?? JsonSerializer.SerializeToNode(fields, Options)!.AsObject();
            foreach (var key in src.Select(p => p.Key).ToList())
            {
                var v = src[key];
                src.Remove(key);
                if (v is not null) o[key] = v;
            }
        }
        Console.Out.WriteLine(o.ToJsonString(Options));
    }
}
