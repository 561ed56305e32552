namespace Settlement.Risk.Tests;

public class BaselineTests
{
    [Fact]
    public void Ewma_matches_the_recursion_by_hand()
    {
        // σ²[t+1] = 0.94 σ²[t] + 0.06 r[t]², from 1e-4: 1e-4, 0.94e-4 + 0.06·4e-4 = 1.18e-4, 0.94·1.18e-4 + 0.06·9e-4 = 1.6492e-4.
        var f = Ewma.Forecasts([0.01, -0.02, 0.03], Ewma.RiskMetricsLambda, 1e-4);
        Assert.Equal([1e-4, 1.18e-4, 1.6492e-4], f.Select(x => Math.Round(x, 12)));
        Assert.Equal(0.5, Math.Pow(Ewma.LambdaForHalfLife(10), 10), 12);
    }

    [Fact]
    public void Garch_recovers_known_parameters_from_a_simulated_series()
    {
        var truth = new GarchParameters(2e-6, 0.08, 0.90);
        var r = Garch.Simulate(truth, 5000, seed: 7);
        var fit = Garch.Fit(r);
        // With 5 000 daily returns the asymptotic standard errors are about 0.01 for α and 0.015 for β, and α + β is
        // estimated more tightly than either (their errors are negatively correlated): the bounds are ~3 standard errors.
        Assert.InRange(fit.Alpha, 0.05, 0.11);
        Assert.InRange(fit.Beta, 0.85, 0.95);
        Assert.InRange(fit.Persistence, 0.96, 0.995);
        Assert.InRange(fit.LongRunVariance / truth.LongRunVariance, 0.7, 1.4);
        // It is the maximum: no worse than the true parameters, nor than a nearby point.
        double h0 = r.Average(x => x * x);
        double best = Garch.NegativeLogLikelihood(r, fit, h0);
        Assert.True(best <= Garch.NegativeLogLikelihood(r, truth, h0));
        Assert.True(best <= Garch.NegativeLogLikelihood(r, fit with { Alpha = fit.Alpha + 0.005 }, h0));
        Assert.True(best <= Garch.NegativeLogLikelihood(r, fit with { Beta = fit.Beta - 0.005 }, h0));
    }

    [Fact]
    public void Kupiec_and_christoffersen_match_values_by_hand()
    {
        // 5 exceedances in 250 days at 1 %: LR = −2[245 ln .99 + 5 ln .01 − 245 ln .98 − 5 ln .02] = 1.9568098, p = 0.1618549.
        var k = CoverageTests.Kupiec(5, 250, 0.01);
        Assert.Equal(1.9568098, k.Statistic, 6);
        Assert.Equal(0.1618549, k.PValue, 6);
        Assert.Equal(0, CoverageTests.Kupiec(25, 2500, 0.01).Statistic, 12);
        // F T T F F F T F: n00 2, n01 2, n10 2, n11 1; LR = −2[4 ln 4/7 + 3 ln 3/7 − 4 ln ½ − 2 ln ⅔ − ln ⅓] = 0.1964510.
        var c = CoverageTests.Christoffersen([false, true, true, false, false, false, true, false]);
        Assert.Equal(0.1964510, c.Statistic, 6);
    }

    [Theory]
    [InlineData(3.841459, 1, 0.05)]
    [InlineData(6.634897, 1, 0.01)]
    [InlineData(5.991465, 2, 0.05)]
    [InlineData(18.307038, 10, 0.05)]
    public void Chi_square_tails_match_the_tables(double x, int df, double p) => Assert.Equal(p, Statistics.ChiSquareTail(x, df), 6);

    [Fact]
    public void Normal_cdf_and_black_scholes_hold_their_identities()
    {
        Assert.Equal(0.998650102, Statistics.NormalCdf(3), 8);
        Assert.Equal(0.5, Statistics.NormalCdf(0), 12);
        double s = 2000, k = 2100, v = 0.3;
        var call = BlackScholes.Option(true, s, k, v);
        var put = BlackScholes.Option(false, s, k, v);
        Assert.Equal(s - k, call.Price - put.Price, 9);          // put–call parity at zero rates
        Assert.Equal(1, call.Delta - put.Delta, 12);
        Assert.Equal(call.Gamma, put.Gamma, 15);
        double bump = 0.01;                                       // Δ and Γ are the price's derivatives in S
        var up = BlackScholes.Option(true, s + bump, k, v);
        var down = BlackScholes.Option(true, s - bump, k, v);
        Assert.Equal(call.Delta, (up.Price - down.Price) / (2 * bump), 6);
        Assert.Equal(call.Gamma, (up.Delta - down.Delta) / (2 * bump), 8);
    }

