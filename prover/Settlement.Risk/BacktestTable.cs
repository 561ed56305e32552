using System.Globalization;
using System.Text;

namespace Settlement.Risk;

/// <summary>The backtest as Markdown tables: what <c>settle risk backtest</c> prints and bench/RESULTS-risk.md holds.</summary>
public static class BacktestTable
{
    public static string Markdown(BacktestReport report)
    {
        var o = report.Options;
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"Walk-forward one-day forecasts on {Path.GetFileName(report.File)}, test days {report.TestFrom:yyyy-MM-dd} to {report.TestTo:yyyy-MM-dd} " +
            $"(fits on the first {o.FirstForecast} returns first; GARCH refitted every {o.GarchRefit} days, the ONNX model every {o.ModelRefit}).");
        sb.AppendLine(inv, $"z = {o.Z:0.####}: target exceedance rate 2·(1 − Φ(z)) = {o.Target:P3}; haircut in ppm at τ_v + τ_close = {o.HorizonMs:0} ms.");
        sb.AppendLine(o.Tail == TailTreatment.Gaussian
            ? "Tail: Gaussian, the haircut is z·σ̂ for every model."
            : string.Create(inv, $"Tail: empirical (filtered historical simulation), the same for every model: the haircut is q·σ̂, q the {1 - o.Target:P2} quantile of the model's own past |r/σ̂| (all series, days before the forecast, from {o.TailLeadIn} out-of-sample lead-in days on)."));
        sb.AppendLine();
        sb.AppendLine("| series | model | days | exceed. | rate | Kupiec LR (p) | Christoffersen LR (p) | mean daily σ | mean multiplier | mean haircut (ppm) | QLIKE | spikes: σ rose before / lead days |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in report.Series)
            foreach (var m in s.Metrics) Row(sb, m);
        foreach (var m in report.Pooled) Row(sb, m);
        sb.AppendLine();
        sb.AppendLine("Static σ calibrated, per series and after the fact, to the ONNX model's exceedances:");
        sb.AppendLine();
        sb.AppendLine("| series | exceedances | calibrated daily σ | its haircut (ppm) | ONNX mean haircut (ppm) | ONNX locks less by |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in report.Series)
        {
            var c = s.Calibrated;
            sb.AppendLine(inv, $"| {c.Series} | {c.Exceedances} | {c.DailySigma:P3} | {c.HaircutPpm:0} | {c.ModelHaircutPpm:0} | {c.Saving:P1} |");
        }
        double calibrated = report.Series.Average(s => s.Calibrated.HaircutPpm), model = report.Series.Average(s => s.Calibrated.ModelHaircutPpm);
        sb.AppendLine(inv, $"| all (mean) | {report.Series.Sum(s => s.Calibrated.Exceedances)} | | {calibrated:0} | {model:0} | {1 - model / calibrated:P1} |");
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, ModelMetrics m)
    {
        var inv = CultureInfo.InvariantCulture;
        string lead = m.Lead is { } l ? $"{l.Rose}/{l.Spikes}" + (l.Rose > 0 ? $" / {l.MeanLeadDays:0.#}" : "") : "";
        string christoffersen = m.Christoffersen is { } c ? $"{c.Statistic:0.00} ({c.PValue:0.000})" : "";
        sb.AppendLine(inv, $"| {m.Series} | {m.Model} | {m.Days} | {m.Exceedances} | {m.Rate:P2} | {m.Kupiec.Statistic:0.00} ({m.Kupiec.PValue:0.000}) | {christoffersen} | {m.MeanDailySigma:P3} | {m.MeanMultiplier:0.00} | {m.MeanHaircutPpm:0} | {m.Qlike:0.0000} | {lead} |");
    }
}
