using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Service;

/// <summary>
/// An exit claim as JSON (docs/cli-json.md, "Exit claim"): exactly what <see cref="VenueVerifier.VerifyExitClaim"/>
/// takes, so that a trader can hand the file to any venue's verifier without the prover.
/// <code>
/// { "account": 1, "salt": "0x…", "nonce": 3, "balances": [V·C integers, venue-major],
///   "slots": [{ "instrument": 0, "venue": 0, "qty": 0 }, … MaxPositions], "siblings": ["0x…", … 3·D: three per level, leaf level first],
///   "epochHash": "0x…" }
/// </code>
/// Field elements are 0x-prefixed lowercase hex of their 32 big-endian bytes; integers are JSON numbers.
/// </summary>
public static class ExitClaimFile
{
    private static readonly string[] Fields = ["account", "salt", "nonce", "balances", "slots", "siblings", "epochHash"];

    public static JsonObject ToJson(ExitClaim c) => new()
    {
        ["account"] = c.AccountId,
        ["salt"] = Hex(c.Salt),
        ["nonce"] = c.Nonce,
        ["balances"] = new JsonArray([.. c.Balances.Select(b => (JsonNode)b)]),
        ["slots"] = new JsonArray([.. c.Slots.Select(s => (JsonNode)new JsonObject { ["instrument"] = s.Instrument, ["venue"] = s.Venue, ["qty"] = s.Qty })]),
        ["siblings"] = new JsonArray([.. c.Siblings.Select(x => (JsonNode)Hex(x))]),
        ["epochHash"] = Hex(c.EpochHash),
    };

    public static string Write(ExitClaim c) => ToJson(c).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>
    /// Reads a claim file: the claim object itself, or the output of <c>settle exit-claim --json</c> (the claim under
    /// <c>"claim"</c>). Errors name the file, the JSON path and the problem.
    /// </summary>
    public static ExitClaim Read(string path) => JsonInput.Load(path, bytes =>
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        string at = "$";
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("claim", out var inner)) { root = inner; at = "$.claim"; }
        var r = new Reader(path);
        r.Object(root, at);
        foreach (var p in root.EnumerateObject())
            if (!Fields.Contains(p.Name)) throw r.Error($"{at}.{p.Name}", "unknown property");
        return new ExitClaim(
            r.UInt(r.Get(root, at, "account"), $"{at}.account"),
            r.Field(r.Get(root, at, "salt"), $"{at}.salt"),
            r.Int(r.Get(root, at, "nonce"), $"{at}.nonce", 0, long.MaxValue),
            r.Array(r.Get(root, at, "balances"), $"{at}.balances", (e, p) => r.Int(e, p, long.MinValue, long.MaxValue)),
            r.Array(r.Get(root, at, "slots"), $"{at}.slots", (e, p) =>
            {
                r.Object(e, p);
                foreach (var q in e.EnumerateObject())
                    if (q.Name is not ("instrument" or "venue" or "qty")) throw r.Error($"{p}.{q.Name}", "unknown property");
                return new PositionSlot((int)r.Int(r.Get(e, p, "instrument"), $"{p}.instrument", 0, int.MaxValue),
                    (int)r.Int(r.Get(e, p, "venue"), $"{p}.venue", 0, int.MaxValue), r.Int(r.Get(e, p, "qty"), $"{p}.qty", long.MinValue, long.MaxValue));
            }),
            r.Array(r.Get(root, at, "siblings"), $"{at}.siblings", r.Field),
            r.Field(r.Get(root, at, "epochHash"), $"{at}.epochHash"));
    });

    private static string Hex(in Fr x) => "0x" + x.ToHex();

    private sealed class Reader(string file)
    {
        public JsonInputException Error(string path, string problem) => new(file, path, problem);

        public void Object(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object) throw Error(path, "expected an object");
        }

        public JsonElement Get(JsonElement o, string path, string name) =>
            o.TryGetProperty(name, out var v) ? v : throw Error($"{path}.{name}", "missing");

        public long Int(JsonElement e, string path, long min, long max)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long v) || v < min || v > max)
                throw Error(path, $"expected an integer in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got {e.GetRawText()}");
            return v;
        }

        public ulong UInt(JsonElement e, string path) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out ulong v) ? v
                : throw Error(path, $"expected an integer in [0, {ulong.MaxValue.ToString(CultureInfo.InvariantCulture)}], got {e.GetRawText()}");

        public Fr Field(JsonElement e, string path)
        {
            string? s = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            return Fr.TryParseHex(s, out var x, out var error) ? x : throw Error(path, $"{error}, got {e.GetRawText()}");
        }

        public T[] Array<T>(JsonElement e, string path, Func<JsonElement, string, T> item)
        {
            if (e.ValueKind != JsonValueKind.Array) throw Error(path, "expected an array");
            return [.. e.EnumerateArray().Select((x, i) => item(x, $"{path}[{i}]"))];
        }
    }
}
