using System.Globalization;
using System.Text.Json;
using Settlement.Circuits.Native;

namespace Settlement.Prover.Engine;

public sealed record VenueConfig(string Name, long LatencyMs, byte[] PublicKey);

/// <summary>An asset: <c>Decimals</c> are its settlement decimals (amounts count 10^−decimals units); σ caps per √ms at 10¹².</summary>
public sealed record AssetConfig(string Symbol, int Decimals, long SigmaMin, long SigmaMax);

public enum InstrumentKind { Perpetual = 0, Call = 1, Put = 2 }

/// <summary>An instrument on <c>Underlying</c>, cash legs paid in <c>QuoteAsset</c>. Options have a strike (VU) and expiry (ms).</summary>
public sealed record InstrumentConfig(string Symbol, InstrumentKind Kind, int Underlying, int QuoteAsset, long Strike, long Expiry);

public sealed record CommitteeConfig(IReadOnlyList<byte[]> PublicKeys, int Quorum);

/// <summary>A grid point: shock in 1/60 of the range, weight in 1/100.</summary>
public sealed record ScenarioPoint(int Shock, int Weight);

public sealed record MarginConfig(
    long ZIm, long ZMm, long CloseOutMs, long HaircutFloor, long HaircutCap, long SigmaStep, long Breaker,
    long TradeBand, long LiquidationBand, IReadOnlyList<ScenarioPoint> Grid);

