using System.Globalization;

namespace Settlement.Bench.ProofTime;

/// <summary>Median of repeated runs with the spread (min–max) and the number of runs.</summary>
public sealed record Spread(double Median, double Min, double Max, int Runs)
{
    public static Spread Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples");
        var s = samples.Order().ToArray();
        double median = s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        return new Spread(median, s[0], s[^1], s.Length);
    }

    /// <summary>"1.23 s (1.10–1.40, n=3)" for seconds; one run prints no spread.</summary>
    public string Format(Func<double, string> unit) =>
        Runs == 1 ? $"{unit(Median)} (n=1)" : $"{unit(Median)} ({unit(Min)}–{unit(Max)}, n={Runs})";

    public static string Seconds(double s) => s switch
    {
        < 1e-3 => (s * 1e6).ToString("F0", CultureInfo.InvariantCulture) + " µs",
        < 1 => (s * 1e3).ToString("F1", CultureInfo.InvariantCulture) + " ms",
        < 100 => s.ToString("F2", CultureInfo.InvariantCulture) + " s",
        _ => s.ToString("F0", CultureInfo.InvariantCulture) + " s",
    };

    public static string MiB(double bytes) => (bytes / (1 << 20)).ToString("F0", CultureInfo.InvariantCulture) + " MiB";
}
