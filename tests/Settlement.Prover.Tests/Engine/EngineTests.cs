using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

public class EngineTests
{
    private static BatchRejectedException Rejected(SettlementEngine e, params Operation[] batch)
    {
        string before = Snapshot(e);
        var ex = Assert.Throws<BatchRejectedException>(() => e.Apply(batch));
        Assert.Equal(before, Snapshot(e)); // a rejected batch changes nothing
        return ex;
    }

    [Fact]
    public void A_trade_moves_both_positions_and_both_cash_legs_with_fees_to_the_pool()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        var r = e.Apply([Dep(e, 0, 1, Usdc, 5_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 5_000 * Usdc1, n, ids),
                         Buy(e, n, 0, Perp, 1, 2, OneContract / 2, 2_010 * Usdc1, buyerFee: 3 * Usdc1, sellerFee: 1 * Usdc1)]);
        var buyer = e.State.Account(1)!;
        var seller = e.State.Account(2)!;
        Assert.Equal(OneContract / 2, buyer.Position(Perp, 0));
        Assert.Equal(-OneContract / 2, seller.Position(Perp, 0));
        Assert.Equal((5_000 - 1_005 - 3) * Usdc1, buyer.Balance(0, Usdc));
        Assert.Equal((5_000 + 1_005 - 1) * Usdc1, seller.Balance(0, Usdc));
        Assert.Equal((Int128)(4 * Usdc1), e.State.Epoch.Fees[0 * 2 + Usdc]);
        Assert.Equal((Int128)(10_000 * Usdc1), e.State.Epoch.Totals[0 * 2 + Usdc]);
        Assert.Equal(2, buyer.Nonce);
        var t = r.Trace[^1];
        Assert.Equal(0, t.Venue);
        Assert.Equal([AccountRole.Buyer, AccountRole.Seller], t.Accounts.Select(a => a.Role));
        Assert.Equal(0, t.Accounts[0].Before!.Position(Perp, 0));
    }

    [Fact]
    public void A_trade_opens_both_legs_or_neither()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 100_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 50 * Usdc1, n, ids)]);
        n.Clear();
        // The seller (2) has $50 and would be short 1 ETH-PERP needing $60: the whole trade is refused, the buyer too.
        var ex = Rejected(e, Buy(e, n, 0, Perp, 1, 2, OneContract, 2_000 * Usdc1));
        Assert.Equal(RejectReason.WouldBreachInitialMargin, ex.Reason);
        Assert.Equal(2UL, ex.Account);
        Assert.Equal(0, ex.OpIndex);
        // Seller after: 2 050 USDC at 100 ppm = 2 049.795, minus the short's 2 000 at the mark.
        Assert.Contains("Trade #0: account 2 (Seller) would fall below initial margin: TV 49.795 < Req 60.00", ex.Message);
        Assert.Equal(0, e.State.Account(1)!.Position(Perp, 0));
        Assert.Equal(1, e.State.Account(1)!.Nonce);
        // Half the size fits ($30): both legs open.
        n.Clear();
        e.Apply([Buy(e, n, 0, Perp, 1, 2, OneContract / 2, 2_000 * Usdc1)]);
        Assert.Equal(OneContract / 2, e.State.Account(1)!.Position(Perp, 0));
        Assert.Equal(-OneContract / 2, e.State.Account(2)!.Position(Perp, 0));
    }

    [Fact]
    public void Trade_price_band_slots_expiry_and_exact_notional_are_enforced()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 100_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 100_000 * Usdc1, n, ids)]);
        n.Clear();
        // Band 5 % around $2 000: $2 100 passes, $2 100.01 does not.
        Assert.Equal(RejectReason.PriceOutsideBand, Rejected(e, Buy(e, n, 0, Perp, 1, 2, OneContract, 2_100 * Usdc1 + 10_000)).Reason);
        n.Clear();
        e.Apply([Buy(e, n, 0, Perp, 1, 2, OneContract, 2_100 * Usdc1)]);
        n.Clear();
        // 10⁻⁸ contract at $2 000.000001 is not a whole number of USDC units.
        Assert.Equal(RejectReason.NotionalNotExact, Rejected(e, Buy(e, n, 0, Perp, 1, 2, 1, 2_000 * Usdc1 + 1)).Reason);
        n.Clear();
        Assert.Equal(RejectReason.SelfTrade, Rejected(e, Buy(e, n, 0, Perp, 1, 1, OneContract, 2_000 * Usdc1)).Reason);
        n.Clear();
        Assert.Equal(RejectReason.UnknownInstrument, Rejected(e, Buy(e, n, 0, 7, 1, 2, OneContract, 2_000 * Usdc1)).Reason);
        n.Clear();
        Assert.Equal(RejectReason.UnknownAccount, Rejected(e, Buy(e, n, 0, Perp, 1, 99, OneContract, 2_000 * Usdc1)).Reason);
    }

    [Fact]
    public void Positions_beyond_max_slots_are_refused()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 1_000_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 1_000_000 * Usdc1, n, ids),
                 Dep(e, 1, 1, Usdc, 1_000_000 * Usdc1, n, ids), Dep(e, 1, 2, Usdc, 1_000_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 1, 2, OneContract, 2_000 * Usdc1), Buy(e, n, 1, Perp, 1, 2, OneContract, 2_000 * Usdc1),
                 Buy(e, n, 0, Call, 1, 2, OneContract, 100 * Usdc1), Buy(e, n, 0, Put, 1, 2, OneContract, 100 * Usdc1)]);
        n.Clear();
        var ex = Rejected(e, Buy(e, n, 1, Call, 1, 2, OneContract, 100 * Usdc1));
        Assert.Equal(RejectReason.PositionSlotsFull, ex.Reason);
        // Closing one frees its slot for the next key.
        n.Clear();
        e.Apply([Buy(e, n, 0, Put, 2, 1, OneContract, 100 * Usdc1), Buy(e, n, 1, Call, 1, 2, OneContract, 100 * Usdc1)]);
        Assert.Equal(new PositionSlot(Call, 1, OneContract), e.State.Account(1)!.Slots[3]);
    }

    [Fact]
    public void Withdrawal_that_would_break_initial_margin_is_refused()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        // W: 1 000 USDC fast + 500 USDC slow, long 17 ETH-PERP at $2 000 (Req 17·$60 = $1 020).
        // TV = 1 000 − 34 000 = −33 000 → −33 003.30, + 34 000 of positions, + 499.95 = $1 496.65.
        e.Apply([Dep(e, 0, 1, Usdc, 1_000 * Usdc1, n, ids), Dep(e, 1, 1, Usdc, 500 * Usdc1, n, ids),
                 Dep(e, 0, 2, Usdc, 1_000_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 1, 2, 17 * OneContract, 2_000 * Usdc1)]);
        long wid = e.State.Epoch.NextWithdrawalId[1];
        var ex = Rejected(e, new Withdraw(1, 1, e.State.Account(1)!.Nonce, Usdc, 500 * Usdc1, wid));
        Assert.Equal(RejectReason.WouldBreachInitialMargin, ex.Reason);
        Assert.Equal("Withdraw #0: account 1 would fall below initial margin: TV 996.70 < Req 1,020.00 [WouldBreachInitialMargin]", ex.Message);
        var r = e.Apply([new Withdraw(1, 1, e.State.Account(1)!.Nonce, Usdc, 400 * Usdc1, wid)]);
        Assert.Equal(100 * Usdc1, e.State.Account(1)!.Balance(1, Usdc));
        Assert.Equal([new WithdrawalOutput((ulong)wid, 1, Usdc, 400 * Usdc1)], r.Outputs[1].Withdrawals);
        Assert.Equal((Int128)109_669_000_000, r.Trace[0].Accounts[0].InitialAfter.TotalValue); // 996.70 + 99.99
        // More than the balance at that venue is refused even for a healthy account (no borrowing out of an escrow).
        Assert.Equal(RejectReason.InsufficientBalance,
            Rejected(e, new Withdraw(1, 1, e.State.Account(1)!.Nonce, Usdc, 101 * Usdc1, wid + 1)).Reason);
        Assert.Equal(RejectReason.WithdrawalIdOutOfSequence,
            Rejected(e, new Withdraw(1, 1, e.State.Account(1)!.Nonce, Usdc, 1, wid)).Reason);
    }

    [Fact]
    public void Transfers_move_collateral_between_venues_and_record_the_net_flow()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 1, 1, Eth, 2 * Eth1, n, ids)]);
        // Moving 1 ETH from the slow venue to the fast one raises TV: $1 880 → $1 940 for that ETH.
        var r = e.Apply([new Transfer(1, 1, Eth, 1, 0, Eth1)]);
        Assert.Equal(Eth1, e.State.Account(1)!.Balance(0, Eth));
        Assert.Equal((Int128)(194_000_000_000 + 188_000_000_000), r.Trace[0].Accounts[0].InitialAfter.TotalValue);
        Assert.Equal((UInt128)Eth1, r.Outputs[1].FlowsOut[0 * 2 + Eth]);
        Assert.Equal((UInt128)Eth1, r.Outputs[0].FlowsIn[1 * 2 + Eth]);
        Assert.Equal(1, r.Trace[0].Venue);
        Assert.Equal(RejectReason.SameVenue, Rejected(e, new Transfer(1, 2, Eth, 0, 0, 1)).Reason);
        Assert.Equal(RejectReason.InsufficientBalance, Rejected(e, new Transfer(1, 2, Eth, 0, 1, Eth1 + 1)).Reason);
    }

    [Fact]
    public void An_unhealthy_account_may_make_a_risk_reducing_transfer_but_not_the_reverse()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        // 1 ETH at the slow venue ($1 880 after its 6 % haircut), long 30 ETH-PERP bought with USDC debt (Req $1 800).
        e.Apply([Dep(e, 1, 1, Eth, Eth1, n, ids), Dep(e, 0, 2, Usdc, 1_000_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 1, 2, 30 * OneContract, 2_000 * Usdc1)]);
        // Mark $1 990: TV = 1 880 − 60 006 + 59 700 = $1 574 < $1 800.
        e.Apply([Risk(2, perpMark: 199_000_000_000)]);
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        var im = MarginRules.Evaluate(e.State.Account(1)!, p, MarginLevel.Initial);
        Assert.Equal((Int128)157_400_000_000, im.TotalValue);
        Assert.False(im.Covered);
        // Moving the ETH to the fast venue raises TV to $1 634 with the same requirement: still unhealthy, but risk-reducing.
        var r = e.Apply([new Transfer(1, 2, Eth, 1, 0, Eth1)]);
        var change = r.Trace[0].Accounts[0];
        Assert.False(change.HealthyAfter);
        Assert.True(change.RiskReducing);
        Assert.Equal((Int128)163_400_000_000, change.InitialAfter.TotalValue);
        // Moving it back lowers TV: refused.
        var ex = Rejected(e, new Transfer(1, 3, Eth, 0, 1, Eth1));
        Assert.Equal(RejectReason.WouldBreachInitialMargin, ex.Reason);
        Assert.Contains("TV/Req fell", ex.Message);
    }

    [Fact]
    public void Replayed_nonce_is_refused()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 10_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 10_000 * Usdc1, n, ids)]);
        n.Clear();
        var trade = Buy(e, n, 0, Perp, 1, 2, OneContract / 10, 2_000 * Usdc1);
        e.Apply([trade]);
        var ex = Rejected(e, trade);
        Assert.Equal(RejectReason.NonceMismatch, ex.Reason);
        Assert.Contains("nonce 1 does not match the account's nonce 2", ex.Message);
        // The same op twice within one batch: the second is the replay.
        n.Clear();
        var again = Buy(e, n, 0, Perp, 1, 2, OneContract / 10, 2_000 * Usdc1);
        Assert.Equal(1, Rejected(e, again, again).OpIndex);
        // A deposit event consumed once cannot be credited twice.
        var dep = new Deposit(0, 1, e.State.Account(1)!.Nonce, Usdc, 1, e.State.Epoch.NextDepositId[0], Fr.Zero);
        e.Apply([dep]);
        Assert.Equal(RejectReason.DepositIdOutOfSequence, Rejected(e, dep).Reason);
        Assert.Equal(RejectReason.NonceMismatch, Rejected(e, dep with { DepositId = e.State.Epoch.NextDepositId[0] }).Reason);
    }

    [Fact]
    public void Amounts_near_2_pow_63_and_negative_amounts_are_rejected_without_wrap()
    {
        var e = Started();
        var first = Dep(e, 0, 1, Usdc, long.MaxValue);
        e.Apply([first]);
        Assert.Equal(long.MaxValue, e.State.Account(1)!.Balance(0, Usdc));
        var over = Dep(e, 0, 1, Usdc, 1);
        var ex = Rejected(e, over);
        Assert.Equal(RejectReason.BalanceOutOfRange, ex.Reason);
        Assert.Contains("9223372036854775808", ex.Message);
        Assert.Equal(RejectReason.InvalidAmount, Rejected(e, Dep(e, 0, 1, Usdc, -1)).Reason);
        Assert.Equal(RejectReason.InvalidAmount, Rejected(e, Dep(e, 0, 1, Usdc, 0)).Reason);
        Assert.Equal(RejectReason.InvalidAmount,
            Rejected(e, new Withdraw(0, 1, 1, Usdc, long.MinValue, e.State.Epoch.NextWithdrawalId[0])).Reason);
        Assert.Equal(RejectReason.InvalidAmount, Rejected(e, new Transfer(1, 1, Usdc, 0, 1, -5)).Reason);
        // A debt cannot pass below −2⁶³ either: buying at a notional of 2⁶² twice from an account at −2⁶² ...
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 2, Usdc, 1, n, ids)]);
        n.Clear();
        // Quantity near 2⁶³: notional qty·P/10⁸ overflows 63 bits and is refused, not wrapped.
        Assert.Equal(RejectReason.BalanceOutOfRange, Rejected(e, Buy(e, n, 0, Perp, 2, 1, long.MaxValue - 7, 2_000 * Usdc1)).Reason);
    }

    [Fact]
    public void A_rejected_batch_leaves_the_state_unchanged()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 1_000 * Usdc1, n, ids)]);
        n.Clear(); ids.Clear();
        string before = Snapshot(e);
        var batch = new Operation[]
        {
            Dep(e, 0, 1, Usdc, 500 * Usdc1, n, ids), Dep(e, 1, 5, Eth, Eth1, n, ids), new Transfer(1, Next(e, 1, n), Usdc, 0, 1, 200 * Usdc1),
            new Withdraw(0, 1, Next(e, 1, n), Usdc, 5_000 * Usdc1, e.State.Epoch.NextWithdrawalId[0]),
        };
        var ex = Assert.Throws<BatchRejectedException>(() => e.Apply(batch));
        Assert.Equal(3, ex.OpIndex);
        Assert.Equal(RejectReason.InsufficientBalance, ex.Reason);
        Assert.Equal(before, Snapshot(e));
        Assert.Null(e.State.Account(5));
        Assert.Equal(1, e.State.Epoch.BatchCount - 1); // genesis and the deposit batch only
        // The first three alone apply.
        e.Apply(batch[..3]);
        Assert.Equal(300 * Usdc1, e.State.Account(1)!.Balance(0, Usdc) - 1_000 * Usdc1);
    }

    [Fact]
    public void Oracle_outlier_cannot_move_the_median_and_quorum_freshness_order_and_signatures_are_checked()
    {
        var e = Started();
        long t = T0 + 60_000;
        var reports = new List<PriceReport>
        {
            new(Usdc, 0, UsdcPrice, t), new(Usdc, 2, UsdcPrice, t - 10),
            new(Eth, 0, 201_000_000_000, t), new(Eth, 1, 9_000_000_000_000, t), new(Eth, 2, 200_500_000_000, t - 4_999),
        };
        var r = e.Apply([new PriceTick(t, reports)]);
        Assert.Equal(200_500_000_000 + 500_000_000, e.State.Epoch.Prices[Eth]); // lower median 2 010 of {2 005, 2 010, 90 000}
        Assert.Equal(0UL, r.HaltedMask);
        Assert.Equal(new AssetPrice(Eth, 3, EthPrice, 201_000_000_000, false), r.Trace[0].Prices[1]);

        long t2 = t + 1_000;
        Assert.Equal(RejectReason.QuorumNotMet, Rejected(e, new PriceTick(t2, [new PriceReport(Eth, 1, EthPrice, t2)])).Reason);
        Assert.Equal(RejectReason.ReportsNotSorted, Rejected(e, new PriceTick(t2, [new(Eth, 1, EthPrice, t2), new(Eth, 1, EthPrice, t2)])).Reason);
        Assert.Equal(RejectReason.ReportsNotSorted, Rejected(e, new PriceTick(t2, [new(Eth, 2, EthPrice, t2), new(Eth, 1, EthPrice, t2)])).Reason);
        Assert.Equal(RejectReason.ReportNotFresh, Rejected(e, new PriceTick(t2, [new(Eth, 0, EthPrice, t2), new(Eth, 1, EthPrice, t2 - 5_001)])).Reason);
        Assert.Equal(RejectReason.ReportNotFresh, Rejected(e, new PriceTick(t2, [new(Eth, 0, EthPrice, t2), new(Eth, 1, EthPrice, t2 + 1)])).Reason);
        Assert.Equal(RejectReason.StaleTick, Rejected(e, Tick(t, (Eth, EthPrice))).Reason);
        Assert.Equal(RejectReason.InvalidParameter, Rejected(e, new PriceTick(t2, [new(Eth, 0, EthPrice, t2), new(Eth, 3, EthPrice, t2)])).Reason);
        var auth = new TestAuthenticator();
        var e2 = Started(auth);
        auth.BadOracleSigners.Add(1);
        Assert.Equal(RejectReason.ReportNotAuthentic, Rejected(e2, Tick(t2, (Eth, EthPrice))).Reason);
        auth.RejectRisk = true;
        Assert.Equal(RejectReason.ReportNotAuthentic, Rejected(e2, Risk(2)).Reason);
    }

    [Fact]
    public void A_jump_beyond_the_breaker_halts_the_asset_and_only_risk_reducing_ops_pass()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 100_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 100_000 * Usdc1, n, ids),
                 Dep(e, 0, 3, Usdc, 100_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 1, 2, 2 * OneContract, 2_000 * Usdc1)]);
        long t = T0 + 60_000;
        n.Clear();
        // $2 000 → $2 300 is a 15 % jump, β = 10 %: ETH halted for this batch.
        var tick = Tick(t, (Eth, 230_000_000_000));
        var ex = Rejected(e, tick, Buy(e, n, 0, Perp, 3, 2, OneContract, 2_000 * Usdc1));   // 3 opens a new position
        Assert.Equal(RejectReason.HaltedNotRiskReducing, ex.Reason);
        Assert.Equal(3UL, ex.Account);
        n.Clear();
        Assert.Equal(RejectReason.AssetHalted, Rejected(e, tick, new Withdraw(0, 1, Next(e, 1, n), Usdc, Usdc1, 0)).Reason);
        n.Clear();
        // 1 and 2 both shrink their positions: risk-reducing for both, accepted while halted.
        var r = e.Apply([tick, Buy(e, n, 0, Perp, 2, 1, OneContract, 2_000 * Usdc1)]);
        Assert.True(r.IsHalted(Eth));
        Assert.False(r.IsHalted(Usdc));
        Assert.Equal(1UL << Eth, r.HaltedMask);
        Assert.All(r.Trace[1].Accounts, a => Assert.True(a.RiskReducing));
        Assert.Equal(230_000_000_000, e.State.Epoch.Prices[Eth]);
        // The next batch at a stable price is not halted: opening is allowed again.
        n.Clear();
        var r2 = e.Apply([Tick(t + 1_000, (Eth, 231_000_000_000)), Buy(e, n, 0, Perp, 3, 2, OneContract / 10, 2_000 * Usdc1)]);
        Assert.Equal(0UL, r2.HaltedMask);
    }

    [Fact]
    public void Liquidation_of_an_under_margined_account_and_refusal_for_a_healthy_one()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        const ulong X = 1, MM = 2, LQ = 3;
        // X: 1 000 USDC, long 10 ETH-PERP at $2 000: TV $998.10 (debt 19 000 at +100 ppm), Req_IM $600, Req_MM $400.
        e.Apply([Dep(e, 0, X, Usdc, 1_000 * Usdc1, n, ids), Dep(e, 0, MM, Usdc, 1_000_000 * Usdc1, n, ids),
                 Dep(e, 0, LQ, Usdc, 1_000_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, X, MM, 10 * OneContract, 2_000 * Usdc1)]);
        var liq = new Liquidate(0, Perp, X, 2, LQ, 1, 5 * OneContract, 1_940 * Usdc1);
        var ex = Rejected(e, liq with { Price = 2_000 * Usdc1 });
        Assert.Equal(RejectReason.NotLiquidatable, ex.Reason);
        Assert.Contains("TV 998.10 ≥ maintenance Req 400.00", ex.Message);

        // The mark falls to $1 940: TV = 19 400 − 19 001.90 = $398.10 < $400 maintenance.
        e.Apply([Risk(2, perpMark: 194_000_000_000)]);
        Assert.Equal(RejectReason.LiquidationTooLarge, Rejected(e, liq with { Qty = 11 * OneContract }).Reason);
        Assert.Equal(RejectReason.PriceOutsideBand, Rejected(e, liq with { Price = 1_746 * Usdc1 - 1 }).Reason);
        Assert.Equal(RejectReason.NoPosition, Rejected(e, liq with { Account = LQ, Nonce = 1, Liquidator = X, LiquidatorNonce = 2 }).Reason);
        var r = e.Apply([liq]);
        var x = e.State.Account(X)!;
        Assert.Equal(5 * OneContract, x.Position(Perp, 0));
        Assert.Equal((1_000 - 20_000 + 9_700) * Usdc1, x.Balance(0, Usdc));
        Assert.Equal(5 * OneContract, e.State.Account(LQ)!.Position(Perp, 0));
        var c = r.Trace[0].Accounts[0];
        Assert.Equal(AccountRole.Liquidated, c.Role);
        Assert.Equal((Int128)39_810_000_000, c.MaintenanceBefore!.TotalValue);
        Assert.Equal((Int128)40_000_000_000, c.MaintenanceBefore.Requirement);
        Assert.True(r.Trace[0].Accounts[1].HealthyAfter);
        // What is left (5 contracts, TV $399.07 ≥ Req_MM $200) is no longer liquidatable.
        Assert.Equal(RejectReason.NotLiquidatable, Rejected(e, liq with { Nonce = 3, LiquidatorNonce = 2, Qty = OneContract }).Reason);
    }

    [Fact]
    public void A_liquidator_that_would_end_unhealthy_is_refused()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 1_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 1_000_000 * Usdc1, n, ids),
                 Dep(e, 0, 4, Usdc, 10 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 1, 2, 10 * OneContract, 2_000 * Usdc1), ]);
        e.Apply([Risk(2, perpMark: 194_000_000_000)]);
        // Liquidator 4 has $10 and would hold 5 contracts needing $300 with TV 10 − 9 700.97 + 9 700 = $9.03.
        var ex = Rejected(e, new Liquidate(0, Perp, 1, 2, 4, 1, 5 * OneContract, 1_940 * Usdc1));
        Assert.Equal(RejectReason.LiquidatorUnhealthy, ex.Reason);
        Assert.Contains("TV 9.03", ex.Message);
    }

    [Fact]
    public void Batch_structure_prices_and_risk_parameters_are_required()
    {
        var e = new SettlementEngine(Config(), new TestAuthenticator());
        var dep = new Deposit(0, 1, 0, Usdc, 1, 0, Fr.One);
        Assert.Equal(RejectReason.RiskParametersMissing, Rejected(e, dep).Reason);
        var missing = Rejected(e, Risk(1), dep);           // no price for ETH to bound the marks against
        Assert.Equal((RejectReason.PriceMissing, 0), (missing.Reason, missing.OpIndex));
        missing = Rejected(e, Tick(T0, (Eth, EthPrice)), Risk(1), dep); // USDC has no price when the deposit applies
        Assert.Equal((RejectReason.PriceMissing, 2), (missing.Reason, missing.OpIndex));
        Assert.Equal(RejectReason.BadBatchStructure, Rejected(e, Tick(T0, (Eth, EthPrice)), Risk(1), Tick(T0 + 1, (Usdc, UsdcPrice))).Reason);
        Assert.Equal(RejectReason.EpochOutOfSequence, Rejected(e, Risk(2)).Reason);
        var s = e.Apply([Tick(T0, (Usdc, UsdcPrice), (Eth, EthPrice)), Risk(1), dep]);
        Assert.Equal(0, s.BatchIndex);
        Assert.Equal(1, s.Epoch);
        // σ caps and step limit (50 %).
        Assert.Equal(RejectReason.SigmaOutsideCaps, Rejected(e, Risk(2) with { Sigmas = [0, 999_999] }).Reason);
        Assert.Equal(RejectReason.SigmaStepTooLarge, Rejected(e, Risk(2) with { Sigmas = [0, EthSigma * 3 / 2 + 1] }).Reason);
        e.Apply([Risk(2) with { Sigmas = [0, EthSigma * 3 / 2] }]);
        // Too many account ops.
        var many = new List<Operation>();
        var ids = new Dictionary<int, long>();
        var n = new Dictionary<ulong, long>();
        for (int i = 0; i < 17; i++) many.Add(Dep(e, 0, 1, Usdc, 1, n, ids));
        Assert.Equal(RejectReason.TooManyOps, Rejected(e, [.. many]).Reason);
    }

    [Fact]
    public void A_batch_touching_more_accounts_than_MaxAccounts_is_refused_on_the_op_that_touches_one_more()
    {
        // Two registers (MaxAccounts = 2): any number of ops on two accounts fits, a third account does not.
        var e = new SettlementEngine(Config() with { MaxAccounts = 2 }, new TestAuthenticator());
        e.Apply([Tick(T0, (Usdc, UsdcPrice), (Eth, EthPrice)), Risk(1)]);
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 1, n, ids), Dep(e, 0, 2, Usdc, 1, n, ids), Dep(e, 0, 1, Usdc, 1, n, ids), Dep(e, 0, 2, Usdc, 1, n, ids)]);
        n.Clear(); ids.Clear();
        var ex = Rejected(e, Dep(e, 0, 1, Usdc, 1, n, ids), Dep(e, 0, 2, Usdc, 1, n, ids), Dep(e, 0, 3, Usdc, 1, n, ids));
        Assert.Equal(RejectReason.TooManyAccounts, ex.Reason);
        Assert.Equal(2, ex.OpIndex);
        Assert.Equal(3UL, ex.Account);
    }

    /// <summary>Accepts <paramref name="update"/> (epoch 2) after an optional tick, on an engine at ETH $2 000 (EngineFixture).</summary>
    private static void AcceptsRisk(InstrumentRisk? perp = null, InstrumentRisk? call = null, InstrumentRisk? put = null, long? eth = null)
    {
        var e = Started();
        var update = Risk(2) with { Instruments = [perp ?? PerpRisk, call ?? CallRisk, put ?? PutRisk] };
        e.Apply(eth is { } p ? [Tick(T0 + 1_000, (Eth, p)), update] : [update]);
        Assert.Equal(2, e.State.Epoch.Epoch);
    }

    private static RejectReason RefusesRisk(InstrumentRisk? perp = null, InstrumentRisk? call = null, InstrumentRisk? put = null, long? eth = null)
    {
        var e = Started();
        var update = Risk(2) with { Instruments = [perp ?? PerpRisk, call ?? CallRisk, put ?? PutRisk] };
        var ex = Rejected(e, eth is { } p ? [Tick(T0 + 1_000, (Eth, p)), update] : [update]);
        Assert.Equal(eth is null ? 0 : 1, ex.OpIndex);
        return ex.Reason;
    }

    [Fact]
    public void Risk_update_marks_lie_within_no_arbitrage_bounds_of_the_batch_median()
    {
        const long Dollar = 100_000_000;
        // Perpetual: within markBand = 5 % of S = $2 000, i.e. [$1 900, $2 100], edges included.
        AcceptsRisk(perp: PerpRisk with { Mark = 1_900 * Dollar });
        AcceptsRisk(perp: PerpRisk with { Mark = 2_100 * Dollar });
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(perp: PerpRisk with { Mark = 1_900 * Dollar - 1 }));
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(perp: PerpRisk with { Mark = 2_100 * Dollar + 1 }));
        // S is the batch's new median: after a tick to $2 100 the band is [$1 995, $2 205].
        AcceptsRisk(perp: PerpRisk with { Mark = 2_205 * Dollar }, eth: 2_100 * Dollar);
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(perp: PerpRisk with { Mark = 1_900 * Dollar }, eth: 2_100 * Dollar));
        // Call, K = $2 000: at S = $2 100, max(S − K, 0) = $100 ≤ M ≤ S.
        AcceptsRisk(call: CallRisk with { Mark = 100 * Dollar }, perp: PerpRisk with { Mark = 2_100 * Dollar }, eth: 2_100 * Dollar);
        AcceptsRisk(call: CallRisk with { Mark = 2_100 * Dollar }, perp: PerpRisk with { Mark = 2_100 * Dollar }, eth: 2_100 * Dollar);
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(call: CallRisk with { Mark = 100 * Dollar - 1 }, perp: PerpRisk with { Mark = 2_100 * Dollar }, eth: 2_100 * Dollar));
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(call: CallRisk with { Mark = 2_100 * Dollar + 1 }, perp: PerpRisk with { Mark = 2_100 * Dollar }, eth: 2_100 * Dollar));
        AcceptsRisk(call: CallRisk with { Mark = 0 });   // out of the money at S = K: 0 is the lower bound
        // Put, K = $2 000: at S = $1 900, max(K − S, 0) = $100 ≤ M ≤ K.
        AcceptsRisk(put: PutRisk with { Mark = 100 * Dollar }, perp: PerpRisk with { Mark = 1_900 * Dollar }, eth: 1_900 * Dollar);
        AcceptsRisk(put: PutRisk with { Mark = 2_000 * Dollar }, perp: PerpRisk with { Mark = 1_900 * Dollar }, eth: 1_900 * Dollar);
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(put: PutRisk with { Mark = 100 * Dollar - 1 }, perp: PerpRisk with { Mark = 1_900 * Dollar }, eth: 1_900 * Dollar));
        Assert.Equal(RejectReason.MarkOutsideBounds, RefusesRisk(put: PutRisk with { Mark = 2_000 * Dollar + 1 }));
    }

    [Fact]
    public void Risk_update_greeks_lie_within_no_arbitrage_bounds()
    {
        // Call 0 ≤ Δ ≤ 1, put −1 ≤ Δ ≤ 0 (DELTA_SCALE 10⁸), Γ ≥ 0 for every kind.
        AcceptsRisk(call: CallRisk with { Delta = 0 }, put: PutRisk with { Delta = -100_000_000 });
        AcceptsRisk(call: CallRisk with { Delta = 100_000_000, Gamma = 0 }, put: PutRisk with { Delta = 0, Gamma = 0 });
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(call: CallRisk with { Delta = -1 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(call: CallRisk with { Delta = 100_000_001 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(put: PutRisk with { Delta = 1 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(put: PutRisk with { Delta = -100_000_001 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(call: CallRisk with { Gamma = -1 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(put: PutRisk with { Gamma = -1 }));
        Assert.Equal(RejectReason.GreekOutsideBounds, RefusesRisk(perp: PerpRisk with { Gamma = -1 }));
        // A perpetual's Δ has only its width.
        AcceptsRisk(perp: PerpRisk with { Delta = 150_000_000 });
    }

    [Fact]
    public void Encodings_pack_leaf_and_ops_as_specified()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 5 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 5_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Perp, 2, 1, OneContract / 1000, 2_000 * Usdc1)]);
        var a = e.State.Account(1)!;
        var leaf = FieldEncoding.Leaf(a, e.Config);
        // 2 + ceil(4/3) + ceil(4/2) elements.
        Assert.Equal(6, leaf.Length);
        Assert.Equal(a.Salt, leaf[0]);
        Assert.Equal(Fr.FromBigInteger(1 + ((System.Numerics.BigInteger)2 << 32)), leaf[1]);
        var off = System.Numerics.BigInteger.One << 63;
        var b = a.Balance(0, Usdc) + off + ((off + 0) << 64) + ((off + 0) << 128); // b[0][USDC], b[0][ETH], b[1][USDC]
        Assert.Equal(Fr.FromBigInteger(b), leaf[2]);
        Assert.Equal(Fr.FromBigInteger(off), leaf[3]);                          // b[1][ETH] alone
        var lane = Perp + ((System.Numerics.BigInteger)0 << 16) + ((-(OneContract / 1000) + off) << 24);
        Assert.Equal(Fr.FromBigInteger(lane), leaf[4]);
        Assert.Equal(Fr.Zero, leaf[5]);
        var ops = FieldEncoding.Op(new Trade(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        Assert.Equal(Fr.FromBigInteger(4 + (1 << 8) + ((System.Numerics.BigInteger)2 << 24)), ops[0]);
        Assert.Equal(Fr.FromBigInteger(3 + ((System.Numerics.BigInteger)4 << 32)), ops[1]);
        Assert.Equal(Fr.FromBigInteger(9 + ((System.Numerics.BigInteger)10 << 64)), ops[5]);
        Assert.Throws<ArgumentException>(() => FieldEncoding.Op(Risk(1)));
    }
}
