using Orleans.Runtime;

namespace Settlement.Service.Grains;

/// <summary>
/// What a submission came to: the batch index and its status; or the engine's refusal; or a store conflict (another
/// sequencer committed this index first: submit again). Nothing is stored in the last two cases.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SubmitResult(
    [property: Id(0)] long? Batch,
    [property: Id(1)] string Status,
    [property: Id(2)] Rejection? Rejected,
    [property: Id(3)] string? Conflict = null);

/// <summary>The engine refused the batch: the op (index and kind), the account when there is one, the rule, and the message.</summary>
[GenerateSerializer, Immutable]
public sealed record Rejection(
    [property: Id(0)] int OpIndex,
    [property: Id(1)] string OpKind,
    [property: Id(2)] ulong? Account,
    [property: Id(3)] string Reason,
    [property: Id(4)] string Message);

/// <summary>What became of a venue's signature on a proposal (docs/service.md, "Streaming").</summary>
public enum SignOutcome
{
    /// <summary>Verified and recorded; other venues have still to sign.</summary>
    Recorded,
    /// <summary>It was the last one: the batch is sequenced (or was already).</summary>
    Sequenced,
    /// <summary>No proposal of that batch.</summary>
    NotFound,
    /// <summary>The proposal is void (its submissions are pending again, for a later batch).</summary>
    Void,
    /// <summary>The venue does not exist, or the signature does not decode or verify over the proposal's digest.</summary>
    Invalid,
    /// <summary>A refusal came after some venue signed: that venue is bound to the digest, so the proposal stands.</summary>
    Bound,
    /// <summary>The refusal took effect: the proposal is void now, for the reason given.</summary>
    Abandoned,
}

/// <summary>The answer to a signature (or an approval): the outcome, the signatures (approvals) the proposal holds, and what is wrong when invalid or void.</summary>
[GenerateSerializer, Immutable]
public sealed record SignResult(
    [property: Id(0)] SignOutcome Outcome,
    [property: Id(1)] int Signatures,
    [property: Id(2)] int Venues,
    [property: Id(3)] string? Problem = null,
    [property: Id(4)] string? Field = null);

/// <summary>
/// The single writer of a deployment (key 0): applies each complete signed batch with the engine and commits it with its
/// proof job in one store transaction. It keeps no state of its own: each call starts from the store, so an activation
/// on another silo after a crash continues where the store is, and the store's fencing refuses a stale one.
/// </summary>
public interface ISequencerGrain : IGrainWithIntegerKey
{
    /// <summary>Sequences a batch given as its canonical operations JSON; the same operations again return the same batch.</summary>
    Task<SubmitResult> Submit(string operationsJson);

    /// <summary>
    /// New submissions are stored: cut a batch when the rule says so (MaxOps ops pending, or the oldest waited the batch
    /// window), else at the window's end. One-way: intake does not wait for the sequencer.
    /// </summary>
    [Orleans.Concurrency.OneWay]
    Task Wake();

    /// <summary>
    /// Venue <paramref name="venue"/>'s signature over the digest of proposal <paramref name="batch"/>: verified and
    /// recorded; the last one sequences the batch as a posted batch is sequenced.
    /// </summary>
    Task<SignResult> Sign(long batch, int venue, byte[] signature);

    /// <summary>
    /// Venue <paramref name="venue"/>'s approval of proposal <paramref name="batch"/> (its signature over
    /// <see cref="Prover.Service.Proposals.ApprovalMessage"/>): verified and recorded. It binds nothing; it tells the
    /// other venues that this one will sign, and saves this venue's submissions when the proposal is abandoned.
    /// </summary>
    Task<SignResult> Approve(long batch, int venue, byte[] signature);

    /// <summary>
    /// Venue <paramref name="venue"/>'s refusal of proposal <paramref name="batch"/> (its signature over
    /// <see cref="Prover.Service.Proposals.RefusalMessage"/> with <paramref name="reason"/>): verified, then the proposal
    /// is abandoned at once, as at its timeout but refusing only this venue's submissions in it (<see cref="SignOutcome.Abandoned"/>
    /// with the reason), unless some venue signed it already (<see cref="SignOutcome.Bound"/>).
    /// </summary>
    Task<SignResult> Refuse(long batch, int venue, byte[] signature, string reason);

    /// <summary>The silo this activation runs on (for operators and the failover tests).</summary>
    Task<string> Silo();
}

/// <summary>Publishes proven batches strictly in order (key 0), after verifying each proof itself.</summary>
public interface IPublisherGrain : IGrainWithIntegerKey, IRemindable
{
    /// <summary>Publishes every batch whose turn it is; returns the number of published batches.</summary>
    Task<long> Publish();
}
