using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Service;

/// <summary>
/// A JSON input that cannot be used. The message names the file, the line when known, the JSON path and the
/// problem: <c>batch.json:4: $.operations[1].venue: expected an integer in [-2147483648, 2147483647]</c>.
/// </summary>
public sealed class JsonInputException(string file, string path, string problem, long line = 0)
    : Exception(JsonInput.Format(file, path, problem, line))
{
    public string File { get; } = file;
    /// <summary>The JSON path (<c>$</c>, <c>$.operations[2].amount</c>), empty when the file itself is the problem.</summary>
    public string Path { get; } = path;
    /// <summary>1-based line, 0 when unknown.</summary>
    public long Line { get; } = line;
    public string Problem { get; } = problem;
}

/// <summary>
/// The one way the service and the CLI read JSON files: every failure (missing file, syntax, wrong type, value out of
/// range, a rule of the format) becomes a <see cref="JsonInputException"/> phrased for the user, without .NET type names.
/// </summary>
public static partial class JsonInput
{
    internal static string Format(string file, string path, string problem, long line) =>
        file + (line > 0 ? ":" + line.ToString(CultureInfo.InvariantCulture) : "") + ": " + (path.Length > 0 ? path + ": " : "") + problem;

    /// <summary>A file's bytes; a missing or unreadable file is named.</summary>
    public static byte[] ReadBytes(string file)
    {
        try { return System.IO.File.ReadAllBytes(file); }
        catch (FileNotFoundException) { throw new JsonInputException(file, "", "file not found"); }
        catch (DirectoryNotFoundException) { throw new JsonInputException(file, "", "file not found (no such folder)"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new JsonInputException(file, "", $"cannot be read: {e.Message}"); }
    }

    /// <summary>Reads and parses a file with <paramref name="parse"/>.</summary>
    public static T Load<T>(string file, Func<byte[], T> parse, string discriminator = "kind") => Parse(file, ReadBytes(file), parse, discriminator);

    /// <summary>
    /// Runs <paramref name="parse"/> over the bytes: a syntax error is reported with the line of the first bad token
    /// (checked here first, so that no parser's own line numbering shows through); a parser's own field errors
    /// (<see cref="BundleFormatException"/>, <see cref="ConfigException"/>, <see cref="Groth16Exception"/>,
    /// <see cref="JsonException"/>) are reported with their JSON path. <paramref name="discriminator"/> names the
    /// property that selects a polymorphic object's kind (the batch file's <c>"op"</c>).
    /// </summary>
    public static T Parse<T>(string file, byte[] utf8, Func<byte[], T> parse, string discriminator = "kind")
    {
        try
        {
            // The serializers keep the last of two equal keys ("venue": 1, "venue": 2 would deposit at venue 2): refuse them.
            using var doc = JsonDocument.Parse(utf8);
            if (Verifier.Json.DuplicateKeys.Find(doc.RootElement) is { } dup)
                throw new JsonInputException(file, $"{dup.Path}.{dup.Key}", Verifier.Json.DuplicateKeys.Describe(dup));
        }
        catch (JsonException e) { throw From(file, e, discriminator); }
        try { return parse(utf8); }
        catch (JsonInputException) { throw; }
        catch (JsonException e) { throw From(file, e, discriminator); }
        catch (NotSupportedException e) when (PathAndLine().Match(e.Message) is { Success: true } m && e.Message.Contains("type discriminator", StringComparison.Ordinal))
        {
            // System.Text.Json reports a polymorphic object without its discriminator this way, not as a JsonException.
            throw new JsonInputException(file, m.Groups[1].Value, $"missing \"{discriminator}\"", long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) + 1);
        }
        catch (BundleFormatException e) { throw new JsonInputException(file, AsPath(e.Field), e.Problem); }
        catch (ConfigException e) { throw new JsonInputException(file, AsPath(e.Field), e.Message[$"config {e.Field}: ".Length..]); }
        catch (Groth16Exception e) { throw new JsonInputException(file, AsPath(e.Field), e.Message[$"{e.Field}: ".Length..]); }
    }

