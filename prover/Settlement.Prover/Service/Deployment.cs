using System.Globalization;
using System.Text;
using System.Text.Json;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls;

namespace Settlement.Prover.Service;

/// <summary>
/// A deployment directory:
/// <code>
/// config.json                       the settlement configuration (docs/spec.md §7)
/// keys/SAMPLE-INSECURE-dev-keys.json secret keys of every venue, oracle and risk member (sample deployments only)
/// keys/transition.pk                 proving key of the transition circuit (INSECURE dev setup, says so in its header)
/// keys/transition.vk.json            its verifying key (snarkjs JSON), what each venue embeds
/// state.db                           the prover's store (SQLite)
/// bundles/batch-&lt;n&gt;.stlb/.json      settled bundles, binary (§8.1) and JSON view (§8.2)
/// venues/venue-&lt;v&gt;.root            each venue's last accepted root (the demo plays every venue on one machine)
/// venues/venue-&lt;v&gt;.submitted.jsonl each venue's journal of its submissions to the prover service
/// venues/venue-&lt;v&gt;.signed          the batch digests each venue signed (one per batch and old root)
/// batches/                           batch files (docs/batch-format.md) written by the demo
/// </code>
/// </summary>
public sealed class Deployment
{
    public string Root { get; }
    public Deployment(string root) => Root = Path.GetFullPath(root);

    public string ConfigPath => Path.Combine(Root, "config.json");
    public string KeysDir => Path.Combine(Root, "keys");
    public string DevKeysPath => Path.Combine(KeysDir, "SAMPLE-INSECURE-dev-keys.json");
    public string ProvingKeyPath => Path.Combine(KeysDir, "transition.pk");
    public string VerifyingKeyPath => Path.Combine(KeysDir, "transition.vk.json");
    public string StorePath => Path.Combine(Root, "state.db");
    public string BundlesDir => Path.Combine(Root, "bundles");
    public string VenuesDir => Path.Combine(Root, "venues");
    public string BatchesDir => Path.Combine(Root, "batches");
    public string BundlePath(long index, string ext) => Path.Combine(BundlesDir, $"batch-{index}.{ext}");
    public string VenueRootPath(int venue) => Path.Combine(VenuesDir, $"venue-{venue}.root");
    /// <summary>Venue v's journal of its submissions to the prover service (<see cref="VenueJournal"/>).</summary>
    public string VenueJournalPath(int venue) => Path.Combine(VenuesDir, $"venue-{venue}.submitted.jsonl");
    /// <summary>The batch digests venue v signed (<see cref="SignLog"/>).</summary>
    public string VenueSignLogPath(int venue) => Path.Combine(VenuesDir, $"venue-{venue}.signed");

    public bool IsInitialized => File.Exists(ConfigPath);
    public bool HasKeys => File.Exists(ProvingKeyPath) && File.Exists(VerifyingKeyPath);

    /// <summary>Reads and validates config.json; errors name the file and the JSON path.</summary>
    public SettlementConfig LoadConfig()
    {
        if (!File.Exists(ConfigPath)) throw new DeploymentException($"no deployment in {Root}: {ConfigPath} is missing (run 'settle init' first)");
        return JsonInput.Load(ConfigPath, b => SettlementConfig.FromJson(Encoding.UTF8.GetString(b)));
    }

    /// <summary>The sample deployment's secret keys (dev only: in production every venue and committee member holds its own).</summary>
    public DevKeys LoadDevKeys()
    {
        if (!File.Exists(DevKeysPath)) throw new DeploymentException($"{DevKeysPath} is missing: this deployment has no sample keys, so it cannot sign as venues or committees");
        return DevKeys.Read(DevKeysPath);
    }
}

/// <summary>A deployment that is missing something or holds something unreadable; the message names the file.</summary>
public sealed class DeploymentException(string message) : Exception(message);

/// <summary>
/// SAMPLE / INSECURE keys of a demo deployment, derived from public seeds: anyone can recompute them. In production each
/// venue signs the batch digest (after checking its own ops) and each committee member its own reports; the prover
/// never holds these keys.
/// </summary>
public sealed record DevKeys(SecretKey[] Venues, SecretKey[] Oracle, SecretKey[] Risk)
{
    public const string Warning = "SAMPLE / INSECURE: these secret keys are derived from public seeds; never use them outside a demo";

