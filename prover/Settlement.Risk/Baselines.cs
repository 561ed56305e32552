namespace Settlement.Risk;

/// <summary>
/// Variance forecasts in the convention every model here uses: <c>forecast[t]</c> is the variance of return r[t+1]
/// given returns r[0..t] (daily log returns, zero mean: over one day the mean is negligible against σ).
/// </summary>
public static class Ewma
{
    /// <summary>RiskMetrics' daily decay.</summary>
    public const double RiskMetricsLambda = 0.94;

    /// <summary>λ for a half-life of h days: λ^h = 1/2.</summary>
    public static double LambdaForHalfLife(double days) => Math.Pow(0.5, 1 / days);

    /// <summary>σ²[t+1|t] = λ σ²[t|t−1] + (1 − λ) r[t]², started from <paramref name="seed"/> as σ²[0|−1].</summary>
    public static double[] Forecasts(IReadOnlyList<double> returns, double lambda, double seed)
    {
        if (lambda is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must lie in (0, 1)");
        var f = new double[returns.Count];
        double v = seed;
        for (int t = 0; t < f.Length; t++) f[t] = v = lambda * v + (1 - lambda) * returns[t] * returns[t];
        return f;
    }
}

/// <summary>Mean of r² over returns [from, to): the sample variance about zero.</summary>
internal static class Moments
{
    public static double MeanSquare(IReadOnlyList<double> r, int from, int to)
    {
        double s = 0;
        for (int t = from; t < to; t++) s += r[t] * r[t];
        return s / (to - from);
    }
}

/// <summary>GARCH(1,1) parameters: h[t] = ω + α r[t−1]² + β h[t−1], with ω &gt; 0, α, β ≥ 0, α + β &lt; 1.</summary>
public readonly record struct GarchParameters(double Omega, double Alpha, double Beta)
{
    public double Persistence => Alpha + Beta;
    public double LongRunVariance => Omega / (1 - Alpha - Beta);
}

/// <summary>
/// GARCH(1,1) with Gaussian innovations fitted by maximum likelihood: Nelder–Mead on the negative log-likelihood over an
/// unconstrained parametrisation that keeps the process stationary (ω = e^θ0, α + β = logistic(θ1), α = (α + β)·logistic(θ2)),
/// so no iterate can leave the constraint set. The recursion starts at h[0] = the sample variance of the fit window.
/// </summary>
public static class Garch
{
    /// <summary>Fewest returns a fit takes.</summary>
    public const int MinReturns = 50;

    /// <summary>
    /// The maximum-likelihood fit from the usual start (ω = 5 % of the sample variance, α = 0.08, β = 0.87) and, when
    /// given, from <paramref name="start"/> (a walk-forward refit's previous parameters), keeping the likelier: a warm
    /// start alone can stay in the basin of a fit on a short early window.
    /// </summary>
    public static GarchParameters Fit(IReadOnlyList<double> returns, GarchParameters? start = null)
    {
        if (returns.Count < MinReturns) throw new ArgumentException($"{returns.Count} returns: GARCH needs at least {MinReturns} to fit");
        double v0 = Moments.MeanSquare(returns, 0, returns.Count);
        double Nll(double[] th) => NegativeLogLikelihood(returns, FromTheta(th), v0);
        double[] From(GarchParameters s) =>
            NelderMead.Minimize(Nll, [Math.Log(s.Omega), Logit(s.Persistence), Logit(s.Alpha / s.Persistence)], step: 0.5, tolerance: 1e-9, maxIterations: 2000);
        var best = From(new GarchParameters(v0 * 0.05, 0.08, 0.87));
        if (start is { } warm)
        {
            var other = From(warm);
            if (Nll(other) < Nll(best)) best = other;
        }
        return FromTheta(best);
    }

    /// <summary>−ln L = ½ Σ [ln 2π + ln h[t] + r[t]²/h[t]].</summary>
    public static double NegativeLogLikelihood(IReadOnlyList<double> returns, GarchParameters p, double h0)
    {
        double h = h0, nll = 0;
        for (int t = 0; t < returns.Count; t++)
        {
            if (t > 0) h = p.Omega + p.Alpha * returns[t - 1] * returns[t - 1] + p.Beta * h;
            nll += Math.Log(h) + returns[t] * returns[t] / h;
        }
        return 0.5 * (nll + returns.Count * Math.Log(2 * Math.PI));
    }

