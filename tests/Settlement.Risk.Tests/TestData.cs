using Settlement.Prover.Service;
using Settlement.Verifier.Config;

namespace Settlement.Risk.Tests;

internal static class TestData
{
    public static string EuStockMarkets => Path.Combine(AppContext.BaseDirectory, "data", "eustockmarkets.csv");
    public static string CommittedModel => Path.Combine(AppContext.BaseDirectory, "data", "volatility.onnx");

    private static readonly Lazy<PriceHistory> Prices = new(() => PriceHistory.Read(EuStockMarkets));
    public static PriceHistory EuStocks => Prices.Value;

    /// <summary>The sample deployment's configuration and its dev keys (settle init's).</summary>
    public static readonly DevKeys Keys = DevKeys.Derive(SampleDeployment.LatenciesMs.Length, SampleDeployment.OracleMembers, SampleDeployment.RiskMembers);
    public static readonly SettlementConfig Sample = SettlementConfig.FromJson(SampleDeployment.ConfigJson(Keys, new SampleDeployment.Sizes()));

    /// <summary>A temporary file with these lines; deleted by the caller's using.</summary>
    public sealed class TempFile : IDisposable
    {
        public string Path { get; }
        public TempFile(string name, params string[] lines)
        {
            var dir = Directory.CreateTempSubdirectory("settle-risk-").FullName;
            Path = System.IO.Path.Combine(dir, name);
            File.WriteAllLines(Path, lines);
        }
        public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, true);
    }
}
