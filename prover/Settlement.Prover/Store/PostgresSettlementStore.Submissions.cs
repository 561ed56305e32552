using Npgsql;

namespace Settlement.Prover.Store;

// The streaming flow's part of the store (IServiceStore.Submissions), as SqliteSettlementStore.Submissions.
public sealed partial class PostgresSettlementStore
{
    private static void CreateSubmissions(NpgsqlTransaction tx) => Exec(tx, """
        CREATE TABLE IF NOT EXISTS submissions(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, venue INT NOT NULL, content_key TEXT NOT NULL UNIQUE,
                                               operations TEXT NOT NULL, op_count INT NOT NULL, signature BYTEA NOT NULL, received_at BIGINT NOT NULL,
                                               status TEXT NOT NULL, batch_index BIGINT, reason TEXT);
        CREATE INDEX IF NOT EXISTS submissions_status ON submissions(status, id);
        CREATE TABLE IF NOT EXISTS proposals(batch_index BIGINT PRIMARY KEY, status TEXT NOT NULL, old_root TEXT NOT NULL, digest TEXT NOT NULL,
                                             message BYTEA NOT NULL, operations TEXT NOT NULL, content_key TEXT NOT NULL, reason TEXT, created_at BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS proposal_signatures(batch_index BIGINT NOT NULL, venue INT NOT NULL, signature BYTEA NOT NULL,
                                                       PRIMARY KEY(batch_index, venue));
        CREATE TABLE IF NOT EXISTS proposal_approvals(batch_index BIGINT NOT NULL, venue INT NOT NULL, signature BYTEA NOT NULL,
                                                      PRIMARY KEY(batch_index, venue));
        """);

    private static List<SubmissionRecord> Submissions(NpgsqlConnection c, NpgsqlTransaction? tx, string where, params (string Name, object? Value)[] args)
    {
        using var cmd = Cmd(c, tx, $"SELECT {StoreRows.SubmissionColumns} FROM submissions WHERE {where}", args);
        using var r = cmd.ExecuteReader();
        var list = new List<SubmissionRecord>();
        while (r.Read()) list.Add(StoreRows.ReadSubmission(r));
        return list;
    }

    public IReadOnlyList<SubmissionRecord> Submit(IReadOnlyList<NewSubmission> submissions)
    {
        // Not under the writer lock: the unique content key makes a concurrent repeat insert nothing, and intake must
        // not queue behind the sequencer's commits. One transaction, so one commit, for the whole group.
        return Read(c =>
        {
            using var tx = c.BeginTransaction();
            var stored = new List<SubmissionRecord>(submissions.Count);
            foreach (var n in submissions)
            {
                string key = StoreRows.SubmissionKey(n.Venue, n.OperationsJson);
                using (var ins = Cmd(c, tx, "INSERT INTO submissions(venue, content_key, operations, op_count, signature, received_at, status) " +
                                            "VALUES (@v, @k, @o, @n, @s, @t, 'pending') ON CONFLICT(content_key) DO NOTHING",
                           ("v", n.Venue), ("k", key), ("o", n.OperationsJson), ("n", n.OpCount), ("s", n.Signature), ("t", Now)))
                    ins.ExecuteNonQuery();
                stored.Add(Submissions(c, tx, "content_key = @k", ("k", key)).Single());
            }
            tx.Commit();
            return (IReadOnlyList<SubmissionRecord>)stored;
        });
    }

    public SubmissionRecord? Submission(long id) => Read(c => Submissions(c, null, "id = @i", ("i", id)).SingleOrDefault());

    public IReadOnlyList<SubmissionRecord> PendingSubmissions(int limit) =>
        Read(c => Submissions(c, null, "status = 'pending' ORDER BY id LIMIT @n", ("n", limit)));

    public bool RejectSubmission(long id, string reason) => Write(tx =>
        Exec(tx, "UPDATE submissions SET status = 'rejected', reason = @r WHERE id = @i AND status = 'pending'", ("r", reason), ("i", id)) == 1);

    public void Propose(ProposalRecord p) => Write(tx =>
    {
        var c = tx.Connection!;
        long count = (long)Scalar(c, tx, "SELECT COUNT(*) FROM batches")!;
        if (count != p.Batch) throw new StoreConflictException($"batch {p.Batch} does not follow the stored history ({count} batches committed)");
        if (p.Batch > 0 && Scalar(c, tx, "SELECT new_root FROM statements WHERE batch_index = @i", ("i", p.Batch - 1)) is string last && last != p.OldRoot)
            throw new StoreConflictException($"batch {p.Batch} starts from root {p.OldRoot}, but batch {p.Batch - 1} ended at {last} (a stale sequencer)");
        if (Scalar(c, tx, "SELECT batch_index FROM proposals WHERE status = 'open'") is long open)
            throw new StoreConflictException($"the proposal of batch {open} is still open");
        Exec(tx, "DELETE FROM proposal_signatures WHERE batch_index = @i", ("i", p.Batch));
        Exec(tx, "DELETE FROM proposal_approvals WHERE batch_index = @i", ("i", p.Batch));
        Exec(tx, "DELETE FROM proposals WHERE batch_index = @i", ("i", p.Batch));
        Exec(tx, "INSERT INTO proposals(batch_index, status, old_root, digest, message, operations, content_key, created_at) VALUES (@i, 'open', @r, @d, @m, @o, @k, @t)",
            ("i", p.Batch), ("r", p.OldRoot), ("d", p.Digest), ("m", p.Message), ("o", p.OperationsJson), ("k", BatchKey.Of(p.OperationsJson)), ("t", Now));
        foreach (var id in p.Submissions)
            if (Exec(tx, "UPDATE submissions SET status = 'proposed', batch_index = @b WHERE id = @i AND status = 'pending'", ("b", p.Batch), ("i", id)) != 1)
                throw new StoreConflictException($"submission {id} is no longer pending");
        return 0;
    });

