using System.Net;
using System.Net.Sockets;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // the cluster tests' leases assume the cores are theirs

namespace Settlement.Service.Tests;

/// <summary>
/// Small deployments for the service tests: tree depth 4, one account op per batch, two position slots. The INSECURE dev
/// setup runs once per test run (the template); each test gets a fresh folder with the template's config and keys.
/// </summary>
public static class TestDeployment
{
    private static readonly Lazy<string> Template = new(() => MakeTemplate(1));

    // Two account ops per batch, for the streaming flow's batch cut (set up only by the tests that need it).
    private static readonly Lazy<string> TwoOpTemplate = new(() => MakeTemplate(2));

    private static string MakeTemplate(int maxOps)
    {
        var d = SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-service-template-").FullName, new SampleDeployment.Sizes(4, maxOps, 2));
        using var svc = new SettlementService(d);
        svc.Setup();
        return d.Root;
    }

    /// <summary>A fresh deployment folder with the template's config and keys: one account op per batch, or two.</summary>
    public static Deployment Fresh(int maxOps = 1)
    {
        var template = maxOps switch { 1 => Template.Value, 2 => TwoOpTemplate.Value, _ => throw new ArgumentOutOfRangeException(nameof(maxOps)) };
        var dir = Directory.CreateTempSubdirectory("settle-service-").FullName;
        File.Copy(Path.Combine(template, "config.json"), Path.Combine(dir, "config.json"));
        Directory.CreateDirectory(Path.Combine(dir, "keys"));
        foreach (var f in Directory.GetFiles(Path.Combine(template, "keys"))) File.Copy(f, Path.Combine(dir, "keys", Path.GetFileName(f)));
        return new Deployment(dir);
    }

    /// <summary>
    /// Batch k of a deterministic chain, as canonical JSON: batch 0 carries the signed genesis prices and risk
    /// parameters; batch k deposits into a new account k+1 on venue k mod V.
    /// </summary>
    public static string Batch(Deployment d, int k) => BatchFile.Write(Ops(d, k));

    public static IReadOnlyList<Operation> Ops(Deployment d, int k)
    {
        var cfg = d.LoadConfig();
        var signer = new DevSigner(Commitments.ConfigHash(cfg), d.LoadDevKeys());
        var ops = new List<Operation>();
        if (k == 0)
        {
            ops.Add(signer.Tick(1_000_000, Enumerable.Range(0, 3).SelectMany(j => new[] { (0, j, 100_000_000L), (1, j, 300_000_000_000L) })));
            ops.Add(signer.Risk(1, [0, 3_377_000], [new(300_000_000_000, 100_000_000, 0), new(15_000_000_000, 50_000_000, 1_000_000_000)], 2));
        }
        int venue = k % cfg.V;
        ops.Add(new Deposit(venue, (ulong)(k + 1), 0, 0, 1_000_000 * (k + 1), k / cfg.V, Fr.FromUInt64(1000 + (ulong)k)));
        return ops;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>How long to wait for a proof to be published: a liveness bound, not a timing (the waits end as soon as it is).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>Polls until <paramref name="done"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task Until(Func<bool> done, TimeSpan timeout, string what) => Until(() => Task.FromResult(done()), timeout, what);

    /// <inheritdoc cref="Until(Func{bool}, TimeSpan, string)"/>
    public static async Task Until(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"after {timeout.TotalSeconds:F0} s: {what}");
            await Task.Delay(50);
        }
    }
}
