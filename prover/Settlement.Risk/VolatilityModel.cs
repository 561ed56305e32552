using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Trainers.FastTree;

namespace Settlement.Risk;

/// <summary>
/// Training: ML.NET FastTree Tweedie regression (gamma deviance, that is QLIKE) of RV / base on <see cref="Features"/>, RV the mean r² over the next
/// <see cref="TargetDays"/> days and base the features' base variance (<see cref="FeatureRow.BaseVariance"/>), exported to ONNX by
/// Microsoft.ML.OnnxConverter (the trees fit ln of the ratio; the exported score is its exponential, the ratio itself).
/// The gamma deviance is minimised by the conditional mean, so no log bias needs correcting; the variance forecast is
/// k·base·score with k = mean(RV / (base·score)) over the training rows, the QLIKE-optimal scale of the fit (boosting
/// stops short of it). k travels inside the .onnx file as metadata, with the feature names, so the file alone is the model.
/// </summary>
public static class VolatilityTrainer
{
    /// <summary>Trading days of forward realised variance the model is trained on by default: r[t+1]² itself, the day
    /// QLIKE scores (chosen on the tuning period over 5 days, docs/risk-model.md).</summary>
    public const int TargetDays = 1;
    public const int Seed = 20260701;

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class FeaturesOnly
    {
        public float[] Features { get; set; } = [];
    }

    /// <summary>A trained model: the ML.NET transformer (for the export-agreement check) and the .onnx bytes.</summary>
    public sealed record Trained(ITransformer Transformer, MLContext Context, int Width, double VarianceFactor, byte[] Onnx)
    {
        /// <summary>ML.NET's own scores (the predicted variance / base, before k) for <paramref name="rows"/>.</summary>
        public float[] Scores(IReadOnlyList<float[]> rows)
        {
            var data = Context.Data.LoadFromEnumerable(rows.Select(f => new FeaturesOnly { Features = f }), Schema<FeaturesOnly>(Width));
            return [.. Transformer.Transform(data).GetColumn<float>("Score")];
        }
    }

    /// <summary>One training example: features on day t and the realised variance of days t+1..t+TargetDays.</summary>
    public readonly record struct Example(FeatureRow Features, double ForwardVariance);

    /// <summary>The examples of one series whose target window ends on or before return index <paramref name="lastKnown"/>.</summary>
    public static IEnumerable<Example> Examples(FeatureRow[] featureRows, IReadOnlyList<double> r, int lastKnown, int targetDays = TargetDays)
    {
        for (int k = 0; k < featureRows.Length; k++)
        {
            int t = Features.Warmup + k;
            if (t + targetDays > lastKnown) yield break;
            yield return new Example(featureRows[k], Moments.MeanSquare(r, t + 1, t + targetDays + 1));
        }
    }

    /// <summary>
    /// The learner's settings. <see cref="Default"/> is what <c>settle risk train</c> and the backtest use: chosen by
    /// walk-forward QLIKE on the tuning period only (test days 500–999 of EuStockMarkets, docs/risk-model.md).
    /// </summary>
    public sealed record Settings(int Trees = 15, int Leaves = 4, int MinPerLeaf = 300, double LearningRate = 0.05, int TargetDays = TargetDays)
    {
        public static readonly Settings Default = new();
    }

