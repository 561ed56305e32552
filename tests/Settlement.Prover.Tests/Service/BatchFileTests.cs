using System.Text;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;

namespace Settlement.Prover.Tests.Service;

public class BatchFileTests
{
    private const string Deposit = """
        { "operations": [ { "op": "deposit", "venue": 1, "account": 7, "nonce": 0, "asset": 0, "amount": 5, "depositId": 0, "salt": "0x2a" } ] }
        """;

    [Fact]
    public void A_batch_file_reads_and_round_trips()
    {
        var ops = BatchFile.Parse(Encoding.UTF8.GetBytes(Deposit));
        Assert.Equal(1, Assert.IsType<Deposit>(Assert.Single(ops)).Venue);
        Assert.Equal(ops, BatchFile.Parse(Encoding.UTF8.GetBytes(BatchFile.Write(ops))));
    }

    [Fact]
    public void A_duplicated_key_is_refused_naming_key_and_path_not_read_as_the_last_value()
    {
        string twice = Deposit.Replace("\"venue\": 1,", "\"venue\": 1, \"venue\": 2,");
        var e = Assert.Throws<JsonInputException>(() => BatchFile.Parse(Encoding.UTF8.GetBytes(twice), "batch.json"));
        Assert.Equal("$.operations[0].venue", e.Path);
        Assert.Contains("the key \"venue\" appears twice", e.Message);
        var top = Assert.Throws<JsonInputException>(() => BatchFile.Parse(Encoding.UTF8.GetBytes("{ \"operations\": [], \"operations\": [] }")));
        Assert.Equal("$.operations", top.Path);
    }

    [Fact]
    public void An_operation_without_op_is_a_batch_file_error_not_a_crash()
    {
        // Found by BatchFileFuzzTests: the serializer threw NotSupportedException, which escaped to the CLI.
        var e = Assert.Throws<JsonInputException>(() => BatchFile.Parse(Encoding.UTF8.GetBytes(Deposit.Replace("\"op\": \"deposit\", ", "")), "batch.json"));
        Assert.Equal("$.operations[0]", e.Path);
        Assert.Contains("missing \"op\"", e.Message);
    }
}
