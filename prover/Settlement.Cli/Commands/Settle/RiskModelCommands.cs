using System.ComponentModel;
using System.Globalization;
using Settlement.Cli.Commands.Groth16;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Risk;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Options of the commands that read a price history.</summary>
internal class PricesSettings : SettleSettings
{
    [CommandOption("--prices <CSV>")]
    [Description("Daily closes: CSV with the header date,NAME[[,NAME...]] (dates yyyy-MM-dd, increasing; optional NAME.high, NAME.low)")]
    public string Prices { get; init; } = "";

    [CommandOption("--tail <TAIL>")]
    [Description("How the haircut meets fat tails (the same for every model): empirical (σ scaled by q/z, q the quantile of past |r/σ| at the target rate) or gaussian (z·σ as it is)")]
    public string Tail { get; init; } = "empirical";

    public TailTreatment TailTreatment => Tail == "gaussian" ? TailTreatment.Gaussian : TailTreatment.Empirical;

    public override ValidationResult Validate() =>
        Prices.Length == 0 ? ValidationResult.Error("--prices <csv> is required")
        : Tail is not ("empirical" or "gaussian") ? ValidationResult.Error($"--tail must be empirical or gaussian, got '{Tail}'")
        : ValidationResult.Success();
}

/// <summary>Options of the commands that run the walk-forward backtest.</summary>
internal class BacktestSettings : PricesSettings
{
    [CommandOption("--first-forecast <DAY>")]
    [Description("Return index of the first test day; every model is fitted on the returns before it")]
    public int FirstForecast { get; init; } = new BacktestOptions().FirstForecast;

    /// <summary>z_IM and τ_close + the slowest venue's τ_v from the deployment when --data holds one, else the sample's.</summary>
    public BacktestOptions Options(double? z)
    {
        var config = File.Exists(new Deployment(Data).ConfigPath) ? new Deployment(Data).LoadConfig() : null;
        double zIm = z ?? (config is null ? 3.0 : config.Margin.ZIm / (double)Settlement.Circuits.Native.Scales.ZScale);
        double horizon = config is null ? 240_000 + SampleDeployment.LatenciesMs.Max() : config.Margin.CloseOutMs + config.Venues.Max(v => v.LatencyMs);
        return new BacktestOptions(Z: zIm, HorizonMs: horizon, FirstForecast: FirstForecast,
            Tail: TailTreatment);
    }
}

/// <summary><c>settle risk train</c>: fits the volatility model on a price file, writes it as ONNX, prints the backtest.</summary>
internal sealed class RiskTrainCommand : SettleCommand<RiskTrainCommand.Settings>
{
    public sealed class Settings : BacktestSettings
    {
        [CommandOption("-o|--out <MODEL>")]
        [Description("Where to write the model (.onnx)")]
        public string Out { get; init; } = "";

        [CommandOption("--no-backtest")]
        [Description("Only train and write the model; skip the walk-forward backtest")]
        public bool NoBacktest { get; init; }

        public override ValidationResult Validate() =>
            Out.Length == 0 ? ValidationResult.Error("--out <model.onnx> is required") : base.Validate();
    }

    protected override string? CommandName => "risk train";

    protected override int Run(Settings s)
    {
        var prices = PriceHistory.Read(s.Prices);
        bool withRange = prices.Series.All(x => x.HasRange);
        var examples = new List<VolatilityTrainer.Example>();
        foreach (var series in prices.Series)
        {
            var r = series.LogReturns();
            examples.AddRange(VolatilityTrainer.Examples(Features.Rows(r, Features.ParkinsonVariance(series), withRange), r, r.Length - 1));
        }
        string trainedOn = $"{Path.GetFileName(s.Prices)}: {string.Join(", ", prices.Series.Select(x => x.Name))}, {prices.Dates[0]:yyyy-MM-dd} to {prices.Dates[^1]:yyyy-MM-dd}";
        var trained = VolatilityTrainer.Train(examples, trainedOn);
        using (OnnxVolatilityModel.FromBytes(trained.Onnx, s.Out)) { } // what is written must load as the tools will load it
        AtomicFile.WriteAllBytes(s.Out, trained.Onnx);
        var report = s.NoBacktest ? null : Backtest.Run(prices, s.Options(null));
        if (s.Json) return Json(Accepted, new { model = s.Out, rows = examples.Count, features = trained.Width, varianceFactor = trained.VarianceFactor, trainedOn, backtest = report is null ? null : RiskJson.Of(report) });
        AnsiConsole.MarkupLine($"model [bold]{Markup.Escape(s.Out)}[/]: FastTree Tweedie on {examples.Count} rows × {trained.Width} features ({Markup.Escape(trainedOn)}), variance factor {trained.VarianceFactor:0.####}");
        if (report is not null) Console.WriteLine(BacktestTable.Markdown(report));
        return Accepted;
    }
}

