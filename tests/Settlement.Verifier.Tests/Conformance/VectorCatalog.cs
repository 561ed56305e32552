using System.Security.Cryptography;

namespace Settlement.Verifier.Tests.Conformance;

/// <summary>
/// Finds every public test-vector file and names its family from its folder and file name.
/// Roots: the vectors shipped in <c>tests/vectors/</c>, plus the folder named by <c>SETTLEMENT_VECTORS</c>
/// (laid out like <c>../shared/vectors/</c>), or <c>../shared/vectors</c> beside the clone when the variable is unset.
/// A file present in both with the same bytes runs once. Family tests take their cases from <see cref="Cases"/>;
/// <see cref="Unknown"/> lists files no family claims, and a test fails on them so nothing is skipped silently.
/// </summary>
public static class VectorCatalog
{
    public sealed record VectorFile(string Root, string RelativePath, string Family, bool MustFail)
    {
        public string FullPath => Path.Combine(Root, RelativePath);
        public override string ToString() => RelativePath;
    }

    /// <summary>Family for files that hold no vectors (licence notes, READMEs).</summary>
    public const string Documentation = "documentation";

    public static readonly string RepositoryRoot = FindRepositoryRoot();
    public static readonly IReadOnlyList<string> Roots = FindRoots();
    public static readonly IReadOnlyList<VectorFile> All = Scan();
    public static IEnumerable<VectorFile> Unknown => All.Where(f => f.Family == "unknown");

    /// <summary>What <see cref="Cases"/> yields for a family with no file: a case that <see cref="RequirePresent"/> fails.</summary>
    const string MissingPrefix = "(missing vector family: ";

    /// <summary>
    /// xunit MemberData source: one case per file of the family (full path). A family with no file yields one case
    /// naming it, which fails in <see cref="RequirePresent"/>: a missing family is a failure, never a silent pass.
    /// </summary>
    public static IEnumerable<object[]> Cases(string family)
    {
        var files = All.Where(f => f.Family == family).ToList();
        if (files.Count == 0) { yield return [MissingPrefix + family + ")"]; yield break; }
        foreach (var f in files) yield return [f.FullPath];
    }

    /// <summary>Fails the test when <paramref name="path"/> is the placeholder of a family none of the roots holds.</summary>
    public static void RequirePresent(string path)
    {
        if (path.StartsWith(MissingPrefix, StringComparison.Ordinal))
            throw new Xunit.Sdk.XunitException(
                $"{path}: no file of it in tests/vectors/ or in {string.Join(", ", Roots.Skip(1).DefaultIfEmpty("(no other root)"))}; ship it in tests/vectors/");
        Assert.True(File.Exists(path), $"vector file {path} does not exist");
    }

    /// <summary>Whether a file is a must-reject file (EIP-2537 <c>fail-</c> prefix).</summary>
    public static bool MustFail(string fullPath) => Path.GetFileName(fullPath).StartsWith("fail-", StringComparison.OrdinalIgnoreCase);

    public static string Classify(string relativePath)
    {
        var rel = relativePath.Replace('\\', '/');
        var name = Path.GetFileName(rel);
        var lower = name.ToLowerInvariant();
        if (lower is "sources.md" or "readme.md" || lower.EndsWith(".md")) return Documentation;
        var top = rel.Split('/')[0];
        switch (top)
        {
            case "eip2537":
                {
                    var op = lower.StartsWith("fail-") ? lower[5..] : lower;
                    if (op.Contains("pairing")) return "eip2537-pairing";
                    if (op.Contains("map_fp2_to_g2") || op.Contains("mapg2")) return "eip2537-map-g2";
                    if (op.Contains("map_fp_to_g1") || op.Contains("mapg1")) return "eip2537-map-g1";
                    string g = op.Contains("g1") ? "g1" : op.Contains("g2") ? "g2" : "";
                    if (g == "") return "unknown";
                    // MUL vectors are MSMs with one pair in the final EIP, so one family serves both.
                    if (op.Contains("multiexp") || op.Contains("msm") || op.Contains("mul")) return $"eip2537-{g}msm";
                    if (op.Contains("add")) return $"eip2537-{g}add";
                    return "unknown";
                }
            case "bls-sig":
                {
                    if (rel.Contains("/noble/")) return lower.Contains("g1") || lower.Contains("g2") ? "bls-noble-nul" : "unknown";
                    var parts = rel.Split('/');
                    if (parts.Length >= 4 && parts[1] == "eth-bls12-381-tests") return "eth-bls-" + parts[2];
                    return "unknown";
                }
            case "curve-arith":
                return lower.Contains("scalar_mul_g1") ? "scalar-mul-g1" : lower.Contains("scalar_mul_g2") ? "scalar-mul-g2" : "unknown";
            case "groth16":
                return lower == "verification_key.json" ? "groth16-circom" : lower is "proof.json" or "public.json" ? "groth16-part" : "unknown";
            case "pairing":
                return lower.EndsWith(".json") ? "pairing-gt" : "unknown";
            case "poseidon":
                if (lower.StartsWith("hadeshash_test_vectors")) return "poseidon-kat";
                if (lower.StartsWith("poseidonperm_") && lower.EndsWith("_params.json")) return "poseidon-params";
                if (lower.Contains("round_constants")) return "poseidon-constants";
                return "unknown";
            case "serialization":
                if (!lower.EndsWith(".dat")) return "unknown";
                return lower.StartsWith("g1") || lower.StartsWith("g2") ? "zkcrypto-encodings" : "unknown";
            case "hash-to-curve":
                if (lower.StartsWith("expand_message_xmd")) return "expand-message-xmd";
                // One family for the four BLS12-381 suites: each file names its suite, and the test dispatches on it.
                if (lower.StartsWith("bls12381g1") || lower.StartsWith("bls12381g2")) return "hash-to-curve-suite";
                return "unknown";
            default:
                return "unknown";
        }
    }

    static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Settlement.sln not found above " + AppContext.BaseDirectory);
    }

    static IReadOnlyList<string> FindRoots()
    {
        var roots = new List<string> { Path.Combine(RepositoryRoot, "tests", "vectors") };
        var env = Environment.GetEnvironmentVariable("SETTLEMENT_VECTORS");
        if (!string.IsNullOrWhiteSpace(env))
        {
            if (!Directory.Exists(env)) throw new DirectoryNotFoundException($"SETTLEMENT_VECTORS names '{env}', which is not a folder");
            roots.Add(Path.GetFullPath(env));
        }
        else
        {
            var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "vectors"));
            if (Directory.Exists(beside)) roots.Add(beside);
        }
        return roots;
    }

    static IReadOnlyList<VectorFile> Scan()
    {
        var seen = new Dictionary<string, string>(); // relative path + hash -> first root
        var result = new List<VectorFile>();
        foreach (var root in Roots)
        {
            if (!Directory.Exists(root)) continue;
            foreach (var full in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(root, full).Replace('\\', '/');
                var key = rel + ":" + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(full)));
                if (!seen.TryAdd(key, root)) continue;
                result.Add(new VectorFile(root, rel, Classify(rel), MustFail(full)));
            }
        }
        return result;
    }
}
