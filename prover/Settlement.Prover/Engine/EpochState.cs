using Settlement.Verifier.Config;

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
    internal readonly long[] pricesArray;
    public IReadOnlyList<long> Prices => pricesArray;
    internal readonly long[] priceTimesArray;
    public IReadOnlyList<long> PriceTimes => priceTimesArray;
    internal readonly long[] sigmasArray;
    public IReadOnlyList<long> Sigmas => sigmasArray;
    internal readonly long[] marksArray;
    public IReadOnlyList<long> Marks => marksArray;
    internal readonly long[] deltasArray;
    public IReadOnlyList<long> Deltas => deltasArray;
    internal readonly long[] gammasArray;
    public IReadOnlyList<long> Gammas => gammasArray;
    internal readonly long[] nextDepositIdArray;
    public IReadOnlyList<long> NextDepositId => nextDepositIdArray;
    internal readonly long[] nextWithdrawalIdArray;
    public IReadOnlyList<long> NextWithdrawalId => nextWithdrawalIdArray;
    internal readonly Int128[] totalsArray;
    public IReadOnlyList<Int128> Totals => totalsArray;
    internal readonly Int128[] feesArray;
    public IReadOnlyList<Int128> Fees => feesArray;

    public EpochState(SettlementConfig config)
    {
        pricesArray = new long[config.C]; priceTimesArray = new long[config.C]; sigmasArray = new long[config.C];
        marksArray = new long[config.NI]; deltasArray = new long[config.NI]; gammasArray = new long[config.NI];
        nextDepositIdArray = new long[config.V]; nextWithdrawalIdArray = new long[config.V];
        totalsArray = new Int128[config.V * config.C]; feesArray = new Int128[config.V * config.C];
    }

    private EpochState(EpochState o)
    {
        Epoch = o.Epoch; BatchCount = o.BatchCount; LastTickTime = o.LastTickTime;
        pricesArray = (long[])o.pricesArray.Clone(); priceTimesArray = (long[])o.priceTimesArray.Clone(); sigmasArray = (long[])o.sigmasArray.Clone();
        marksArray = (long[])o.marksArray.Clone(); deltasArray = (long[])o.deltasArray.Clone(); gammasArray = (long[])o.gammasArray.Clone();
        nextDepositIdArray = (long[])o.nextDepositIdArray.Clone(); nextWithdrawalIdArray = (long[])o.nextWithdrawalIdArray.Clone();
        totalsArray = (Int128[])o.totalsArray.Clone(); feesArray = (Int128[])o.feesArray.Clone();
    }

    public EpochState Clone() => new(this);
}
