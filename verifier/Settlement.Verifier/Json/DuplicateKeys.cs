using System.Text.Json;

namespace Settlement.Verifier.Json;

/// <summary>
/// System.Text.Json keeps the last of two equal property names, so <c>{"venue": 1, "venue": 2}</c> would read as
/// venue 2 while another reader sees venue 1. Every reader of a settlement file refuses duplicates with this check.
/// </summary>
internal static class DuplicateKeys
{
    /// <summary>The first property name that occurs twice in one object (depth first), with the object's JSON path; null when none.</summary>
    public static (string Path, string Key)? Find(JsonElement e, string path = "$")
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                    if (!seen.Add(p.Name)) return (path, p.Name);
                foreach (var p in e.EnumerateObject())
                    if (Find(p.Value, $"{path}.{p.Name}") is { } inner) return inner;
                return null;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray())
                    if (Find(item, $"{path}[{i++}]") is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    /// <summary>The standard message: the duplicated key and where it is.</summary>
    public static string Describe((string Path, string Key) d) => $"the key \"{d.Key}\" appears twice in the object at {d.Path}";
}
