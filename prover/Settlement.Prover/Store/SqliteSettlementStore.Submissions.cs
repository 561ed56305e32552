using Microsoft.Data.Sqlite;

namespace Settlement.Prover.Store;

// The streaming flow's part of the store (IServiceStore.Submissions): venues' submissions and the sequencer's proposals.
public sealed partial class SqliteSettlementStore
{
    /// <summary>Version 3 → 4 (and new stores): submissions, proposals and their signatures.</summary>
    private void CreateSubmissions(SqliteTransaction tx) => Exec("""
        CREATE TABLE IF NOT EXISTS submissions(id INTEGER PRIMARY KEY AUTOINCREMENT, venue INTEGER NOT NULL, content_key TEXT NOT NULL UNIQUE,
                                operations TEXT NOT NULL, op_count INTEGER NOT NULL, signature BLOB NOT NULL, received_at INTEGER NOT NULL,
                                status TEXT NOT NULL, batch_index INTEGER, reason TEXT);
        CREATE INDEX IF NOT EXISTS submissions_status ON submissions(status, id);
        CREATE TABLE IF NOT EXISTS proposals(batch_index INTEGER PRIMARY KEY, status TEXT NOT NULL, old_root TEXT NOT NULL, digest TEXT NOT NULL,
                                message BLOB NOT NULL, operations TEXT NOT NULL, content_key TEXT NOT NULL, reason TEXT, created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS proposal_signatures(batch_index INTEGER NOT NULL, venue INTEGER NOT NULL, signature BLOB NOT NULL,
                                PRIMARY KEY(batch_index, venue));
        """, tx);

    /// <summary>Version 4 → 5 (and new stores): the venues' approvals of a proposal.</summary>
    private void CreateApprovals(SqliteTransaction tx) => Exec("""
        CREATE TABLE IF NOT EXISTS proposal_approvals(batch_index INTEGER NOT NULL, venue INTEGER NOT NULL, signature BLOB NOT NULL,
                                PRIMARY KEY(batch_index, venue));
        """, tx);

    public IReadOnlyList<SubmissionRecord> Submit(IReadOnlyList<NewSubmission> submissions)
    {
        lock (_gate)
        {
            // One transaction, so one journal sync, for the whole group the intake hands over.
            using var tx = _db.BeginTransaction();
            var stored = new List<SubmissionRecord>(submissions.Count);
            foreach (var n in submissions)
            {
                string key = StoreRows.SubmissionKey(n.Venue, n.OperationsJson);
                Exec("INSERT INTO submissions(venue, content_key, operations, op_count, signature, received_at, status) VALUES ($v, $k, $o, $n, $s, $t, 'pending') " +
                     "ON CONFLICT(content_key) DO NOTHING", tx, ("$v", n.Venue), ("$k", key), ("$o", n.OperationsJson), ("$n", n.OpCount), ("$s", n.Signature), ("$t", Now));
                stored.Add(Submissions("content_key = $k", tx, ("$k", key)).Single());
            }
            tx.Commit();
            return stored;
        }
    }

    public SubmissionRecord? Submission(long id)
    {
        lock (_gate) return Submissions("id = $i", null, ("$i", id)).SingleOrDefault();
    }

    public IReadOnlyList<SubmissionRecord> PendingSubmissions(int limit)
    {
        lock (_gate) return Submissions("status = 'pending' ORDER BY id LIMIT $n", null, ("$n", limit));
    }

    private List<SubmissionRecord> Submissions(string where, SqliteTransaction? tx, params (string Name, object Value)[] args)
    {
        using var cmd = Command($"SELECT {StoreRows.SubmissionColumns} FROM submissions WHERE {where}", tx);
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        using var r = cmd.ExecuteReader();
        var list = new List<SubmissionRecord>();
        while (r.Read()) list.Add(StoreRows.ReadSubmission(r));
        return list;
    }

