using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Engine;

public enum AccountRole { Depositor, Withdrawer, Transferrer, Buyer, Seller, Liquidated, Liquidator }

/// <summary>
/// One account's before/after values in an op, for the witness generator: the leaf before (null when the op created
/// it) and after, the initial-level margin before and after, and for a liquidated account the maintenance margin before.
/// </summary>
public sealed record AccountChange(
    AccountRole Role, Account? Before, Account After, MarginResult? InitialBefore, MarginResult InitialAfter,
    MarginResult? MaintenanceBefore, bool HealthyAfter, bool RiskReducing);

/// <summary>One asset's accepted median in a price tick.</summary>
public sealed record AssetPrice(int Asset, int Reports, long Previous, long Median, bool Halted);

/// <summary>What one applied op did. <c>Venue</c> is the venue whose ops chain carries it (−1 for tick and update).</summary>
public sealed record OpTrace(int Index, Operation Op, int Venue, IReadOnlyList<AccountChange> Accounts, IReadOnlyList<AssetPrice> Prices);

/// <summary>
/// One Merkle update of the account tree, in application order: the path (siblings) on which the old leaf opens to the
/// account root before and the new leaf to the account root after. Consecutive updates chain the roots.
/// </summary>
public sealed record LeafUpdate(int OpIndex, ulong Account, Fr OldLeaf, Fr NewLeaf, Settlement.Verifier.Poseidon.Merkle.MerklePath Path);

/// <summary>
/// The result of an applied batch: the public statement (docs/spec.md §5.5) with the roots before and after, each
/// venue's outputs, the per-op trace and the batch parameters the witness generator needs.
/// </summary>
public sealed record BatchResult(Statement Statement, IReadOnlyList<VenueOutputs> Outputs, IReadOnlyList<OpTrace> Trace,
    IReadOnlyList<LeafUpdate> LeafUpdates, BatchParameters Parameters)
{
    public long BatchIndex => (long)Statement.BatchIndex;
    public long Epoch => (long)Statement.Epoch;
    public ulong HaltedMask => Statement.HaltedMask;
    public bool IsHalted(int asset) => (HaltedMask >> asset & 1) != 0;
}
