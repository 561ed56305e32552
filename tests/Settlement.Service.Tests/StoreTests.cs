using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bundles;

namespace Settlement.Service.Tests;

/// <summary>The service's store rules (fencing, leases, retries, publication order), with a clock the test moves; run on each backend.</summary>
public abstract class StoreTests
{
    protected abstract IServiceStore NewStore(Deployment d, TimeProvider clock);

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly byte[] SomeProof = new byte[192];

    private (SettlementService Svc, IServiceStore Store, Clock Clock, Deployment D) Open()
    {
        var d = TestDeployment.Fresh();
        var clock = new Clock();
        var store = NewStore(d, clock);
        return (new SettlementService(d, store), store, clock, d);
    }

    /// <summary>Applies and sequences batch k; returns its index.</summary>
    private static long Sequence(SettlementService svc, int k)
    {
        var applied = svc.Apply(TestDeployment.Ops(svc.Deployment, k));
        svc.Store.Sequence(applied.Batch);
        return applied.Batch.BatchIndex;
    }

    [Fact]
    public void Sequencing_is_fenced_on_the_batch_index_and_the_old_root()
    {
        var (svc, store, _, d) = Open();
        using var _s = svc;
        var stale = svc.Apply(TestDeployment.Ops(d, 0));    // a second sequencer's view of the same state
        Assert.Equal(0, Sequence(svc, 0));
        var root = store.LoadState(svc.Config).Root;

        // Batch 0 again from the stale view (other ops, same index): refused.
        var other = svc.Apply(TestDeployment.Ops(d, 1)).Batch with { BatchIndex = 0 };
        Assert.Contains("does not follow", Assert.Throws<StoreConflictException>(() => store.Sequence(other)).Message);
        // Batch 1 built on the genesis root (stale) instead of batch 0's new root: refused.
        var forked = stale.Batch with { BatchIndex = 1, OperationsJson = TestDeployment.Batch(d, 4) };
        Assert.Contains("stale sequencer", Assert.Throws<StoreConflictException>(() => store.Sequence(forked)).Message);
        // The same operations again: refused, and found by content.
        var again = Assert.Throws<StoreConflictException>(() => store.Sequence(stale.Batch with { BatchIndex = 1, OldRoot = SqliteSettlementStore.Hex(root) }));
        Assert.Contains("already stored as batch 0", again.Message);
        Assert.Equal(0, store.IndexOfOperations(TestDeployment.Batch(d, 0)));

        Assert.Equal(1, store.BatchCount);
        Assert.Equal(root, store.LoadState(svc.Config).Root);
        Assert.Equal(JobStatus.Queued, store.Job(0)!.Status);
        Assert.Null(store.Job(1));
    }

    [Fact]
    public void A_lease_is_exclusive_and_an_expired_one_moves_to_another_prover_which_alone_can_complete()
    {
        var (svc, store, clock, _) = Open();
        using var _s = svc;
        Sequence(svc, 0);
        var a = store.Claim("a", Lease, maxAttempts: 3)!;
        Assert.Equal((0L, 1), (a.BatchIndex, a.Attempt));
        Assert.NotEmpty(a.WitnessInputs);
        Assert.Null(store.Claim("b", Lease, 3));              // held
        Assert.Equal(0, store.Job(0)!.Progress);
        clock.Now += TimeSpan.FromSeconds(8);
        Assert.True(store.Renew(a, Lease, 0.45));             // the heartbeat moves the expiry and reports progress
        Assert.Equal(0.45, store.Job(0)!.Progress);
        clock.Now += TimeSpan.FromSeconds(8);
        Assert.Null(store.Claim("b", Lease, 3));              // still held: renewed 8 s ago
        clock.Now += TimeSpan.FromSeconds(3);
        var b = store.Claim("b", Lease, 3)!;                  // expired: b takes it
        Assert.Equal(("b", 2), (b.Owner, b.Attempt));
        Assert.Equal(0, store.Job(0)!.Progress);              // b starts from the beginning
        Assert.False(store.Renew(a, Lease, 0.9));
        Assert.False(store.Complete(a, SomeProof, 1));         // a's late proof is refused
        var job = store.Job(0)!;
        Assert.Equal((JobStatus.Proving, "b", 2), (job.Status, job.Owner, job.Attempts));
        Assert.Equal(0, store.Job(0)!.Progress);              // a's report was refused with its heartbeat
        Assert.True(store.Complete(b, SomeProof, 5));
        Assert.Equal((JobStatus.Proved, "b", 1.0), (store.Job(0)!.Status, store.Job(0)!.Owner, store.Job(0)!.Progress));
        Assert.Equal(5, store.Job(0)!.ProveMilliseconds);
    }

