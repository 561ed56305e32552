using System.Globalization;
using Microsoft.Data.Sqlite;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Store;

/// <summary>
/// The embedded store: one SQLite file. Tables: <c>accounts</c> (the current leaf values of every account: salt, nonce,
/// balances, slots, leaf hash), <c>epochs</c> (the epoch state after each batch, so history stays inspectable),
/// <c>batches</c> (index, content key for idempotency, the canonical operations), <c>statements</c>, <c>proofs</c>, <c>bundles</c>.
/// The Merkle tree is not stored: it is rebuilt from the leaves on load (D · accounts hashes, milliseconds for the demo);
/// a node table is an optimisation for large deployments, not a correctness need.
/// A batch commit is one SQLite transaction (rollback journal, synchronous=FULL): a crash leaves the old or the new state.
/// </summary>
public sealed partial class SqliteSettlementStore : IServiceStore
{
    /// <summary>
    /// Test hook: when this environment variable is "1", <see cref="Commit"/> kills the process after writing the state
    /// and before committing the transaction (the crash test in tests/…/Store).
    /// </summary>
    public const string CrashBeforeCommitVariable = "SETTLE_CRASH_BEFORE_COMMIT";

    private readonly SqliteConnection _db;
    // One connection, shared by the service's threads: every public member takes this lock (SQLite's own locks order
    // the processes).
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    public string Path { get; }

    /// <summary>
    /// The layout version, kept in SQLite's <c>user_version</c>. 0: stores written before versioning, whose batches are
    /// keyed by the SHA-256 of the batch file's bytes (<c>file_hash</c>). 1: keyed by <see cref="BatchKey"/> over the
    /// canonical operations (<c>content_key</c>). 2: adds <c>proof_jobs</c> (the service's queue, docs/service.md).
    /// 3: adds <c>proof_jobs.progress</c> (a proving job's progress). 4: adds <c>submissions</c>, <c>proposals</c> and
    /// <c>proposal_signatures</c> (the streaming flow). 5: adds <c>proposal_approvals</c> (the venues' approvals of a
    /// proposal). Opening an older store migrates it in one transaction.
    /// </summary>
    public const int SchemaVersion = 5;

    /// <param name="clock">The lease clock (tests move it); the system clock by default.</param>
    public SqliteSettlementStore(string path, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Path = System.IO.Path.GetFullPath(path);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _db.Open();
        // A page cache of up to 64 MiB instead of 2 MiB: the submissions' unique index takes random keys, and with the
        // default cache each insert re-read its pages from the file.
        Exec("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;");
        try { Upgrade(); }
        catch { _db.Dispose(); throw; }
    }

    /// <summary>Creates the tables of a new store, or migrates an older layout; refuses a layout newer than this code.</summary>
    private void Upgrade()
    {
        // BEGIN IMMEDIATE (the default here): two processes opening an old store at once migrate it once.
        using var tx = _db.BeginTransaction();
        long version = (long)Scalar("PRAGMA user_version", tx)!;
        bool exists = (long)Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'batches'", tx)! > 0;
        if (version > SchemaVersion)
            throw new InvalidDataException($"store {Path}: layout version {version} is newer than this settle reads ({SchemaVersion}); use a newer settle");
        if (!exists)
            Exec("""
                CREATE TABLE accounts  (id INTEGER PRIMARY KEY, salt TEXT NOT NULL, nonce INTEGER NOT NULL,
                                        balances TEXT NOT NULL, slots TEXT NOT NULL, leaf TEXT NOT NULL);
                CREATE TABLE epochs    (batch_index INTEGER PRIMARY KEY, state TEXT NOT NULL);
                CREATE TABLE batches   (batch_index INTEGER PRIMARY KEY, content_key TEXT NOT NULL UNIQUE,
                                        operations TEXT NOT NULL, committed_at TEXT NOT NULL);
                CREATE TABLE statements(batch_index INTEGER PRIMARY KEY, old_root TEXT NOT NULL, new_root TEXT NOT NULL,
                                        statement_hash TEXT NOT NULL, statement TEXT NOT NULL);
                CREATE TABLE proofs    (batch_index INTEGER PRIMARY KEY, proof BLOB NOT NULL, prove_ms INTEGER NOT NULL);
                CREATE TABLE bundles   (batch_index INTEGER PRIMARY KEY, bundle BLOB NOT NULL);
                """, tx);
        else if (version == 0)
            MigrateFrom0(tx);
        if (!exists || version < 2)
            CreateJobs(tx);
        else if (version == 2)
            Exec("ALTER TABLE proof_jobs ADD COLUMN progress REAL NOT NULL DEFAULT 0", tx);
        if (version < 4) CreateSubmissions(tx);
        if (version < 5) CreateApprovals(tx);
        if (version != SchemaVersion) Exec($"PRAGMA user_version = {SchemaVersion}", tx);
        tx.Commit();
    }

