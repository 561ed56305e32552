using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Tests.Store;

/// <summary>
/// The second process of the tests that need one (<c>dotnet exec Settlement.Prover.Tests.dll &lt;mode&gt; …</c>).
/// <para><c>crash-host &lt;deployment&gt; &lt;batch&gt;</c>, the process the crash tests kill, applies deterministic batch n with
/// the real engine (real BLS signatures from the sample keys) and commits it to the SQLite store. It does not prove (a
/// proof takes tens of seconds; atomicity of the store is what is under test), so its proof and bundle columns hold
/// empty byte strings — this host writes only to the tests' temporary deployments.</para>
/// <para><c>venue-accept &lt;deployment&gt; &lt;venue&gt; &lt;root file&gt; &lt;bundle&gt; &lt;go file&gt;</c> checks the bundle once
/// without recording (so both racers are warm), prints "ready", waits for the go file, then accepts the bundle on the
/// shared root file and prints the verdict: exit 0 accepted, 1 rejected.</para>
/// </summary>
public static class CrashHost
{
    public static int Main(string[] args)
    {
        if (args.Length == 6 && args[0] == "venue-accept") return VenueAccept(args);
        if (args.Length != 3 || args[0] != "crash-host") return 0; // the test SDK's runs pass no such arguments
        var d = new Deployment(args[1]);
        long n = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        using var store = new SqliteSettlementStore(d.StorePath);
        var (ops, after, changed, result) = Apply(d, store, n);
        store.Commit(new BatchCommit(result.BatchIndex, BatchFile.Write(ops), changed, after.Epoch,
            SqliteSettlementStore.Hex(result.Statement.OldRoot), SqliteSettlementStore.Hex(result.Statement.NewRoot),
            SqliteSettlementStore.Hex(result.Statement.Hash()), "{}", [], 0, []));
        return 0;
    }

    private static int VenueAccept(string[] args)
    {
        using var svc = new SettlementService(new Deployment(args[1]));
        var venue = new VenueVerifier(svc.Trust, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), new FileRootStore(args[3]));
        var bundle = SettlementBundle.FromBytes(File.ReadAllBytes(args[4]));
        venue.Check(bundle);
        Console.WriteLine("ready");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(args[5]))
        {
            if (sw.Elapsed > TimeSpan.FromMinutes(2)) { Console.WriteLine("no go file"); return 2; }
            Thread.Sleep(1);
        }
        var verdict = venue.Accept(bundle);
        Console.WriteLine(verdict.Message);
        return verdict.Accepted ? 0 : 1;
    }

    /// <summary>Batch n applied to the store's state: the genesis prices and risk parameters, then one deposit per batch.</summary>
    public static (IReadOnlyList<Operation> Ops, SettlementState After, List<Account> Changed, BatchResult Result) Apply(Deployment d, ISettlementStore store, long n)
    {
        var cfg = d.LoadConfig();
        var signer = new DevSigner(Commitments.ConfigHash(cfg), d.LoadDevKeys());
        var state = store.LoadState(cfg);
        var ops = new List<Operation>();
        if (n == 0)
        {
            ops.Add(signer.Tick(1_000_000, Enumerable.Range(0, 3).SelectMany(j => new[] { (0, j, 100_000_000L), (1, j, 300_000_000_000L) })));
            ops.Add(signer.Risk(1, [0, 3_377_000], [new(300_000_000_000, 100_000_000, 0), new(15_000_000_000, 50_000_000, 1_000_000_000)], 2));
        }
        int venue = (int)(n % cfg.V);
        ulong account = (ulong)(n % 5 + 1);
        var existing = state.Account(account);
        ops.Add(new Deposit(venue, account, existing?.Nonce ?? 0, 0, 1_000_000 * (n + 1), state.Epoch.NextDepositId[venue],
            existing is null ? Fr.FromUInt64(1000 + account) : Fr.Zero));
        var engine = new SettlementEngine(cfg, new BlsReportAuthenticator(cfg), state);
        var result = engine.Apply(ops);
        var changed = result.Trace.SelectMany(t => t.Accounts).Select(c => state.Account(c.After.Id)!).DistinctBy(a => a.Id).ToList();
        return (ops, state, changed, result);
    }
}