    public bool RejectSubmission(long id, string reason)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE submissions SET status = 'rejected', reason = $r WHERE id = $i AND status = 'pending'");
            cmd.Parameters.AddWithValue("$r", reason);
            cmd.Parameters.AddWithValue("$i", id);
            return cmd.ExecuteNonQuery() == 1;
        }
    }

    public void Propose(ProposalRecord p)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            long count = (long)Scalar("SELECT COUNT(*) FROM batches", tx)!;
            if (count != p.Batch) throw new StoreConflictException($"batch {p.Batch} does not follow the stored history ({count} batches committed)");
            if (p.Batch > 0)
            {
                using var root = Command("SELECT new_root FROM statements WHERE batch_index = $i", tx);
                root.Parameters.AddWithValue("$i", p.Batch - 1);
                if (root.ExecuteScalar() is string last && last != p.OldRoot)
                    throw new StoreConflictException($"batch {p.Batch} starts from root {p.OldRoot}, but batch {p.Batch - 1} ended at {last} (a stale sequencer)");
            }
            if (Scalar("SELECT batch_index FROM proposals WHERE status = 'open'", tx) is long open)
                throw new StoreConflictException($"the proposal of batch {open} is still open");
            Exec("DELETE FROM proposal_signatures WHERE batch_index = $i", tx, ("$i", p.Batch));
            Exec("DELETE FROM proposal_approvals WHERE batch_index = $i", tx, ("$i", p.Batch));
            Exec("DELETE FROM proposals WHERE batch_index = $i", tx, ("$i", p.Batch));
            Exec("INSERT INTO proposals(batch_index, status, old_root, digest, message, operations, content_key, created_at) VALUES ($i, 'open', $r, $d, $m, $o, $k, $t)", tx,
                ("$i", p.Batch), ("$r", p.OldRoot), ("$d", p.Digest), ("$m", p.Message), ("$o", p.OperationsJson), ("$k", BatchKey.Of(p.OperationsJson)), ("$t", Now));
            foreach (var id in p.Submissions)
            {
                using var take = Command("UPDATE submissions SET status = 'proposed', batch_index = $b WHERE id = $i AND status = 'pending'", tx);
                take.Parameters.AddWithValue("$b", p.Batch);
                take.Parameters.AddWithValue("$i", id);
                if (take.ExecuteNonQuery() != 1) throw new StoreConflictException($"submission {id} is no longer pending");
            }
            tx.Commit();
        }
    }

    public ProposalRecord? Proposal(long batch)
    {
        lock (_gate) return ReadProposal("batch_index = $i", ("$i", batch));
    }

    public ProposalRecord? OpenProposal()
    {
        lock (_gate) return ReadProposal("status = 'open'");
    }

    private ProposalRecord? ReadProposal(string where, params (string Name, object Value)[] args)
    {
        using var tx = _db.BeginTransaction(deferred: true);
        ProposalRecord p;
        using (var cmd = Command($"SELECT {StoreRows.ProposalColumns} FROM proposals WHERE {where}", tx))
        {
            foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            p = StoreRows.ReadProposal(r);
        }
        var ids = Submissions("batch_index = $b ORDER BY id", tx, ("$b", p.Batch)).Select(x => x.Id).ToList();
        var sigs = new SortedDictionary<int, byte[]>();
        using (var cmd = Command("SELECT venue, signature FROM proposal_signatures WHERE batch_index = $b", tx))
        {
            cmd.Parameters.AddWithValue("$b", p.Batch);
            using var r = cmd.ExecuteReader();
            while (r.Read()) sigs[r.GetInt32(0)] = (byte[])r[1];
        }
        var approved = new List<int>();
        using (var cmd = Command("SELECT venue FROM proposal_approvals WHERE batch_index = $b ORDER BY venue", tx))
        {
            cmd.Parameters.AddWithValue("$b", p.Batch);
            using var r = cmd.ExecuteReader();
            while (r.Read()) approved.Add(r.GetInt32(0));
        }
        return p with { Submissions = ids, Signatures = sigs, Approved = approved };
    }

    public bool AddSignature(long batch, int venue, byte[] signature) => AddToOpen("proposal_signatures", batch, venue, signature);

    public bool AddApproval(long batch, int venue, byte[] signature) => AddToOpen("proposal_approvals", batch, venue, signature);

    /// <summary>A venue's signature or approval, kept (the first one) while the proposal of batch n is open; false otherwise.</summary>
    private bool AddToOpen(string table, long batch, int venue, byte[] signature)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var open = Command("SELECT COUNT(*) FROM proposals WHERE batch_index = $b AND status = 'open'", tx);
            open.Parameters.AddWithValue("$b", batch);
            if ((long)open.ExecuteScalar()! == 0) return false;
            Exec($"INSERT INTO {table}(batch_index, venue, signature) VALUES ($b, $v, $s) ON CONFLICT DO NOTHING", tx,
                ("$b", batch), ("$v", venue), ("$s", signature));
            tx.Commit();
            return true;
        }
    }

    public bool VoidProposal(long batch, string reason)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = Command("UPDATE proposals SET status = 'void', reason = $r WHERE batch_index = $b AND status = 'open'", tx);
            cmd.Parameters.AddWithValue("$r", reason);
            cmd.Parameters.AddWithValue("$b", batch);
            if (cmd.ExecuteNonQuery() != 1) return false;
            Exec("UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = $b AND status = 'proposed'", tx, ("$b", batch));
            tx.Commit();
            return true;
        }
    }

    public bool AbandonProposal(long batch, string reason, int? refusedBy = null)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = Command("UPDATE proposals SET status = 'void', reason = $r WHERE batch_index = $b AND status = 'open' " +
                                    "AND NOT EXISTS (SELECT 1 FROM proposal_signatures WHERE batch_index = $b)", tx);
            cmd.Parameters.AddWithValue("$r", reason);
            cmd.Parameters.AddWithValue("$b", batch);
            if (cmd.ExecuteNonQuery() != 1) return false;
            Exec("UPDATE submissions SET status = 'rejected', reason = $r, batch_index = NULL WHERE batch_index = $b AND status = 'proposed' " +
                 "AND (venue = $v OR ($v < 0 AND venue NOT IN (SELECT venue FROM proposal_approvals WHERE batch_index = $b)))",
                 tx, ("$r", reason), ("$b", batch), ("$v", refusedBy ?? -1));
            Exec("UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = $b AND status = 'proposed'", tx, ("$b", batch));
            tx.Commit();
            return true;
        }
    }

    /// <summary>
    /// Batch n committed with content key <paramref name="key"/>: an open proposal of n is sequenced with its submissions
    /// when it holds these operations, else void with its submissions pending again (another batch took n).
    /// </summary>
    private void SettleProposal(SqliteTransaction tx, long index, string key)
    {
        Exec("UPDATE proposals SET status = CASE WHEN content_key = $k THEN 'sequenced' ELSE 'void' END, " +
             "reason = CASE WHEN content_key = $k THEN NULL ELSE 'batch ' || $i || ' was committed with other operations' END " +
             "WHERE batch_index = $i AND status = 'open'", tx, ("$k", key), ("$i", index));
        Exec("UPDATE submissions SET status = 'sequenced' WHERE batch_index = $i AND status = 'proposed' " +
             "AND EXISTS (SELECT 1 FROM proposals WHERE batch_index = $i AND status = 'sequenced')", tx, ("$i", index));
        Exec("UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = $i AND status = 'proposed'", tx, ("$i", index));
    }
}
