using System.Globalization;
using System.Text;
using Settlement.Fuzz;
using Settlement.Prover.Service;

namespace Settlement.Prover.Tests.Fuzz;

/// <summary>
/// Bounded random mutation of the batch-file reader (tests/fuzz/README.md, target "batch"): whatever the bytes, it fails
/// only with <see cref="JsonInputException"/>. SETTLEMENT_FUZZ_ITERATIONS and SETTLEMENT_FUZZ_SEED run it longer or elsewhere.
/// </summary>
public class BatchFileFuzzTests
{
    [Fact]
    public void The_batch_reader_fails_only_with_JsonInputException()
    {
        var corpus = Path.Combine(Interop.Snarkjs.RepositoryRoot, "tests", "fuzz", "corpus");
        var target = FuzzTargets.All(corpus).Single(t => t.Name == "batch");
        string seedText = File.ReadAllText(Path.Combine(corpus, target.Seeds[0]));
        Assert.Equal(7, BatchFile.Parse(Encoding.UTF8.GetBytes(seedText)).Count);
        int n = int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int it) && it > 0 ? it : 2000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 20261206;
        var rng = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            string mutant = Settlement.Verifier.Tests.Fuzz.Mutations.Json(seedText, rng);
            try { target.Run(Encoding.UTF8.GetBytes(mutant)); }
            catch (Exception e) { Assert.Fail($"BatchFile: {e.GetType().Name} escaped on iteration {i} (SETTLEMENT_FUZZ_SEED={seed}):\n{mutant}\n{e}"); }
        }
    }
}
