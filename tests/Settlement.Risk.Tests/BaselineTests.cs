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
}