    public static Trained Train(IReadOnlyList<Example> examples, string trainedOn, Settings? settings = null)
    {
        var o = settings ?? Settings.Default;
        if (examples.Count < 200) throw new ArgumentException($"{examples.Count} training rows: the model needs at least 200");
        int width = examples[0].Features.Values.Length;
        var ml = new MLContext(Seed);
        var rows = examples.Select(e => new Row { Features = e.Features.Values, Label = (float)(e.ForwardVariance / e.Features.BaseVariance) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, Schema<Row>(width));
        // Tweedie index 2 is the gamma deviance y/μ + ln μ (up to terms without μ): QLIKE itself, so the trees fit the
        // conditional mean of the variance ratio in the loss the backtest scores. Small trees, many examples per leaf
        // and one thread: the target is noisy, and a single thread makes the fit, and so the committed file, reproducible.
        var trainer = ml.Regression.Trainers.FastTreeTweedie(new FastTreeTweedieTrainer.Options
        {
            Index = 2, NumberOfTrees = o.Trees, NumberOfLeaves = o.Leaves, MinimumExampleCountPerLeaf = o.MinPerLeaf,
            LearningRate = o.LearningRate, NumberOfThreads = 1, FeatureFraction = 1, Shrinkage = 1,
        });
        var model = trainer.Fit(data);
        var trained = new Trained(model, ml, width, 1, []);
        var scores = trained.Scores([.. examples.Select(e => e.Features.Values)]);
        double k = examples.Select((e, i) => e.ForwardVariance / (e.Features.BaseVariance * scores[i])).Average();

        using var onnx = new MemoryStream();
        var featuresOnly = ml.Data.LoadFromEnumerable(new[] { new FeaturesOnly { Features = new float[width] } }, Schema<FeaturesOnly>(width));
        ml.Model.ConvertToOnnx(model, featuresOnly, onnx);
        var metadata = new Dictionary<string, string>
        {
            [OnnxVolatilityModel.FeaturesKey] = string.Join(",", Features.Names(width)),
            [OnnxVolatilityModel.VarianceFactorKey] = k.ToString("R", CultureInfo.InvariantCulture),
            [OnnxVolatilityModel.TargetKey] = $"{OnnxVolatilityModel.TargetPrefix} {o.TargetDays} trading days / {Features.BaseName}",
            [OnnxVolatilityModel.TrainedOnKey] = trainedOn,
        };
        return trained with { VarianceFactor = k, Onnx = OnnxMetadata.Append(onnx.ToArray(), metadata) };
    }

    private static SchemaDefinition Schema<T>(int width)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }
}

/// <summary>
/// A volatility model loaded from an .onnx file and run by ONNX Runtime: input <c>Features</c> float[n, width], output the
/// score, the predicted variance / base; the variance forecast is k·base·score with k from the file's metadata and the base
/// computed with the features (<see cref="FeatureRow.BaseVariance"/>). Loading checks everything
/// the tool relies on and names the file and what is wrong.
/// </summary>
public sealed class OnnxVolatilityModel : IDisposable
{
    public const string FeaturesKey = "settlement.risk.features", VarianceFactorKey = "settlement.risk.varianceFactor",
        TargetKey = "settlement.risk.target", TrainedOnKey = "settlement.risk.trainedOn";
    /// <summary>How the target's description starts: the score is a variance ratio (files whose score was its logarithm,
    /// from before the Tweedie learner, are refused rather than misread).</summary>
    public const string TargetPrefix = "mean r^2 over the next";

    private readonly InferenceSession _session;
    private readonly string _output;
    public string Source { get; }
    public int Width { get; }
    public bool UsesRange => Width == Features.WithRangeNames.Length;
    public double VarianceFactor { get; }
    public string TrainedOn { get; }

