using ScottPlot;

namespace Settlement.Bench.ProofTime;

/// <summary>Proving time and peak memory against constraints, both axes log10 (ScottPlot, rendered headless with SkiaSharp).</summary>
public static class Chart
{
    public static void Write(Report report, string timePng, string memoryPng)
    {
        Plot(report, timePng, "Proving time vs constraints", "proving time (s)", r => r.Prove?.Median, c => (c.Ours.Median, c.Snarkjs.Median));
        Plot(report, memoryPng, "Peak memory vs constraints", "peak RSS (MiB)",
            r => r.PeakBytes is { } p ? p.Median / (1 << 20) : null, c => (c.OursPeak.Median / (1 << 20), c.SnarkjsPeak.Median / (1 << 20)));
    }

    private static void Plot(Report report, string path, string title, string yLabel, Func<Row, double?> y, Func<ComparisonRow, (double Ours, double Snarkjs)> cy)
    {
        var plt = new Plot();
        void Series(string label, IEnumerable<(double X, double Y)> points)
        {
            var p = points.Where(q => q.X > 0 && q.Y > 0).OrderBy(q => q.X).ToArray();
            if (p.Length == 0) return;
            var s = plt.Add.Scatter(p.Select(q => Math.Log10(q.X)).ToArray(), p.Select(q => Math.Log10(q.Y)).ToArray());
            s.LegendText = label;
            s.MarkerSize = 8;
        }
        Series("ours: chain circuit (in-process)", report.Rows.Where(r => r.BatchOps == null && y(r) != null).Select(r => ((double)r.Constraints, y(r)!.Value)));
        Series("ours: settlement batches", report.Rows.Where(r => r.BatchOps != null && y(r) != null).Select(r => ((double)r.Constraints, y(r)!.Value)));
        Series("ours: circom2 chain, same .zkey as snarkjs", report.Comparisons.Select(c => ((double)c.Constraints, cy(c).Ours)));
        Series("snarkjs groth16 prove", report.Comparisons.Select(c => ((double)c.Constraints, cy(c).Snarkjs)));

        static string Pow10(double v) => Math.Pow(10, v) switch { >= 1000 => Math.Pow(10, v).ToString("N0"), var x => x.ToString("G3") };
        foreach (var axis in new[] { (IAxis)plt.Axes.Bottom, plt.Axes.Left })
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = Pow10,
            };
        plt.Axes.AutoScale();
        var lim = plt.Axes.GetLimits();
        plt.Axes.SetLimits(Math.Floor(lim.Left), Math.Ceiling(lim.Right), Math.Floor(lim.Bottom), Math.Ceiling(lim.Top));
        plt.Grid.MajorLineColor = Colors.Black.WithOpacity(.15);
        plt.Grid.MinorLineColor = Colors.Black.WithOpacity(.05);
        plt.Grid.MinorLineWidth = 1;
        plt.Title($"{title} ({report.Machine.Cores} cores, {report.StartedUtc:yyyy-MM-dd}; log-log)");
        plt.XLabel("constraints");
        plt.YLabel(yLabel);
        plt.ShowLegend(Alignment.UpperLeft);
        plt.Layout.Fixed(new PixelPadding(80, 40, 60, 50)); // room on the right for the last tick label (10,000,000)
        plt.SavePng(path, 900, 600);
    }
}
