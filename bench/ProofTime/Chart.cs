using ScottPlot;

namespace Settlement.Bench.ProofTime;

/// <summary>
/// Proving time and peak memory against constraints, both axes log10 (ScottPlot, rendered headless with SkiaSharp).
/// Every series says what it measures (in-process or whole process, wall time), points are medians with min–max bars,
/// and settlement batches carry their op counts.
/// </summary>
public static class Chart
{
    private sealed record Point(double X, double Median, double Min, double Max, string? Label = null);

    public static void Write(Report report, string timePng, string memoryPng)
    {
        static Point? Of(long x, Spread? s, double scale = 1, string? label = null) =>
            s is null ? null : new Point(x, s.Median * scale, s.Min * scale, s.Max * scale, label);
        static string Ops(int? n) => n == 1 ? "1 op" : $"{n} ops";
        const double MiB = 1.0 / (1 << 20);
        Plot(report, timePng, "Proving time vs constraints", "proving time, wall (s)",
        [
            ("ours, chain circuit: prove in-process, warm", report.Rows.Where(r => r.BatchOps == null).Select(r => Of(r.Constraints, r.Prove))),
            .. Settlement(report).Select(g => ($"ours, settlement batches{g.Key}: prove in-process, warm", g.Select(r => Of(r.Constraints, r.Prove, label: Ops(r.BatchOps))))),
            ("ours on snarkjs's .zkey/.wtns: read + prove in-process (no process start-up)",
                report.Comparisons.Select(c => (Point?)new Point(c.Constraints, c.OursLoad.Median + c.Ours.Median, c.OursLoad.Min + c.Ours.Min, c.OursLoad.Max + c.Ours.Max))),
            ("snarkjs groth16 prove: whole process (node start-up, read, prove, write)", report.Comparisons.Select(c => Of(c.Constraints, c.Snarkjs))),
        ]);
        Plot(report, memoryPng, "Peak memory vs constraints", "peak RSS (MiB)",
        [
            ("ours, chain circuit: peak RSS of the row's process during prove", report.Rows.Where(r => r.BatchOps == null).Select(r => Of(r.Constraints, r.PeakBytes, MiB))),
            .. Settlement(report).Select(g => ($"ours, settlement batches{g.Key}: peak RSS of the row's process during prove", g.Select(r => Of(r.Constraints, r.PeakBytes, MiB, Ops(r.BatchOps))))),
            ("ours on snarkjs's .zkey/.wtns: peak RSS, read + prove", report.Comparisons.Select(c => Of(c.Constraints, c.OursPeak, MiB))),
            ("snarkjs groth16 prove: max RSS of its process", report.Comparisons.Select(c => Of(c.Constraints, c.SnarkjsPeak, MiB))),
        ]);
    }

    /// <summary>Settlement rows, one series per account mix (the part of the workload name after the op count, e.g. ", accounts reused").</summary>
    private static IEnumerable<IGrouping<string, Row>> Settlement(Report report) =>
        report.Rows.Where(r => r.BatchOps != null).GroupBy(r =>
        {
            int comma = r.Workload.IndexOf(',', StringComparison.Ordinal), paren = r.Workload.IndexOf(" (", StringComparison.Ordinal);
            return comma >= 0 && paren > comma ? r.Workload[comma..paren] : "";
        });

    private static void Plot(Report report, string path, string title, string yLabel, IEnumerable<(string Label, IEnumerable<Point?> Points)> series)
    {
        var plt = new Plot();
        foreach (var (label, points) in series)
        {
            var p = points.OfType<Point>().Where(q => q.X > 0 && q.Median > 0 && q.Min > 0).OrderBy(q => q.X).ToArray();
            if (p.Length == 0) continue;
            var xs = p.Select(q => Math.Log10(q.X)).ToArray();
            var ys = p.Select(q => Math.Log10(q.Median)).ToArray();
            var s = plt.Add.Scatter(xs, ys);
            s.LegendText = label;
            s.MarkerSize = 8;
            // Spread as min–max bars, asymmetric on the log axis.
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null,
                p.Select(q => Math.Log10(q.Median) - Math.Log10(q.Min)).ToArray(), p.Select(q => Math.Log10(q.Max) - Math.Log10(q.Median)).ToArray());
            bars.Color = s.Color;
            plt.Add.Plottable(bars);
            foreach (var q in p.Where(q => q.Label != null))
            {
                var t = plt.Add.Text(q.Label!, Math.Log10(q.X), Math.Log10(q.Median));
                t.LabelFontSize = 11;
                t.LabelFontColor = s.Color;
                t.OffsetX = 6;
                t.OffsetY = -16;
            }
        }

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
        plt.Title($"{title} ({report.Machine.Cores} cores, {report.StartedUtc:yyyy-MM-dd}; log-log; medians, bars min–max)");
        plt.XLabel("constraints");
        plt.YLabel(yLabel);
        plt.ShowLegend(Alignment.UpperLeft);
        plt.Layout.Fixed(new PixelPadding(80, 40, 60, 50)); // room on the right for the last tick label (10,000,000)
        plt.SavePng(path, 1000, 650);
    }
}