    /// <summary>A System.Text.Json failure as the user should read it: path, 1-based line and the problem.</summary>
    public static JsonInputException From(string file, JsonException e, string discriminator = "kind") =>
        new(file, e.Path ?? "$", Describe(e, discriminator), (e.LineNumber ?? -1) + 1);

    private static string AsPath(string field) => field is "(root)" or "" ? "$" : field.StartsWith('$') ? field : "$." + field;

    /// <summary>The problem in a System.Text.Json message, without its path suffix, reader advice or .NET type names.</summary>
    public static string Describe(JsonException e, string discriminator = "kind")
    {
        string m = e.Message;
        foreach (var suffix in new[] { " Path: ", " LineNumber: " })
        {
            int at = m.IndexOf(suffix, StringComparison.Ordinal);
            if (at >= 0) m = m[..at];
        }
        // A number out of its type's range names the type only in the inner exception.
        if (e.InnerException is { } inner && OutOfBounds().Match(inner.Message) is { Success: true } o) return "expected " + Expected("System." + o.Groups[1].Value);
        if (ConvertedTo().Match(m) is { Success: true } c) return "expected " + Expected(c.Groups[1].Value);
        if (MissingRequired().Match(m) is { Success: true } r) return $"missing required property {r.Groups[1].Value}";
        if (Unmapped().Match(m) is { Success: true } u) return $"unknown property '{u.Groups[1].Value}'";
        if (Discriminator().Match(m) is { Success: true } d) return $"unknown \"{discriminator}\" value '{d.Groups[1].Value}'";
        if (m.Contains("abstract types", StringComparison.Ordinal)) return $"missing \"{discriminator}\"";
        // Drop the reader's advice ("Change the reader options.") and any sentence naming a .NET type.
        var sentences = m.Split(". ", StringSplitOptions.RemoveEmptyEntries)
            .Where(x => !x.Contains("reader options", StringComparison.Ordinal) && !x.Contains("IsFinalBlock", StringComparison.Ordinal))
            .Select(x => TypeName().Replace(x, "value"));
        string text = string.Join(". ", sentences).TrimEnd('.', ' ');
        return text.Length == 0 ? "not valid JSON" : "not valid JSON: " + text;
    }

    private static string Expected(string type) => type switch
    {
        "System.Int32" => Range(int.MinValue, int.MaxValue),
        "System.Int64" => Range(long.MinValue, long.MaxValue),
        "System.UInt64" => Range(ulong.MinValue, ulong.MaxValue),
        "System.UInt32" => Range(uint.MinValue, uint.MaxValue),
        "System.Int16" => Range(short.MinValue, short.MaxValue),
        "System.Byte" => Range(byte.MinValue, byte.MaxValue),
        "System.Boolean" => "true or false",
        "System.String" => "a string",
        _ when type.EndsWith("[]", StringComparison.Ordinal) || type.Contains("List`", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    private static string Range<T>(T min, T max) where T : IFormattable =>
        $"an integer in [{min.ToString(null, CultureInfo.InvariantCulture)}, {max.ToString(null, CultureInfo.InvariantCulture)}]";

    [GeneratedRegex(@"could not be converted to ([\w.+`\[\],]+?)\.?$")]
    private static partial Regex ConvertedTo();
    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();
    [GeneratedRegex(@"The JSON property '(.+?)' could not be mapped")]
    private static partial Regex Unmapped();
    [GeneratedRegex(@"unrecognized type discriminator id '(.*?)'")]
    private static partial Regex Discriminator();
    [GeneratedRegex(@"out of bounds for an? (\w+)")]
    private static partial Regex OutOfBounds();
    [GeneratedRegex(@"Path: (\S+) \| LineNumber: (\d+)")]
    private static partial Regex PathAndLine();
    [GeneratedRegex(@"'?\b(System|Settlement)\.[\w.+`\[\]]+'?")]
    private static partial Regex TypeName();
}
