namespace Settlement.Risk;

/// <summary>The distribution functions the backtest needs, written out so that the p-values depend on no library.</summary>
public static class Statistics
{
    /// <summary>Standard normal CDF Φ(x) = erfc(−x/√2)/2.</summary>
    public static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    public static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>erfc(x) = Γ(1/2, x²)/√π for x ≥ 0, by the regularized incomplete gamma below; erfc(−x) = 2 − erfc(x).</summary>
    public static double Erfc(double x) => x >= 0 ? UpperRegularizedGamma(0.5, x * x) : 2 - UpperRegularizedGamma(0.5, x * x);

    /// <summary>P(X &gt; x) for X ~ χ²(df): Q(df/2, x/2).</summary>
    public static double ChiSquareTail(double x, int df)
    {
        if (df < 1) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be positive");
        return x <= 0 ? 1 : UpperRegularizedGamma(df / 2.0, x / 2);
    }

    /// <summary>
    /// Q(a, x) = Γ(a, x)/Γ(a): the power series of P(a, x) below x &lt; a + 1, the continued fraction of Q (modified
    /// Lentz) above, each to double precision; ln Γ(a) by Lanczos (g = 7, n = 9).
    /// </summary>
    public static double UpperRegularizedGamma(double a, double x)
    {
        if (x <= 0) return 1;
        double logPrefix = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (int n = 1; n < 1000 && Math.Abs(term) > Math.Abs(sum) * 1e-17; n++) { term *= x / (a + n); sum += term; }
            return 1 - sum * Math.Exp(logPrefix);
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (int i = 1; i < 1000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16) break;
        }
        return Math.Exp(logPrefix) * h;
    }

    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        double s = Lanczos[0], t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++) s += Lanczos[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(s);
    }
}

/// <summary>A likelihood-ratio test statistic and its χ² p-value.</summary>
public readonly record struct LikelihoodRatio(double Statistic, double PValue);

/// <summary>Coverage tests of a series of exceedances (true: the realised move went beyond the haircut).</summary>
public static class CoverageTests
{
    /// <summary>
    /// Kupiec's proportion-of-failures test: x exceedances in n days against the target rate p,
    /// LR = −2 ln[(1−p)^(n−x) p^x / ((1−x/n)^(n−x) (x/n)^x)] ~ χ²(1).
    /// </summary>
    public static LikelihoodRatio Kupiec(int exceedances, int days, double target)
    {
        if (days < 1 || exceedances < 0 || exceedances > days) throw new ArgumentException($"{exceedances} exceedances in {days} days");
        if (target is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(target), target, "the target rate must lie in (0, 1)");
        int x = exceedances, n = days;
        double observed = (double)x / n;
        double lr = -2 * (XLogY(n - x, 1 - target) + XLogY(x, target) - XLogY(n - x, 1 - observed) - XLogY(x, observed));
        lr = Math.Max(lr, 0);
        return new LikelihoodRatio(lr, Statistics.ChiSquareTail(lr, 1));
    }

    /// <summary>
    /// Christoffersen's independence test: does an exceedance make the next one likelier? Transition counts n_ij (state i
    /// then j), π01 = n01/(n00+n01), π11 = n11/(n10+n11), π = (n01+n11)/Σn; LR = −2 ln[L(π)/L(π01, π11)] ~ χ²(1).
    /// </summary>
    public static LikelihoodRatio Christoffersen(IReadOnlyList<bool> exceeded)
    {
        int n00 = 0, n01 = 0, n10 = 0, n11 = 0;
        for (int t = 1; t < exceeded.Count; t++)
            switch (exceeded[t - 1], exceeded[t])
            {
                case (false, false): n00++; break;
                case (false, true): n01++; break;
                case (true, false): n10++; break;
                default: n11++; break;
            }
        double p01 = Ratio(n01, n00 + n01), p11 = Ratio(n11, n10 + n11), p = Ratio(n01 + n11, n00 + n01 + n10 + n11);
        double restricted = XLogY(n00 + n10, 1 - p) + XLogY(n01 + n11, p);
        double unrestricted = XLogY(n00, 1 - p01) + XLogY(n01, p01) + XLogY(n10, 1 - p11) + XLogY(n11, p11);
        double lr = Math.Max(-2 * (restricted - unrestricted), 0);
        return new LikelihoodRatio(lr, Statistics.ChiSquareTail(lr, 1));
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    /// <summary>k·ln y with 0·ln 0 = 0 (a likelihood term with no observations).</summary>
    private static double XLogY(int k, double y) => k == 0 ? 0 : k * Math.Log(y);
}
