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
    public void The_same_operations_are_stored_once_and_a_wrong_index_is_refused()
    {
        var d = NewDeployment();
        using var store = new SqliteSettlementStore(d.StorePath);
        var (ops, after, changed, r) = CrashHost.Apply(d, store, 0);
        BatchCommit Commit(long index, string operations) => new(index, operations, changed, after.Epoch, "old", "new", "h", "{}", [1, 2], 5, [3, 4]);
        string canonical = BatchFile.Write(ops);
        store.Commit(Commit(0, canonical));
        Assert.Equal(0, store.FindByOperations(canonical)!.BatchIndex);
        Assert.Equal(BatchKey.Of(canonical), store.Batch(0)!.ContentKey);
        Assert.Null(store.FindByOperations(canonical + " "));
        Assert.Equal([3, 4], store.Batch(0)!.Bundle);
        Assert.Contains("already stored as batch 0", Assert.Throws<StoreConflictException>(() => store.Commit(Commit(1, canonical))).Message);
        Assert.Contains("does not follow", Assert.Throws<StoreConflictException>(() => store.Commit(Commit(5, "{\"operations\": []}"))).Message);
        Assert.Equal(1, store.BatchCount);
        Assert.Equal(after.Root, store.LoadState(d.LoadConfig()).Root);
    }

    /// <summary>Rewrites a store into the version-0 layout: batches keyed by the SHA-256 of a batch file's bytes.</summary>
    private static void MakeVersion0(string path, string fileHash)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "ALTER TABLE batches RENAME COLUMN content_key TO file_hash; UPDATE batches SET file_hash = $h; PRAGMA user_version = 0;";
        cmd.Parameters.AddWithValue("$h", fileHash);
        cmd.ExecuteNonQuery();
    }

    private static long UserVersion(string path)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA user_version";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void A_version_0_store_is_migrated_to_content_keys_and_keeps_its_state()
    {
        var d = NewDeployment();
        string canonical;
        Fr root;
        using (var store = new SqliteSettlementStore(d.StorePath))
        {
            var (ops, after, changed, _) = CrashHost.Apply(d, store, 0);
            canonical = BatchFile.Write(ops);
            store.Commit(new BatchCommit(0, canonical, changed, after.Epoch, "old", "new", "h", "{}", [1], 5, [2]));
            root = after.Root;
        }
        Assert.Equal(SqliteSettlementStore.SchemaVersion, UserVersion(d.StorePath));
        MakeVersion0(d.StorePath, new string('a', 64));
        Assert.Equal(0, UserVersion(d.StorePath));

        using (var store = new SqliteSettlementStore(d.StorePath))
        {
            Assert.Equal(0, store.FindByOperations(canonical)!.BatchIndex); // found by content, not by the old file hash
            Assert.Equal(BatchKey.Of(canonical), store.Batch(0)!.ContentKey);
            Assert.Equal((root, 1L), (store.LoadState(d.LoadConfig()).Root, store.BatchCount));
        }
        Assert.Equal(SqliteSettlementStore.SchemaVersion, UserVersion(d.StorePath));
        using (var again = new SqliteSettlementStore(d.StorePath)) Assert.Equal(1, again.BatchCount); // migrated once
    }

    [Fact]
    public void A_store_from_a_newer_layout_is_refused_untouched()
    {
        var d = NewDeployment();
        new SqliteSettlementStore(d.StorePath).Dispose();
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={d.StorePath};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"PRAGMA user_version = {SqliteSettlementStore.SchemaVersion + 1}";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<InvalidDataException>(() => new SqliteSettlementStore(d.StorePath));
        Assert.Contains($"layout version {SqliteSettlementStore.SchemaVersion + 1} is newer", e.Message);
        Assert.Equal(SqliteSettlementStore.SchemaVersion + 1, UserVersion(d.StorePath));
    }

    private sealed class MemoryStore(SettlementConfig cfg) : ISettlementStore
    {
        public SettlementState State { get; set; } = new(cfg);
        public SettlementState LoadState(SettlementConfig config) => TransitionWitnessBuilderCopy(State);
        public long BatchCount => State.Epoch.BatchCount;
        public StoredBatch? FindByOperations(string operationsJson) => null;
        public StoredBatch? Batch(long batchIndex) => null;
        public void Commit(BatchCommit batch) => throw new NotSupportedException();
        public void Dispose() { }
        private SettlementState TransitionWitnessBuilderCopy(SettlementState s) => Witness.TransitionWitnessBuilder.Copy(cfg, s);
    }
}
