namespace Settlement.Prover.Engine;

/// <summary>
/// The epoch state of docs/spec.md §3.3: counters, accepted prices and σ per asset, risk parameters per instrument,
/// per-venue deposit/withdrawal sequence numbers, escrow totals T[v][c] and fee pools (index v·C + c).
/// </summary>
public sealed class EpochState
{
    public long Epoch { get; internal set; }
    public long BatchCount { get; internal set; }
    public long LastTickTime { get; internal set; }
    public long[] Prices { get; }
    public long[] PriceTimes { get; }
    public long[] Sigmas { get; }
    public long[] Marks { get; }
    public long[] Deltas { get; }
    public long[] Gammas { get; }
    public long[] NextDepositId { get; }
    public long[] NextWithdrawalId { get; }
    public Int128[] Totals { get; }
    public Int128[] Fees { get; }

    public EpochState(SettlementConfig config)
    {
        Prices = new long[config.C]; PriceTimes = new long[config.C]; Sigmas = new long[config.C];
        Marks = new long[config.NI]; Deltas = new long[config.NI]; Gammas = new long[config.NI];
        NextDepositId = new long[config.V]; NextWithdrawalId = new long[config.V];
        Totals = new Int128[config.V * config.C]; Fees = new Int128[config.V * config.C];
    }

    private EpochState(EpochState o)
    {
        Epoch = o.Epoch; BatchCount = o.BatchCount; LastTickTime = o.LastTickTime;
        Prices = (long[])o.Prices.Clone(); PriceTimes = (long[])o.PriceTimes.Clone(); Sigmas = (long[])o.Sigmas.Clone();
        Marks = (long[])o.Marks.Clone(); Deltas = (long[])o.Deltas.Clone(); Gammas = (long[])o.Gammas.Clone();
        NextDepositId = (long[])o.NextDepositId.Clone(); NextWithdrawalId = (long[])o.NextWithdrawalId.Clone();
        Totals = (Int128[])o.Totals.Clone(); Fees = (Int128[])o.Fees.Clone();
    }

    public EpochState Clone() => new(this);
}