    public ProposalRecord? Proposal(long batch) => ReadProposal("batch_index = @i", ("i", batch));
    public ProposalRecord? OpenProposal() => ReadProposal("status = 'open'");

    private ProposalRecord? ReadProposal(string where, params (string Name, object? Value)[] args) => Read(c =>
    {
        using var tx = c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        ProposalRecord p;
        using (var cmd = Cmd(c, tx, $"SELECT {StoreRows.ProposalColumns} FROM proposals WHERE {where}", args))
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return null;
            p = StoreRows.ReadProposal(r);
        }
        var ids = Submissions(c, tx, "batch_index = @b ORDER BY id", ("b", p.Batch)).Select(x => x.Id).ToList();
        var sigs = new SortedDictionary<int, byte[]>();
        using (var cmd = Cmd(c, tx, "SELECT venue, signature FROM proposal_signatures WHERE batch_index = @b", ("b", p.Batch)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) sigs[r.GetInt32(0)] = (byte[])r[1];
        var approved = new List<int>();
        using (var cmd = Cmd(c, tx, "SELECT venue FROM proposal_approvals WHERE batch_index = @b ORDER BY venue", ("b", p.Batch)))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) approved.Add(r.GetInt32(0));
        return p with { Submissions = ids, Signatures = sigs, Approved = approved };
    });

    public bool AddSignature(long batch, int venue, byte[] signature) => AddToOpen("proposal_signatures", batch, venue, signature);

    public bool AddApproval(long batch, int venue, byte[] signature) => AddToOpen("proposal_approvals", batch, venue, signature);

    /// <summary>A venue's signature or approval, kept (the first one) while the proposal of batch n is open; false otherwise.</summary>
    private bool AddToOpen(string table, long batch, int venue, byte[] signature) => Write(tx =>
    {
        if ((long)Scalar(tx.Connection!, tx, "SELECT COUNT(*) FROM proposals WHERE batch_index = @b AND status = 'open'", ("b", batch))! == 0) return false;
        Exec(tx, $"INSERT INTO {table}(batch_index, venue, signature) VALUES (@b, @v, @s) ON CONFLICT DO NOTHING", ("b", batch), ("v", venue), ("s", signature));
        return true;
    });

    public bool VoidProposal(long batch, string reason) => Write(tx =>
    {
        if (Exec(tx, "UPDATE proposals SET status = 'void', reason = @r WHERE batch_index = @b AND status = 'open'", ("r", reason), ("b", batch)) != 1) return false;
        Exec(tx, "UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = @b AND status = 'proposed'", ("b", batch));
        return true;
    });

    public bool AbandonProposal(long batch, string reason, int? refusedBy = null) => Write(tx =>
    {
        if (Exec(tx, "UPDATE proposals SET status = 'void', reason = @r WHERE batch_index = @b AND status = 'open' " +
                     "AND NOT EXISTS (SELECT 1 FROM proposal_signatures WHERE batch_index = @b)", ("r", reason), ("b", batch)) != 1) return false;
        Exec(tx, "UPDATE submissions SET status = 'rejected', reason = @r, batch_index = NULL WHERE batch_index = @b AND status = 'proposed' " +
                 "AND (venue = @v OR (@v < 0 AND venue NOT IN (SELECT venue FROM proposal_approvals WHERE batch_index = @b)))",
                 ("r", reason), ("b", batch), ("v", refusedBy ?? -1));
        Exec(tx, "UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = @b AND status = 'proposed'", ("b", batch));
        return true;
    });

    /// <summary>Settles an open proposal of the batch just committed (as <see cref="SqliteSettlementStore"/>).</summary>
    private static void SettleProposal(NpgsqlTransaction tx, long index, string key)
    {
        Exec(tx, "UPDATE proposals SET status = CASE WHEN content_key = @k THEN 'sequenced' ELSE 'void' END, " +
                 "reason = CASE WHEN content_key = @k THEN NULL ELSE 'batch ' || @i || ' was committed with other operations' END " +
                 "WHERE batch_index = @i AND status = 'open'", ("k", key), ("i", index));
        Exec(tx, "UPDATE submissions SET status = 'sequenced' WHERE batch_index = @i AND status = 'proposed' " +
                 "AND EXISTS (SELECT 1 FROM proposals WHERE batch_index = @i AND status = 'sequenced')", ("i", index));
        Exec(tx, "UPDATE submissions SET status = 'pending', batch_index = NULL WHERE batch_index = @i AND status = 'proposed'", ("i", index));
    }
}
