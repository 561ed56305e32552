namespace Settlement.Risk;

/// <summary>
/// The model's inputs on day t, from returns up to and including r[t] (it forecasts r[t+1]): docs/risk-model.md lists
/// them. Every feature is relative to a base variance, the EWMA with a 10-day half-life: the standardised |r[t]|, and
/// ln(x / base) for r[t]², the HAR weekly and monthly means of r², the other EWMA half-lives, the mean r² of the whole
/// history so far (the regime: is the base high or low for this series) and the GARCH(1,1) forecast. The model predicts
/// forward variance / base, so a regression tree, which cannot extrapolate, never has to reach a variance level it has
/// not seen: it corrects the base up or down, and the four indices' different levels share one scale. The high–low
/// range (Parkinson's variance ln(H/L)²/(4 ln 2), relative to the base) is an eleventh feature when the data has highs
/// and lows, so a model is for one of two widths.
/// </summary>
public static class Features
{
    public static readonly int[] EwmaHalfLives = [5, 21, 63, 126];
    /// <summary>Half-life (days) of the EWMA variance every other feature and the target are measured against.</summary>
    public const int BaseHalfLife = 10;
    /// <summary>HAR's weekly and monthly windows in trading days (the daily term is r[t]² itself).</summary>
    public const int Week = 5, Month = 22;
    /// <summary>Days of returns before the first feature row: the monthly window and the EWMA seed.</summary>
    public const int Warmup = Month;
    /// <summary>Fewest returns the features take: the GARCH fit's minimum.</summary>
    public const int MinReturns = Garch.MinReturns;
    /// <summary>Floor under a variance before its log (a day with r = 0 exactly).</summary>
    public const double VarianceFloor = 1e-12;

    public static readonly string[] CloseOnlyNames =
        ["abs_r_over_base_sigma", "log_r2_rel", "log_har_week_rel", "log_har_month_rel", .. EwmaHalfLives.Select(h => $"log_ewma_hl{h}_rel"), "log_history_rel", "log_garch_rel"];
    public static readonly string[] WithRangeNames = [.. CloseOnlyNames, "log_parkinson_rel"];

    public static int Width(bool withRange) => withRange ? WithRangeNames.Length : CloseOnlyNames.Length;
    public static IReadOnlyList<string> Names(int width) =>
        width == CloseOnlyNames.Length ? CloseOnlyNames : width == WithRangeNames.Length ? WithRangeNames
        : throw new ArgumentOutOfRangeException(nameof(width), width, $"features have width {CloseOnlyNames.Length} or {WithRangeNames.Length}");

    /// <summary>The name of the base the features and the model's score are relative to.</summary>
    public static readonly string BaseName = $"EWMA variance, half-life {BaseHalfLife} days";

    /// <summary>
    /// Feature rows for days Warmup..r.Length−1 of one series: row k is day Warmup + k. <paramref name="range"/> (Parkinson
    /// variance per return day, aligned with r) is used only when <paramref name="withRange"/>. <paramref name="garch"/>[t]
    /// is the GARCH(1,1) forecast made on day t: walked forward in the backtest; by default one fit on all of r (the
    /// committee's tool, which forecasts the day after the history).
    /// </summary>
    public static FeatureRow[] Rows(double[] r, IReadOnlyList<double>? range, bool withRange, IReadOnlyList<double>? garch = null)
    {
        if (withRange && range is null) throw new ArgumentException("the model uses the high–low range, and the series has no highs and lows");
        if (r.Length < MinReturns) throw new ArgumentException($"{r.Length} returns: the features need at least {MinReturns}");
        garch ??= Garch.Forecasts(r, Garch.Fit(r), Moments.MeanSquare(r, 0, r.Length));
        if (garch.Count != r.Length) throw new ArgumentException($"{garch.Count} GARCH forecasts for {r.Length} returns");
        double seed = Moments.MeanSquare(r, 0, Warmup);
        var ewma = EwmaHalfLives.Select(h => Ewma.Forecasts(r, Ewma.LambdaForHalfLife(h), seed)).ToArray();
        var baseline = Ewma.Forecasts(r, Ewma.LambdaForHalfLife(BaseHalfLife), seed);
        var rows = new FeatureRow[r.Length - Warmup];
        double sumSquares = 0;
        for (int t = 0; t < Warmup; t++) sumSquares += r[t] * r[t];
        for (int t = Warmup; t < r.Length; t++)
        {
            double b = Math.Max(baseline[t], VarianceFloor);
            sumSquares += r[t] * r[t];
            var f = new float[Width(withRange)];
            int k = 0;
            f[k++] = (float)(Math.Abs(r[t]) / Math.Sqrt(b));
            f[k++] = Rel(r[t] * r[t], b);
            f[k++] = Rel(Moments.MeanSquare(r, t - Week + 1, t + 1), b);
            f[k++] = Rel(Moments.MeanSquare(r, t - Month + 1, t + 1), b);
            foreach (var e in ewma) f[k++] = Rel(e[t], b);
            f[k++] = Rel(sumSquares / (t + 1), b);
            f[k++] = Rel(garch[t], b);
            if (withRange) f[k] = Rel(range![t], b);
            rows[t - Warmup] = new FeatureRow(f, b);
        }
        return rows;
    }

    private static float Rel(double variance, double baseVariance) => (float)Math.Log(Math.Max(variance, VarianceFloor) / baseVariance);

    /// <summary>Parkinson's daily variance from the high and low of the day each return ends on.</summary>
    public static double[]? ParkinsonVariance(PriceSeries s)
    {
        if (!s.HasRange) return null;
        var v = new double[s.Close.Count - 1];
        for (int t = 0; t < v.Length; t++)
        {
            double hl = Math.Log(s.High![t + 1] / s.Low![t + 1]);
            v[t] = hl * hl / (4 * Math.Log(2));
        }
        return v;
    }

}

/// <summary>A day's features and the base variance they (and the model's score) are relative to.</summary>
public readonly record struct FeatureRow(float[] Values, double BaseVariance);
