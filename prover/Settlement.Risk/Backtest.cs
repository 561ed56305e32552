namespace Settlement.Risk;

/// <summary>How the haircut's multiplier meets the tail of the returns.</summary>
public enum TailTreatment
{
    /// <summary>The haircut is z·σ̂: exact only if returns are Gaussian given σ̂.</summary>
    Gaussian,
    /// <summary>
    /// Filtered historical simulation: the haircut is q·σ̂, q the empirical (1 − target) quantile of the model's own past
    /// standardised moves |r/σ̂| (all series pooled, walk-forward), so the committee signs σ̂·q/z and the circuit's z·σ
    /// reaches the target rate whatever the shape of the tail.
    /// </summary>
    Empirical,
}

/// <summary>Backtest settings; <see cref="Z"/> and <see cref="HorizonMs"/> come from the deployment when there is one.</summary>
/// <param name="Z">Confidence multiplier of the haircut (the deployment's z_IM); it fixes the target rate 2·(1 − Φ(z)).</param>
/// <param name="FirstForecast">Return index of the first test day: the models are first fitted on the returns before it.</param>
/// <param name="GarchRefit">Days between GARCH refits (between refits the fitted recursion runs on).</param>
/// <param name="ModelRefit">Days between refits of the ML model.</param>
/// <param name="HorizonMs">τ_v + τ_close for the haircut in ppm (the slowest venue's).</param>
/// <param name="Tail">The tail treatment, the same for every model.</param>
/// <param name="TailLeadIn">Days before <paramref name="FirstForecast"/> on which every model already forecasts out of
/// sample, only so that the empirical tail has standardised moves to start from; they are not test days.</param>
/// <param name="Learner">The ML model's learner settings (the default is the committed model's).</param>
public sealed record BacktestOptions(double Z = 3.0, int FirstForecast = 500, int GarchRefit = 21, int ModelRefit = 250, double HorizonMs = 242_000,
    TailTreatment Tail = TailTreatment.Empirical, int TailLeadIn = 250, VolatilityTrainer.Settings? Learner = null)
{
    /// <summary>Target exceedance rate: a two-sided move beyond z·σ, 2·(1 − Φ(z)), since a haircut protects long
    /// balances against falls and short balances against rises.</summary>
    public double Target => 2 * (1 - Statistics.NormalCdf(Z));
}

/// <summary>The days before a volatility spike at which a model's σ first rose 25 % over its level a month before.</summary>
/// <param name="Spikes">The spikes considered (the largest 5-day realised volatilities, 60 days apart).</param>
/// <param name="Rose">Spikes before whose peak σ rose.</param>
/// <param name="MeanLeadDays">Mean days from that rise to the peak, over the spikes where it rose (NaN if none).</param>
public sealed record SpikeLead(int Spikes, int Rose, double MeanLeadDays);

/// <param name="MeanMultiplier">Mean of the haircut's multiplier: z under the Gaussian treatment, q (= z·tail factor) under the empirical one.</param>
public sealed record ModelMetrics(string Series, string Model, int Days, int Exceedances, double Rate, double Target,
    LikelihoodRatio Kupiec, LikelihoodRatio? Christoffersen, double MeanDailySigma, double MeanMultiplier, double MeanHaircutPpm, double Qlike, SpikeLead? Lead);

/// <summary>
/// One model's forecasts over the test days: <c>Variance[i]</c> is the forecast of the return on test day i, and
/// <c>TailFactor[i]</c> the factor q/z its σ is scaled by before the haircut z·σ (1 under the Gaussian treatment).
/// </summary>
public sealed record ModelForecast(string Model, double[] Variance, double[] TailFactor);

/// <summary>
/// The static σ that gives, on one series, as many exceedances as the ONNX model (chosen after the fact: the benchmark
/// the model must beat on collateral), its mean haircut, and how much less the model locks.
/// </summary>
public sealed record CalibratedStatic(string Series, int Exceedances, double DailySigma, double HaircutPpm, double ModelHaircutPpm)
{
    public double Saving => 1 - ModelHaircutPpm / HaircutPpm;
}

