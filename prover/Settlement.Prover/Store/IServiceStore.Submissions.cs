namespace Settlement.Prover.Store;

/// <summary>Where a venue's submission stands (docs/service.md, "Streaming").</summary>
public enum SubmissionStatus
{
    /// <summary>Stored, waiting for the sequencer to cut a batch.</summary>
    Pending,
    /// <summary>In the open proposal of batch <see cref="SubmissionRecord.Batch"/>, waiting for the venues' signatures.</summary>
    Proposed,
    /// <summary>Committed in batch <see cref="SubmissionRecord.Batch"/> (its proof job is the batch's).</summary>
    Sequenced,
    /// <summary>The engine refused one of its ops; <see cref="SubmissionRecord.Reason"/> says which and why.</summary>
    Rejected,
}

/// <summary>A proposal's state: waiting for signatures, committed as its batch, or void (its submissions pending again).</summary>
public enum ProposalStatus { Open, Sequenced, Void }

/// <summary>A stored submission: its id (arrival order), the venue, its canonical operations and op count, and where it stands.</summary>
public sealed record SubmissionRecord(long Id, int Venue, string OperationsJson, int OpCount, SubmissionStatus Status, long? Batch, string? Reason,
    DateTimeOffset ReceivedAt);

/// <summary>A submission to store: the venue, its canonical operations, their count and the venue's signature.</summary>
public sealed record NewSubmission(int Venue, string OperationsJson, int OpCount, byte[] Signature);

/// <summary>
/// Batch <paramref name="Batch"/> as the sequencer proposes it: on top of <paramref name="OldRoot"/>, with the batch digest
/// the venues co-sign (<paramref name="Message"/>, docs/spec.md §6), the canonical operations, the submissions it takes,
/// the venues' signatures so far (venue → 96 bytes), and the venues that approved it (their check passed, nothing signed
/// yet: docs/service.md, "Approve, then sign").
/// </summary>
public sealed record ProposalRecord(long Batch, ProposalStatus Status, string OldRoot, string Digest, byte[] Message, string OperationsJson,
    IReadOnlyList<long> Submissions, IReadOnlyDictionary<int, byte[]> Signatures, IReadOnlyList<int> Approved, string? Reason,
    DateTimeOffset CreatedAt);

/// <summary>
/// The streaming flow's part of the store: venues' submissions and the sequencer's proposals. Committing batch n
/// (<see cref="Sequence"/>, <see cref="ISettlementStore.Commit"/>) settles an open proposal of n in the same
/// transaction: sequenced with its submissions when its operations are the batch's, else void with its submissions
/// pending again, so every accepted op ends in exactly one batch.
/// </summary>
public partial interface IServiceStore
{
    /// <summary>
    /// Stores submissions as pending in one transaction, in order, and returns each one's record: the stored one when
    /// its venue submitted these operations before (whatever its status), so repeats are idempotent.
    /// </summary>
    IReadOnlyList<SubmissionRecord> Submit(IReadOnlyList<NewSubmission> submissions);

    /// <summary>Stores one submission (<see cref="Submit(IReadOnlyList{NewSubmission})"/>).</summary>
    SubmissionRecord Submit(int venue, string operationsJson, int opCount, byte[] signature) =>
        Submit([new NewSubmission(venue, operationsJson, opCount, signature)])[0];

    /// <summary>A submission by id; null when none.</summary>
    SubmissionRecord? Submission(long id);

    /// <summary>Pending submissions in arrival order, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<SubmissionRecord> PendingSubmissions(int limit);

    /// <summary>Marks a pending submission rejected with the engine's reason; false when it is not pending.</summary>
    bool RejectSubmission(long id, string reason);

    /// <summary>
    /// Opens a proposal for batch <see cref="ProposalRecord.Batch"/> with its pending submissions. Throws
    /// <see cref="StoreConflictException"/>, writing nothing, unless the batch is the next index, its old root is the last
    /// batch's new root, no proposal is open, and every submission is still pending.
    /// </summary>
    void Propose(ProposalRecord proposal);

    /// <summary>The latest proposal of batch n (null when none).</summary>
    ProposalRecord? Proposal(long batch);

    /// <summary>The open proposal, if any (at most one).</summary>
    ProposalRecord? OpenProposal();

    /// <summary>Records venue <paramref name="venue"/>'s signature on the open proposal of batch n (a repeat keeps the first); false when it is not open.</summary>
    bool AddSignature(long batch, int venue, byte[] signature);

    /// <summary>Voids the open proposal of batch n with <paramref name="reason"/>; its submissions are pending again.</summary>
    bool VoidProposal(long batch, string reason);

    /// <summary>Records venue <paramref name="venue"/>'s approval (its signature over the approval message) on the open proposal of batch n (a repeat keeps the first); false when it is not open.</summary>
    bool AddApproval(long batch, int venue, byte[] signature);

    /// <summary>
    /// Abandons the open proposal of batch n, in one transaction and only while no venue has signed it (a venue that
    /// signed is bound to its digest): void with <paramref name="reason"/>; the submissions of the venue that refused it
    /// (<paramref name="refusedBy"/>), or without one of every venue that did not approve it, are rejected with that
    /// reason, the others pending again. False, changing nothing, otherwise.
    /// </summary>
    bool AbandonProposal(long batch, string reason, int? refusedBy = null);
}
