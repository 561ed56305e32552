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

/// <summary>
/// The single writer of a deployment (key 0): applies each complete signed batch with the engine and commits it with its
/// proof job in one store transaction. It keeps no state of its own: each call starts from the store, so an activation
/// on another silo after a crash continues where the store is, and the store's fencing refuses a stale one.
/// </summary>
public interface ISequencerGrain : IGrainWithIntegerKey
{
    /// <summary>Sequences a batch given as its canonical operations JSON; the same operations again return the same batch.</summary>
    Task<SubmitResult> Submit(string operationsJson);

    /// <summary>The silo this activation runs on (for operators and the failover tests).</summary>
    Task<string> Silo();
}

/// <summary>Publishes proven batches strictly in order (key 0), after verifying each proof itself.</summary>
public interface IPublisherGrain : IGrainWithIntegerKey, IRemindable
{
    /// <summary>Publishes every batch whose turn it is; returns the number of published batches.</summary>
    Task<long> Publish();
}
