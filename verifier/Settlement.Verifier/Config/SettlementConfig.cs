using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Json;
using Settlement.Verifier.Poseidon.Merkle;
using PoseidonHash = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Verifier.Config;

/// <summary>
/// A BLS public key (48 bytes, compressed G1) with its proof of possession (96 bytes, compressed G2: PopProve of
/// <see cref="PopScheme"/>). Aggregate verification is only sound over keys whose possession was proven (a key
/// registered as x·G − pk_honest would otherwise meet a quorum alone), so every key of a deployment carries one.
/// </summary>
public sealed record RegisteredKey(byte[] PublicKey, byte[] Pop)
{
    /// <summary>The key of <paramref name="sk"/> with its proof of possession.</summary>
    public static RegisteredKey Of(SecretKey sk) => new(PopScheme.SkToPk(sk).ToBytes(), PopScheme.PopProve(sk).ToBytes());
}

/// <summary>A venue of the deployment; its index in <see cref="SettlementConfig.Venues"/> is its venue id.</summary>
/// <param name="Name">Display name (not hashed).</param>
/// <param name="LatencyMs">τ_v, the venue's latency in ms, in [0, 2³²): a slower venue gets larger haircuts and
/// ranges.</param>
/// <param name="Key">The venue's BLS key, with which it signs batch digests, and its proof of possession.</param>
public sealed record VenueConfig(string Name, long LatencyMs, RegisteredKey Key)
{
    /// <summary>The 48-byte compressed G1 public key (<see cref="RegisteredKey.PublicKey"/>).</summary>
    public byte[] PublicKey => Key.PublicKey;
}

/// <summary>An asset: <c>Decimals</c> are its settlement decimals (amounts count 10^−decimals units); σ caps per √ms at 10¹².</summary>
public sealed record AssetConfig(string Symbol, int Decimals, long SigmaMin, long SigmaMax);

/// <summary>What an instrument is; the value is its code in the configHash encoding.</summary>
public enum InstrumentKind
{
    /// <summary>A perpetual future: no strike, no expiry.</summary>
    Perpetual = 0,
    /// <summary>A call option with a strike and an expiry.</summary>
    Call = 1,
    /// <summary>A put option with a strike and an expiry.</summary>
    Put = 2,
}

/// <summary>An instrument on <c>Underlying</c>, cash legs paid in <c>QuoteAsset</c>. Options have a strike (VU) and expiry (ms).</summary>
public sealed record InstrumentConfig(string Symbol, InstrumentKind Kind, int Underlying, int QuoteAsset, long Strike, long Expiry);

/// <summary>An oracle or risk committee: its members' keys (index = member id in signer bitmaps) and the quorum.</summary>
public sealed record CommitteeConfig(IReadOnlyList<RegisteredKey> Members, int Quorum);

/// <summary>A grid point: shock in 1/60 of the range, weight in 1/100.</summary>
public sealed record ScenarioPoint(int Shock, int Weight);

/// <summary>The margin parameters (docs/spec.md §1.1, §2). Ppm values are parts per million.</summary>
/// <param name="ZIm">Initial-margin confidence multiplier z_IM at 10⁴ (2.3263 → 23 263), in [1, 2²⁰) and above
/// <paramref name="ZMm"/>.</param>
/// <param name="ZMm">Maintenance-margin confidence multiplier z_MM at 10⁴, in [1, 2²⁰).</param>
/// <param name="CloseOutMs">τ_close, the close-out horizon in ms, in [0, 2³²).</param>
/// <param name="HaircutFloor">Lowest haircut, ppm; 0 ≤ floor ≤ <paramref name="HaircutCap"/>.</param>
/// <param name="HaircutCap">Highest haircut, ppm, below 10⁶.</param>
/// <param name="SigmaStep">Largest relative change of σ between risk updates, ppm, in [0, 2³²).</param>
/// <param name="Breaker">β: a price move beyond this fraction (ppm) of the previous price halts the asset for the batch.</param>
/// <param name="TradeBand">Largest deviation (ppm) of a trade price from the mark.</param>
/// <param name="LiquidationBand">Largest deviation (ppm) of a liquidation price from the mark.</param>
/// <param name="MarkBand">Largest deviation (ppm) of a perpetual's mark from its underlying's oracle median in a risk
/// update (docs/spec.md §4 RiskUpdate).</param>
/// <param name="Grid">The scenario grid: 1 to 32 points with distinct shocks, including shock 0.</param>
public sealed record MarginConfig(
    long ZIm, long ZMm, long CloseOutMs, long HaircutFloor, long HaircutCap, long SigmaStep, long Breaker,
    long TradeBand, long LiquidationBand, long MarkBand, IReadOnlyList<ScenarioPoint> Grid);

