using Npgsql;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Store;

/// <summary>
/// The store on PostgreSQL, for a prover service on several machines (docs/service.md): the same tables, columns and
/// rules as <see cref="SqliteSettlementStore"/>. Every writing member is one transaction that first takes a
/// transaction-scoped advisory lock, so writers are serialized across machines as SQLite's BEGIN IMMEDIATE serializes
/// processes; readers never wait. Connections come from Npgsql's pool, so the store is safe to share between threads.
/// </summary>
public sealed partial class PostgresSettlementStore : IServiceStore
{
    // An arbitrary constant naming "the settlement store's writer lock" among the database's advisory locks.
    private const long WriterLock = 0x5e77_1e00;
    private readonly NpgsqlDataSource _db;
    private readonly TimeProvider _clock;
    private readonly string _name;

    /// <param name="connectionString">An Npgsql connection string; the tables are created when missing.</param>
    /// <param name="clock">The lease clock (tests move it); the system clock by default.</param>
    public PostgresSettlementStore(string connectionString, TimeProvider? clock = null)
    {
        _db = NpgsqlDataSource.Create(connectionString);
        _clock = clock ?? TimeProvider.System;
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        _name = $"store postgresql://{b.Host}:{b.Port}/{b.Database}";
        Write(tx =>
        {
            Exec(tx, """
                CREATE TABLE IF NOT EXISTS accounts  (id BIGINT PRIMARY KEY, salt TEXT NOT NULL, nonce BIGINT NOT NULL,
                                                      balances TEXT NOT NULL, slots TEXT NOT NULL, leaf TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS epochs    (batch_index BIGINT PRIMARY KEY, state TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS batches   (batch_index BIGINT PRIMARY KEY, content_key TEXT NOT NULL UNIQUE,
                                                      operations TEXT NOT NULL, committed_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS statements(batch_index BIGINT PRIMARY KEY, old_root TEXT NOT NULL, new_root TEXT NOT NULL,
                                                      statement_hash TEXT NOT NULL, statement TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS proofs    (batch_index BIGINT PRIMARY KEY, proof BYTEA NOT NULL, prove_ms BIGINT NOT NULL);
                CREATE TABLE IF NOT EXISTS bundles   (batch_index BIGINT PRIMARY KEY, bundle BYTEA NOT NULL);
                CREATE TABLE IF NOT EXISTS proof_jobs(batch_index BIGINT PRIMARY KEY, status TEXT NOT NULL, owner TEXT, lease_until BIGINT,
                                                      attempts INT NOT NULL, reason TEXT, queued_at BIGINT NOT NULL, started_at BIGINT,
                                                      proved_at BIGINT, published_at BIGINT, prove_ms BIGINT, inputs BYTEA, unproven_bundle BYTEA,
                                                      progress DOUBLE PRECISION NOT NULL DEFAULT 0);
                -- Databases created before the progress column (as SQLite's layout version 3).
                ALTER TABLE proof_jobs ADD COLUMN IF NOT EXISTS progress DOUBLE PRECISION NOT NULL DEFAULT 0;
                CREATE INDEX IF NOT EXISTS proof_jobs_status ON proof_jobs(status, batch_index);
                """);
            CreateSubmissions(tx);
            return 0;
        });
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Runs <paramref name="body"/> in one transaction holding the writer lock; commits unless it throws.</summary>
    private T Write<T>(Func<NpgsqlTransaction, T> body)
    {
        using var c = _db.OpenConnection();
        using var tx = c.BeginTransaction();
        Exec(tx, "SELECT pg_advisory_xact_lock(@k)", ("k", WriterLock));
        var r = body(tx);
        tx.Commit();
        return r;
    }

    private T Read<T>(Func<NpgsqlConnection, T> body)
    {
        using var c = _db.OpenConnection();
        return body(c);
    }

    private static NpgsqlCommand Cmd(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = new NpgsqlCommand(sql, c, tx);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        return cmd;
    }

    private static int Exec(NpgsqlTransaction tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Cmd(tx.Connection!, tx, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(NpgsqlConnection c, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Cmd(c, tx, sql, args);
        return cmd.ExecuteScalar();
    }

    public SettlementState LoadState(SettlementConfig config) => Read(c =>
    {
        // One snapshot for the epoch and the accounts (a writer may commit between two statements otherwise).
        using var tx = c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var state = new SettlementState(config);
        if (Scalar(c, tx, "SELECT state FROM epochs ORDER BY batch_index DESC LIMIT 1") is string epoch) state.Epoch = StoreRows.DecodeEpoch(epoch, config, _name);
        using var cmd = Cmd(c, tx, "SELECT id, salt, nonce, balances, slots, leaf FROM accounts ORDER BY id");
        using var r = cmd.ExecuteReader();
        while (r.Read())
            state.Store(-1, StoreRows.RestoreAccount(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetString(5), config, _name));
        return state;
    });

    public long BatchCount => Read(c => (long)Scalar(c, null, "SELECT COUNT(*) FROM batches")!);

    public StoredBatch? FindByOperations(string operationsJson) => Read(c => Find(c, null, "b.content_key = @k", BatchKey.Of(operationsJson)));
    public StoredBatch? Batch(long batchIndex) => Read(c => Find(c, null, "b.batch_index = @k", batchIndex));

    private static StoredBatch? Find(NpgsqlConnection c, NpgsqlTransaction? tx, string where, object key)
    {
        using var cmd = Cmd(c, tx, $"""
            SELECT b.batch_index, b.content_key, s.old_root, s.new_root, u.bundle, p.prove_ms FROM batches b
            JOIN statements s ON s.batch_index = b.batch_index JOIN bundles u ON u.batch_index = b.batch_index
            JOIN proofs p ON p.batch_index = b.batch_index WHERE {where}
            """, ("k", key));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        return new StoredBatch(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), (byte[])r[4], r.GetInt64(5));
    }

    public void Commit(BatchCommit b) => Write(tx =>
    {
        long pending = (long)Scalar(tx.Connection!, tx, "SELECT COUNT(*) FROM proof_jobs WHERE status <> 'published'")!;
        if (pending > 0) throw new StoreConflictException($"{pending} sequenced batches of the prover service are not yet published; submit this batch to the service");
        string key = CheckNext(tx, b.BatchIndex, b.OldRoot, b.OperationsJson);
        WriteState(tx, b.BatchIndex, key, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash, b.StatementJson);
        Exec(tx, "INSERT INTO proofs(batch_index, proof, prove_ms) VALUES (@i, @p, @ms)", ("i", b.BatchIndex), ("p", b.Proof), ("ms", b.ProveMilliseconds));
        Exec(tx, "INSERT INTO bundles(batch_index, bundle) VALUES (@i, @b)", ("i", b.BatchIndex), ("b", b.Bundle));
        Exec(tx, "INSERT INTO proof_jobs(batch_index, status, attempts, queued_at, started_at, proved_at, published_at, prove_ms) " +
                 "VALUES (@i, 'published', 1, @t, @t, @t, @t, @ms)", ("i", b.BatchIndex), ("t", Now), ("ms", b.ProveMilliseconds));
        return 0;
    });

    public void Sequence(SequencedBatch b) => Write(tx =>
    {
        string key = CheckNext(tx, b.BatchIndex, b.OldRoot, b.OperationsJson);
        WriteState(tx, b.BatchIndex, key, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash, b.StatementJson);
        Exec(tx, "INSERT INTO proof_jobs(batch_index, status, attempts, queued_at, inputs, unproven_bundle) VALUES (@i, 'queued', 0, @t, @in, @u)",
            ("i", b.BatchIndex), ("t", Now), ("in", b.WitnessInputs), ("u", b.UnprovenBundle));
        return 0;
    });

    /// <summary>The fencing rule (as <see cref="SqliteSettlementStore"/>): batch n follows only n−1, from its new root, with new operations.</summary>
    private static string CheckNext(NpgsqlTransaction tx, long index, string oldRoot, string operationsJson)
    {
        var c = tx.Connection!;
        long count = (long)Scalar(c, tx, "SELECT COUNT(*) FROM batches")!;
        if (count != index) throw new StoreConflictException($"batch {index} does not follow the stored history ({count} batches committed)");
        string key = BatchKey.Of(operationsJson);
        if (Scalar(c, tx, "SELECT batch_index FROM batches WHERE content_key = @k", ("k", key)) is long dup)
            throw new StoreConflictException($"these operations are already stored as batch {dup}");
        if (index > 0 && Scalar(c, tx, "SELECT new_root FROM statements WHERE batch_index = @i", ("i", index - 1)) is string last && last != oldRoot)
            throw new StoreConflictException($"batch {index} starts from root {oldRoot}, but batch {index - 1} ended at {last} (a stale sequencer)");
        return key;
    }

    private void WriteState(NpgsqlTransaction tx, long index, string key, string operationsJson, IReadOnlyList<Account> changed, EpochState epochAfter,
        string oldRoot, string newRoot, string statementHash, string statementJson)
    {
        foreach (var a in changed)
        {
            var (salt, balances, slots, leaf) = StoreRows.EncodeAccount(a);
            Exec(tx, "INSERT INTO accounts(id, salt, nonce, balances, slots, leaf) VALUES (@id, @salt, @nonce, @bal, @slots, @leaf) " +
                     "ON CONFLICT(id) DO UPDATE SET salt = @salt, nonce = @nonce, balances = @bal, slots = @slots, leaf = @leaf",
                ("id", (long)a.Id), ("salt", salt), ("nonce", a.Nonce), ("bal", balances), ("slots", slots), ("leaf", leaf));
        }
        Exec(tx, "INSERT INTO epochs(batch_index, state) VALUES (@i, @s)", ("i", index), ("s", StoreRows.EncodeEpoch(epochAfter)));
        Exec(tx, "INSERT INTO batches(batch_index, content_key, operations, committed_at) VALUES (@i, @h, @o, @t)",
            ("i", index), ("h", key), ("o", operationsJson), ("t", _clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        Exec(tx, "INSERT INTO statements(batch_index, old_root, new_root, statement_hash, statement) VALUES (@i, @o, @n, @h, @s)",
            ("i", index), ("o", oldRoot), ("n", newRoot), ("h", statementHash), ("s", statementJson));
        SettleProposal(tx, index, key);
    }

    public long? IndexOfOperations(string operationsJson) =>
        Read(c => Scalar(c, null, "SELECT batch_index FROM batches WHERE content_key = @k", ("k", BatchKey.Of(operationsJson))) as long?);

    public ProofJob? Job(long batchIndex) => Read(c =>
    {
        using var cmd = Cmd(c, null, "SELECT batch_index, status, owner, lease_until, attempts, reason, queued_at, started_at, proved_at, published_at, prove_ms, progress " +
                                     "FROM proof_jobs WHERE batch_index = @i", ("i", batchIndex));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        DateTimeOffset? T(int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        return new ProofJob(r.GetInt64(0), ParseStatus(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2), T(3), r.GetInt32(4),
            r.IsDBNull(5) ? null : r.GetString(5), T(6)!.Value, T(7), T(8), T(9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetDouble(11));
    });

    public JobLease? Claim(string owner, TimeSpan lease, int maxAttempts) => Write(tx =>
    {
        long now = Now;
        Exec(tx, "UPDATE proof_jobs SET status = 'failed', reason = 'the prover''s lease expired on each of its ' || attempts || ' attempts', " +
                 "owner = NULL, lease_until = NULL WHERE status = 'proving' AND lease_until <= @now AND attempts >= @max", ("now", now), ("max", maxAttempts));
        long index; int attempt; byte[] inputs;
        using (var pick = Cmd(tx.Connection!, tx, "SELECT batch_index, attempts, inputs FROM proof_jobs " +
                                                 "WHERE status = 'queued' OR (status = 'proving' AND lease_until <= @now) ORDER BY batch_index LIMIT 1", ("now", now)))
        using (var r = pick.ExecuteReader())
        {
            if (!r.Read()) return null;
            index = r.GetInt64(0); attempt = r.GetInt32(1) + 1; inputs = (byte[])r[2];
        }
        Exec(tx, "UPDATE proof_jobs SET status = 'proving', owner = @o, lease_until = @u, attempts = @a, started_at = @now, progress = 0 WHERE batch_index = @i",
            ("o", owner), ("u", now + (long)lease.TotalMilliseconds), ("a", attempt), ("now", now), ("i", index));
        return new JobLease(index, owner, attempt, inputs);
    });

    public bool Renew(JobLease lease, TimeSpan extension, double progress) =>
        Write(tx => Held(tx, lease, "lease_until = @u, progress = @p", ("u", Now + (long)extension.TotalMilliseconds), ("p", Math.Clamp(progress, 0, 1))));

    public bool Complete(JobLease lease, byte[] proof, long proveMilliseconds) => Write(tx =>
    {
        if (!Held(tx, lease, "status = 'proved', lease_until = NULL, proved_at = @t, prove_ms = @ms", ("t", Now), ("ms", proveMilliseconds)))
            return false;
        Exec(tx, "INSERT INTO proofs(batch_index, proof, prove_ms) VALUES (@i, @p, @ms)", ("i", lease.BatchIndex), ("p", proof), ("ms", proveMilliseconds));
        return true;
    });

    public bool Fail(JobLease lease, string reason, bool deterministic, int maxAttempts) => Write(tx =>
        Held(tx, lease, deterministic || lease.Attempt >= maxAttempts
            ? "status = 'failed', owner = NULL, lease_until = NULL, reason = @r"
            : "status = 'queued', owner = NULL, lease_until = NULL, reason = @r", ("r", reason)));

    private bool Held(NpgsqlTransaction tx, JobLease lease, string set, params (string Name, object? Value)[] args) =>
        Exec(tx, $"UPDATE proof_jobs SET {set} WHERE batch_index = @i AND status = 'proving' AND owner = @o AND attempts = @a AND lease_until > @now",
            [.. args, ("i", lease.BatchIndex), ("o", lease.Owner), ("a", lease.Attempt), ("now", Now)]) == 1;

    public ProvedBatch? NextToPublish() => Read(c =>
    {
        using var cmd = Cmd(c, null, """
            SELECT j.batch_index, j.status, s.statement_hash, j.unproven_bundle, p.proof FROM proof_jobs j
            JOIN statements s ON s.batch_index = j.batch_index LEFT JOIN proofs p ON p.batch_index = j.batch_index
            WHERE j.status <> 'published' ORDER BY j.batch_index LIMIT 1
            """);
        using var r = cmd.ExecuteReader();
        if (!r.Read() || r.GetString(1) != "proved") return null;
        return new ProvedBatch(r.GetInt64(0), r.GetString(2), (byte[])r[3], (byte[])r[4]);
    });

    public void Publish(long batchIndex, byte[] bundle) => Write(tx =>
    {
        var c = tx.Connection!;
        var status = Scalar(c, tx, "SELECT status FROM proof_jobs WHERE batch_index = @i", ("i", batchIndex)) as string;
        if (status == "published")
        {
            if (Find(c, tx, "b.batch_index = @k", batchIndex) is { } done && done.Bundle.AsSpan().SequenceEqual(bundle)) return 0;
            throw new StoreConflictException($"batch {batchIndex} is already published with another bundle");
        }
        if (status != "proved") throw new StoreConflictException($"batch {batchIndex} is {status ?? "not stored"}, not proved: it cannot be published");
        long published = (long)Scalar(c, tx, "SELECT COUNT(*) FROM proof_jobs WHERE status = 'published'")!;
        if (published != batchIndex) throw new StoreConflictException($"batch {batchIndex} cannot be published before batch {published}");
        Exec(tx, "INSERT INTO bundles(batch_index, bundle) VALUES (@i, @b)", ("i", batchIndex), ("b", bundle));
        Exec(tx, "UPDATE proof_jobs SET status = 'published', published_at = @t WHERE batch_index = @i", ("t", Now), ("i", batchIndex));
        return 0;
    });

    public long PublishedCount => Read(c => (long)Scalar(c, null, "SELECT COUNT(*) FROM proof_jobs WHERE status = 'published'")!);

    public IReadOnlyDictionary<JobStatus, long> JobCounts() => Read(c =>
    {
        var counts = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => 0L);
        using var cmd = Cmd(c, null, "SELECT status, COUNT(*) FROM proof_jobs GROUP BY status");
        using var r = cmd.ExecuteReader();
        while (r.Read()) counts[ParseStatus(r.GetString(0))] = r.GetInt64(1);
        return (IReadOnlyDictionary<JobStatus, long>)counts;
    });

    private JobStatus ParseStatus(string s) => StoreRows.ParseStatus(s, _name);

    public void Dispose() => _db.Dispose();
}
