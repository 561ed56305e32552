using Settlement.Prover.Engine;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

/// <summary>Random valid and invalid batches never corrupt the invariants.</summary>
public class EnginePropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_batches_keep_conservation_and_leave_no_account_invalid(int seed)
    {
        var rng = new Random(seed);
        var e = Started();
        long time = T0;
        int applied = 0, rejected = 0;
        var reasons = new HashSet<RejectReason>();
        var tally = new Dictionary<RejectReason, int>();
        for (int round = 0; round < 100; round++)
        {
            var batch = RandomBatch(e, rng, ref time);
            string before = Snapshot(e);
            var totalsBefore = AssetTotals(e);
            var noncesBefore = e.State.Accounts.ToDictionary(a => a.Id, a => a.Nonce);
            BatchResult r;
            try { r = e.Apply(batch); }
            catch (BatchRejectedException ex)
            {
                Assert.Equal(before, Snapshot(e));
                Assert.InRange(ex.OpIndex, 0, batch.Count - 1);
                reasons.Add(ex.Reason);
                tally[ex.Reason] = tally.GetValueOrDefault(ex.Reason) + 1;
                rejected++;
                continue;
            }
            applied++;
            // Per venue and asset: the escrow total equals the balances plus the fee pool.
            for (int v = 0; v < e.Config.V; v++)
                for (int c = 0; c < e.Config.C; c++)
                {
                    Int128 sum = e.State.Epoch.Fees[v * e.Config.C + c];
                    foreach (var a in e.State.Accounts) sum += a.Balance(v, c);
                    Assert.Equal(e.State.Epoch.Totals[v * e.Config.C + c], sum);
                }
            // Across venues: the total changes only by deposits − withdrawals.
            var totalsAfter = AssetTotals(e);
            for (int c = 0; c < e.Config.C; c++)
            {
                Int128 flow = 0;
                foreach (var op in batch)
                    if (op is Deposit d && d.Asset == c) flow += d.Amount;
                    else if (op is Withdraw w && w.Asset == c) flow -= w.Amount;
                Assert.Equal(totalsBefore[c] + flow, totalsAfter[c]);
            }
            // Every touched account is healthy or its change was risk-reducing (recomputed here, not read from the trace);
            // withdrawers and liquidators must be healthy. A liquidated account may stay unhealthy.
            var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
            var touches = new Dictionary<ulong, int>();
            foreach (var t in r.Trace)
                foreach (var ch in t.Accounts)
                {
                    touches[ch.After.Id] = touches.GetValueOrDefault(ch.After.Id) + 1;
                    if (ch.Role == AccountRole.Liquidated)
                    {
                        Assert.False(ch.MaintenanceBefore!.Covered);
                        continue;
                    }
                    var after = MarginRules.Evaluate(ch.After, p, MarginLevel.Initial);
                    bool rr = ch.Before is not null && MarginRules.IsRiskReducing(ch.Before, MarginRules.Evaluate(ch.Before, p, MarginLevel.Initial), ch.After, after, out _);
                    if (ch.Role is AccountRole.Withdrawer or AccountRole.Liquidator) Assert.True(after.Covered);
                    else if (ch.Role != AccountRole.Depositor) Assert.True(after.Covered || rr, $"{ch.Role} {ch.After.Id} left invalid");
                    if (r.IsHalted(EngineFixture.Eth) && t.Op is Trade) Assert.True(rr);
                }
            // Every op bumped each account it touched by exactly one.
            foreach (var (id, k) in touches)
                Assert.Equal(noncesBefore.GetValueOrDefault(id) + k, e.State.Account(id)!.Nonce);
        }
        Assert.True(applied > 20, $"only {applied} batches applied; rejections: {string.Join(", ", tally.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.True(rejected > 20, $"only {rejected} batches rejected");
        Assert.True(reasons.Count >= 8, $"rejections exercised only {string.Join(", ", reasons)}");
    }

    private static Int128[] AssetTotals(SettlementEngine e)
    {
        var t = new Int128[e.Config.C];
        for (int v = 0; v < e.Config.V; v++)
            for (int c = 0; c < e.Config.C; c++) t[c] += e.State.Epoch.Totals[v * e.Config.C + c];
        return t;
    }

    private static List<Operation> RandomBatch(SettlementEngine e, Random rng, ref long time)
    {
        var ops = new List<Operation>();
        bool clean = rng.Next(3) != 0; // two batches in three inject no deliberate error
        var n = new Dictionary<ulong, long>();
        var depIds = new Dictionary<int, long>();
        var wdIds = new Dictionary<int, long>();
        var epoch = e.State.Epoch;
        if (rng.Next(4) == 0)
        {
            time += 1_000;
            // Mostly small moves, sometimes a jump that trips the 10 % breaker.
            long eth = epoch.Prices[Eth] * (1_000 + rng.Next(-30, 31) * (rng.Next(5) == 0 ? 5 : 1)) / 1_000;
            ops.Add(Tick(time, (Usdc, UsdcPrice), (Eth, eth)));
        }
        if (rng.Next(5) == 0)
        {
            long sigma = epoch.Sigmas[Eth] * (100 + rng.Next(-60, 61)) / 100;   // sometimes beyond the 50 % step
            long mark = epoch.Prices[Eth] * (1_000 + rng.Next(-20, 21)) / 1_000;
            ops.Add(new RiskUpdate(epoch.Epoch + 1, [0, sigma], [PerpRisk with { Mark = (ulong)mark }, CallRisk, PutRisk]));
        }
        ulong Acct() => (ulong)rng.Next(1, 7);
        long Nonce(ulong a) => !clean && rng.Next(8) == 0 ? rng.Next(0, 3) : Next(e, a, n);
        long Amount(long typical) => (clean ? 3 + rng.Next(9) : rng.Next(12)) switch
        {
            0 => 0, 1 => -typical, 2 => long.MaxValue - rng.Next(2), _ => 1 + (long)(rng.NextDouble() * typical),
        };
        long Id(Dictionary<int, long> queued, IReadOnlyList<long> next, int v)
        {
            queued.TryGetValue(v, out long k);
            queued[v] = k + 1;
            return !clean && rng.Next(8) == 0 ? next[v] + k + 1 : next[v] + k;
        }
        long TradePrice(int instrument)
        {
            long mark = epoch.Marks[instrument];                  // VU per contract; USDC = $1
            long usdc = mark / 100 * (1_000 + (clean ? rng.Next(-40, 41) : rng.Next(-60, 61))) / 1_000;  // the band is 5 %
            return usdc / 10_000 * 10_000;                        // a whole cent, so that whole-lot notionals are exact
        }
        int count = rng.Next(1, 6);
        for (int i = 0; i < count; i++)
        {
            int v = rng.Next(2);
            switch (e.State.AccountCount < 6 ? 0 : rng.Next(10))
            {
                case 0 or 1 or 2:
                {
                    ulong a = Acct();
                    long nonce = Nonce(a);
                    var salt = e.State.Account(a) is null && nonce == 0 && !ops.OfType<Deposit>().Any(d => d.Account == a) ? NewSalt() : Settlement.Verifier.Bls12381.Fr.Zero;
                    int c = rng.Next(2);
                    ops.Add(new Deposit(v, a, nonce, c, Amount(c == Usdc ? 3_000 * Usdc1 : 1 * Eth1), Id(depIds, epoch.NextDepositId, v), salt));
                    break;
                }
                case 3:
                {
                    ulong a = Acct();
                    int c = rng.Next(2);
                    ops.Add(new Withdraw(v, a, Nonce(a), c, Amount(c == Usdc ? 2_000 * Usdc1 : 1 * Eth1), Id(wdIds, epoch.NextWithdrawalId, v)));
                    break;
                }
                case 4:
                {
                    ulong a = Acct();
                    int c = rng.Next(2);
                    ops.Add(new Transfer(a, Nonce(a), c, v, !clean && rng.Next(4) == 0 ? v : 1 - v, Amount(c == Usdc ? 2_000 * Usdc1 : 1 * Eth1)));
                    break;
                }
                case 5 or 6 or 7 or 8:
                {
                    ulong b = Acct(), s = Acct();
                    if (clean && s == b) s = b % 6 + 1;
                    int ins = clean ? rng.Next(2) : rng.Next(3);
                    long qty = (1 + rng.Next(30)) * OneContract / 4 * (!clean && rng.Next(4) == 0 ? -1 : 1);
                    ops.Add(new Trade(v, ins, b, Nonce(b), s, Nonce(s), qty, TradePrice(ins), rng.Next(3) * Usdc1, rng.Next(3) * Usdc1));
                    break;
                }
                default:
                {
                    ulong a = Acct(), l = Acct();
                    long qty = (1 + rng.Next(20)) * OneContract / 10;
                    ops.Add(new Liquidate(v, Perp, a, Nonce(a), l, Nonce(l), qty, TradePrice(Perp)));
                    break;
                }
            }
        }
        return ops;
    }
}
