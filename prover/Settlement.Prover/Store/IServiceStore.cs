using Settlement.Prover.Engine;

namespace Settlement.Prover.Store;

/// <summary>Where a batch's proof job stands (docs/service.md, "Batch states").</summary>
public enum JobStatus
{
    /// <summary>Sequenced and committed; waiting for a prover.</summary>
    Queued,
    /// <summary>A prover holds the lease (owner, expiry renewed by its heartbeat).</summary>
    Proving,
    /// <summary>Proven and the proof stored; waiting for every earlier batch to be published.</summary>
    Proved,
    /// <summary>The service verified the proof and published the bundle.</summary>
    Published,
    /// <summary>Failed for good (deterministic failure or retries exhausted): nothing after it is published.</summary>
    Failed,
}

/// <summary>
/// A batch's proof job as the store keeps it. Times are UTC; absent until the step happened. <paramref name="Owner"/> is
/// the prover holding the lease while proving, and the one that proved it once proved. <paramref name="ProverProgress"/>
/// is the fraction of the proof its prover last reported with a heartbeat.
/// </summary>
public sealed record ProofJob(long BatchIndex, JobStatus Status, string? Owner, DateTimeOffset? LeaseUntil, int Attempts, string? Reason,
    DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? ProvedAt, DateTimeOffset? PublishedAt, long? ProveMilliseconds,
    double ProverProgress)
{
    /// <summary>0 to 1: 0 while queued, the prover's last report while proving (and where a failed job stopped), 1 once proved.</summary>
    public double Progress => Status switch
    {
        JobStatus.Queued => 0,
        JobStatus.Proved or JobStatus.Published => 1,
        _ => ProverProgress,
    };
}

/// <summary>
/// A claimed job: the prover <paramref name="Owner"/> holds batch <paramref name="BatchIndex"/> for its
/// <paramref name="Attempt"/>-th attempt. The attempt number is the fencing token: a prover whose lease expired and was
/// claimed again can neither renew nor complete it.
/// </summary>
public sealed record JobLease(long BatchIndex, string Owner, int Attempt, byte[] WitnessInputs);

/// <summary>A proven batch whose turn it is to be published: the bundle without its proof, and the proof.</summary>
public sealed record ProvedBatch(long BatchIndex, string StatementHash, byte[] UnprovenBundle, byte[] Proof);

/// <summary>
/// What the sequencer commits for batch n in one transaction, before it is proven: the state after it (as
/// <see cref="BatchCommit"/>), the circuit inputs the prover needs (<paramref name="WitnessInputs"/>, so that proving
/// never needs the state before the batch again), and the bundle with a placeholder proof, which publication replaces.
/// </summary>
public sealed record SequencedBatch(
    long BatchIndex, string OperationsJson, IReadOnlyList<Account> ChangedAccounts, EpochState EpochAfter,
    string OldRoot, string NewRoot, string StatementHash, string StatementJson, byte[] WitnessInputs, byte[] UnprovenBundle);

/// <summary>
/// The store of the prover service (docs/service.md): batches are sequenced (state and proof job in one transaction,
/// fenced on the batch index and the old root), proven by any number of provers under leases, and published strictly
/// in batch order. Every method is one transaction; implementations are safe to share between threads and processes.
/// </summary>
public partial interface IServiceStore : ISettlementStore
{
    /// <summary>
    /// Commits a sequenced batch and queues its proof job. Throws <see cref="StoreConflictException"/>, writing nothing,
    /// unless n is the next index, <see cref="SequencedBatch.OldRoot"/> is the last batch's new root (fencing: two
    /// sequencers cannot fork the chain), and the operations are not already stored.
    /// </summary>
    void Sequence(SequencedBatch batch);

    /// <summary>The index of the batch committed with these operations (canonical JSON), proven or not.</summary>
    long? IndexOfOperations(string operationsJson);

    /// <summary>The proof job of batch n (null when no such batch).</summary>
    ProofJob? Job(long batchIndex);

    /// <summary>
    /// Claims the lowest-numbered job that is queued, or proving with an expired lease, for <paramref name="owner"/> until
    /// now + <paramref name="lease"/>. An expired job that already used <paramref name="maxAttempts"/> attempts is marked
    /// failed instead. Null when nothing is claimable.
    /// </summary>
    JobLease? Claim(string owner, TimeSpan lease, int maxAttempts);

    /// <summary>
    /// Extends the lease and records the proof's <paramref name="progress"/> (0 to 1) (the heartbeat); false when the
    /// caller no longer holds it (expired and claimed again).
    /// </summary>
    bool Renew(JobLease lease, TimeSpan extension, double progress);

    /// <summary>Stores the proof and marks the job proved (the owner stays, as who proved it); false (nothing written) when the caller no longer holds the lease.</summary>
    bool Complete(JobLease lease, byte[] proof, long proveMilliseconds);

    /// <summary>
    /// Gives the job up. <paramref name="deterministic"/> (the same inputs would fail again) or no attempts left: failed
    /// with <paramref name="reason"/>, and publication stops before it. Otherwise queued again. False when not held.
    /// </summary>
    bool Fail(JobLease lease, string reason, bool deterministic, int maxAttempts);

    /// <summary>The lowest unpublished batch when it is proven (its turn to be published), else null.</summary>
    ProvedBatch? NextToPublish();

    /// <summary>
    /// Publishes batch n's bundle. Throws <see cref="StoreConflictException"/> unless n is proven and n−1 is published
    /// (strict order); publishing the same bundle again is a no-op.
    /// </summary>
    void Publish(long batchIndex, byte[] bundle);

    /// <summary>Number of published batches (0..n−1 are published).</summary>
    long PublishedCount { get; }

    /// <summary>Jobs per status (for /metrics and /health).</summary>
    IReadOnlyDictionary<JobStatus, long> JobCounts();
}
