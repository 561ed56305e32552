using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Service.Http;

namespace Settlement.Service;

/// <summary>
/// Builds the prover service: an Orleans silo with the sequencer, the publisher and this silo's provers, and the HTTP
/// API in the same process. <see cref="Build"/> is the embedded default of <c>settle serve</c> (localhost clustering,
/// in-memory reminders, the deployment's SQLite store) or a full silo of a cluster on PostgreSQL; <see cref="BuildWorker"/>
/// a prover-only silo of such a cluster; <see cref="AddSettlementSilo"/> is the part every silo needs, whatever its
/// clustering.
/// </summary>
public static class SettlementHost
{
    /// <summary>
    /// The services of one silo: the deployment (<see cref="ProverNode"/>), the metrics and the provers. A
    /// <see cref="ServiceRole.Worker"/> silo does not offer the sequencer and publisher grains, so Orleans never places
    /// them there.
    /// </summary>
    public static IServiceCollection AddSettlementSilo(this IServiceCollection services, ServiceOptions options, IServiceStore? store = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new ProverNode(options, store ?? (options.Cluster is { } cluster ? new PostgresSettlementStore(cluster) : null)));
        services.AddMetrics();
        services.AddSingleton<ServiceMetrics>();
        if (options.Provers > 0) services.AddHostedService<ProvingWorker>();
        if (options.Role == ServiceRole.Worker)
            services.PostConfigure<GrainTypeOptions>(g => { g.Classes.Remove(typeof(SequencerGrain)); g.Classes.Remove(typeof(PublisherGrain)); });
        else
            // A restarted cluster resumes publication and the cut of pending submissions at once, without waiting for
            // the publisher's reminder or the next submission.
            services.AddHostedService<StartupKick>();
        return services;
    }

    /// <summary>
    /// A silo with the HTTP API on <see cref="ServiceOptions.Urls"/>: the embedded service (one silo on localhost), or a
    /// full silo of a <see cref="ServiceOptions.Cluster"/>.
    /// </summary>
    public static WebApplication Build(ServiceOptions options, IServiceStore? store = null, Action<WebApplicationBuilder>? configure = null)
    {
        if (options.Role != ServiceRole.Full) throw new ArgumentException("a worker silo has no HTTP API: build it with BuildWorker", nameof(options));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "settle serve" });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.UseOrleans(silo => ConfigureSilo(silo, options));
        builder.Services.AddSettlementSilo(options, store);
        builder.Services.AddSingleton<SubmissionIntake>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SubmissionIntake>());
        builder.Services.AddOpenApi();
        AddMetricsExport(builder.Services);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        ServiceApi.Map(app);
        return app;
    }

    /// <summary>The service's meter in Prometheus text at /metrics: one export for full and worker silos.</summary>
    private static void AddMetricsExport(IServiceCollection services) =>
        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ServiceMetrics.MeterName).AddPrometheusExporter());

    /// <summary>
    /// A prover-only silo of a <see cref="ServiceOptions.Cluster"/> (<see cref="ServiceRole.Worker"/>): no HTTP API; with
    /// <see cref="ServiceOptions.MetricsUrls"/>, an HTTP endpoint serving only its /metrics.
    /// </summary>
    public static IHost BuildWorker(ServiceOptions options)
    {
        if (options.Role != ServiceRole.Worker || options.Cluster is null)
            throw new ArgumentException("a worker silo needs the worker role and a cluster (a PostgreSQL connection string)", nameof(options));
        if (options.MetricsUrls is not { } urls)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "settle serve" });
            builder.UseOrleans(silo => ConfigureSilo(silo, options));
            builder.Services.AddSettlementSilo(options);
            return builder.Build();
        }
        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "settle serve" });
        web.WebHost.UseUrls(urls);
        web.UseOrleans(silo => ConfigureSilo(silo, options));
        web.Services.AddSettlementSilo(options);
        AddMetricsExport(web.Services);
        var app = web.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Clustering and reminders: in memory on localhost (embedded), or ADO.NET on the cluster's PostgreSQL.</summary>
    private static void ConfigureSilo(ISiloBuilder silo, ServiceOptions o)
    {
        if (o.Cluster is not { } cluster)
        {
            silo.UseLocalhostClustering(o.SiloPort, o.GatewayPort, serviceId: o.ClusterId, clusterId: o.ClusterId);
            silo.UseInMemoryReminderService();
            return;
        }
        PostgresCluster.EnsureSchema(cluster);
        silo.Configure<ClusterOptions>(c => (c.ClusterId, c.ServiceId) = (o.ClusterId, o.ClusterId));
        if (o.Address is { } address) silo.ConfigureEndpoints(address, o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: true);
        else silo.ConfigureEndpoints(o.SiloPort, o.GatewayPort, listenOnAnyHostAddress: true);
        silo.UseAdoNetClustering(c => (c.Invariant, c.ConnectionString) = (PostgresCluster.Invariant, cluster));
        // A prover uses every core, so its silo may answer probes late; a silo voted dead stops itself, abandoning its
        // proofs. About a minute of silence (6 probes of 10 s), not Orleans' 15 s, before a vote.
        silo.Configure<ClusterMembershipOptions>(m => (m.ProbeTimeout, m.NumMissedProbesLimit) = (TimeSpan.FromSeconds(10), 6));
        silo.UseAdoNetReminderService(r => (r.Invariant, r.ConnectionString) = (PostgresCluster.Invariant, cluster));
    }

    /// <summary>
    /// Activates the publisher (its timer then polls) and wakes the sequencer when submissions wait, at start, retrying
    /// until the calls succeed: a failure here must not stop the host (a background service that throws does), and a
    /// fresh cluster's first call can time out.
    /// </summary>
    private sealed class StartupKick(IGrainFactory grains, ProverNode node, ServiceOptions options, ILogger<StartupKick> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await grains.GetGrain<IPublisherGrain>(0).Publish();
                    // Only when there is streaming work: otherwise the sequencer is placed by the first batch's caller.
                    if (node.Store.PendingSubmissions(1).Count > 0 || node.Store.OpenProposal() is not null)
                        await grains.GetGrain<ISequencerGrain>(0).Wake();
                    return;
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested) { return; }
                catch (Exception e) { log.LogWarning("publisher or sequencer not reached yet, retrying: {Message}", e.Message); }
                try { await Task.Delay(options.Poll, stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
