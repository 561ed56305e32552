using System.Globalization;
using System.Text;
using Settlement.Prover.Service;

namespace Settlement.Prover.Tests.Fuzz;

/// <summary>
/// Bounded random mutation of the batch-file reader (tests/fuzz/README.md): whatever the bytes, it fails only with
/// <see cref="JsonInputException"/>. SETTLEMENT_FUZZ_ITERATIONS and SETTLEMENT_FUZZ_SEED run it longer or elsewhere.
/// </summary>
public class BatchFileFuzzTests
{
    private const string Seed = """
        { "operations": [
          { "op": "priceTick", "time": 1000, "reports": [ { "asset": 0, "signer": 1, "price": 100000000, "timestamp": 990 } ], "aggregateSignature": "0xc0" },
          { "op": "riskUpdate", "epoch": 1, "sigmas": [0, 5], "instruments": [ { "mark": 7, "delta": -3, "gamma": 0 } ], "signers": [0, 1], "aggregateSignature": "0xc0" },
          { "op": "deposit", "venue": 1, "account": 7, "nonce": 0, "asset": 0, "amount": 5, "depositId": 0, "salt": "0x2a" },
          { "op": "withdraw", "venue": 0, "account": 7, "nonce": 1, "asset": 0, "amount": 5, "withdrawalId": 0 },
          { "op": "transfer", "account": 7, "nonce": 2, "asset": 0, "fromVenue": 0, "toVenue": 1, "amount": 1 },
          { "op": "trade", "venue": 0, "instrument": 0, "buyer": 1, "buyerNonce": 0, "seller": 2, "sellerNonce": 0, "qty": 1, "price": 2, "buyerFee": 0, "sellerFee": 0 },
          { "op": "liquidate", "venue": 0, "instrument": 0, "account": 1, "nonce": 1, "liquidator": 2, "liquidatorNonce": 1, "qty": 1, "price": 2 }
        ] }
        """;

    [Fact]
    public void The_batch_reader_fails_only_with_JsonInputException()
    {
        Assert.Equal(7, BatchFile.Parse(Encoding.UTF8.GetBytes(Seed)).Count);
        int n = int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int it) && it > 0 ? it : 2000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("SETTLEMENT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 20261206;
        var rng = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            string mutant = Settlement.Verifier.Tests.Fuzz.Mutations.Json(Seed, rng);
            try { BatchFile.Parse(Encoding.UTF8.GetBytes(mutant)); }
            catch (JsonInputException) { }
            catch (Exception e) { Assert.Fail($"BatchFile: {e.GetType().Name} escaped on iteration {i} (SETTLEMENT_FUZZ_SEED={seed}):\n{mutant}\n{e}"); }
        }
    }
}