    /// <summary>Version 0 → 1: re-key every batch by its stored operations (which version 0 already kept canonical).</summary>
    private void MigrateFrom0(SqliteTransaction tx)
    {
        Exec("ALTER TABLE batches RENAME COLUMN file_hash TO content_key", tx);
        var rows = new List<(long Index, string Ops)>();
        using (var cmd = Command("SELECT batch_index, operations FROM batches ORDER BY batch_index", tx))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((r.GetInt64(0), r.GetString(1)));
        // Two-step, so that the UNIQUE constraint never sees a transient clash between an old and a new key.
        Exec("UPDATE batches SET content_key = 'migrating:' || batch_index", tx);
        foreach (var (index, ops) in rows)
        {
            try { Exec("UPDATE batches SET content_key = $k WHERE batch_index = $i", tx, ("$k", BatchKey.Of(ops)), ("$i", index)); }
            catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT
            {
                throw new InvalidDataException($"store {Path}: batch {index} has the same operations as an earlier batch; the store cannot be migrated");
            }
        }
    }

    public long BatchCount { get { lock (_gate) return (long)Scalar("SELECT COUNT(*) FROM batches")!; } }

    public SettlementState LoadState(SettlementConfig config)
    {
        lock (_gate) return LoadStateLocked(config);
    }

