using Microsoft.Data.Sqlite;

namespace Settlement.Prover.Store;

// The prover service's part of the store (IServiceStore, docs/service.md): sequenced batches, proof jobs under leases,
// publication in order. Every member is one BEGIN IMMEDIATE transaction, so two processes on one file never both
// claim a job or publish a batch.
public sealed partial class SqliteSettlementStore
{
    /// <summary>
    /// Version 1 → 3 (and new stores): the job table; every batch stored before it was published by <c>settle prove</c>.
    /// </summary>
    private void CreateJobs(SqliteTransaction tx)
    {
        Exec("""
            CREATE TABLE IF NOT EXISTS proof_jobs(batch_index INTEGER PRIMARY KEY, status TEXT NOT NULL, owner TEXT, lease_until INTEGER,
                                    attempts INTEGER NOT NULL, reason TEXT, queued_at INTEGER NOT NULL, started_at INTEGER,
                                    proved_at INTEGER, published_at INTEGER, prove_ms INTEGER, inputs BLOB, unproven_bundle BLOB,
                                    progress REAL NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS proof_jobs_status ON proof_jobs(status, batch_index);
            """, tx);
        Exec("INSERT OR IGNORE INTO proof_jobs(batch_index, status, attempts, queued_at, published_at, prove_ms) " +
             "SELECT b.batch_index, 'published', 1, $t, $t, p.prove_ms FROM batches b JOIN proofs p ON p.batch_index = b.batch_index", tx, ("$t", Now));
    }

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public void Sequence(SequencedBatch b)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            string key = CheckNext(tx, b.BatchIndex, b.OldRoot, b.OperationsJson);
            WriteState(tx, b.BatchIndex, key, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash, b.StatementJson);
            Exec("INSERT INTO proof_jobs(batch_index, status, attempts, queued_at, inputs, unproven_bundle) VALUES ($i, 'queued', 0, $t, $in, $u)", tx,
                ("$i", b.BatchIndex), ("$t", Now), ("$in", b.WitnessInputs), ("$u", b.UnprovenBundle));
            tx.Commit();
        }
    }

    public long? IndexOfOperations(string operationsJson)
    {
        lock (_gate) return IndexOf(BatchKey.Of(operationsJson), null);
    }

    public ProofJob? Job(long batchIndex)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT batch_index, status, owner, lease_until, attempts, reason, queued_at, started_at, proved_at, published_at, prove_ms, progress " +
                                    "FROM proof_jobs WHERE batch_index = $i");
            cmd.Parameters.AddWithValue("$i", batchIndex);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            return new ProofJob(r.GetInt64(0), ParseStatus(r.GetString(1)), r.IsDBNull(2) ? null : r.GetString(2), Time(r, 3), r.GetInt32(4),
                r.IsDBNull(5) ? null : r.GetString(5), Time(r, 6)!.Value, Time(r, 7), Time(r, 8), Time(r, 9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetDouble(11));
        }

        static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
    }

    public JobLease? Claim(string owner, TimeSpan lease, int maxAttempts)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            long now = Now;
            // Expired leases whose attempts are used up fail first, so that they cannot be claimed below.
            Exec("UPDATE proof_jobs SET status = 'failed', reason = 'the prover''s lease expired on each of its ' || attempts || ' attempts', " +
                 "owner = NULL, lease_until = NULL WHERE status = 'proving' AND lease_until <= $now AND attempts >= $max", tx, ("$now", now), ("$max", maxAttempts));
            using var pick = Command("SELECT batch_index, attempts, inputs FROM proof_jobs " +
                                     "WHERE status = 'queued' OR (status = 'proving' AND lease_until <= $now) ORDER BY batch_index LIMIT 1", tx);
            pick.Parameters.AddWithValue("$now", now);
            long index; int attempt; byte[] inputs;
            using (var r = pick.ExecuteReader())
            {
                if (!r.Read()) { tx.Commit(); return null; }
                index = r.GetInt64(0); attempt = r.GetInt32(1) + 1; inputs = (byte[])r[2];
            }
            Exec("UPDATE proof_jobs SET status = 'proving', owner = $o, lease_until = $u, attempts = $a, started_at = $now, progress = 0 WHERE batch_index = $i", tx,
                ("$o", owner), ("$u", now + (long)lease.TotalMilliseconds), ("$a", attempt), ("$now", now), ("$i", index));
            tx.Commit();
            return new JobLease(index, owner, attempt, inputs);
        }
    }

    public bool Renew(JobLease lease, TimeSpan extension, double progress)
    {
        lock (_gate)
            return Held(lease, "lease_until = $u, progress = $p", ("$u", Now + (long)extension.TotalMilliseconds), ("$p", Math.Clamp(progress, 0, 1)));
    }

    public bool Complete(JobLease lease, byte[] proof, long proveMilliseconds)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            if (!Held(lease, "status = 'proved', lease_until = NULL, proved_at = $t, prove_ms = $ms", tx, ("$t", Now), ("$ms", proveMilliseconds)))
                return false;
            Exec("INSERT INTO proofs(batch_index, proof, prove_ms) VALUES ($i, $p, $ms)", tx, ("$i", lease.BatchIndex), ("$p", proof), ("$ms", proveMilliseconds));
            tx.Commit();
            return true;
        }
    }

    public bool Fail(JobLease lease, string reason, bool deterministic, int maxAttempts)
    {
        lock (_gate)
        {
            bool final = deterministic || lease.Attempt >= maxAttempts;
            return Held(lease, final ? "status = 'failed', owner = NULL, lease_until = NULL, reason = $r" : "status = 'queued', owner = NULL, lease_until = NULL, reason = $r",
                ("$r", reason));
        }
    }

    /// <summary>Updates the job when <paramref name="lease"/> still holds it (same owner and attempt, proving, lease not expired).</summary>
    private bool Held(JobLease lease, string set, params (string Name, object Value)[] args) => Held(lease, set, null, args);

    private bool Held(JobLease lease, string set, SqliteTransaction? tx, params (string Name, object Value)[] args)
    {
        using var cmd = Command($"UPDATE proof_jobs SET {set} WHERE batch_index = $i AND status = 'proving' AND owner = $o AND attempts = $a AND lease_until > $now", tx);
        cmd.Parameters.AddWithValue("$i", lease.BatchIndex);
        cmd.Parameters.AddWithValue("$o", lease.Owner);
        cmd.Parameters.AddWithValue("$a", lease.Attempt);
        cmd.Parameters.AddWithValue("$now", Now);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return cmd.ExecuteNonQuery() == 1;
    }

    public ProvedBatch? NextToPublish()
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT j.batch_index, j.status, s.statement_hash, j.unproven_bundle, p.proof FROM proof_jobs j
                JOIN statements s ON s.batch_index = j.batch_index LEFT JOIN proofs p ON p.batch_index = j.batch_index
                WHERE j.status <> 'published' ORDER BY j.batch_index LIMIT 1
                """);
            using var r = cmd.ExecuteReader();
            if (!r.Read() || r.GetString(1) != "proved") return null;
            return new ProvedBatch(r.GetInt64(0), r.GetString(2), (byte[])r[3], (byte[])r[4]);
        }
    }

    public void Publish(long batchIndex, byte[] bundle)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using (var cmd = Command("SELECT status FROM proof_jobs WHERE batch_index = $i", tx))
            {
                cmd.Parameters.AddWithValue("$i", batchIndex);
                var status = cmd.ExecuteScalar() as string;
                if (status == "published")
                {
                    if (Find("b.batch_index = $k", batchIndex, tx) is { } done && done.Bundle.AsSpan().SequenceEqual(bundle)) return;
                    throw new StoreConflictException($"batch {batchIndex} is already published with another bundle");
                }
                if (status != "proved") throw new StoreConflictException($"batch {batchIndex} is {status ?? "not stored"}, not proved: it cannot be published");
            }
            long published = (long)Scalar("SELECT COUNT(*) FROM proof_jobs WHERE status = 'published'", tx)!;
            if (published != batchIndex) throw new StoreConflictException($"batch {batchIndex} cannot be published before batch {published}");
            Exec("INSERT INTO bundles(batch_index, bundle) VALUES ($i, $b)", tx, ("$i", batchIndex), ("$b", bundle));
            Exec("UPDATE proof_jobs SET status = 'published', published_at = $t WHERE batch_index = $i", tx, ("$t", Now), ("$i", batchIndex));
            tx.Commit();
        }
    }

    public long PublishedCount { get { lock (_gate) return (long)Scalar("SELECT COUNT(*) FROM proof_jobs WHERE status = 'published'")!; } }

    public IReadOnlyDictionary<JobStatus, long> JobCounts()
    {
        lock (_gate)
        {
            var counts = Enum.GetValues<JobStatus>().ToDictionary(s => s, _ => 0L);
            using var cmd = Command("SELECT status, COUNT(*) FROM proof_jobs GROUP BY status");
            using var r = cmd.ExecuteReader();
            while (r.Read()) counts[ParseStatus(r.GetString(0))] = r.GetInt64(1);
            return counts;
        }
    }

    private JobStatus ParseStatus(string s) => StoreRows.ParseStatus(s, $"store {Path}");
}