/// <summary>
/// Everything a deployment fixes (SPEC §1, docs/spec.md §7). Load with <see cref="FromJson"/>, which validates every
/// field and names the failing one; construct directly only in code that then calls <see cref="Validate"/>.
/// </summary>
public sealed record SettlementConfig(
    ulong DeploymentId, int TreeDepth, int MaxOps, int MaxPositions,
    IReadOnlyList<VenueConfig> Venues, IReadOnlyList<AssetConfig> Assets, IReadOnlyList<InstrumentConfig> Instruments,
    CommitteeConfig Oracle, long FreshnessWindowMs, CommitteeConfig RiskCommittee, MarginConfig Margin)
{
    public const int PublicKeyLength = 48;
    public int V => Venues.Count;
    public int C => Assets.Count;
    public int NI => Instruments.Count;

    public static SettlementConfig FromJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ConfigException("$", $"not valid JSON: {e.Message}"); }
        using (doc)
        {
            var r = new JsonObj(doc.RootElement, "$");
            var oracle = r.Child("oracle");
            var risk = r.Child("riskCommittee");
            var m = r.Child("margin");
            var cfg = new SettlementConfig(
                (ulong)r.Long("deploymentId", 0, long.MaxValue),
                (int)r.Long("treeDepth", 1, 32),
                (int)r.Long("maxOps", 1, 1 << 16),
                (int)r.Long("maxPositions", 1, 255),
                r.Array("venues", 1, 255, (o, p) => new VenueConfig(o.String("name"), o.Long("latencyMs", 0, Scales.MillisecondsBound - 1), o.Key("publicKey"))),
                r.Array("assets", 1, 64, (o, p) => new AssetConfig(o.String("symbol"), (int)o.Long("decimals", 0, Scales.MaxAssetDecimals),
                    o.Long("sigmaMin", 0, Scales.SigmaBound - 1), o.Long("sigmaMax", 0, Scales.SigmaBound - 1))),
                r.Array("instruments", 0, 1 << 16, (o, p) =>
                {
                    var kind = o.String("kind") switch
                    {
                        "perpetual" => InstrumentKind.Perpetual, "call" => InstrumentKind.Call, "put" => InstrumentKind.Put,
                        var k => throw new ConfigException(p + ".kind", $"'{k}' is not one of perpetual, call, put"),
                    };
                    bool option = kind != InstrumentKind.Perpetual;
                    return new InstrumentConfig(o.String("symbol"), kind, (int)o.Long("underlying", 0, 63), (int)o.Long("quoteAsset", 0, 63),
                        option ? o.Long("strike", 1, Scales.PriceBound - 1) : o.Absent("strike", 0),
                        option ? o.Long("expiry", 1, Scales.TimestampBound - 1) : o.Absent("expiry", 0));
                }),
                new CommitteeConfig(oracle.Array("publicKeys", 1, 64, (o, p) => o.KeyAt(p)), (int)oracle.Long("quorum", 1, 64)),
                oracle.Long("freshnessWindowMs", 1, Scales.MillisecondsBound - 1),
                new CommitteeConfig(risk.Array("publicKeys", 1, 64, (o, p) => o.KeyAt(p)), (int)risk.Long("quorum", 1, 64)),
                new MarginConfig(
                    m.Long("zIm", 1, Scales.ZBound - 1), m.Long("zMm", 1, Scales.ZBound - 1), m.Long("closeOutMs", 0, Scales.MillisecondsBound - 1),
                    m.Long("haircutFloor", 0, Scales.Ppm - 1), m.Long("haircutCap", 0, Scales.Ppm - 1), m.Long("sigmaStep", 0, Scales.MillisecondsBound - 1),
                    m.Long("breaker", 0, Scales.MillisecondsBound - 1), m.Long("tradeBand", 0, Scales.MillisecondsBound - 1),
                    m.Long("liquidationBand", 0, Scales.MillisecondsBound - 1),
                    m.Array("grid", 1, 32, (o, p) => new ScenarioPoint((int)o.Long("shock", -(Scales.ShockBound - 1), Scales.ShockBound - 1),
                        (int)o.Long("weight", 0, Scales.WeightBound - 1)))));
            r.NoOthers(); oracle.NoOthers(); risk.NoOthers(); m.NoOthers();
            cfg.Validate();
            return cfg;
        }
    }

    /// <summary>Checks the rules between fields (docs/spec.md §7); throws <see cref="ConfigException"/> naming the field.</summary>
    public void Validate()
    {
        static void Need(bool ok, string field, string message) { if (!ok) throw new ConfigException(field, message); }
        Need(TreeDepth is >= 1 and <= 32, "$.treeDepth", $"{TreeDepth} is not in 1..32");
        Need(MaxOps >= 1, "$.maxOps", "must be at least 1");
        Need(MaxPositions is >= 1 and <= 255, "$.maxPositions", $"{MaxPositions} is not in 1..255");
        Need(V is >= 1 and <= 255, "$.venues", $"{V} venues, need 1..255");
        Need(C is >= 1 and <= 64, "$.assets", $"{C} assets, need 1..64 (haltedMask is 64 bits)");
        for (int v = 0; v < V; v++)
        {
            Need(Venues[v].LatencyMs is >= 0 and < Scales.MillisecondsBound, $"$.venues[{v}].latencyMs", "must be in [0, 2^32)");
            CheckKey(Venues[v].PublicKey, $"$.venues[{v}].publicKey");
        }
        for (int c = 0; c < C; c++)
        {
            var a = Assets[c];
            Need(a.Decimals is >= 0 and <= Scales.MaxAssetDecimals, $"$.assets[{c}].decimals", $"{a.Decimals} is not in 0..18");
            Need(a.SigmaMin >= 0 && a.SigmaMax < Scales.SigmaBound, $"$.assets[{c}].sigmaMax", "σ caps must lie in [0, 2^48)");
            Need(a.SigmaMin <= a.SigmaMax, $"$.assets[{c}].sigmaMin", $"sigmaMin {a.SigmaMin} exceeds sigmaMax {a.SigmaMax}");
        }
        Need(NI < 1 << 16, "$.instruments", "at most 65535 instruments");
        for (int i = 0; i < NI; i++)
        {
            var ins = Instruments[i];
            Need(ins.Underlying >= 0 && ins.Underlying < C, $"$.instruments[{i}].underlying", $"asset {ins.Underlying} does not exist ({C} assets)");
            Need(ins.QuoteAsset >= 0 && ins.QuoteAsset < C, $"$.instruments[{i}].quoteAsset", $"asset {ins.QuoteAsset} does not exist ({C} assets)");
            Need(ins.QuoteAsset != ins.Underlying, $"$.instruments[{i}].quoteAsset", "must differ from the underlying");
            if (ins.Kind == InstrumentKind.Perpetual)
                Need(ins.Strike == 0 && ins.Expiry == 0, $"$.instruments[{i}].strike", "a perpetual has no strike or expiry");
            else
            {
                Need(ins.Strike is >= 1 and < Scales.PriceBound, $"$.instruments[{i}].strike", "must be in [1, 2^56)");
                Need(ins.Expiry is >= 1 and < Scales.TimestampBound, $"$.instruments[{i}].expiry", "must be in [1, 2^48)");
            }
        }
        CheckCommittee(Oracle, "$.oracle");
        CheckCommittee(RiskCommittee, "$.riskCommittee");
        Need(FreshnessWindowMs is >= 1 and < Scales.MillisecondsBound, "$.oracle.freshnessWindowMs", "must be in [1, 2^32)");
        var m = Margin;
        Need(m.ZMm >= 1 && m.ZIm < Scales.ZBound, "$.margin.zIm", "z must lie in [1, 2^20)");
        Need(m.ZIm > m.ZMm, "$.margin.zIm", $"zIm {m.ZIm} must exceed zMm {m.ZMm}");
        Need(m.CloseOutMs is >= 0 and < Scales.MillisecondsBound, "$.margin.closeOutMs", "must be in [0, 2^32)");
        Need(m.HaircutFloor >= 0, "$.margin.haircutFloor", "must not be negative");
        Need(m.HaircutCap < Scales.Ppm, "$.margin.haircutCap", "must be below 1,000,000 ppm");
        Need(m.HaircutFloor <= m.HaircutCap, "$.margin.haircutFloor", $"floor {m.HaircutFloor} exceeds cap {m.HaircutCap}");
        foreach (var (name, x) in new[] { ("sigmaStep", m.SigmaStep), ("breaker", m.Breaker), ("tradeBand", m.TradeBand), ("liquidationBand", m.LiquidationBand) })
            Need(x is >= 0 and < Scales.MillisecondsBound, $"$.margin.{name}", "must be in [0, 2^32) ppm");
        Need(m.Grid.Count is >= 1 and <= 32, "$.margin.grid", "needs 1..32 points");
        bool hasZero = false;
        for (int k = 0; k < m.Grid.Count; k++)
        {
            var g = m.Grid[k];
            Need(Math.Abs((long)g.Shock) < Scales.ShockBound, $"$.margin.grid[{k}].shock", "|shock| must be below 2^12");
            Need(g.Weight is >= 0 and < (int)Scales.WeightBound, $"$.margin.grid[{k}].weight", "must be in [0, 2^12)");
            for (int j = 0; j < k; j++) Need(m.Grid[j].Shock != g.Shock, $"$.margin.grid[{k}].shock", $"shock {g.Shock} appears twice");
            hasZero |= g.Shock == 0;
        }
        Need(hasZero, "$.margin.grid", "must contain the zero shock (so that every requirement is at least 0)");
    }

    private static void CheckCommittee(CommitteeConfig c, string path)
    {
        int n = c.PublicKeys.Count;
        if (n is < 1 or > 64) throw new ConfigException(path + ".publicKeys", $"{n} members, need 1..64");
        for (int j = 0; j < n; j++) CheckKey(c.PublicKeys[j], $"{path}.publicKeys[{j}]");
        if (c.Quorum < 1 || c.Quorum > n) throw new ConfigException(path + ".quorum", $"{c.Quorum} is not in 1..{n}");
        if (2 * c.Quorum <= n) throw new ConfigException(path + ".quorum", $"{c.Quorum} of {n} is not a majority");
    }

    private static void CheckKey(byte[] key, string field)
    {
        if (key is null || key.Length != PublicKeyLength) throw new ConfigException(field, $"a compressed G1 public key has {PublicKeyLength} bytes, got {key?.Length ?? 0}");
        // Compressed-form flag (ZCash encoding); curve and subgroup membership are checked by the verifier's key loader.
        if ((key[0] & 0x80) == 0) throw new ConfigException(field, "not a compressed G1 point (top bit of the first byte is clear)");
        if ((key[0] & 0x40) != 0) throw new ConfigException(field, "the point at infinity is not a valid public key");
    }

    /// <summary>A JSON object being read, with its path for errors; tracks which properties were read.</summary>
    private sealed class JsonObj(JsonElement e, string path)
    {
        private readonly HashSet<string> _seen = [];
        private readonly JsonElement _e = e.ValueKind == JsonValueKind.Object ? e : throw new ConfigException(path, $"expected an object, got {e.ValueKind}");

        private JsonElement Get(string name)
        {
            _seen.Add(name);
            if (!_e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) throw new ConfigException($"{path}.{name}", "is missing");
            return v;
        }

        public long Long(string name, long min, long max)
        {
            var v = Get(name);
            string p = $"{path}.{name}";
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out long x))
                throw new ConfigException(p, $"expected an integer, got {v.GetRawText()}");
            if (x < min || x > max) throw new ConfigException(p, $"{x.ToString(CultureInfo.InvariantCulture)} is not in [{min}, {max}]");
            return x;
        }

        public long Absent(string name, long value)
        {
            _seen.Add(name);
            if (_e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
                throw new ConfigException($"{path}.{name}", "is only allowed for options");
            return value;
        }

        public string String(string name)
        {
            var v = Get(name);
            if (v.ValueKind != JsonValueKind.String) throw new ConfigException($"{path}.{name}", $"expected a string, got {v.ValueKind}");
            return v.GetString()!;
        }

        public byte[] Key(string name) => ParseKey(Get(name), $"{path}.{name}");

        public JsonObj Child(string name) => new(Get(name), $"{path}.{name}");

        public IReadOnlyList<T> Array<T>(string name, int minCount, int maxCount, Func<JsonObj, string, T> read)
        {
            var v = Get(name);
            string p = $"{path}.{name}";
            if (v.ValueKind != JsonValueKind.Array) throw new ConfigException(p, $"expected an array, got {v.ValueKind}");
            int n = v.GetArrayLength();
            if (n < minCount || n > maxCount) throw new ConfigException(p, $"has {n} entries, need {minCount}..{maxCount}");
            var list = new List<T>(n);
            int i = 0;
            foreach (var item in v.EnumerateArray())
            {
                string ip = $"{p}[{i++}]";
                if (item.ValueKind == JsonValueKind.String) list.Add(read(new JsonObj(default, ip, item), ip));
                else { var o = new JsonObj(item, ip); list.Add(read(o, ip)); o.NoOthers(); }
            }
            return list;
        }

        // A string array element (a key) has no object around it.
        private readonly JsonElement _scalar;
        private JsonObj(JsonElement _, string p, JsonElement scalar) : this(EmptyObject, p) { _scalar = scalar; }
        private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

        public byte[] KeyAt(string p) => ParseKey(_scalar, p);

        private static byte[] ParseKey(JsonElement v, string p)
        {
            if (v.ValueKind != JsonValueKind.String) throw new ConfigException(p, "expected a hex string");
            string s = v.GetString()!;
            if (s.StartsWith("0x", StringComparison.Ordinal)) s = s[2..];
            try { return Convert.FromHexString(s); }
            catch (FormatException) { throw new ConfigException(p, "is not valid hex"); }
        }

        public void NoOthers()
        {
            foreach (var prop in _e.EnumerateObject())
                if (!_seen.Contains(prop.Name)) throw new ConfigException($"{path}.{prop.Name}", "is not a known field");
        }
    }
}
