using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Service.Http;

namespace Settlement.Service;

/// <summary>
/// Builds the prover service: an Orleans silo with the sequencer, the publisher and this silo's provers, and the HTTP
/// API in the same process. <see cref="Build"/> is the embedded default of <c>settle serve</c> (localhost clustering,
/// in-memory reminders, the deployment's SQLite store); <see cref="AddSettlementSilo"/> is the part every silo needs,
/// whatever its clustering.
/// </summary>
public static class SettlementHost
{
    /// <summary>The services of one silo: the deployment (<see cref="ProverNode"/>), the metrics and the provers.</summary>
    public static IServiceCollection AddSettlementSilo(this IServiceCollection services, ServiceOptions options, IServiceStore? store = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new ProverNode(options, store));
        services.AddMetrics();
        services.AddSingleton<ServiceMetrics>();
        if (options.Provers > 0) services.AddHostedService<ProvingWorker>();
        // A restarted cluster resumes publication at once, without waiting for the publisher's reminder.
        services.AddHostedService<PublisherKick>();
        return services;
    }

    /// <summary>The embedded service: one silo on localhost, the HTTP API on <see cref="ServiceOptions.Urls"/>.</summary>
    public static WebApplication Build(ServiceOptions options, IServiceStore? store = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "settle serve" });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ClusterId, clusterId: options.ClusterId);
            silo.UseInMemoryReminderService();
        });
        builder.Services.AddSettlementSilo(options, store);
        builder.Services.AddOpenApi();
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ServiceMetrics.MeterName).AddPrometheusExporter());
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        ServiceApi.Map(app);
        return app;
    }

    private sealed class PublisherKick(IGrainFactory grains) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try { await grains.GetGrain<IPublisherGrain>(0).Publish(); }
            catch (Exception) when (stoppingToken.IsCancellationRequested) { }
        }
    }
}