/// <summary><c>settle risk backtest</c>: the walk-forward backtest table of every model on every series.</summary>
internal sealed class RiskBacktestCommand : SettleCommand<RiskBacktestCommand.Settings>
{
    public sealed class Settings : BacktestSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("Also backtest this fixed .onnx model (in-sample on the data it was trained on)")]
        public string? Model { get; init; }

        [CommandOption("--z-value <Z>")]
        [Description("Confidence multiplier of the haircut (default: the deployment's zIm, or 3)")]
        public double? Z { get; init; }

        [CommandOption("--chart <DIR>")]
        [Description("Write a PNG per series of forecast σ against realised volatility into this folder")]
        public string? Chart { get; init; }

        public override ValidationResult Validate() =>
            Z is <= 0 ? ValidationResult.Error($"--z-value must be positive, got {Z}") : base.Validate();
    }

    protected override string? CommandName => "risk backtest";

    protected override int Run(Settings s)
    {
        var prices = PriceHistory.Read(s.Prices);
        using var model = s.Model is null ? null : OnnxVolatilityModel.Load(s.Model);
        var report = Backtest.Run(prices, s.Options(s.Z), model);
        var charts = s.Chart is null ? [] : BacktestChart.Save(report, s.Chart);
        if (s.Json) return Json(Accepted, new { backtest = RiskJson.Of(report), charts });
        Console.WriteLine(BacktestTable.Markdown(report));
        foreach (var c in charts) AnsiConsole.MarkupLine($"chart: [bold]{Markup.Escape(c)}[/]");
        return Accepted;
    }
}

/// <summary><c>settle risk propose</c>: the next epoch's unsigned risk update from the model, into the batch file.</summary>
internal sealed class RiskProposeCommand : SettleCommand<RiskProposeCommand.Settings>
{
    public sealed class Settings : PricesSettings
    {
        [CommandOption("--model <MODEL>")]
        [Description("The volatility model (.onnx, from settle risk train)")]
        public string Model { get; init; } = "";

        [CommandOption("--into <BATCH>")]
        [Description("The batch file to put the riskUpdate into (created if missing; its price tick, if any, gives the spot and the time)")]
        public string Into { get; init; } = "batch.json";

        [CommandOption("--series <ASSET=NAME>")]
        [Description("Which price column is an asset's history (repeatable); default: the column named by the asset's symbol")]
        public string[] Series { get; init; } = [];

        [CommandOption("--time <MS>")]
        [Description("When to value the options (ms), if the batch has no price tick; default: the last accepted tick's time")]
        public long? Time { get; init; }

        public override ValidationResult Validate() =>
            Model.Length == 0 ? ValidationResult.Error("--model <model.onnx> is required") : base.Validate();
    }

    protected override string? CommandName => "risk propose";

