using System.Numerics;
using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

public class MarginRulesTests
{
    [Theory]
    [InlineData(0UL, 0UL, 0UL)]
    [InlineData(1UL, 1UL, 1UL)]
    [InlineData(2UL, 1UL, 2UL)]
    [InlineData(15UL, 3UL, 4UL)]
    [InlineData(16UL, 4UL, 4UL)]
    [InlineData(250_000_000_000UL, 500_000UL, 500_000UL)]
    [InlineData(ulong.MaxValue, 4_294_967_295UL, 4_294_967_296UL)]
    [InlineData(18_446_744_065_119_617_025UL, 4_294_967_295UL, 4_294_967_295UL)] // (2^32 − 1)²
    [InlineData(18_446_744_065_119_617_024UL, 4_294_967_294UL, 4_294_967_295UL)]
    public void Square_root_witness_brackets_the_input(ulong x, ulong floor, ulong ceil)
    {
        Assert.Equal(floor, (ulong)FixedPointMath.ISqrt(x));
        Assert.Equal(ceil, (ulong)FixedPointMath.CeilSqrt(x));
    }

    [Fact]
    public void Square_root_property_holds_on_random_inputs()
    {
        var rng = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            ulong x = (ulong)rng.NextInt64() >> rng.Next(0, 63);
            ulong s = (ulong)FixedPointMath.ISqrt(x);
            Assert.True((UInt128)s * s <= x && x < (UInt128)(s + 1) * (s + 1), $"x = {x}, s = {s}");
        }
    }

    [Fact]
    public void Floor_and_ceiling_division_round_toward_minus_and_plus_infinity()
    {
        Assert.Equal(-2, FixedPointMath.FloorDiv(-3, 2));
        Assert.Equal(-1, FixedPointMath.CeilDiv(-3, 2));
        Assert.Equal(1, FixedPointMath.FloorDiv(3, 2));
        Assert.Equal(2, FixedPointMath.CeilDiv(3, 2));
        Assert.Equal(-2, FixedPointMath.FloorDiv(-4, 2));
        Assert.Equal(-2, FixedPointMath.CeilDiv(-4, 2));
    }

    [Fact]
    public void A_slower_venue_gets_a_larger_haircut_and_range()
    {
        var e = Started();
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        Assert.Equal([500_000L, 1_000_000L], p.TimeRoots);
        // ETH: ceil(z·σ·t / 10¹³) = 3·10⁴·2·10⁷·5·10⁵ / 10¹³ = 30 000 ppm (3 %) fast, 60 000 slow.
        Assert.Equal(30_000, p.Haircut(MarginLevel.Initial, Eth, 0));
        Assert.Equal(60_000, p.Haircut(MarginLevel.Initial, Eth, 1));
        Assert.Equal(20_000, p.Haircut(MarginLevel.Maintenance, Eth, 0));
        Assert.Equal(40_000, p.Haircut(MarginLevel.Maintenance, Eth, 1));
        // USDC has σ = 0: the floor.
        Assert.Equal(100, p.Haircut(MarginLevel.Initial, Usdc, 1));
        // R = 3 % of $2 000 = $60 fast, $120 slow.
        Assert.Equal(6_000_000_000UL, p.Range(MarginLevel.Initial, Eth, 0));
        Assert.Equal(12_000_000_000UL, p.Range(MarginLevel.Initial, Eth, 1));

        // The same 1 ETH is worth $1 940 at the fast venue and $1 880 at the slow one.
        var nonces = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Eth, Eth1, nonces, ids), Dep(e, 1, 2, Eth, Eth1, nonces, ids)]);
        Assert.Equal((Int128)194_000_000_000, MarginRules.Evaluate(e.State.Account(1)!, p, MarginLevel.Initial).TotalValue);
        Assert.Equal((Int128)188_000_000_000, MarginRules.Evaluate(e.State.Account(2)!, p, MarginLevel.Initial).TotalValue);
    }

    [Fact]
    public void Haircut_is_rounded_up_and_clamped()
    {
        Assert.Equal(1, MarginRules.Haircut(1, 1, 1, 0, 999_999));              // 10⁻¹³ ppm rounds up to 1
        Assert.Equal(100, MarginRules.Haircut(1, 1, 1, 100, 999_999));          // floor
        Assert.Equal(500_000, MarginRules.Haircut(30_000, 999_000_000, 1_000_000, 0, 500_000)); // cap
        Assert.Equal(6_000_000_001UL, MarginRules.Range(30_000, 20_000_000, EthPrice, 500_000) + 1);
        Assert.Equal(1UL, MarginRules.Range(1, 1, 1, 1));                        // any positive range rounds up to 1 VU
        Assert.Throws<MarginOverflowException>(() => MarginRules.Range(1_000_000, 1L << 47, (1L << 56) - 1, 1L << 32));
    }

    [Fact]
    public void Long_and_short_on_two_venues_net_to_a_small_unified_requirement()
    {
        var e = Started();
        const ulong A = 1, L = 2, S = 3, MM = 4;
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        long price = 2_000 * Usdc1;
        e.Apply([
            Dep(e, 0, A, Usdc, 10_000 * Usdc1, n, ids), Dep(e, 0, L, Usdc, 10_000 * Usdc1, n, ids),
            Dep(e, 1, S, Usdc, 10_000 * Usdc1, n, ids), Dep(e, 0, MM, Usdc, 1_000_000 * Usdc1, n, ids),
            Dep(e, 1, MM, Usdc, 1_000_000 * Usdc1, n, ids),
            Buy(e, n, 0, Perp, A, MM, OneContract, price),   // A long 1 at the fast venue
            Buy(e, n, 1, Perp, MM, A, OneContract, price),   // A short 1 at the slow venue
            Buy(e, n, 0, Perp, L, MM, OneContract, price),   // L: only the long leg
            Buy(e, n, 1, Perp, MM, S, OneContract, price),   // S: only the short leg
        ]);
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        var a = MarginRules.Evaluate(e.State.Account(A)!, p, MarginLevel.Initial);
        var l = MarginRules.Evaluate(e.State.Account(L)!, p, MarginLevel.Initial);
        var s = MarginRules.Evaluate(e.State.Account(S)!, p, MarginLevel.Initial);

        // A: USDC 8 000 fast + 2 000 slow, both at 100 ppm: TV = $9 999.00; positions cancel at the mark.
        Assert.Equal((Int128)999_900_000_000, a.TotalValue);
        // D = 1·$60 − 1·$120 = −$60: worst is u = +1 (weight 1): m = $60.
        var u = Assert.Single(a.Underlyings);
        Assert.Equal(new BigInteger(-6_000_000_000), u.DeltaLow);
        Assert.Equal((Int128)6_000_000_000, a.Requirement);
        // Siloed: $60 for the long alone, $120 for the short alone: $180 in total, three times the unified $60.
        Assert.Equal((Int128)6_000_000_000, l.Requirement);
        Assert.Equal((Int128)12_000_000_000, s.Requirement);
        Assert.True(a.Requirement * 3 == l.Requirement + s.Requirement);
    }

    [Fact]
    public void Gamma_and_weights_enter_the_scenario_sum_exactly()
    {
        // One long call, 1 contract at the fast venue: Δ 0.5, Γ 10⁻¹¹ per VU, R $60.
        // D = 0.5·6·10⁹ = 3·10⁹; G = floor(10⁸·10⁹·(6·10⁹)² / (2·10²⁸)) = 1.8·10⁸ VU.
        // X_k = −w(60·u·D + u²·G): u = −60, w = 100: −100·(−1.08·10¹³ + 6.48·10¹¹) = 1.0152·10¹⁵ (the worst);
        //                          u = −120, w = 35: −35·(−2.16·10¹³ + 2.592·10¹²) = 6.6528·10¹⁴ (weight 0.35 makes it milder).
        // m = ceil(1.0152·10¹⁵ / 360 000) = 2 820 000 000 VU = $28.20.
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 10_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 10_000 * Usdc1, n, ids),
                 Buy(e, n, 0, Call, 1, 2, OneContract, 100 * Usdc1)]);
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        var r = MarginRules.Evaluate(e.State.Account(1)!, p, MarginLevel.Initial);
        var u = Assert.Single(r.Underlyings);
        Assert.Equal(new BigInteger(3_000_000_000), u.DeltaLow);
        Assert.Equal(new BigInteger(180_000_000), u.Gamma);
        int worst = e.Config.Margin.Grid.ToList().FindIndex(g => g.Shock == -60);
        int far = e.Config.Margin.Grid.ToList().FindIndex(g => g.Shock == -120);
        Assert.Equal(BigInteger.Parse("1015200000000000"), u.Scenarios[worst]);
        Assert.Equal(BigInteger.Parse("665280000000000"), u.Scenarios[far]);
        Assert.Equal(BigInteger.Parse("1015200000000000"), u.Scenarios.Max());
        Assert.Equal((Int128)2_820_000_000, r.Requirement);
        // Short call: D = −3·10⁹, G = −1.8·10⁸; worst u = +60: −100·(−1.08·10¹³ − 6.48·10¹¹) = 1.1448·10¹⁵ → $31.80.
        var w = MarginRules.Evaluate(e.State.Account(2)!, p, MarginLevel.Initial);
        Assert.Equal((Int128)3_180_000_000, w.Requirement);
    }

    [Fact]
    public void Requirement_rounds_up_and_value_rounds_down()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        // 1 unit of USDC (10⁻⁶ $) at 100 ppm haircut: 99.99 VU → floor 99. A debt of 1 unit: −100.01 → floor −101.
        e.Apply([Dep(e, 0, 1, Usdc, 1, n, ids)]);
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        Assert.Equal((Int128)99, MarginRules.Evaluate(e.State.Account(1)!, p, MarginLevel.Initial).TotalValue);
        var debtor = new Account(9, Fr1, 2, 2, 4);
        debtor.SetBalance(0, Usdc, -1);
        Assert.Equal((Int128)(-101), MarginRules.Evaluate(debtor, p, MarginLevel.Initial).TotalValue);
        // A position of 10⁻⁸ contract with Δ = 10⁻⁸: ND = 1·1·6·10⁹ → D_lo = 0, D_hi = 1; the long loses on down-moves,
        // where D_hi is used: X = −100·(−60)·60·1 = 360 000 → m = 1 VU (not 0).
        e.Apply([Risk(2) with { Instruments = [PerpRisk with { Delta = 1 }, CallRisk, PutRisk] }]);
        p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        var tiny = new Account(10, Fr1, 2, 2, 4);
        tiny.TrySetPosition(Perp, 0, 1);
        var r = MarginRules.Evaluate(tiny, p, MarginLevel.Initial);
        Assert.Equal(BigInteger.Zero, r.Underlyings[0].DeltaLow);
        Assert.Equal(BigInteger.One, r.Underlyings[0].DeltaHigh);
        Assert.Equal((Int128)1, r.Requirement);
    }

    private static readonly Settlement.Verifier.Bls12381.Fr Fr1 = Settlement.Verifier.Bls12381.Fr.One;

    [Fact]
    public void Risk_reducing_needs_shrinking_positions_and_a_ratio_that_did_not_fall()
    {
        var e = Started();
        var p = MarginRules.ComputeParameters(e.Config, e.State.Epoch);
        Account Acct(long usdc, long qty)
        {
            var a = new Account(1, Fr1, 2, 2, 4);
            a.SetBalance(0, Usdc, usdc);
            if (qty != 0) a.TrySetPosition(Perp, 0, qty);
            return a;
        }
        bool Rr(Account b, Account a) => MarginRules.IsRiskReducing(b, MarginRules.Evaluate(b, p, MarginLevel.Initial), a, MarginRules.Evaluate(a, p, MarginLevel.Initial), out _);
        Assert.True(Rr(Acct(0, 10 * OneContract), Acct(0, 5 * OneContract)));
        Assert.False(Rr(Acct(0, 5 * OneContract), Acct(0, 10 * OneContract)));                // grew
        Assert.False(Rr(Acct(0, 5 * OneContract), Acct(0, -1 * OneContract)));                // flipped
        Assert.False(Rr(Acct(0, 0), Acct(0, 1)));                                              // appeared
        // Same positions, more cash: the ratio rises.
        Assert.True(Rr(Acct(-10_000 * Usdc1, 5 * OneContract), Acct(-9_000 * Usdc1, 5 * OneContract)));
        Assert.False(Rr(Acct(-9_000 * Usdc1, 5 * OneContract), Acct(-10_000 * Usdc1, 5 * OneContract)));
        // No positions before: TV must not fall.
        Assert.False(Rr(Acct(-5, 0), Acct(-6, 0)));
        Assert.True(Rr(Acct(-6, 0), Acct(-5, 0)));
    }

    [Fact]
    public void Oracle_median_is_the_lower_median_and_an_outlier_cannot_move_it()
    {
        Assert.Equal(2_001, OrderRules.LowerMedian<long>([2_000, 1_000_000, 2_001]));
        Assert.Equal(2_001, OrderRules.LowerMedian<long>([1, 2_000, 2_001, 9_000_000, 2_002]));
        Assert.Equal(2_000, OrderRules.LowerMedian<long>([2_000, 2_001]));
        long[] prices = [2_000, 2_001, 2_002, 9_000_000];
        Assert.Equal(2_001, OrderRules.LowerMedian<long>(prices));
        for (long m = 1_990; m < 2_010; m++)
            Assert.Equal(m == 2_001, OrderRules.IsLowerMedian<long>(prices, m));
        Assert.False(OrderRules.IsLowerMedian<long>(prices, 9_000_000));
        Assert.True(OracleRules.TripsBreaker(2_000, 2_201, 100_000));
        Assert.False(OracleRules.TripsBreaker(2_000, 2_200, 100_000));   // exactly 10 % is allowed
        Assert.False(OracleRules.TripsBreaker(0, 5, 100_000));
    }
}