    [Fact]
    public void Retries_are_bounded_and_a_failed_job_stops_publication_of_later_batches()
    {
        var (svc, store, clock, _) = Open();
        using var _s = svc;
        Sequence(svc, 0); Sequence(svc, 1); Sequence(svc, 2);
        // Batch 0: a transient failure requeues it; two leases that expire use up the 3 attempts; then it is failed.
        var l1 = store.Claim("a", Lease, 3)!;
        Assert.True(store.Fail(l1, "out of memory", deterministic: false, maxAttempts: 3));
        Assert.Equal(JobStatus.Queued, store.Job(0)!.Status);
        Assert.Equal(2, store.Claim("a", Lease, 3)!.Attempt);
        clock.Now += Lease + TimeSpan.FromSeconds(1);
        var l3 = store.Claim("b", Lease, 3)!;
        Assert.Equal((0L, 3), (l3.BatchIndex, l3.Attempt));
        clock.Now += Lease + TimeSpan.FromSeconds(1);
        var next = store.Claim("c", Lease, 3)!;               // batch 0 is now failed; the next claim is batch 1
        Assert.Equal(1, next.BatchIndex);
        var failed = store.Job(0)!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Contains("lease expired", failed.Reason);

        // Batches 1 and 2 proved: neither is published while batch 0 is failed.
        Assert.True(store.Complete(next, SomeProof, 1));
        var l2 = store.Claim("c", Lease, 3)!;
        Assert.True(store.Fail(l2, "constraint 7 unsatisfied", deterministic: true, maxAttempts: 3)); // deterministic: failed at once
        Assert.Equal((JobStatus.Failed, "constraint 7 unsatisfied", 1), (store.Job(2)!.Status, store.Job(2)!.Reason, store.Job(2)!.Attempts));
        Assert.Null(store.NextToPublish());
        Assert.Throws<StoreConflictException>(() => store.Publish(1, [1, 2, 3]));
        Assert.Equal(0, store.PublishedCount);
    }

    [Fact]
    public void Publication_is_in_batch_order_and_idempotent()
    {
        var (svc, store, _, _) = Open();
        using var _s = svc;
        Sequence(svc, 0); Sequence(svc, 1);
        var first = store.Claim("a", Lease, 3)!;
        var second = store.Claim("b", Lease, 3)!;
        Assert.Equal((0L, 1L), (first.BatchIndex, second.BatchIndex));
        Assert.True(store.Complete(second, SomeProof, 1));
        Assert.Null(store.NextToPublish());                     // batch 1 is proved, but 0 is not
        Assert.Contains("before batch 0", Assert.Throws<StoreConflictException>(() => store.Publish(1, [1])).Message);
        Assert.True(store.Complete(first, SomeProof, 1));
        Assert.Equal(0, store.NextToPublish()!.BatchIndex);
        store.Publish(0, [7]);
        store.Publish(0, [7]);                                  // again: no-op
        Assert.Throws<StoreConflictException>(() => store.Publish(0, [8]));
        Assert.Equal(1, store.NextToPublish()!.BatchIndex);
        store.Publish(1, [9]);
        Assert.Equal(2, store.PublishedCount);
        Assert.Equal([9], store.Batch(1)!.Bundle);
        Assert.Null(store.NextToPublish());
    }

    [Fact]
    public void Settle_prove_commits_refuse_while_service_batches_are_unpublished()
    {
        var (svc, store, _, d) = Open();
        using var _s = svc;
        Sequence(svc, 0);
        var b = svc.Apply(TestDeployment.Ops(d, 1)).Batch;
        var commit = new BatchCommit(b.BatchIndex, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash,
            b.StatementJson, SomeProof, 1, [1]);
        Assert.Contains("not yet published", Assert.Throws<StoreConflictException>(() => store.Commit(commit)).Message);
        Assert.Equal(1, store.BatchCount);
    }

