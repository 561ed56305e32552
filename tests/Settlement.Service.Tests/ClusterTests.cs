using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Service.Tests;

/// <summary>
/// Three silos in one process on one deployment (its SQLite store shared through the file). The primary silo hosts the
/// test cluster's membership table, so it is never killed and runs no prover; the two secondaries prove, and the tests
/// kill them.
/// </summary>
public class ClusterTests
{
    public sealed class Silo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            // The primary silo is the one whose port is the cluster's primary endpoint.
            var port = silo.Configuration["Orleans:Endpoints:SiloPort"] ?? throw new InvalidOperationException("the test cluster gave the silo no port");
            bool primary = silo.Configuration["Orleans:Clustering:PrimarySiloEndPoint"] == $"127.0.0.1:{port}";
            var options = new ServiceOptions
            {
                DataDir = silo.Configuration[nameof(ServiceOptions.DataDir)]!,
                Provers = primary ? 0 : 1,
                Threads = 1,
                // A lease long enough that a busy CI machine (every test assembly at once on two cores) does not starve
                // a heartbeat past it; a killed silo's job still moves on after 20 s.
                Lease = TimeSpan.FromSeconds(20), Heartbeat = TimeSpan.FromSeconds(1), Poll = TimeSpan.FromMilliseconds(100),
                MaxAttempts = 5,
            };
            silo.UseInMemoryReminderService();
            silo.Services.AddSettlementSilo(options);
            // A killed silo is declared dead within seconds, so that the sequencer can move.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
        }
    }

    private static async Task<TestCluster> Start(Deployment d)
    {
        var builder = new TestClusterBuilder(3);
        builder.Properties[nameof(ServiceOptions.DataDir)] = d.Root;
        builder.AddSiloBuilderConfigurator<Silo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static IGrainFactory Via(TestCluster cluster, SiloHandle silo) => cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IGrainFactory>();

    private static SqliteSettlementStore Store(Deployment d) => new(d.StorePath);

    /// <summary>Every published bundle, accepted in order by venue 0's verifier from genesis: none missing, none twice.</summary>
    private static void AcceptAllInOrder(Deployment d, long count)
    {
        using var svc = new SettlementService(d);
        var venue = new VenueVerifier(svc.Trust, 0, new MemoryRootStore());
        for (long n = 0; n < count; n++)
        {
            var b = svc.Store.Batch(n) ?? throw new Xunit.Sdk.XunitException($"batch {n} is not published");
            var verdict = venue.Accept(b.Bundle);
            Assert.True(verdict.Accepted, $"batch {n}: {verdict.Message}");
            Assert.Equal((ulong)n, SettlementBundle.FromBytes(b.Bundle).Statement.BatchIndex);
        }
        Assert.Null(svc.Store.Batch(count));
        Assert.Equal(count, svc.Store.PublishedCount);
    }

    [Fact]
    public async Task Concurrent_and_duplicate_submissions_through_every_silo_are_each_published_once_in_order()
    {
        var d = TestDeployment.Fresh();
        var cluster = await Start(d);
        try
        {
            var silos = cluster.Silos;
            var first = await Via(cluster, silos[1]).GetGrain<ISequencerGrain>(0).Submit(TestDeployment.Batch(d, 0));
            Assert.Equal((0L, "queued"), (first.Batch, first.Status));
            // Batches 1 and 2 (independent deposits) and each again, at once, through all three silos.
            var submissions = Enumerable.Range(0, 6).Select(i =>
                Task.Run(() => Via(cluster, silos[i % 3]).GetGrain<ISequencerGrain>(0).Submit(TestDeployment.Batch(d, 1 + i % 2)))).ToArray();
            var results = await Task.WhenAll(submissions);
            Assert.All(results, r => Assert.Null(r.Rejected));
            var one = results.Where((_, i) => i % 2 == 0).Select(r => r.Batch).Distinct().Single();
            var two = results.Where((_, i) => i % 2 == 1).Select(r => r.Batch).Distinct().Single();
            Assert.Equal([1L, 2L], new[] { one!.Value, two!.Value }.Order());
            // The first batch again, after the others: the same answer.
            Assert.Equal(0, (await Via(cluster, silos[2]).GetGrain<ISequencerGrain>(0).Submit(TestDeployment.Batch(d, 0))).Batch);

            using var store = Store(d);
            await TestDeployment.Until(() => store.PublishedCount == 3, TestDeployment.Patience, "3 batches published");
            Assert.Equal(3, store.BatchCount);
            AcceptAllInOrder(d, 3);
            for (int k = 0; k < 3; k++) Assert.NotNull(store.IndexOfOperations(TestDeployment.Batch(d, k)));
        }
        finally { await cluster.DisposeAsync(); }
    }

    [Fact]
    public async Task A_silo_killed_mid_proof_loses_its_job_to_another_and_a_killed_sequencer_resumes_elsewhere_from_the_store()
    {
        var d = TestDeployment.Fresh();
        var cluster = await Start(d);
        try
        {
            var (primary, a, b) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
            using var store = Store(d);
            // The sequencer activates on silo a (the caller: preferred-local placement).
            Assert.Equal(a.SiloAddress.ToString(), await Via(cluster, a).GetGrain<ISequencerGrain>(0).Silo());
            Assert.Equal(0, (await Via(cluster, a).GetGrain<ISequencerGrain>(0).Submit(TestDeployment.Batch(d, 0))).Batch);

            await TestDeployment.Until(() => store.Job(0)!.Status == JobStatus.Proving, TestDeployment.Patience, "batch 0 claimed");
            var owner = store.Job(0)!.Owner!;
            var victim = owner.StartsWith(a.SiloAddress.ToString(), StringComparison.Ordinal) ? a : b;
            await cluster.KillSiloAsync(victim);
            Assert.Equal(JobStatus.Proving, store.Job(0)!.Status); // killed mid-proof

            await TestDeployment.Until(() => store.Job(0)!.Status == JobStatus.Published, TestDeployment.Patience, "batch 0 published after its prover died");
            var job = store.Job(0)!;
            Assert.True(job.Attempts >= 2, $"batch 0 was proven in {job.Attempts} attempt(s): the kill came too late to test anything");

            // If the sequencer's silo (a) is still alive, kill it too; the next batch goes through the other secondary.
            if (victim != a) await cluster.KillSiloAsync(a);
            var next = await Via(cluster, b == victim ? primary : b).GetGrain<ISequencerGrain>(0).Submit(TestDeployment.Batch(d, 1));
            Assert.Equal((1L, "queued"), (next.Batch, next.Status));
            Assert.NotEqual(a.SiloAddress.ToString(), await Via(cluster, b == victim ? primary : b).GetGrain<ISequencerGrain>(0).Silo());

            // A prover must be alive for batch 1: start a fresh secondary when both secondaries are gone.
            if (!cluster.Silos.Any(s => s != primary && s.IsActive)) await cluster.StartAdditionalSiloAsync();
            await TestDeployment.Until(() => store.PublishedCount == 2, TestDeployment.Patience, "batch 1 published");
            AcceptAllInOrder(d, 2);
        }
        finally { await cluster.DisposeAsync(); }
    }
}