    [Fact]
    public void Quantiles_interpolate_between_order_statistics()
    {
        double[] x = [1, 2, 4, 8, 16];
        Assert.Equal(1, Backtest.Quantile(x, 0));
        Assert.Equal(16, Backtest.Quantile(x, 1));
        Assert.Equal(4, Backtest.Quantile(x, 0.5));
        Assert.Equal(12, Backtest.Quantile(x, 0.875)); // h = 3.5: halfway from 8 to 16
        Assert.Throws<ArgumentException>(() => Backtest.Quantile([], 0.5));
    }

    [Fact]
    public void The_empirical_tail_covers_fat_tails_that_a_gaussian_z_misses()
    {
        // Student-t(3) returns scaled to unit variance with a known constant σ: z = 3 under-covers, the empirical tail's
        // q (the 99.73 % quantile of past |r/σ|) does not.
        var rng = new Random(7);
        double T3() { double z = Normal(rng), c = 0; for (int k = 0; k < 3; k++) { double n = Normal(rng); c += n * n; } return z / Math.Sqrt(c / 3) / Math.Sqrt(3.0); }
        const int days = 200_000;
        var r = Enumerable.Range(0, days).Select(_ => 0.01 * T3()).ToArray();
        var v = Enumerable.Repeat(1e-4, days).ToArray();
        var o = new BacktestOptions(Z: 3);
        var gaussian = Backtest.Exceedances(v, r, 3).Count(e => e);
        var sorted = r[..(days / 2)].Select(x => Math.Abs(x) / 0.01).Order().ToList();
        double q = Backtest.Quantile(sorted, 1 - o.Target);
        var empirical = Backtest.Exceedances(v.Select(x => x * q * q / 9).ToArray()[(days / 2)..], r[(days / 2)..], 3).Count(e => e);
        Assert.True(q > 3.3, $"q {q}");
        Assert.True(CoverageTests.Kupiec(gaussian, days, o.Target).PValue < 0.01, $"{gaussian} Gaussian exceedances");
        // Half the days estimate q, the other half test it: the rate must be near the target (sampling noise of q and
        // of the count is about 10 % here), where the Gaussian z's is several times it.
        Assert.InRange(empirical / (days / 2 * o.Target), 0.75, 1.33);
        Assert.True(gaussian / (days * o.Target) > 3, $"{gaussian} Gaussian exceedances");
    }

    [Fact]
    public void Walked_forward_garch_uses_only_the_past_and_is_the_models_feature()
    {
        var r = TestData.EuStocks["DAX"].LogReturns();
        var longer = Garch.WalkForward(r, 300, 21, 900);
        var shorter = Garch.WalkForward(r[..700], 300, 21, 700);
        // A forecast never changes when later returns are added, before or after the first fit.
        Assert.Equal(shorter, longer[..700]);
        // From the first fit on, each refit window is filtered by the fit on the returns up to its start.
        var p = Garch.Fit(r[..301]);
        Assert.Equal(Garch.Forecasts(r[..321], p, Moments.MeanSquare(r, 0, 301))[..321], longer[..321]);
        Assert.NotEqual(longer[321], Garch.Forecasts(r[..322], p, Moments.MeanSquare(r, 0, 301))[321]);

        var rows = Features.Rows(r[..900], null, withRange: false, longer);
        int garchColumn = Array.IndexOf(Features.CloseOnlyNames, "log_garch_rel");
        for (int t = Features.Warmup; t < 900; t += 97)
            Assert.Equal((float)Math.Log(longer[t] / rows[t - Features.Warmup].BaseVariance), rows[t - Features.Warmup].Values[garchColumn]);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
