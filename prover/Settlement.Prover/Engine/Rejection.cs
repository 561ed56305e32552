namespace Settlement.Prover.Engine;

/// <summary>Why an operation was refused (docs/spec.md §4); each has its own rule.</summary>
public enum RejectReason
{
    BadBatchStructure, TooManyOps, UnknownVenue, UnknownAsset, UnknownInstrument, UnknownAccount,
    NonceMismatch, NonceExhausted, SaltMismatch, DepositIdOutOfSequence, WithdrawalIdOutOfSequence,
    InvalidAmount, BalanceOutOfRange, PositionOutOfRange, ValueOutOfRange, InsufficientBalance, EscrowInsufficient,
    SameVenue, SelfTrade, InstrumentExpired, PriceOutsideBand, NotionalNotExact, PositionSlotsFull,
    WouldBreachInitialMargin, HaltedNotRiskReducing, AssetHalted, NoPosition, LiquidationTooLarge, NotLiquidatable,
    LiquidatorUnhealthy, PriceMissing, RiskParametersMissing, StaleTick, ReportsNotSorted, ReportNotFresh,
    QuorumNotMet, ReportNotAuthentic, EpochOutOfSequence, SigmaOutsideCaps, SigmaStepTooLarge, InvalidParameter,
    MarkOutsideBounds, GreekOutsideBounds, TooManyAccounts,
}

/// <summary>
/// A batch was refused: the state is unchanged. Names the operation (index in the batch and kind), the account
/// when there is one, the rule, and the numbers, e.g. "Withdraw #17: account 42 would fall below initial margin:
/// TV 1,020.50 &lt; Req 1,100.00".
/// </summary>
public sealed class BatchRejectedException : Exception
{
    public int OpIndex { get; }
    public string OpKind { get; }
    public ulong? Account { get; }
    public RejectReason Reason { get; }

    public BatchRejectedException(int opIndex, string opKind, ulong? account, RejectReason reason, string detail)
        : base($"{opKind} #{opIndex}: {(account is { } a ? $"account {a} " : "")}{detail} [{reason}]")
    {
        OpIndex = opIndex; OpKind = opKind; Account = account; Reason = reason;
    }
}
