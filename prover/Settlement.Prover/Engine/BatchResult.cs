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

public readonly record struct WithdrawalOutput(long WithdrawalId, ulong Account, int Asset, long Amount);

/// <summary>Venue v's outputs (docs/spec.md §5.4). Flows are indexed w·C + c.</summary>
public sealed record VenueOutputs(
    int Venue, long DepositFirst, long DepositNext, long WithdrawalFirst, long WithdrawalNext,
    IReadOnlyList<WithdrawalOutput> Withdrawals, IReadOnlyList<Int128> FlowsOut, IReadOnlyList<Int128> FlowsIn);

/// <summary>The result of an applied batch: the per-op trace, the batch parameters, outputs per venue and halted assets.</summary>
public sealed record BatchResult(
    long BatchIndex, long Epoch, IReadOnlyList<OpTrace> Trace, BatchParameters Parameters,
    IReadOnlyList<VenueOutputs> Outputs, ulong HaltedMask)
{
    public bool IsHalted(int asset) => (HaltedMask >> asset & 1) != 0;
}