    public static DevKeys Derive(int venues, int oracle, int risk)
    {
        static SecretKey[] Keys(string role, int n) => Enumerable.Range(0, n)
            .Select(i => SecretKey.KeyGen(Encoding.ASCII.GetBytes($"SAMPLE INSECURE settlement demo key: {role} #{i} (public seed)"))).ToArray();
        return new DevKeys(Keys("venue", venues), Keys("oracle", oracle), Keys("risk", risk));
    }

    public void Write(string path)
    {
        static string[] Hex(SecretKey[] ks) => [.. ks.Select(k => "0x" + Convert.ToHexString(k.ToBytes()).ToLowerInvariant())];
        var json = JsonSerializer.Serialize(new { warning = Warning, venues = Hex(Venues), oracle = Hex(Oracle), risk = Hex(Risk) },
            new JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path, json);
    }

    public static DevKeys Read(string path) => JsonInput.Load(path, bytes =>
    {
        using var doc = JsonDocument.Parse(bytes);
        SecretKey[] Keys(string name)
        {
            if (!doc.RootElement.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
                throw new JsonInputException(path, $"$.{name}", "expected an array of 0x-prefixed secret keys");
            return [.. list.EnumerateArray().Select((e, i) =>
            {
                try { return SecretKey.FromBytes(Convert.FromHexString(e.GetString() is ['0', 'x', .. var hex] ? hex : throw new FormatException("expected 0x-prefixed hex"))); }
                catch (Exception x) when (x is FormatException or ArgumentException or InvalidOperationException or BlsException)
                {
                    throw new JsonInputException(path, $"$.{name}[{i}]", $"not a secret key ({x.Message})");
                }
            })];
        }
        return new DevKeys(Keys("venues"), Keys("oracle"), Keys("risk"));
    });
}

/// <summary>The sample deployment written by <c>settle init</c> and used by <c>settle demo</c>.</summary>
public static class SampleDeployment
{
    public static readonly long[] LatenciesMs = [50, 400, 2000];
    public static readonly string[] VenueNames = ["fast-l2 (50 ms)", "mid-chain (400 ms)", "slow-l1 (2 s)"];
    public const int OracleMembers = 5, OracleQuorum = 3, RiskMembers = 3, RiskQuorum = 2;
    public const long OptionStrike = 3000L * 100_000_000, OptionExpiry = 1_900_000_000_000;

    /// <summary>Sizes of the sample: docs/spec.md §10 demo column with V = 3, and MaxOps / D kept small so that a proof takes seconds
    /// (D = 5 levels of the arity-4 tree: 1,024 accounts).</summary>
    public sealed record Sizes(int TreeDepth = 5, int MaxOps = 2, int MaxPositions = 4);

    /// <summary>
    /// Writes config.json and the dev keys into a new or empty directory, atomically: everything is written and loaded
    /// back in a temporary sibling folder first, then moved into place, so a failure leaves the target as it was.
    /// With <paramref name="force"/> an existing deployment's own entries (config, keys, store, bundles, venue roots,
    /// batches) are replaced; a folder holding anything else is never touched.
    /// </summary>
    public static Deployment Init(string dir, Sizes? sizes = null, bool force = false)
    {
        sizes ??= new Sizes();
        var d = new Deployment(dir);
        string[] own = [d.ConfigPath, d.KeysDir, d.StorePath, d.StorePath + "-journal", d.BundlesDir, d.VenuesDir, d.BatchesDir];
        if (Directory.Exists(d.Root))
        {
            var entries = Directory.EnumerateFileSystemEntries(d.Root).ToList();
            var foreign = entries.Where(e => !own.Contains(e)).ToList();
            if (foreign.Count > 0)
                throw new DeploymentException($"{d.Root} is not empty and not only a deployment ({string.Join(", ", foreign.Take(3).Select(Path.GetFileName))}" +
                    $"{(foreign.Count > 3 ? ", …" : "")}): choose a new or empty folder");
            if (entries.Count > 0 && !force)
                throw new DeploymentException($"{d.Root} already holds a deployment (use --force to replace it: its store, keys and bundles are deleted)");
        }
        string parent = Path.GetDirectoryName(d.Root) ?? throw new DeploymentException($"{d.Root}: cannot write a deployment at a file system root");
        Directory.CreateDirectory(parent);
        var staging = new Deployment(Path.Combine(parent, $".{Path.GetFileName(d.Root)}.init-{Guid.NewGuid():N}"));
        try
        {
            foreach (var sub in new[] { staging.KeysDir, staging.BundlesDir, staging.VenuesDir, staging.BatchesDir }) Directory.CreateDirectory(sub);
            var keys = DevKeys.Derive(LatenciesMs.Length, OracleMembers, RiskMembers);
            keys.Write(staging.DevKeysPath);
            File.WriteAllText(staging.ConfigPath, ConfigJson(keys, sizes));
            // Fail now, not at setup, if the sample does not load; name the file where it was meant to be.
            try { staging.LoadConfig(); }
            catch (JsonInputException e) { throw new JsonInputException(d.ConfigPath, e.Path, e.Problem, e.Line); }
            if (!Directory.Exists(d.Root)) { Directory.Move(staging.Root, d.Root); return d; }
            foreach (var e in own)
                if (Directory.Exists(e)) Directory.Delete(e, true);
                else File.Delete(e);
            foreach (var e in Directory.EnumerateFileSystemEntries(staging.Root).ToList())
            {
                var to = Path.Combine(d.Root, Path.GetFileName(e));
                if (Directory.Exists(e)) Directory.Move(e, to);
                else File.Move(e, to);
            }
            return d;
        }
        finally
        {
            if (Directory.Exists(staging.Root)) Directory.Delete(staging.Root, true);
        }
    }

