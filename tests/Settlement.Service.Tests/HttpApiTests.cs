using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Service.Tests;

/// <summary>The HTTP API of the embedded service (one silo, Kestrel on 127.0.0.1 and a free port), as a venue uses it.</summary>
public class HttpApiTests
{
    private sealed class Server : IAsyncDisposable
    {
        public required WebApplication App { get; init; }
        public required HttpClient Http { get; init; }
        public required Deployment D { get; init; }
        public async ValueTask DisposeAsync() { Http.Dispose(); await App.StopAsync(); await App.DisposeAsync(); }
    }

    private static async Task<Server> Start()
    {
        var d = TestDeployment.Fresh();
        var app = SettlementHost.Build(new ServiceOptions
        {
            DataDir = d.Root, Urls = "http://127.0.0.1:0", SiloPort = TestDeployment.FreePort(), GatewayPort = TestDeployment.FreePort(),
            Threads = 1, Poll = TimeSpan.FromMilliseconds(100), MaxBodyBytes = 64 * 1024, ClusterId = "http-" + Guid.NewGuid().ToString("N"),
        });
        await app.StartAsync();
        return new Server { App = app, D = d, Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(10) } };
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> Body(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Posted_batches_are_published_in_order_and_followed_over_server_sent_events_by_a_venue()
    {
        await using var s = await Start();
        var first = await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(0, (await Body(first)).GetProperty("batch").GetInt64());
        Assert.Equal("queued", (await Body(first)).GetProperty("status").GetString());
        var second = await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 1)));
        Assert.Equal(1, (await Body(second)).GetProperty("batch").GetInt64());
        // The same batch again, reformatted: the same batch number.
        var again = await s.Http.PostAsync("/v1/batches", Json(JsonSerializer.Serialize(JsonDocument.Parse(TestDeployment.Batch(s.D, 0)))));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(0, (await Body(again)).GetProperty("batch").GetInt64());

        // A venue follows the stream from the start and accepts each bundle with its verifier.
        using var svc = new SettlementService(s.D);
        var venue = new VenueVerifier(svc.Trust, 2, new MemoryRootStore());
        using var stream = await s.Http.GetAsync("/v1/bundles?after=-1", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var received = new List<long>();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (received.Count < 2)
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new Xunit.Sdk.XunitException("the event stream ended");
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var e = JsonDocument.Parse(line[6..]).RootElement;
            var verdict = venue.Accept(Convert.FromBase64String(e.GetProperty("bundle").GetString()!));
            Assert.True(verdict.Accepted, verdict.Message);
            received.Add(e.GetProperty("batch").GetInt64());
        }
        Assert.Equal([0L, 1L], received);

        var status = await Body(await s.Http.GetAsync("/v1/batches/1"));
        Assert.Equal("published", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("attempts").GetInt32());
        var binary = await s.Http.GetByteArrayAsync("/v1/bundles/1");
        Assert.Equal(1UL, SettlementBundle.FromBytes(binary).Statement.BatchIndex);
        var json = await s.Http.GetStringAsync("/v1/bundles/1?format=json");
        Assert.Equal(binary, SettlementBundle.FromJson(json).ToBytes());
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync("/v1/bundles/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync("/v1/batches/2")).StatusCode);

        var health = await Body(await s.Http.GetAsync("/health"));
        Assert.Equal(("ok", 2L), (health.GetProperty("status").GetString(), health.GetProperty("published").GetInt64()));
        Assert.Contains("settlement_queue_depth", await s.Http.GetStringAsync("/metrics"));
        Assert.Contains("/v1/batches", await s.Http.GetStringAsync("/openapi/v1.json"));
    }

    [Fact]
    public async Task Bad_input_gets_a_4xx_naming_the_problem_and_leaves_the_store_unchanged()
    {
        await using var s = await Start();
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        var cfg = s.D.LoadConfig();
        (long, string) Snapshot()
        {
            using var store = new SqliteSettlementStore(s.D.StorePath);
            return (store.BatchCount, SqliteSettlementStore.Hex(store.LoadState(cfg).Root));
        }
        var before = Snapshot();

        // Too large: 413, whether announced or not.
        var big = await s.Http.PostAsync("/v1/batches", Json(new string(' ', 100_000) + TestDeployment.Batch(s.D, 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("limit", (await Body(big)).GetProperty("error").GetString());

        // Malformed JSON: 400 naming the field.
        var wrongType = await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 1).Replace("\"venue\": 1", "\"venue\": \"one\"")));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("$.operations[0].venue", (await Body(wrongType)).GetProperty("field").GetString());
        var truncated = await s.Http.PostAsync("/v1/batches", Json("{\"operations\": [ {\"op\": \"deposit\""));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);

        // A bad signature: the genesis risk update, signed for epoch 1, submitted as epoch 2. 422 at op 0.
        var ops = TestDeployment.Ops(s.D, 0).ToList();
        var risk = (Prover.Engine.RiskUpdate)ops[1];
        ops[1] = risk with { Epoch = 2 };
        ops.RemoveAt(0);
        var forged = await s.Http.PostAsync("/v1/batches", Json(BatchFile.Write([ops[0], TestDeployment.Ops(s.D, 1)[0]])));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        var refusal = await Body(forged);
        Assert.Equal("ReportNotAuthentic", refusal.GetProperty("reason").GetString());
        Assert.Equal(0, refusal.GetProperty("opIndex").GetInt32());

        // A batch the engine refuses (deposit id out of sequence on venue 2): 422 with the op and the account.
        var refused = await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 5)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var why = await Body(refused);
        Assert.Equal((0, 6UL), (why.GetProperty("opIndex").GetInt32(), why.GetProperty("account").GetUInt64()));

        Assert.Equal(before, Snapshot());
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.GetAsync("/v1/bundles/0?format=xml")).StatusCode);
    }
}
