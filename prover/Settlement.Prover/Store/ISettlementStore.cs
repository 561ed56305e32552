using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Store;

/// <summary>One settled batch as the store keeps it: its index, the hash of the batch file it came from, and the bundle.</summary>
public sealed record StoredBatch(long BatchIndex, string FileHash, string OldRoot, string NewRoot, byte[] Bundle, long ProveMilliseconds);

/// <summary>
/// What <see cref="ISettlementStore.Commit"/> writes in one transaction: the accounts the batch changed, the epoch state
/// after it, and the batch's record (file hash, statement, proof, bundle).
/// </summary>
public sealed record BatchCommit(
    long BatchIndex, string FileHash, string OperationsJson, IReadOnlyList<Account> ChangedAccounts, EpochState EpochAfter,
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

    /// <summary>The batch committed from a batch file with this hash, if any (re-submission is idempotent).</summary>
    StoredBatch? FindByFileHash(string fileHash);

    /// <summary>The batch with this index, if committed.</summary>
    StoredBatch? Batch(long batchIndex);

    /// <summary>
    /// Writes a batch in one transaction. Throws <see cref="StoreConflictException"/> when the batch index is not the next
    /// one (another prover committed first) or the file hash is already stored; nothing is written then.
    /// </summary>
    void Commit(BatchCommit batch);
}

/// <summary>A commit that does not follow the stored history (wrong batch index, or a batch file already stored).</summary>
public sealed class StoreConflictException(string message) : Exception(message);