    /// <summary>A proposal of batch n, as the sequencer makes it from the submissions (digest and message are opaque to the store).</summary>
    private static ProposalRecord Proposal(long batch, string oldRoot, string operationsJson, params long[] submissions) =>
        new(batch, ProposalStatus.Open, oldRoot, "d1", [1, 2, 3], operationsJson, submissions, new Dictionary<int, byte[]>(), [], null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Submissions_are_idempotent_and_a_committed_batch_settles_the_open_proposal_in_the_same_transaction()
    {
        var (svc, store, _, d) = Open();
        using var _s = svc;
        Sequence(svc, 0);
        string root = SqliteSettlementStore.Hex(store.LoadState(svc.Config).Root);
        string ops1 = TestDeployment.Batch(d, 1), ops2 = TestDeployment.Batch(d, 2);
        var a = store.Submit(1, ops1, 1, [7]);
        Assert.Equal((SubmissionStatus.Pending, 1, 1), (a.Status, a.Venue, a.OpCount));
        Assert.Equal(a.Id, store.Submit(1, ops1, 1, [7]).Id);                 // a repeat: the same row
        var b = store.Submit(2, ops2, 1, [8]);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal([a.Id, b.Id], store.PendingSubmissions(10).Select(x => x.Id));

        // Fencing: only the next index, from the last root, one open proposal, pending submissions only.
        Assert.Throws<StoreConflictException>(() => store.Propose(Proposal(2, root, ops1, a.Id)));
        Assert.Throws<StoreConflictException>(() => store.Propose(Proposal(1, "00", ops1, a.Id)));
        store.Propose(Proposal(1, root, ops1, a.Id));
        Assert.Throws<StoreConflictException>(() => store.Propose(Proposal(1, root, ops2, b.Id)));
        Assert.Equal((SubmissionStatus.Proposed, 1L), (store.Submission(a.Id)!.Status, store.Submission(a.Id)!.Batch));
        Assert.Equal([b.Id], store.PendingSubmissions(10).Select(x => x.Id));

        // Signatures: the first per venue is kept; none on a proposal that is not open.
        Assert.True(store.AddSignature(1, 0, [1]));
        Assert.True(store.AddSignature(1, 0, [2]));
        Assert.False(store.AddSignature(5, 0, [1]));
        var p = store.OpenProposal()!;
        Assert.Equal((1L, ProposalStatus.Open, ops1), (p.Batch, p.Status, p.OperationsJson));
        Assert.Equal([a.Id], p.Submissions);
        Assert.Equal(new byte[] { 1 }, p.Signatures[0]);
        Assert.Equal(new byte[] { 1, 2, 3 }, p.Message);

        // Another batch takes index 1: the proposal is void and its submission pending again, in one commit.
        Sequence(svc, 2);
        Assert.Equal((ProposalStatus.Void, true), (store.Proposal(1)!.Status, store.Proposal(1)!.Reason!.Contains("other operations")));
        Assert.Null(store.OpenProposal());
        Assert.Equal((SubmissionStatus.Pending, (long?)null), (store.Submission(a.Id)!.Status, store.Submission(a.Id)!.Batch));
        Assert.False(store.AddSignature(1, 1, [1]));

        // Proposed again as batch 2 and committed with its operations: sequenced, with its submission.
        string root2 = SqliteSettlementStore.Hex(store.LoadState(svc.Config).Root);
        store.Propose(Proposal(2, root2, ops1, a.Id));
        Assert.Equal(2, Sequence(svc, 1));
        Assert.Equal(ProposalStatus.Sequenced, store.Proposal(2)!.Status);
        Assert.Equal((SubmissionStatus.Sequenced, (long?)2), (store.Submission(a.Id)!.Status, store.Submission(a.Id)!.Batch));
        Assert.Equal([a.Id], store.Proposal(2)!.Submissions);

        // A void proposal and a rejection: the submission waits again, or is out for good with the reason.
        Assert.True(store.RejectSubmission(b.Id, "NonceMismatch"));
        Assert.False(store.RejectSubmission(b.Id, "again"));
        Assert.Equal((SubmissionStatus.Rejected, "NonceMismatch"), (store.Submission(b.Id)!.Status, store.Submission(b.Id)!.Reason));
        var c = store.Submit(0, TestDeployment.Batch(d, 3), 1, [9]);
        string root3 = SqliteSettlementStore.Hex(store.LoadState(svc.Config).Root);
        store.Propose(Proposal(3, root3, TestDeployment.Batch(d, 3), c.Id));
        Assert.True(store.VoidProposal(3, "stale"));
        Assert.False(store.VoidProposal(3, "again"));
        Assert.Equal(SubmissionStatus.Pending, store.Submission(c.Id)!.Status);
        Assert.Equal(3, store.BatchCount);
    }

    [Fact]
    public void An_abandoned_proposal_refuses_the_refusing_venues_submissions_or_at_the_timeout_the_non_approving_ones()
    {
        var (svc, store, _, d) = Open();
        using var _s = svc;
        Sequence(svc, 0);
        string root = SqliteSettlementStore.Hex(store.LoadState(svc.Config).Root);
        var a = store.Submit(1, TestDeployment.Batch(d, 1), 1, [7]);
        var b = store.Submit(2, TestDeployment.Batch(d, 2), 1, [8]);
        SubmissionStatus Of(SubmissionRecord s) => store.Submission(s.Id)!.Status;

        // Venue 2 refuses: its submission is refused, venue 1's waits again, whoever approved.
        store.Propose(Proposal(1, root, TestDeployment.Batch(d, 1), a.Id, b.Id));
        Assert.True(store.AddApproval(1, 2, [1]));
        Assert.True(store.AbandonProposal(1, "venue 2 refused", refusedBy: 2));
        Assert.Equal((SubmissionStatus.Pending, SubmissionStatus.Rejected), (Of(a), Of(b)));
        Assert.Equal(("venue 2 refused", ProposalStatus.Void), (store.Submission(b.Id)!.Reason, store.Proposal(1)!.Status));
        Assert.False(store.AbandonProposal(1, "again", refusedBy: 2)); // not open any more

        // At the timeout: venue 1 did not approve, venue 0 did: only venue 1's submission is refused.
        var c = store.Submit(0, TestDeployment.Batch(d, 3), 1, [9]);
        store.Propose(Proposal(1, root, TestDeployment.Batch(d, 3), a.Id, c.Id));
        Assert.True(store.AddApproval(1, 0, [1]));
        Assert.True(store.AbandonProposal(1, "timeout"));
        Assert.Equal((SubmissionStatus.Rejected, SubmissionStatus.Pending), (Of(a), Of(c)));

        // Signed by a venue: bound to its digest, so neither a refusal nor the timeout abandons it.
        store.Propose(Proposal(1, root, TestDeployment.Batch(d, 3), c.Id));
        Assert.True(store.AddSignature(1, 0, [1]));
        Assert.False(store.AbandonProposal(1, "refused", refusedBy: 0));
        Assert.False(store.AbandonProposal(1, "timeout"));
        Assert.Equal((ProposalStatus.Open, SubmissionStatus.Proposed), (store.Proposal(1)!.Status, Of(c)));
    }
}

public class SqliteStoreTests : StoreTests
{
    protected override IServiceStore NewStore(Deployment d, TimeProvider clock) => new SqliteSettlementStore(d.StorePath, clock);

