using Microsoft.ML;
using Microsoft.ML.Data;

namespace Settlement.Risk.Tests;

public class ModelTests
{
    private static (List<VolatilityTrainer.Example> Train, List<FeatureRow> HeldOut) Split(int lastTrainDay)
    {
        var train = new List<VolatilityTrainer.Example>();
        var heldOut = new List<FeatureRow>();
        foreach (var s in TestData.EuStocks.Series)
        {
            var r = s.LogReturns();
            var rows = Features.Rows(r, null, withRange: false);
            train.AddRange(VolatilityTrainer.Examples(rows, r, lastTrainDay));
            heldOut.AddRange(rows[(lastTrainDay + 1 - Features.Warmup)..]);
        }
        return (train, heldOut);
    }

    [Fact]
    public void Onnx_runtime_agrees_with_ml_net_on_held_out_rows()
    {
        var (train, heldOut) = Split(900);
        var trained = VolatilityTrainer.Train(train, "test: days 0..900");
        using var onnx = OnnxVolatilityModel.FromBytes(trained.Onnx, "test model");
        var rows = heldOut.Select(r => r.Values).ToList();
        var expected = trained.Scores(rows);
        var actual = onnx.Scores(rows);
        Assert.True(rows.Count > 3000, $"{rows.Count} held-out rows");
        double worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= 1e-5, $"largest difference {worst}");
        Assert.Equal(trained.VarianceFactor, onnx.VarianceFactor);
        Assert.Equal(Features.CloseOnlyNames.Length, onnx.Width);
        // The score is the predicted variance / base (the Tweedie model's exponentiated trees): the variance is k·base·score.
        Assert.All(actual, a => Assert.True(a > 0, $"score {a}"));
        var v = onnx.Variances(heldOut.Take(10).ToList());
        for (int i = 0; i < 10; i++) Assert.Equal(trained.VarianceFactor * heldOut[i].BaseVariance * actual[i], v[i], 15);
    }

    [Fact]
    public void The_committed_model_loads_and_says_what_it_was_trained_on()
    {
        using var m = OnnxVolatilityModel.Load(TestData.CommittedModel);
        Assert.Equal(Features.CloseOnlyNames.Length, m.Width);
        Assert.Contains("DAX, SMI, CAC, FTSE, 1991-07-01 to 1998-08-14", m.TrainedOn);
        double v = RiskProposer.Forecast(m, TestData.EuStocks, TestData.EuStocks["DAX"]);
        Assert.InRange(Math.Sqrt(v), 0.005, 0.05); // a daily σ between 0.5 % and 5 %
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_its_name()
    {
        using var f = new TestData.TempFile("garbage.onnx", "this is not a protobuf");
        var e = Assert.Throws<RiskModelException>(() => OnnxVolatilityModel.Load(f.Path));
        Assert.StartsWith($"{f.Path}: not a loadable ONNX model", e.Message);
        Assert.Contains("file not found", Assert.Throws<RiskModelException>(() => OnnxVolatilityModel.Load(f.Path + ".none")).Message);
    }

    private sealed class Row3
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class Features3
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
    }

    [Fact]
    public void A_model_with_the_wrong_input_shape_is_refused()
    {
        var ml = new MLContext(1);
        var rng = new Random(1);
        var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(_ => new Row3 { Features = [(float)rng.NextDouble(), (float)rng.NextDouble(), (float)rng.NextDouble()], Label = (float)rng.NextDouble() }));
        var model = ml.Regression.Trainers.FastTree(numberOfTrees: 5, minimumExampleCountPerLeaf: 20).Fit(data);
        using var onnx = new MemoryStream();
        ml.Model.ConvertToOnnx(model, ml.Data.LoadFromEnumerable(new[] { new Features3 { Features = new float[3] } }), onnx);
        using var f = new TestData.TempFile("narrow.onnx");
        File.WriteAllBytes(f.Path, onnx.ToArray());
        var e = Assert.Throws<RiskModelException>(() => OnnxVolatilityModel.Load(f.Path));
        Assert.Equal(f.Path, e.File);
        Assert.Contains("input Features has width 3; this tool computes 10 features (closes) or 11 (with the high–low range)", e.Message);
    }

    private sealed class Features10
    {
        [VectorType(10)] public float[] Features { get; set; } = [];
    }

    [Fact]
    public void A_model_without_the_trainers_metadata_is_refused()
    {
        var (train, _) = Split(600);
        var trained = VolatilityTrainer.Train(train, "test");
        // ML.NET's export of the same transformer, without the metadata the trainer appends.
        using var plain = new MemoryStream();
        trained.Context.Model.ConvertToOnnx(trained.Transformer, trained.Context.Data.LoadFromEnumerable(new[] { new Features10 { Features = new float[10] } }), plain);
        var e = Assert.Throws<RiskModelException>(() => OnnxVolatilityModel.FromBytes(plain.ToArray(), "plain.onnx"));
        Assert.Equal("plain.onnx: metadata settlement.risk.features is '', expected '" + string.Join(",", Features.CloseOnlyNames) + "' (a model trained by settle risk train)", e.Message);
    }

    [Fact]
    public void A_model_whose_score_is_a_logarithm_is_refused_rather_than_misread()
    {
        var (train, _) = Split(600);
        var trained = VolatilityTrainer.Train(train, "test");
        using var plain = new MemoryStream();
        trained.Context.Model.ConvertToOnnx(trained.Transformer, trained.Context.Data.LoadFromEnumerable(new[] { new Features10 { Features = new float[10] } }), plain);
        // The metadata of a model from before the Tweedie learner, whose score was ln(variance / base).
        var old = OnnxMetadata.Append(plain.ToArray(), new Dictionary<string, string>
        {
            [OnnxVolatilityModel.FeaturesKey] = string.Join(",", Features.CloseOnlyNames),
            [OnnxVolatilityModel.VarianceFactorKey] = "1.45",
            [OnnxVolatilityModel.TargetKey] = $"ln(mean r^2 over the next 5 trading days / {Features.BaseName})",
        });
        var e = Assert.Throws<RiskModelException>(() => OnnxVolatilityModel.FromBytes(old, "old.onnx"));
        Assert.StartsWith("old.onnx: metadata settlement.risk.target is 'ln(mean r^2", e.Message);
        Assert.Contains("retrain with settle risk train", e.Message);
    }

    [Fact]
    public void Walk_forward_forecasts_use_only_the_past()
    {
        // The forecasts for the first test days must not change when later prices are removed from the file.
        var full = TestData.EuStocks;
        string[] Lines(int rows) => ["date," + string.Join(",", full.Series.Select(s => s.Name)),
            .. Enumerable.Range(0, rows).Select(t => $"{full.Dates[t]:yyyy-MM-dd}," + string.Join(",", full.Series.Select(s => s.Close[t].ToString(System.Globalization.CultureInfo.InvariantCulture))))];
        var options = new BacktestOptions(FirstForecast: 300, ModelRefit: 200, TailLeadIn: 150);
        var longer = Backtest.Run(PriceHistory.Parse("longer", Lines(900)), options);
        var shorter = Backtest.Run(PriceHistory.Parse("shorter", Lines(700)), options);
        for (int s = 0; s < full.Series.Count; s++)
            for (int m = 0; m < 4; m++)
            {
                var a = longer.Series[s].Forecasts[m].Variance;
                var b = shorter.Series[s].Forecasts[m].Variance;
                Assert.Equal(longer.Series[s].Forecasts[m].Model, shorter.Series[s].Forecasts[m].Model);
                // The GARCH refit in progress at the cut sees the same past; only the last partial window may differ in
                // nothing: every shared day must be identical.
                Assert.Equal(b, a[..b.Length]);
                // So must the empirical tail's factors, which see only the moves before each day.
                var fa = longer.Series[s].Forecasts[m].TailFactor;
                var fb = shorter.Series[s].Forecasts[m].TailFactor;
                Assert.Equal(fb, fa[..fb.Length]);
                Assert.All(fb, f => Assert.InRange(f, 0.5, 3));
            }
    }
}