    /// <summary>forecast[t] = h[t+1], filtered through all of <paramref name="returns"/> with fixed parameters.</summary>
    public static double[] Forecasts(IReadOnlyList<double> returns, GarchParameters p, double h0)
    {
        var f = new double[returns.Count];
        double h = h0;
        for (int t = 0; t < f.Length; t++) f[t] = h = p.Omega + p.Alpha * returns[t] * returns[t] + p.Beta * h;
        return f;
    }

    /// <summary>
    /// Walked forward: forecast[t] for t &lt; <paramref name="until"/>, refitted on the returns up to day τ at τ = first,
    /// first + refit, …, each fit (warm-started from the one before) filtering the days up to the next refit; days before
    /// <paramref name="first"/> use the first fit. No forecast uses a fit on returns after its own day or after <paramref name="first"/>.
    /// </summary>
    public static double[] WalkForward(double[] returns, int first, int refit, int until)
    {
        var f = new double[until];
        GarchParameters? p = null;
        for (int tau = first; tau < until; tau += refit)
        {
            var past = returns[..(tau + 1)];
            p = Fit(past, p);
            int end = Math.Min(tau + refit, until);
            var filtered = Forecasts(returns[..end], p.Value, Moments.MeanSquare(past, 0, past.Length));
            Array.Copy(filtered, tau == first ? 0 : tau, f, tau == first ? 0 : tau, end - (tau == first ? 0 : tau));
        }
        return f;
    }

    /// <summary>A series simulated from known parameters with standard normal innovations (tests, the fit's check).</summary>
    public static double[] Simulate(GarchParameters p, int n, int seed)
    {
        var rng = new Random(seed);
        var r = new double[n];
        double h = p.LongRunVariance;
        for (int t = 0; t < n; t++)
        {
            if (t > 0) h = p.Omega + p.Alpha * r[t - 1] * r[t - 1] + p.Beta * h;
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            r[t] = Math.Sqrt(h) * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return r;
    }

    private static GarchParameters FromTheta(double[] th)
    {
        double persistence = Logistic(th[1]), alpha = persistence * Logistic(th[2]);
        return new GarchParameters(Math.Exp(th[0]), alpha, persistence - alpha);
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));
    private static double Logit(double p) => Math.Log(p / (1 - p));
}

/// <summary>Nelder–Mead simplex minimisation (reflection 1, expansion 2, contraction ½, shrink ½).</summary>
internal static class NelderMead
{
    public static double[] Minimize(Func<double[], double> f, double[] start, double step, double tolerance, int maxIterations)
    {
        int n = start.Length;
        var x = new double[n + 1][];
        var fx = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            x[i] = (double[])start.Clone();
            if (i > 0) x[i][i - 1] += step;
            fx[i] = f(x[i]);
        }
        for (int iter = 0; iter < maxIterations; iter++)
        {
            var order = Enumerable.Range(0, n + 1).OrderBy(i => fx[i]).ToArray();
            x = [.. order.Select(i => x[i])];
            fx = [.. order.Select(i => fx[i])];
            if (Math.Abs(fx[n] - fx[0]) <= tolerance * (Math.Abs(fx[0]) + tolerance)) break;
            var centroid = new double[n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) centroid[j] += x[i][j] / n;
            double[] Along(double t) => [.. centroid.Select((c, j) => c + t * (x[n][j] - c))];
            var reflected = Along(-1);
            double fr = f(reflected);
            if (fr < fx[0])
            {
                var expanded = Along(-2);
                double fe = f(expanded);
                (x[n], fx[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < fx[n - 1]) (x[n], fx[n]) = (reflected, fr);
            else
            {
                var contracted = fr < fx[n] ? Along(-0.5) : Along(0.5);
                double fc = f(contracted);
                if (fc < Math.Min(fr, fx[n])) (x[n], fx[n]) = (contracted, fc);
                else
                    for (int i = 1; i <= n; i++)
                    {
                        x[i] = [.. x[i].Select((v, j) => x[0][j] + 0.5 * (v - x[0][j]))];
                        fx[i] = f(x[i]);
                    }
            }
        }
        return x[Array.IndexOf(fx, fx.Min())];
    }
}