    private static string Hex(byte[] b) => "\"0x" + Convert.ToHexString(b).ToLowerInvariant() + "\"";

    /// <summary>A key with its proof of possession, as config.json holds it: <c>"publicKey": …, "pop": …</c>.</summary>
    private static string KeyFields(SecretKey k)
    {
        var key = RegisteredKey.Of(k);
        return $"\"publicKey\": {Hex(key.PublicKey)}, \"pop\": {Hex(key.Pop)}";
    }

    private static string Members(SecretKey[] keys) => string.Join(",\n      ", keys.Select(k => $"{{ {KeyFields(k)} }}"));

    public static string ConfigJson(DevKeys keys, Sizes s)
    {
        var inv = CultureInfo.InvariantCulture;
        var venues = string.Join(",\n    ", Enumerable.Range(0, LatenciesMs.Length).Select(v =>
            $"{{ \"name\": \"{VenueNames[v]}\", \"latencyMs\": {LatenciesMs[v].ToString(inv)},\n      {KeyFields(keys.Venues[v])} }}"));
        return $$"""
        {
          "deploymentId": 1,
          "treeDepth": {{s.TreeDepth}}, "maxOps": {{s.MaxOps}}, "maxAccounts": {{2 * s.MaxOps}}, "maxPositions": {{s.MaxPositions}},
          "venues": [
            {{venues}}
          ],
          "assets": [
            { "symbol": "USDC", "decimals": 6, "sigmaMin": 0, "sigmaMax": 1000000 },
            { "symbol": "ETH", "decimals": 9, "sigmaMin": 1000000, "sigmaMax": 20000000 }
          ],
          "instruments": [
            { "symbol": "ETH-PERP", "kind": "perpetual", "underlying": 1, "quoteAsset": 0 },
            { "symbol": "ETH-C-3000", "kind": "call", "underlying": 1, "quoteAsset": 0, "strike": {{OptionStrike}}, "expiry": {{OptionExpiry}} }
          ],
          "oracle": {
            "members": [
              {{Members(keys.Oracle)}}
            ],
            "quorum": {{OracleQuorum}}, "freshnessWindowMs": 5000
          },
          "riskCommittee": {
            "members": [
              {{Members(keys.Risk)}}
            ],
            "quorum": {{RiskQuorum}}
          },
          "margin": {
            "zIm": 30000, "zMm": 20000, "closeOutMs": 240000, "haircutFloor": 100, "haircutCap": 500000,
            "sigmaStep": 500000, "breaker": 100000, "tradeBand": 50000, "liquidationBand": 100000, "markBand": 50000,
            "grid": [ { "shock": 0, "weight": 100 }, { "shock": 20, "weight": 100 }, { "shock": -20, "weight": 100 },
                      { "shock": 40, "weight": 100 }, { "shock": -40, "weight": 100 }, { "shock": 60, "weight": 100 },
                      { "shock": -60, "weight": 100 }, { "shock": 120, "weight": 35 }, { "shock": -120, "weight": 35 } ]
          }
        }
        """;
    }
}