/// <summary>
/// Everything a deployment fixes (SPEC §1, docs/spec.md §7): what config.json holds. Load with <see cref="FromJson"/>,
/// which validates every field (every key's proof of possession included) and names the failing one; construct
/// directly only in code that then calls <see cref="Validate"/>. The prover, the circuit shapes and
/// <see cref="Venue.VenueTrust"/> all read this one type, and <see cref="Hash"/> and <see cref="GenesisRoot"/> are
/// defined only here.
/// </summary>
public sealed record SettlementConfig(
    ulong DeploymentId, int TreeDepth, int MaxOps, int MaxPositions,
    IReadOnlyList<VenueConfig> Venues, IReadOnlyList<AssetConfig> Assets, IReadOnlyList<InstrumentConfig> Instruments,
    CommitteeConfig Oracle, long FreshnessWindowMs, CommitteeConfig RiskCommittee, MarginConfig Margin)
{
    /// <summary>Bytes of a compressed G1 public key.</summary>
    public const int PublicKeyLength = 48;
    /// <summary>The layout version of the canonical encoding, its first element (docs/spec.md §7).</summary>
    public const long EncodingVersion = 4;
    /// <summary>
    /// The deepest account tree a configuration may ask for, in 4-ary levels: 16 levels hold 2³² accounts, the id width
    /// of docs/spec.md §1.1.
    /// </summary>
    public const int MaxTreeDepth = 16;
    /// <summary>The largest account id: 4^<see cref="TreeDepth"/> − 1 (the tree's last leaf).</summary>
    public ulong MaxAccountId => SparseMerkleTree.MaxIndexOf(TreeDepth);
    /// <summary>
    /// The batch circuit's account registers (docs/spec.md §10): each account a batch touches takes one, so a batch
    /// touching more is refused. In 2..2·<see cref="MaxOps"/> (a trade needs two; MaxOps ops touch at most 2·MaxOps
    /// accounts); 2·MaxOps unless set. Part of the configHash: it fixes the circuit, as MaxOps does.
    /// </summary>
    public int MaxAccounts { get => _maxAccounts ?? 2 * MaxOps; init => _maxAccounts = value; }
    private readonly int? _maxAccounts;
    /// <summary>The fewest account registers a deployment may have: a trade touches two accounts.</summary>
    public const int MinAccounts = 2;
    /// <summary>V, the number of venues.</summary>
    public int V => Venues.Count;
    /// <summary>C, the number of assets.</summary>
    public int C => Assets.Count;
    /// <summary>NI, the number of instruments.</summary>
    public int NI => Instruments.Count;

    /// <summary>
    /// Reads and validates config.json (docs/spec.md §7): strict JSON (unknown or duplicated keys are errors), every range
    /// and rule, and every key's KeyValidate and proof of possession. Throws <see cref="ConfigException"/> naming the JSON path.
    /// </summary>
    public static SettlementConfig FromJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new ConfigException("$", $"not valid JSON: {e.Message}"); }
        using (doc)
        {
            if (DuplicateKeys.Find(doc.RootElement) is { } dup) throw new ConfigException($"{dup.Path}.{dup.Key}", DuplicateKeys.Describe(dup));
            var r = new JsonObj(doc.RootElement, "$");
            var oracle = r.Child("oracle");
            var risk = r.Child("riskCommittee");
            var m = r.Child("margin");
            var cfg = new SettlementConfig(
                (ulong)r.Long("deploymentId", 0, long.MaxValue),
                (int)r.Long("treeDepth", 1, MaxTreeDepth),
                (int)r.Long("maxOps", 1, 1 << 16),
                (int)r.Long("maxPositions", 1, 255),
                r.Array("venues", 1, 255, (o, p) => new VenueConfig(o.String("name"), o.Long("latencyMs", 0, ConfigLimits.MillisecondsBound - 1), new RegisteredKey(o.Hex("publicKey"), o.Hex("pop")))),
                r.Array("assets", 1, 64, (o, p) => new AssetConfig(o.String("symbol"), (int)o.Long("decimals", 0, ConfigLimits.MaxAssetDecimals),
                    o.Long("sigmaMin", 0, ConfigLimits.SigmaBound - 1), o.Long("sigmaMax", 0, ConfigLimits.SigmaBound - 1))),
                r.Array("instruments", 0, 1 << 16, (o, p) =>
                {
                    var kind = o.String("kind") switch
                    {
                        "perpetual" => InstrumentKind.Perpetual, "call" => InstrumentKind.Call, "put" => InstrumentKind.Put,
                        var k => throw new ConfigException(p + ".kind", $"'{k}' is not one of perpetual, call, put"),
                    };
                    bool option = kind != InstrumentKind.Perpetual;
                    return new InstrumentConfig(o.String("symbol"), kind, (int)o.Long("underlying", 0, 63), (int)o.Long("quoteAsset", 0, 63),
                        option ? o.Long("strike", 1, ConfigLimits.PriceBound - 1) : o.Absent("strike", 0),
                        option ? o.Long("expiry", 1, ConfigLimits.TimestampBound - 1) : o.Absent("expiry", 0));
                }),
                new CommitteeConfig(oracle.Array("members", 1, 64, (o, p) => new RegisteredKey(o.Hex("publicKey"), o.Hex("pop"))), (int)oracle.Long("quorum", 1, 64)),
                oracle.Long("freshnessWindowMs", 1, ConfigLimits.MillisecondsBound - 1),
                new CommitteeConfig(risk.Array("members", 1, 64, (o, p) => new RegisteredKey(o.Hex("publicKey"), o.Hex("pop"))), (int)risk.Long("quorum", 1, 64)),
                new MarginConfig(
                    m.Long("zIm", 1, ConfigLimits.ZBound - 1), m.Long("zMm", 1, ConfigLimits.ZBound - 1), m.Long("closeOutMs", 0, ConfigLimits.MillisecondsBound - 1),
                    m.Long("haircutFloor", 0, ConfigLimits.Ppm - 1), m.Long("haircutCap", 0, ConfigLimits.Ppm - 1), m.Long("sigmaStep", 0, ConfigLimits.MillisecondsBound - 1),
                    m.Long("breaker", 0, ConfigLimits.MillisecondsBound - 1), m.Long("tradeBand", 0, ConfigLimits.MillisecondsBound - 1),
                    m.Long("liquidationBand", 0, ConfigLimits.MillisecondsBound - 1), m.Long("markBand", 0, ConfigLimits.MillisecondsBound - 1),
                    m.Array("grid", 1, 32, (o, p) => new ScenarioPoint((int)o.Long("shock", -(ConfigLimits.ShockBound - 1), ConfigLimits.ShockBound - 1),
                        (int)o.Long("weight", 0, ConfigLimits.WeightBound - 1)))));
            if (r.OptionalLong("maxAccounts", int.MinValue, int.MaxValue) is { } maxAccounts) cfg = cfg with { MaxAccounts = (int)maxAccounts };
            r.NoOthers(); oracle.NoOthers(); risk.NoOthers(); m.NoOthers();
            cfg.Validate();
            return cfg;
        }
    }

    /// <summary>Checks the rules between fields (docs/spec.md §7); throws <see cref="ConfigException"/> naming the field.</summary>
    public void Validate()
    {
        static void Need(bool ok, string field, string message) { if (!ok) throw new ConfigException(field, message); }
        Need(TreeDepth is >= 1 and <= MaxTreeDepth, "$.treeDepth", $"{TreeDepth} is not in 1..{MaxTreeDepth} (4-ary levels)");
        Need(MaxOps >= 1, "$.maxOps", "must be at least 1");
        Need(MaxAccounts >= MinAccounts && MaxAccounts <= 2 * MaxOps, "$.maxAccounts",
            $"{MaxAccounts} is not in {MinAccounts}..{2 * MaxOps} (account registers: a trade touches two accounts, and maxOps = {MaxOps} ops touch at most 2·maxOps)");
        Need(MaxPositions is >= 1 and <= 255, "$.maxPositions", $"{MaxPositions} is not in 1..255");
        Need(V is >= 1 and <= 255, "$.venues", $"{V} venues, need 1..255");
        Need(C is >= 1 and <= 64, "$.assets", $"{C} assets, need 1..64 (haltedMask is 64 bits)");
        for (int v = 0; v < V; v++)
        {
            Need(Venues[v].LatencyMs is >= 0 and < ConfigLimits.MillisecondsBound, $"$.venues[{v}].latencyMs", "must be in [0, 2^32)");
            CheckKey(Venues[v].Key, $"$.venues[{v}]", $"venue {v} ({Venues[v].Name})");
        }
        for (int v = 0; v < V; v++)
            for (int w = 0; w < v; w++)
                Need(!Venues[v].PublicKey.AsSpan().SequenceEqual(Venues[w].PublicKey), $"$.venues[{v}].publicKey", $"venue {v} has the same key as venue {w}");
        for (int c = 0; c < C; c++)
        {
            var a = Assets[c];
            Need(a.Decimals is >= 0 and <= ConfigLimits.MaxAssetDecimals, $"$.assets[{c}].decimals", $"{a.Decimals} is not in 0..18");
            Need(a.SigmaMin >= 0 && a.SigmaMax < ConfigLimits.SigmaBound, $"$.assets[{c}].sigmaMax", "σ caps must lie in [0, 2^48)");
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
                Need(ins.Strike is >= 1 and < ConfigLimits.PriceBound, $"$.instruments[{i}].strike", "must be in [1, 2^56)");
                Need(ins.Expiry is >= 1 and < ConfigLimits.TimestampBound, $"$.instruments[{i}].expiry", "must be in [1, 2^48)");
            }
        }
        CheckCommittee(Oracle, "$.oracle");
        CheckCommittee(RiskCommittee, "$.riskCommittee");
        Need(FreshnessWindowMs is >= 1 and < ConfigLimits.MillisecondsBound, "$.oracle.freshnessWindowMs", "must be in [1, 2^32)");
        var m = Margin;
        Need(m.ZMm >= 1 && m.ZIm < ConfigLimits.ZBound, "$.margin.zIm", "z must lie in [1, 2^20)");
        Need(m.ZIm > m.ZMm, "$.margin.zIm", $"zIm {m.ZIm} must exceed zMm {m.ZMm}");
        Need(m.CloseOutMs is >= 0 and < ConfigLimits.MillisecondsBound, "$.margin.closeOutMs", "must be in [0, 2^32)");
        Need(m.HaircutFloor >= 0, "$.margin.haircutFloor", "must not be negative");
        Need(m.HaircutCap < ConfigLimits.Ppm, "$.margin.haircutCap", "must be below 1,000,000 ppm");
        Need(m.HaircutFloor <= m.HaircutCap, "$.margin.haircutFloor", $"floor {m.HaircutFloor} exceeds cap {m.HaircutCap}");
        foreach (var (name, x) in new[] { ("sigmaStep", m.SigmaStep), ("breaker", m.Breaker), ("tradeBand", m.TradeBand), ("liquidationBand", m.LiquidationBand), ("markBand", m.MarkBand) })
            Need(x is >= 0 and < ConfigLimits.MillisecondsBound, $"$.margin.{name}", "must be in [0, 2^32) ppm");
        Need(m.Grid.Count is >= 1 and <= 32, "$.margin.grid", "needs 1..32 points");
        bool hasZero = false;
        for (int k = 0; k < m.Grid.Count; k++)
        {
            var g = m.Grid[k];
            Need(Math.Abs((long)g.Shock) < ConfigLimits.ShockBound, $"$.margin.grid[{k}].shock", "|shock| must be below 2^12");
            Need(g.Weight is >= 0 and < (int)ConfigLimits.WeightBound, $"$.margin.grid[{k}].weight", "must be in [0, 2^12)");
            for (int j = 0; j < k; j++) Need(m.Grid[j].Shock != g.Shock, $"$.margin.grid[{k}].shock", $"shock {g.Shock} appears twice");
            hasZero |= g.Shock == 0;
        }
        Need(hasZero, "$.margin.grid", "must contain the zero shock (so that every requirement is at least 0)");
    }

    private static void CheckCommittee(CommitteeConfig c, string path)
    {
        string who = path == "$.oracle" ? "oracle" : "risk committee";
        int n = c.Members.Count;
        if (n is < 1 or > 64) throw new ConfigException(path + ".members", $"{n} members, need 1..64");
        for (int j = 0; j < n; j++)
        {
            CheckKey(c.Members[j], $"{path}.members[{j}]", $"{who} member {j}");
            // Two indices with one key would let one holder count twice towards the quorum.
            for (int k = 0; k < j; k++)
                if (c.Members[j].PublicKey.AsSpan().SequenceEqual(c.Members[k].PublicKey))
                    throw new ConfigException($"{path}.members[{j}].publicKey", $"{who} member {j} has the same key as member {k}");
        }
        if (c.Quorum < 1 || c.Quorum > n) throw new ConfigException(path + ".quorum", $"{c.Quorum} is not in 1..{n}");
        if (2 * c.Quorum <= n) throw new ConfigException(path + ".quorum", $"{c.Quorum} of {n} is not a majority");
    }

    /// <summary>
    /// KeyValidate (on the curve, in G1, not the identity) and PopVerify: a key whose proof of possession does not
    /// verify could be a rogue key x·G − pk_honest, which meets a FastAggregateVerify quorum alone (docs/spec.md §7).
    /// </summary>
    private static void CheckKey(RegisteredKey key, string path, string who)
    {
        if (key?.PublicKey is null || key.Pop is null) throw new ConfigException(path, $"{who} has no key");
        if (!PublicKey.TryFromBytes(key.PublicKey, out var pk, out var error))
            throw new ConfigException(path + ".publicKey", $"{who}'s key is not a valid public key ({error}; a compressed G1 point has {PublicKeyLength} bytes)");
        if (!Signature.TryFromBytes(key.Pop, out var pop, out error))
            throw new ConfigException(path + ".pop", $"{who}'s proof of possession is not a valid G2 point ({error}; it has {Signature.ByteLength} bytes)");
        if (!VerifiedPops.ContainsKey(PopCacheKey(key)))
        {
            if (!PopScheme.PopVerify(pk, pop))
                throw new ConfigException(path + ".pop", $"{who}'s proof of possession does not verify for its public key: the key is refused (a rogue key would meet the quorum alone)");
            if (VerifiedPops.Count > 4096) VerifiedPops.Clear();
            VerifiedPops[PopCacheKey(key)] = true;
        }
    }

    // PopVerify costs two pairings; a process that loads one deployment's config many times (the engine, the tests)
    // checks each (key, proof) pair once. Only pairs that verified are remembered, keyed by their exact bytes.
    private static readonly ConcurrentDictionary<string, bool> VerifiedPops = new();
    private static string PopCacheKey(RegisteredKey k) => Convert.ToHexString(k.PublicKey) + Convert.ToHexString(k.Pop);

    /// <summary>The configuration encoding of docs/spec.md §7: the input of <see cref="Hash"/>. Proofs of possession are not part of it.</summary>
    public Fr[] HashElements()
    {
        var m = Margin;
        var e = new List<Fr>();
        void U(long x) => e.Add(Fr.FromUInt64((ulong)x));
        void Key(byte[] k)
        {
            e.Add(Fr.FromBigInteger(new BigInteger(k.AsSpan(0, 24), isUnsigned: true, isBigEndian: true)));
            e.Add(Fr.FromBigInteger(new BigInteger(k.AsSpan(24, 24), isUnsigned: true, isBigEndian: true)));
        }
        U(EncodingVersion); e.Add(Fr.FromUInt64(DeploymentId)); U(TreeDepth); U(V); U(C); U(NI); U(MaxPositions); U(MaxOps); U(MaxAccounts); U(m.Grid.Count);
        U(m.ZIm); U(m.ZMm); U(m.CloseOutMs); U(m.HaircutFloor); U(m.HaircutCap); U(m.SigmaStep); U(m.Breaker);
        U(m.TradeBand); U(m.LiquidationBand); U(m.MarkBand); U(FreshnessWindowMs);
        U(Oracle.Members.Count); U(Oracle.Quorum); U(RiskCommittee.Members.Count); U(RiskCommittee.Quorum);
        foreach (var v in Venues) { U(v.LatencyMs); Key(v.PublicKey); }
        foreach (var a in Assets) { U(a.Decimals); U(a.SigmaMin); U(a.SigmaMax); }
        foreach (var i in Instruments) { U((long)i.Kind); U(i.Underlying); U(i.QuoteAsset); U(i.Strike); U(i.Expiry); }
        foreach (var g in m.Grid) { e.Add(Fr.FromInt64(g.Shock)); U(g.Weight); }
        foreach (var k in Oracle.Members) Key(k.PublicKey);
        foreach (var k in RiskCommittee.Members) Key(k.PublicKey);
        return [.. e];
    }

    /// <summary>The configHash every statement and every signed message carries: Poseidon(<see cref="HashElements"/>, Config).</summary>
    public Fr Hash() => PoseidonHash.Hash(HashElements(), HashDomain.Config);

    /// <summary>The number of elements of the epoch-state list (docs/spec.md §3.3): 3 + 3C + 3NI + 2V + 2VC.</summary>
    public int EpochStateLength => 3 + 3 * C + 3 * NI + 2 * V + 2 * V * C;

    /// <summary>
    /// The root before the first batch (docs/spec.md §3.4): no account (every leaf 0, so the account root is the empty
    /// tree's of depth D) and an epoch state of zeros, root = Hash([emptyRoot(D), Hash(zeros, EpochState)], StateRoot).
    /// </summary>
    public Fr GenesisRoot()
    {
        var emptyAccounts = SparseMerkleTree.EmptyRoots(TreeDepth)[TreeDepth];
        var epoch = PoseidonHash.Hash(new Fr[EpochStateLength], HashDomain.EpochState);
        return AccountLeaf.StateRoot(emptyAccounts, epoch);
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

        public long? OptionalLong(string name, long min, long max)
        {
            if (!_e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) { _seen.Add(name); return null; }
            return Long(name, min, max);
        }

        public string String(string name)
        {
            var v = Get(name);
            if (v.ValueKind != JsonValueKind.String) throw new ConfigException($"{path}.{name}", $"expected a string, got {v.ValueKind}");
            return v.GetString()!;
        }

        public byte[] Hex(string name) => ParseHex(Get(name), $"{path}.{name}");

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
                var o = new JsonObj(item, ip);
                list.Add(read(o, ip));
                o.NoOthers();
            }
            return list;
        }

        private static byte[] ParseHex(JsonElement v, string p)
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

/// <summary>A configuration value is missing or breaks a rule; <see cref="Field"/> is its JSON path.</summary>
public sealed class ConfigException(string field, string message) : Exception($"config {field}: {message}")
{
    /// <summary>
    /// The JSON path of the value, e.g. <c>$.riskCommittee.members[2].pop</c>, or <c>configHash</c> for a hash mismatch.
    /// </summary>
    public string Field { get; } = field;
}