    private SettlementState LoadStateLocked(SettlementConfig config)
    {
        var state = new SettlementState(config);
        using (var cmd = Command("SELECT state FROM epochs ORDER BY batch_index DESC LIMIT 1"))
            if (cmd.ExecuteScalar() is string epoch) state.Epoch = StoreRows.DecodeEpoch(epoch, config, $"store {Path}");
        using (var cmd = Command("SELECT id, salt, nonce, balances, slots, leaf FROM accounts ORDER BY id"))
        using (var r = cmd.ExecuteReader())
            while (r.Read())
                state.Store(-1, StoreRows.RestoreAccount(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), config, $"store {Path}"));
        return state;
    }

    public StoredBatch? FindByOperations(string operationsJson) { lock (_gate) return Find("b.content_key = $k", BatchKey.Of(operationsJson)); }
    public StoredBatch? Batch(long batchIndex) { lock (_gate) return Find("b.batch_index = $k", batchIndex); }

    private StoredBatch? Find(string where, object key, SqliteTransaction? tx = null)
    {
        using var cmd = Command($"""
            SELECT b.batch_index, b.content_key, s.old_root, s.new_root, u.bundle, p.prove_ms FROM batches b
            JOIN statements s ON s.batch_index = b.batch_index JOIN bundles u ON u.batch_index = b.batch_index
            JOIN proofs p ON p.batch_index = b.batch_index WHERE {where}
            """, tx);
        cmd.Parameters.AddWithValue("$k", key);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredBatch(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (byte[])r[4], r.GetInt64(5));
    }

    public void Commit(BatchCommit b)
    {
        lock (_gate) CommitLocked(b);
    }

    private void CommitLocked(BatchCommit b)
    {
        using var tx = _db.BeginTransaction();
        long pending = (long)Scalar("SELECT COUNT(*) FROM proof_jobs WHERE status <> 'published'", tx)!;
        if (pending > 0) throw new StoreConflictException($"{pending} sequenced batches of the prover service are not yet published; submit this batch to the service");
        string key = CheckNext(tx, b.BatchIndex, b.OldRoot, b.OperationsJson);
        WriteState(tx, b.BatchIndex, key, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash, b.StatementJson);
        Exec("INSERT INTO proofs(batch_index, proof, prove_ms) VALUES ($i, $p, $ms)", tx, ("$i", b.BatchIndex), ("$p", b.Proof), ("$ms", b.ProveMilliseconds));
        Exec("INSERT INTO bundles(batch_index, bundle) VALUES ($i, $b)", tx, ("$i", b.BatchIndex), ("$b", b.Bundle));
        long now = Now;
        Exec("INSERT INTO proof_jobs(batch_index, status, attempts, queued_at, started_at, proved_at, published_at, prove_ms) " +
             "VALUES ($i, 'published', 1, $t, $t, $t, $t, $ms)", tx, ("$i", b.BatchIndex), ("$t", now), ("$ms", b.ProveMilliseconds));
        if (Environment.GetEnvironmentVariable(CrashBeforeCommitVariable) == "1")
            System.Diagnostics.Process.GetCurrentProcess().Kill(); // SIGKILL: no rollback, no finaliser, as a power cut
        tx.Commit();
    }

    /// <summary>
    /// The fencing rule, one place for both commit paths: batch n follows only batch n−1, from n−1's new root, with
    /// operations not stored before. Returns the batch's content key.
    /// </summary>
    private string CheckNext(SqliteTransaction tx, long index, string oldRoot, string operationsJson)
    {
        long count = (long)Scalar("SELECT COUNT(*) FROM batches", tx)!;
        if (count != index) throw new StoreConflictException($"batch {index} does not follow the stored history ({count} batches committed)");
        string key = BatchKey.Of(operationsJson);
        if (IndexOf(key, tx) is { } dup) throw new StoreConflictException($"these operations are already stored as batch {dup}");
        if (index > 0)
        {
            using var cmd = Command("SELECT new_root FROM statements WHERE batch_index = $i", tx);
            cmd.Parameters.AddWithValue("$i", index - 1);
            if (cmd.ExecuteScalar() is string last && last != oldRoot)
                throw new StoreConflictException($"batch {index} starts from root {oldRoot}, but batch {index - 1} ended at {last} (a stale sequencer)");
        }
        return key;
    }

    private long? IndexOf(string contentKey, SqliteTransaction? tx)
    {
        using var cmd = Command("SELECT batch_index FROM batches WHERE content_key = $k", tx);
        cmd.Parameters.AddWithValue("$k", contentKey);
        return cmd.ExecuteScalar() is long i ? i : null;
    }

    /// <summary>The state after the batch and its record, shared by <see cref="Commit"/> and <see cref="Sequence"/>.</summary>
    private void WriteState(SqliteTransaction tx, long index, string key, string operationsJson, IReadOnlyList<Account> changed, EpochState epochAfter,
        string oldRoot, string newRoot, string statementHash, string statementJson)
    {
        foreach (var a in changed)
        {
            var (salt, balances, slots, leaf) = StoreRows.EncodeAccount(a);
            Exec("INSERT INTO accounts(id, salt, nonce, balances, slots, leaf) VALUES ($id, $salt, $nonce, $bal, $slots, $leaf) " +
                 "ON CONFLICT(id) DO UPDATE SET salt = $salt, nonce = $nonce, balances = $bal, slots = $slots, leaf = $leaf", tx,
                ("$id", (long)a.Id), ("$salt", salt), ("$nonce", a.Nonce), ("$bal", balances), ("$slots", slots), ("$leaf", leaf));
        }
        Exec("INSERT INTO epochs(batch_index, state) VALUES ($i, $s)", tx, ("$i", index), ("$s", StoreRows.EncodeEpoch(epochAfter)));
        Exec("INSERT INTO batches(batch_index, content_key, operations, committed_at) VALUES ($i, $h, $o, $t)", tx,
            ("$i", index), ("$h", key), ("$o", operationsJson), ("$t", _clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        Exec("INSERT INTO statements(batch_index, old_root, new_root, statement_hash, statement) VALUES ($i, $o, $n, $h, $s)", tx,
            ("$i", index), ("$o", oldRoot), ("$n", newRoot), ("$h", statementHash), ("$s", statementJson));
        SettleProposal(tx, index, key);
    }

    public static string Hex(in Fr x) => x.ToHex();

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private object? Scalar(string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(sql, tx);
        return cmd.ExecuteScalar();
    }

    private void Exec(string sql, SqliteTransaction? tx = null, params (string Name, object Value)[] args)
    {
        using var cmd = Command(sql, tx);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _db.Dispose();
}