    [Fact]
    public void A_layout_2_store_gets_the_progress_column_when_opened()
    {
        var d = TestDeployment.Fresh();
        using (var svc = new SettlementService(d))
        {
            svc.Store.Sequence(svc.Apply(TestDeployment.Ops(d, 0)).Batch);
            Assert.NotNull(svc.Store.Claim("a", TimeSpan.FromMinutes(1), 3));
        }
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={d.StorePath};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "ALTER TABLE proof_jobs DROP COLUMN progress; PRAGMA user_version = 2;";
            cmd.ExecuteNonQuery();
        }
        using var store = new SqliteSettlementStore(d.StorePath);
        var job = store.Job(0)!;
        Assert.Equal((JobStatus.Proving, "a", 0.0), (job.Status, job.Owner, job.Progress));
    }
}

public class PostgresStoreTests(PostgresServer server) : StoreTests, IClassFixture<PostgresServer>
{
    protected override IServiceStore NewStore(Deployment d, TimeProvider clock) => new PostgresSettlementStore(server.NewDatabase(), clock);
}

/// <summary>The service's steps without Orleans: sequence, prove from the stored inputs, publish; a venue accepts the bundle.</summary>
public class PipelineTests
{
    [Fact]
    public void A_sequenced_batch_proves_from_its_stored_inputs_and_its_published_bundle_is_accepted_by_a_venue()
    {
        var d = TestDeployment.Fresh();
        using var svc = new SettlementService(d);
        var store = svc.Store;
        var venue = new Settlement.Verifier.Venue.VenueVerifier(svc.Trust, 1, new Settlement.Verifier.Venue.MemoryRootStore());
        for (int k = 0; k < 2; k++)
        {
            store.Sequence(svc.Apply(TestDeployment.Ops(d, k)).Batch);
            var lease = store.Claim("me", TimeSpan.FromMinutes(1), 3)!;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var proof = svc.ProveInputs(lease.WitnessInputs, threads: 1);
            Assert.True(store.Complete(lease, proof, sw.ElapsedMilliseconds));
            var next = store.NextToPublish()!;
            var bundle = svc.Publishable(next);
            store.Publish(next.BatchIndex, bundle);
            var verdict = venue.Accept(bundle);
            Assert.True(verdict.Accepted, verdict.Message);
        }
        // A proof for another statement does not become a bundle.
        var applied = svc.Apply(TestDeployment.Ops(d, 2));
        store.Sequence(applied.Batch);
        var l = store.Claim("me", TimeSpan.FromMinutes(1), 3)!;
        Assert.True(store.Complete(l, store.Job(0) is not null ? SettlementBundle.FromBytes(store.Batch(1)!.Bundle).Proof : [], 1));
        Assert.Contains("does not verify", Assert.Throws<InvalidDataException>(() => svc.Publishable(store.NextToPublish()!)).Message);
    }
}
