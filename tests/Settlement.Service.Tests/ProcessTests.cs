using Settlement.Prover.Store;

namespace Settlement.Service.Tests;

/// <summary>
/// <c>settle serve</c> as real processes: the embedded service killed with SIGKILL mid-proof and restarted, and one
/// Orleans cluster on PostgreSQL of a full silo and a <c>--role worker</c> silo.
/// </summary>
public class ProcessTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task The_embedded_service_killed_with_sigkill_mid_proof_and_restarted_publishes_every_batch_once_in_order()
    {
        var d = TestDeployment.Fresh();
        // 15 s leases: the restarted service takes the dead one's job over once its lease expires.
        string[] args = ["--data", d.Root, "--threads", "1", "--lease", "15"];
        long attemptsBefore;
        using (var first = await ServeProcess.Full(args))
        using (var http = first.Http())
        {
            Assert.Equal(0, await ServeProcess.Post(http, d, 0));
            Assert.Equal(1, await ServeProcess.Post(http, d, 1));
            await ServeProcess.Until(http, "/health", "proving", 1, first);
            first.Kill();
            using var store = new SqliteSettlementStore(d.StorePath);
            var job = store.Job(0)!;
            Assert.True(job.Status == JobStatus.Proving, $"batch 0 is {job.Status} after the kill: it came too late to test anything");
            Assert.Equal((2L, 0L), (store.BatchCount, store.PublishedCount));
            attemptsBefore = job.Attempts;
        }

        using var second = await ServeProcess.Full(args);
        using var again = second.Http();
        await ServeProcess.Until(again, "/health", "published", 2, second);
        var status = await ServeProcess.Get(again, "/v1/batches/0");
        Assert.True(status.GetProperty("attempts").GetInt32() > attemptsBefore, $"batch 0 was not proven again after the kill: {status}");
        await ServeProcess.AcceptAllInOrder(again, d, 2);
        // Both batches again: the same numbers, nothing new sequenced.
        Assert.Equal(0, await ServeProcess.Post(again, d, 0));
        Assert.Equal(1, await ServeProcess.Post(again, d, 1));
        Assert.Equal(2, (await ServeProcess.Get(again, "/health")).GetProperty("batches").GetInt64());
    }

    [Fact]
    public async Task A_full_silo_and_a_worker_silo_on_one_postgresql_form_one_cluster_the_worker_proves_and_the_full_silo_publishes_in_order()
    {
        var d = TestDeployment.Fresh();
        string db = server.NewDatabase();
        string[] cluster = ["--data", d.Root, "--cluster", db, "--address", "127.0.0.1"];
        // The full silo proves nothing (--provers 0), so every proof is the worker's.
        using var full = await ServeProcess.Full([.. cluster, "--provers", "0"]);
        // The worker serves its own /metrics (--urls for a worker: that endpoint alone).
        var metricsUrl = $"http://127.0.0.1:{TestDeployment.FreePort()}";
        using var worker = await ServeProcess.Worker([.. cluster, "--threads", "1", "--lease", "20", "--urls", metricsUrl]);
        using var http = full.Http();
        await ServeProcess.Until(http, "/health", "silos", 2, full, worker);

        Assert.Equal(0, await ServeProcess.Post(http, d, 0));
        Assert.Equal(1, await ServeProcess.Post(http, d, 1));
        Assert.Equal(0, await ServeProcess.Post(http, d, 0));
        await ServeProcess.Until(http, "/health", "published", 2, full, worker);
        await ServeProcess.AcceptAllInOrder(http, d, 2);
        for (int n = 0; n < 2; n++)
        {
            var prover = (await ServeProcess.Get(http, $"/v1/batches/{n}")).GetProperty("prover").GetString();
            Assert.Contains($":{worker.SiloPort}:", prover);
        }
        using var store = new PostgresSettlementStore(db);
        Assert.Equal((2L, 2L), (store.BatchCount, store.PublishedCount));

        // Proof metrics are the worker's, exported as the full silo exports its own: both proofs timed there, none in flight now.
        using (var scrape = new HttpClient { BaseAddress = new Uri(metricsUrl) })
        {
            var text = await scrape.GetStringAsync("/metrics");
            Assert.True(Metric(text, "settlement_proof_seconds_count") >= 2, text);
            Assert.Equal(0, Metric(text, "settlement_proofs_in_flight"));
            Assert.Contains("settlement_queue_depth", text);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await scrape.GetAsync("/v1/batches/0")).StatusCode); // metrics only, no API
        }
        Assert.Equal(0, Metric(await http.GetStringAsync("/metrics"), "settlement_proof_seconds_count", absent: 0));

        // A venue follows the stream with settle venue follow: both bundles accepted and recorded in order.
        var (code, stdout, stderr) = await ServeProcess.Run("venue", "follow", full.Api!.ToString(), "--venue", "1", "--data", d.Root, "--count", "2", "--json");
        Assert.True(code == 0, $"venue follow exited with {code}: {stdout}{stderr}");
        var followed = System.Text.Json.JsonDocument.Parse(stdout).RootElement.GetProperty("bundles").EnumerateArray().ToList();
        Assert.Equal([0L, 1L], followed.Select(b => b.GetProperty("batch").GetInt64()));
        Assert.All(followed, b => Assert.True(b.GetProperty("accepted").GetBoolean(), b.ToString()));
        Assert.Equal(1UL, new Settlement.Verifier.Venue.FileRootStore(d.VenueRootPath(1)).Load().Last!.Value.BatchIndex);
    }

    /// <summary>The value of a Prometheus sample (its first series) in a scrape; <paramref name="absent"/> when the metric has no sample.</summary>
    private static double Metric(string scrape, string name, double? absent = null)
    {
        var m = System.Text.RegularExpressions.Regex.Match(scrape, $@"^{name}(\{{[^}}]*\}})? (\S+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        if (!m.Success) return absent ?? throw new Xunit.Sdk.XunitException($"{name} is not in the scrape:\n{scrape}");
        return double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