public sealed record SeriesBacktest(string Series, IReadOnlyList<DateOnly> Days, double[] Returns, IReadOnlyList<ModelForecast> Forecasts,
    IReadOnlyList<ModelMetrics> Metrics, CalibratedStatic Calibrated);

public sealed record BacktestReport(BacktestOptions Options, string File, DateOnly TestFrom, DateOnly TestTo,
    IReadOnlyList<SeriesBacktest> Series, IReadOnlyList<ModelMetrics> Pooled);

/// <summary>
/// Walk-forward backtest of one-day variance forecasts on every series of a price file: each model is fitted on the
/// returns before the forecast day only, predicts the next day, and steps on (GARCH refitted every
/// <see cref="BacktestOptions.GarchRefit"/> days, the ML model every <see cref="BacktestOptions.ModelRefit"/> days on all
/// series pooled, exported to ONNX and run by ONNX Runtime). One day is the finest horizon daily data can check; the
/// deployment's τ_v + τ_close is reached from it by <see cref="VolatilityScale"/>.
/// </summary>
public static class Backtest
{
    public const string Static = "static", EwmaName = "EWMA 0.94", GarchName = "GARCH(1,1)", OnnxName = "ONNX (walk-forward)";

    public static BacktestReport Run(PriceHistory prices, BacktestOptions options, OnnxVolatilityModel? given = null, Action<string>? progress = null)
    {
        int m = prices.Dates.Count - 1, t0 = options.FirstForecast, lead = options.TailLeadIn, s0 = t0 - lead;
        if (lead < 0 || s0 < Features.Warmup + 100)
            throw new ArgumentException($"the first test day {t0} less the tail's lead-in {lead} leaves {s0} returns to fit on first; at least {Features.Warmup + 100} are needed");
        if (m - 1 <= t0) throw new PriceDataException(prices.File, prices.Dates.Count + 1, null, $"{m} returns: the backtest fits on the first {t0} and needs more after them");
        bool withRange = prices.Series.All(s => s.HasRange);
        var returns = prices.Series.Select(s => s.LogReturns()).ToArray();
        // GARCH walked forward from s0 (days before it take the first fit): the baseline's forecasts and the model's feature.
        var garch = returns.Select(r => Garch.WalkForward(r, s0, options.GarchRefit, m)).ToArray();
        var featureRows = prices.Series.Select((s, i) => Features.Rows(returns[i], Features.ParkinsonVariance(s), withRange, garch[i])).ToArray();
        var onnx = WalkForwardModel(returns, featureRows, s0, options.ModelRefit, m, options.Learner ?? VolatilityTrainer.Settings.Default, progress);

        // Forecasts of days s0..m−2 per series and model (lead-in first), then each model's tail over all series.
        var names = new List<string> { Static, EwmaName, GarchName, OnnxName };
        if (given is not null)
        {
            if (given.UsesRange && !withRange) throw new RiskModelException(given.Source, "the model uses the high–low range; the price file has no .high/.low columns");
            names.Add($"ONNX {Path.GetFileName(given.Source)}");
        }
        var variance = new double[returns.Length][][];
        for (int i = 0; i < returns.Length; i++)
        {
            var r = returns[i];
            progress?.Invoke($"{prices.Series[i].Name}: baselines");
            variance[i] =
            [
                Days(s0, m, t => Moments.MeanSquare(r, 0, t + 1)),
                Ewma.Forecasts(r, Ewma.RiskMetricsLambda, Moments.MeanSquare(r, 0, Features.Warmup))[s0..(m - 1)],
                garch[i][s0..(m - 1)],
                onnx[i],
                .. given is null ? Array.Empty<double[]>()
                    : [given.Variances(Features.Rows(r, Features.ParkinsonVariance(prices.Series[i]), given.UsesRange, garch[i])[(s0 - Features.Warmup)..(m - 1 - Features.Warmup)])],
            ];
        }
        var realisedAll = returns.Select(r => r[(s0 + 1)..m]).ToArray();
        var factors = names.Select((_, k) => TailFactors(variance.Select(v => v[k]).ToArray(), realisedAll, lead, options)).ToArray();

        var results = new List<SeriesBacktest>();
        for (int i = 0; i < returns.Length; i++)
        {
            var realised = realisedAll[i][lead..];
            var days = prices.Dates.Skip(t0 + 2).Take(realised.Length).ToArray();
            var forecasts = names.Select((n, k) => new ModelForecast(n, variance[i][k][lead..], factors[k])).ToList();
            var metrics = forecasts.Select(f => Metrics(prices.Series[i].Name, f, realised, options)).ToList();
            var onnxMetrics = metrics.Single(x => x.Model == OnnxName);
            results.Add(new SeriesBacktest(prices.Series[i].Name, days, realised, forecasts, metrics, Calibrate(prices.Series[i].Name, realised, onnxMetrics, options)));
        }
        var pooled = results[0].Forecasts.Select((f, k) => PooledMetrics(f.Model, results, k, options)).ToList();
        return new BacktestReport(options, prices.File, results[0].Days[0], results[0].Days[^1], results, pooled);
    }

