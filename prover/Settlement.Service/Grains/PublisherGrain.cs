using Orleans.Runtime;
using Microsoft.Extensions.Logging;
using Settlement.Prover.Store;

namespace Settlement.Service.Grains;

/// <inheritdoc cref="IPublisherGrain"/>
/// <remarks>
/// A reminder (durable with the cluster's reminder service) reactivates it after a restart; while active a grain timer
/// checks the store every <see cref="ServiceOptions.Poll"/>, and provers call <see cref="Publish"/> when they finish.
/// </remarks>
public sealed class PublisherGrain(ProverNode node, ServiceMetrics metrics, ILogger<PublisherGrain> log) : Grain, IPublisherGrain
{
    private const string ReminderName = "publish";

    private bool _reminded;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(_ => Tick(), new GrainTimerCreationOptions(node.Options.Poll, node.Options.Poll) { Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// Registers the reminder on the first tick rather than in activation: the reminder service of a cluster that has
    /// just started can take longer than a call's timeout to answer, and activation must not wait for it.
    /// </summary>
    private async Task Tick()
    {
        if (!_reminded)
        {
            try { await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)); _reminded = true; }
            catch (Exception e) { log.LogWarning("the publisher's reminder is not registered yet, retrying: {Message}", e.Message); }
        }
        await Publish();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Publish();

    public Task<long> Publish()
    {
        var store = node.Store;
        while (store.NextToPublish() is { } proved)
        {
            // Verification failing here means a proof that verified when it was made no longer does (a corrupted
            // row): publish nothing from here on and say so; an operator must look at it.
            var bundle = node.Settlement.Publishable(proved);
            try { store.Publish(proved.BatchIndex, bundle); }
            catch (StoreConflictException e) { log.LogWarning("batch {Batch} not published: {Reason}", proved.BatchIndex, e.Message); break; }
            metrics.Published();
            node.BundlePublished.Pulse();
            log.LogInformation("batch {Batch} published", proved.BatchIndex);
        }
        return Task.FromResult(store.PublishedCount);
    }
}
