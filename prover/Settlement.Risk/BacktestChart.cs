using ScottPlot;

namespace Settlement.Risk;

/// <summary>One PNG per series: each model's forecast σ against the realised volatility, annualised, over the test days.</summary>
public static class BacktestChart
{
    public static IReadOnlyList<string> Save(BacktestReport report, string directory, string prefix = "risk-forecast")
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach (var s in report.Series)
        {
            var plot = new Plot();
            var x = s.Days.Select(d => d.ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray();
            // Realised: the root of the mean squared return over the 5 days from each day on (what the target averages).
            var realised = new double[s.Returns.Length];
            for (int t = 0; t < realised.Length; t++)
            {
                int to = Math.Min(t + 5, realised.Length);
                realised[t] = VolatilityScale.AnnualisedPercent(Enumerable.Range(t, to - t).Average(j => s.Returns[j] * s.Returns[j]));
            }
            var rv = plot.Add.ScatterLine(x, realised);
            rv.LegendText = "realised (5-day, forward)";
            rv.Color = Colors.LightGray;
            rv.LineWidth = 1;
            foreach (var f in s.Forecasts)
            {
                var line = plot.Add.ScatterLine(x, f.Variance.Select(VolatilityScale.AnnualisedPercent).ToArray());
                line.LegendText = f.Model;
                line.LineWidth = 1.5f;
            }
            plot.Axes.DateTimeTicksBottom();
            plot.Title($"{s.Series}: forecast σ against realised volatility (annualised %)");
            plot.YLabel("σ, % per √year");
            plot.ShowLegend(Alignment.UpperLeft);
            var path = Path.Combine(directory, $"{prefix}-{s.Series}.png");
            plot.SavePng(path, 1100, 450);
            files.Add(path);
        }
        return files;
    }
}