    protected override int Run(Settings s)
    {
        var deployment = new Deployment(s.Data);
        var config = deployment.LoadConfig();
        var series = new Dictionary<int, string>();
        foreach (var m in s.Series)
        {
            var parts = m.Split('=', 2);
            int asset = parts.Length == 2 ? config.Assets.ToList().FindIndex(a => a.Symbol == parts[0]) : -1;
            if (asset < 0 && parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < config.C) asset = index;
            if (asset < 0) throw new InputException($"--series {m}: expected ASSET=NAME with ASSET a symbol or index of config.json's assets ({string.Join(", ", config.Assets.Select(a => a.Symbol))})");
            series[asset] = parts[1];
        }
        var prices = PriceHistory.Read(s.Prices);
        foreach (var name in series.Values) _ = prices[name];
        using var model = OnnxVolatilityModel.Load(s.Model);
        var batch = File.Exists(s.Into) ? BatchFile.Read(s.Into) : [];
        EpochState state;
        using (var service = new SettlementService(deployment)) state = service.Store.LoadState(config).Epoch;
        var proposal = RiskProposer.Propose(config, state, batch, model, prices, series, s.Time, s.TailTreatment);
        var updated = Committee.Into(batch, proposal.Update);
        AtomicFile.WriteAllText(s.Into, BatchFile.Write(updated));

        if (s.Json)
            return Json(Accepted, new
            {
                batch = s.Into, epoch = proposal.Update.Epoch, time = proposal.Time,
                sigmas = proposal.Sigmas.Select(x => new { asset = x.Asset, symbol = x.Symbol, series = x.Series, model = x.ModelSigma, tailFactor = x.TailFactor, sigma = x.Proposed, previous = x.Previous, min = x.Min, max = x.Max, clamped = x.Clamped }),
                instruments = proposal.Instruments.Select(x => new { instrument = x.Instrument, symbol = x.Symbol, spot = x.Spot, mark = x.Risk.Mark, delta = x.Risk.Delta, gamma = x.Risk.Gamma }),
            });
        foreach (var x in proposal.Sigmas)
        {
            string from = x.Series is null ? (x.Previous == 0 ? "no price series: sigmaMin at the first update" : "no price series: previous σ kept") : $"model {x.ModelSigma} from {x.Series}: {VolatilityScale.DailySigma(x.ModelSigma!.Value) / x.TailFactor:P2} daily volatility × tail factor {x.TailFactor:0.###}";
            AnsiConsole.MarkupLine($"σ {Markup.Escape(x.Symbol)} = [bold]{x.Proposed}[/] ({Markup.Escape(from)}; allowed [[{x.Min}, {x.Max}]])");
            if (x.Clamped is not null) Console.Error.WriteLine($"warning: {x.Symbol}: {x.Clamped}; clamped to {x.Proposed}");
        }
        foreach (var x in proposal.Instruments)
            AnsiConsole.MarkupLine($"{Markup.Escape(x.Symbol)}: mark {x.Risk.Mark}, Δ {x.Risk.Delta}, Γ {x.Risk.Gamma} (spot {x.Spot})");
        AnsiConsole.MarkupLine($"unsigned riskUpdate for epoch {proposal.Update.Epoch} in [bold]{Markup.Escape(s.Into)}[/] ({updated.Count} operation(s)); next: settle risk sign");
        return Accepted;
    }
}

/// <summary>The backtest in --json output (docs/cli-json.md): NaN lead days become null.</summary>
internal static class RiskJson
{
    public static object Of(BacktestReport r) => new
    {
        file = r.File, z = r.Options.Z, tail = r.Options.Tail.ToString().ToLowerInvariant(), target = r.Options.Target, horizonMs = r.Options.HorizonMs,
        testFrom = r.TestFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), testTo = r.TestTo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        models = r.Series.SelectMany(s => s.Metrics).Concat(r.Pooled).Select(m => new
        {
            series = m.Series, model = m.Model, days = m.Days, exceedances = m.Exceedances, rate = m.Rate,
            kupiec = new { lr = m.Kupiec.Statistic, p = m.Kupiec.PValue },
            christoffersen = m.Christoffersen is { } c ? new { lr = c.Statistic, p = c.PValue } : null,
            meanDailySigma = m.MeanDailySigma, meanMultiplier = m.MeanMultiplier, meanHaircutPpm = m.MeanHaircutPpm, qlike = m.Qlike,
            spikes = m.Lead?.Spikes, spikesRose = m.Lead?.Rose, meanLeadDays = m.Lead is { Rose: > 0 } l ? l.MeanLeadDays : (double?)null,
        }),
        calibratedStatic = r.Series.Select(s => new { series = s.Series, exceedances = s.Calibrated.Exceedances, dailySigma = s.Calibrated.DailySigma, haircutPpm = s.Calibrated.HaircutPpm, modelHaircutPpm = s.Calibrated.ModelHaircutPpm, saving = s.Calibrated.Saving }),
    };
}
