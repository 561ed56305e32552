using System.Net;
using System.Text;
using System.Text.Json;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Venue;

namespace Settlement.Service.Tests;

/// <summary>
/// Two services (two separate silos, as on two machines) on one PostgreSQL store: batches posted to either are
/// sequenced once (the store's fencing arbitrates the two sequencers), proven by either, and published once, in order.
/// </summary>
public class SharedStoreTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Two_services_on_one_postgresql_store_publish_every_batch_once_in_order()
    {
        var d = TestDeployment.Fresh();
        string db = server.NewDatabase();
        var apps = new List<Microsoft.AspNetCore.Builder.WebApplication>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                var app = SettlementHost.Build(new ServiceOptions
                {
                    DataDir = d.Root, Urls = "http://127.0.0.1:0", SiloPort = TestDeployment.FreePort(), GatewayPort = TestDeployment.FreePort(),
                    Threads = 1, Poll = TimeSpan.FromMilliseconds(100), Lease = TimeSpan.FromSeconds(20), Heartbeat = TimeSpan.FromSeconds(1),
                    ClusterId = $"machine-{i}-{Guid.NewGuid():N}",
                }, new PostgresSettlementStore(db));
                await app.StartAsync();
                apps.Add(app);
            }
            var http = apps.Select(a => new HttpClient { BaseAddress = new Uri(a.Urls.Single()), Timeout = TimeSpan.FromMinutes(1) }).ToArray();
            for (int k = 0; k < 2; k++)
            {
                // Batch k to machine k mod 2, and again to the other: one batch number.
                var numbers = new List<long>();
                foreach (var h in new[] { http[k % 2], http[(k + 1) % 2] })
                {
                    var r = await h.PostAsync("/v1/batches", new StringContent(TestDeployment.Batch(d, k), Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
                    numbers.Add(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("batch").GetInt64());
                }
                Assert.Equal([k, k], numbers);
            }
            using var store = new PostgresSettlementStore(db);
            await TestDeployment.Until(() => store.PublishedCount == 2, TestDeployment.Patience, "2 batches published");
            using var svc = new SettlementService(d, new PostgresSettlementStore(db));
            var venue = new VenueVerifier(svc.Trust, 0, new MemoryRootStore());
            for (long n = 0; n < 2; n++)
            {
                var bundle = await http[(int)(n % 2)].GetByteArrayAsync($"/v1/bundles/{n}");
                Assert.Equal(bundle, store.Batch(n)!.Bundle);
                var verdict = venue.Accept(bundle);
                Assert.True(verdict.Accepted, $"batch {n}: {verdict.Message}");
            }
            Assert.Equal(2, store.BatchCount);
            foreach (var h in http) h.Dispose();
        }
        finally
        {
            foreach (var a in apps) { await a.StopAsync(); await a.DisposeAsync(); }
        }
    }
}