    /// <summary>
    /// The factor q/z per test day: q is the empirical (1 − target) quantile of |r/σ̂| over every series' days before it
    /// (from the lead-in on), so it uses only moves already seen. Under the Gaussian treatment every factor is 1.
    /// </summary>
    private static double[] TailFactors(double[][] variance, double[][] realised, int lead, BacktestOptions o)
    {
        int days = realised[0].Length - lead;
        var f = new double[days];
        if (o.Tail == TailTreatment.Gaussian) { Array.Fill(f, 1.0); return f; }
        var sorted = new List<double>();
        for (int t = 0; t < realised[0].Length; t++)
        {
            if (t >= lead) f[t - lead] = Quantile(sorted, 1 - o.Target) / o.Z;
            for (int i = 0; i < realised.Length; i++)
            {
                double e = Math.Abs(realised[i][t]) / Math.Sqrt(variance[i][t]);
                int at = sorted.BinarySearch(e);
                sorted.Insert(at < 0 ? ~at : at, e);
            }
        }
        return f;
    }

    /// <summary>The p-quantile of sorted values, interpolating linearly between order statistics (Hyndman–Fan type 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values to take a quantile of");
        double h = (sorted.Count - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 >= sorted.Count ? sorted[^1] : sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /// <summary>Forecasts for days t0..m−2 (the return forecast is r[t+1]).</summary>
    private static double[] Days(int t0, int m, Func<int, double> forecastAt)
    {
        var f = new double[m - 1 - t0];
        for (int t = t0; t < m - 1; t++) f[t - t0] = forecastAt(t);
        return f;
    }

    /// <summary>
    /// The ML model walked forward: at each refit day τ it is trained on every series' examples whose 5-day target ends by
    /// τ, exported to ONNX, and the ONNX model forecasts the days up to the next refit.
    /// </summary>
    private static double[][] WalkForwardModel(double[][] returns, FeatureRow[][] featureRows, int t0, int refit, int m, VolatilityTrainer.Settings learner, Action<string>? progress)
    {
        var f = returns.Select(_ => new double[m - 1 - t0]).ToArray();
        for (int tau = t0; tau < m - 1; tau += refit)
        {
            progress?.Invoke($"ONNX model: fit on returns up to day {tau}");
            var examples = returns.SelectMany((r, i) => VolatilityTrainer.Examples(featureRows[i], r, tau, learner.TargetDays)).ToList();
            var trained = VolatilityTrainer.Train(examples, $"walk-forward fit on days 0..{tau}", learner);
            using var model = OnnxVolatilityModel.FromBytes(trained.Onnx, "walk-forward model");
            int end = Math.Min(tau + refit, m - 1);
            for (int i = 0; i < returns.Length; i++)
            {
                var v = model.Variances(featureRows[i][(tau - Features.Warmup)..(end - Features.Warmup)]);
                Array.Copy(v, 0, f[i], tau - t0, v.Length);
            }
        }
        return f;
    }

    private static ModelMetrics Metrics(string series, ModelForecast f, double[] realised, BacktestOptions o)
    {
        // The haircut's σ: the forecast scaled by its tail factor (QLIKE and the spike leads judge the forecast itself).
        var haircut = f.Variance.Select((v, i) => v * f.TailFactor[i] * f.TailFactor[i]).ToArray();
        var exceeded = Exceedances(haircut, realised, o.Z);
        int x = exceeded.Count(e => e);
        return new ModelMetrics(series, f.Model, realised.Length, x, (double)x / realised.Length, o.Target,
            CoverageTests.Kupiec(x, realised.Length, o.Target), CoverageTests.Christoffersen(exceeded),
            f.Variance.Average(Math.Sqrt), o.Z * f.TailFactor.Average(), haircut.Average(v => VolatilityScale.HaircutPpm(o.Z, v, o.HorizonMs)),
            Qlike(f.Variance, realised), Lead(f.Variance, realised));
    }

    private static ModelMetrics PooledMetrics(string model, List<SeriesBacktest> series, int k, BacktestOptions o)
    {
        var all = series.Select(s => s.Metrics[k]).ToList();
        int days = all.Sum(a => a.Days), x = all.Sum(a => a.Exceedances);
        return new ModelMetrics("all", model, days, x, (double)x / days, o.Target, CoverageTests.Kupiec(x, days, o.Target), null,
            all.Average(a => a.MeanDailySigma), all.Average(a => a.MeanMultiplier), all.Average(a => a.MeanHaircutPpm), all.Average(a => a.Qlike), null);
    }

    public static bool[] Exceedances(IReadOnlyList<double> variance, IReadOnlyList<double> realised, double z) =>
        [.. realised.Select((r, i) => Math.Abs(r) > z * Math.Sqrt(variance[i]))];

    /// <summary>QLIKE in Patton's form ln h + r²/h: robust to the noise of r² as a proxy of the true variance; lower is better.</summary>
    public static double Qlike(IReadOnlyList<double> variance, IReadOnlyList<double> realised) =>
        realised.Select((r, i) => Math.Log(variance[i]) + r * r / variance[i]).Average();

    /// <summary>
    /// The 5 largest peaks of 5-day realised volatility at least 60 days apart (and 60 days into the test); for each, the
    /// first day in the 30 before the peak on which the forecast σ was 25 % above its mean 60 to 31 days before.
    /// </summary>
    public static SpikeLead Lead(IReadOnlyList<double> variance, IReadOnlyList<double> realised, int spikes = 5)
    {
        var rv = new double[realised.Count];
        for (int t = 4; t < rv.Length; t++) rv[t] = Math.Sqrt(Enumerable.Range(t - 4, 5).Average(j => realised[j] * realised[j]));
        var peaks = new List<int>();
        foreach (int t in Enumerable.Range(60, Math.Max(0, rv.Length - 60)).OrderByDescending(t => rv[t]))
        {
            if (peaks.Count == spikes) break;
            if (peaks.All(p => Math.Abs(p - t) >= 60)) peaks.Add(t);
        }
        var leads = new List<int>();
        foreach (int s in peaks)
        {
            double baseline = Enumerable.Range(s - 60, 30).Average(t => Math.Sqrt(variance[t]));
            int rose = Enumerable.Range(s - 30, 31).FirstOrDefault(t => Math.Sqrt(variance[t]) >= 1.25 * baseline, -1);
            if (rose >= 0) leads.Add(s - rose);
        }
        return new SpikeLead(peaks.Count, leads.Count, leads.Count == 0 ? double.NaN : leads.Average());
    }

    private static CalibratedStatic Calibrate(string series, double[] realised, ModelMetrics model, BacktestOptions o)
    {
        var moves = realised.Select(Math.Abs).OrderByDescending(a => a).ToArray();
        int x = model.Exceedances;
        // A constant σ with exactly x moves beyond z·σ: between the x-th and the (x+1)-th largest move.
        double threshold = x == 0 ? moves[0] : x >= moves.Length ? 0 : (moves[x - 1] + moves[x]) / 2;
        double sigma = threshold / o.Z;
        return new CalibratedStatic(series, x, sigma, VolatilityScale.HaircutPpm(o.Z, sigma * sigma, o.HorizonMs), model.MeanHaircutPpm);
    }
}
