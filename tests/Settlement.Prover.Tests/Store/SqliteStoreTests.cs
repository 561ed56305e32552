using System.Diagnostics;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Store;

public class SqliteStoreTests
{
    private static Deployment NewDeployment() =>
        SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-store-").FullName, new SampleDeployment.Sizes(4, 2, 2));

    /// <summary>Runs the crash host on batch n; with <paramref name="killAfterMs"/> kills it then (it may have finished).</summary>
    private static int Host(Deployment d, long n, bool crashBeforeCommit = false, int? killAfterMs = null)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", typeof(CrashHost).Assembly.Location, "crash-host", d.Root, n.ToString() }) psi.ArgumentList.Add(a);
        if (crashBeforeCommit) psi.Environment[SqliteSettlementStore.CrashBeforeCommitVariable] = "1";
        using var p = Process.Start(psi)!;
        if (killAfterMs is { } ms && !p.WaitForExit(ms)) p.Kill();
        p.WaitForExit();
        return p.ExitCode;
    }

    private static (Fr Root, long Batches) Open(Deployment d)
    {
        using var s = new SqliteSettlementStore(d.StorePath);
        return (s.LoadState(d.LoadConfig()).Root, s.BatchCount);
    }

    /// <summary>The roots after each of batches 0..n-1, computed in memory by the same engine.</summary>
    private static Fr[] ExpectedRoots(Deployment d, int n)
    {
        var cfg = d.LoadConfig();
        var mem = new MemoryStore(cfg);
        var roots = new Fr[n + 1];
        roots[0] = new SettlementState(cfg).Root;
        for (int k = 0; k < n; k++)
        {
            var (_, after, _, _) = CrashHost.Apply(d, mem, k);
            mem.State = after;
            roots[k + 1] = after.Root;
        }
        return roots;
    }

    [Fact]
    public void A_kill_between_the_state_write_and_the_commit_leaves_the_old_state_and_the_store_usable()
    {
        var d = NewDeployment();
        var roots = ExpectedRoots(d, 3);
        Assert.Equal(0, Host(d, 0));
        Assert.Equal((roots[1], 1L), Open(d));
        Assert.NotEqual(0, Host(d, 1, crashBeforeCommit: true)); // killed: SIGKILL exit code
        Assert.Equal((roots[1], 1L), Open(d));                   // the old state, not a mix
        Assert.Equal(0, Host(d, 1));                              // and the store still takes the batch
        Assert.Equal(0, Host(d, 2));
        Assert.Equal((roots[3], 3L), Open(d));
    }

    [Fact]
    public void Kills_at_random_times_leave_the_old_or_the_new_root()
    {
        var d = NewDeployment();
        const int n = 3;
        var roots = ExpectedRoots(d, n);
        var rng = new Random(1234);
        long done = 0;
        while (done < n)
        {
            var before = Open(d);
            Assert.Equal(roots[before.Batches], before.Root);
            Host(d, before.Batches, killAfterMs: rng.Next(300, 4000));
            var after = Open(d);
            Assert.True(after.Batches == before.Batches || after.Batches == before.Batches + 1, $"{before.Batches} → {after.Batches}");
            Assert.Equal(roots[after.Batches], after.Root); // LoadState also re-checks every stored leaf hash
            done = after.Batches;
        }
    }

    [Fact]
    public void The_same_batch_file_is_stored_once_and_a_wrong_index_is_refused()
    {
        var d = NewDeployment();
        using var store = new SqliteSettlementStore(d.StorePath);
        var (ops, after, changed, r) = CrashHost.Apply(d, store, 0);
        BatchCommit Commit(long index, string hash) => new(index, hash, BatchFile.Write(ops), changed, after.Epoch, "old", "new", "h", "{}", [1, 2], 5, [3, 4]);
        store.Commit(Commit(0, "file-a"));
        Assert.Equal(0, store.FindByFileHash("file-a")!.BatchIndex);
        Assert.Equal([3, 4], store.Batch(0)!.Bundle);
        Assert.Throws<StoreConflictException>(() => store.Commit(Commit(1, "file-a")));
        Assert.Throws<StoreConflictException>(() => store.Commit(Commit(5, "file-b")));
        Assert.Equal(1, store.BatchCount);
        Assert.Equal(after.Root, store.LoadState(d.LoadConfig()).Root);
    }

    private sealed class MemoryStore(SettlementConfig cfg) : ISettlementStore
    {
        public SettlementState State { get; set; } = new(cfg);
        public SettlementState LoadState(SettlementConfig config) => TransitionWitnessBuilderCopy(State);
        public long BatchCount => State.Epoch.BatchCount;
        public StoredBatch? FindByFileHash(string fileHash) => null;
        public StoredBatch? Batch(long batchIndex) => null;
        public void Commit(BatchCommit batch) => throw new NotSupportedException();
        public void Dispose() { }
        private SettlementState TransitionWitnessBuilderCopy(SettlementState s) => Witness.TransitionWitnessBuilder.Copy(cfg, s);
    }
}
