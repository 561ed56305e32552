using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Store;

/// <summary>One settled batch as the store keeps it: its index, its content key (<see cref="BatchKey"/>), and the bundle.</summary>
public sealed record StoredBatch(long BatchIndex, string ContentKey, string OldRoot, string NewRoot, byte[] Bundle, long ProveMilliseconds);

/// <summary>
/// What <see cref="ISettlementStore.Commit"/> writes in one transaction: the accounts the batch changed, the epoch state
/// after it, and the batch's record (canonical operations, statement, proof, bundle). The store derives the batch's
/// content key from <paramref name="OperationsJson"/>.
/// </summary>
public sealed record BatchCommit(
    long BatchIndex, string OperationsJson, IReadOnlyList<Account> ChangedAccounts, EpochState EpochAfter,
    string OldRoot, string NewRoot, string StatementHash, string StatementJson, byte[] Proof, long ProveMilliseconds, byte[] Bundle);

/// <summary>
/// The prover's durable state (docs/batch-format.md, "Store"). One batch is committed atomically: after a crash the store
/// holds the state before the batch or after it, never a mix. The embedded default is <see cref="SqliteSettlementStore"/>;
/// the interface is kept small so that a PostgreSQL backend needs only these members.
/// </summary>
public interface ISettlementStore : IDisposable
{
    /// <summary>The state after the last committed batch (genesis when empty).</summary>
    SettlementState LoadState(SettlementConfig config);

    /// <summary>Number of committed batches (the next batch index).</summary>
    long BatchCount { get; }

    /// <summary>
    /// The batch committed with these operations (canonical JSON, <c>BatchFile.Write</c>), if any: re-submitting a
    /// batch, even reformatted or under another file name, returns the stored one.
    /// </summary>
    StoredBatch? FindByOperations(string operationsJson);

    /// <summary>The batch with this index, if committed.</summary>
    StoredBatch? Batch(long batchIndex);

    /// <summary>
    /// Writes a batch in one transaction. Throws <see cref="StoreConflictException"/> when the batch index is not the next
    /// one (another prover committed first) or the same operations are already stored; nothing is written then.
    /// </summary>
    void Commit(BatchCommit batch);
}

/// <summary>
/// The key under which a batch's operations are stored: SHA-256 of their canonical JSON (UTF-8), lowercase hex. Two
/// batch files with the same operations have the same key whatever their formatting or name.
/// </summary>
public static class BatchKey
{
    public static string Of(string canonicalOperationsJson) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonicalOperationsJson))).ToLowerInvariant();
}

/// <summary>A commit that does not follow the stored history (wrong batch index, or the same operations already stored).</summary>
public sealed class StoreConflictException(string message) : Exception(message);