    private OnnxVolatilityModel(InferenceSession session, string source)
    {
        _session = session;
        Source = source;
        try
        {
            if (!session.InputMetadata.TryGetValue("Features", out var input))
                throw Bad($"has no input named Features (inputs: {string.Join(", ", session.InputMetadata.Keys)})");
            if (session.InputMetadata.Count != 1) throw Bad($"has {session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)}); the tool feeds only Features");
            if (input.ElementType != typeof(float) || input.Dimensions.Length != 2)
                throw Bad($"input Features is {input.ElementType.Name}[{string.Join(", ", input.Dimensions)}]; expected float[rows, {Features.CloseOnlyNames.Length} or {Features.WithRangeNames.Length}]");
            Width = input.Dimensions[1];
            if (Width != Features.CloseOnlyNames.Length && Width != Features.WithRangeNames.Length)
                throw Bad($"input Features has width {Width}; this tool computes {Features.CloseOnlyNames.Length} features (closes) or {Features.WithRangeNames.Length} (with the high–low range)");
            var meta = session.ModelMetadata.CustomMetadataMap;
            if (!meta.TryGetValue(FeaturesKey, out var names) || names != string.Join(",", Features.Names(Width)))
                throw Bad($"metadata {FeaturesKey} is '{names}', expected '{string.Join(",", Features.Names(Width))}' (a model trained by settle risk train)");
            if (!meta.TryGetValue(VarianceFactorKey, out var k) || !double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || !(factor > 0) || !double.IsFinite(factor))
                throw Bad($"metadata {VarianceFactorKey} is missing or not a positive number");
            VarianceFactor = factor;
            if (!meta.TryGetValue(TargetKey, out var target) || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
                throw Bad($"metadata {TargetKey} is '{target}'; this tool reads scores of '{TargetPrefix} N trading days / base' (retrain with settle risk train)");
            TrainedOn = meta.GetValueOrDefault(TrainedOnKey, "");
            _output = session.OutputMetadata.Keys.FirstOrDefault(o => o.StartsWith("Score", StringComparison.Ordinal))
                ?? throw Bad($"has no Score output (outputs: {string.Join(", ", session.OutputMetadata.Keys)})");
        }
        catch { session.Dispose(); throw; }
    }

    public static OnnxVolatilityModel Load(string path)
    {
        if (!File.Exists(path)) throw new RiskModelException(path, "file not found");
        return FromBytes(File.ReadAllBytes(path), path);
    }

    public static OnnxVolatilityModel FromBytes(byte[] onnx, string source)
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        InferenceSession session;
        try { session = new InferenceSession(onnx, options); }
        catch (OnnxRuntimeException e) { throw new RiskModelException(source, $"not a loadable ONNX model: {e.Message.Split('\n')[0]}"); }
        finally { options.Dispose(); }
        return new OnnxVolatilityModel(session, source);
    }

    /// <summary>Raw scores (variance / base before k), one per row.</summary>
    public float[] Scores(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) return [];
        var flat = new float[rows.Count * Width];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != Width) throw new RiskModelException(Source, $"row {i} has {rows[i].Length} features; the model takes {Width}");
            rows[i].CopyTo(flat, i * Width);
        }
        using var input = OrtValue.CreateTensorValueFromMemory(flat, [rows.Count, Width]);
        using var outputs = _session.Run(new RunOptions(), ["Features"], [input], [_output]);
        var scores = outputs[0].GetTensorDataAsSpan<float>();
        if (scores.Length != rows.Count) throw new RiskModelException(Source, $"output {_output} has {scores.Length} values for {rows.Count} rows");
        return scores.ToArray();
    }

    /// <summary>Daily variance forecasts k·base·score.</summary>
    public double[] Variances(IReadOnlyList<FeatureRow> rows) => [.. Scores([.. rows.Select(r => r.Values)]).Select((s, i) => VarianceFactor * rows[i].BaseVariance * s)];

    private RiskModelException Bad(string problem) => new(Source, problem);

    public void Dispose() => _session.Dispose();
}

/// <summary>A model file that cannot be used; the message names the file.</summary>
public sealed class RiskModelException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
}

/// <summary>
/// Adds <c>metadata_props</c> entries to a serialized ONNX ModelProto. Protobuf allows a message's fields in any order
/// and repeated fields to be appended, so an entry is the field's tag and the length-delimited StringStringEntryProto
/// (key = field 1, value = field 2) written after the model's own bytes.
/// </summary>
internal static class OnnxMetadata
{
    private const int MetadataPropsField = 14, WireLengthDelimited = 2;

    public static byte[] Append(byte[] model, IReadOnlyDictionary<string, string> entries)
    {
        var o = new MemoryStream();
        o.Write(model);
        foreach (var (key, value) in entries)
        {
            var entry = new MemoryStream();
            Field(entry, 1, Encoding.UTF8.GetBytes(key));
            Field(entry, 2, Encoding.UTF8.GetBytes(value));
            Field(o, MetadataPropsField, entry.ToArray());
        }
        return o.ToArray();
    }

    private static void Field(Stream s, int field, byte[] payload)
    {
        Varint(s, (ulong)(field << 3 | WireLengthDelimited));
        Varint(s, (ulong)payload.Length);
        s.Write(payload);
    }

    private static void Varint(Stream s, ulong v)
    {
        for (; v >= 0x80; v >>= 7) s.WriteByte((byte)(v | 0x80));
        s.WriteByte((byte)v);
    }
}
