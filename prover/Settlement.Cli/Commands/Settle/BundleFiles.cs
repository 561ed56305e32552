using System.Text;
using Settlement.Prover.Service;
using Settlement.Verifier.Bundles;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Bundle files as the CLI takes them: binary (docs/spec.md §8.1) or, for a .json name, the JSON view (§8.2).</summary>
internal static class BundleFiles
{
    public static bool IsJson(string path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Decodes a bundle file. A file that cannot be read is an input error (thrown); one that is read but does not
    /// decode is returned as <paramref name="problem"/> (file, field or JSON path, and what is wrong), for a verifier to
    /// reject as Malformed.
    /// </summary>
    public static SettlementBundle? TryRead(string path, out string? problem)
    {
        byte[] raw = JsonInput.ReadBytes(path);
        problem = null;
        try
        {
            return IsJson(path)
                ? JsonInput.Parse(path, raw, b => SettlementBundle.FromJson(Encoding.UTF8.GetString(b)))
                : SettlementBundle.FromBytes(raw);
        }
        catch (JsonInputException e) { problem = e.Message; }
        catch (BundleFormatException e) { problem = $"{path}: {e.Message}"; }
        return null;
    }

    /// <summary>Decodes a bundle file or throws an input error naming the file and the problem.</summary>
    public static SettlementBundle Read(string path) =>
        TryRead(path, out var problem) ?? throw new Groth16.InputException(problem!);
}
