using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Settlement.Circuits.Frontend;
using Settlement.Prover.Store;
using Settlement.Service.Grains;

namespace Settlement.Service;

/// <summary>
/// The provers of one silo (<see cref="ServiceOptions.Provers"/> loops): each claims the lowest claimable job under a
/// lease, renews the lease while it proves, proves and verifies, stores the proof, and asks the publisher to publish.
/// A prover that loses its lease (it was too slow, or its silo was presumed dead) abandons the proof; one whose silo
/// dies simply stops renewing, and the job is claimed again elsewhere once the lease expires.
/// </summary>
public sealed class ProvingWorker(ProverNode node, IGrainFactory grains, ILocalSiloDetails silo, ServiceMetrics metrics, ILogger<ProvingWorker> log)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, node.Options.Provers).Select(k => Task.Run(() => Loop($"{silo.SiloAddress}#{k}", stoppingToken), stoppingToken)));

    private async Task Loop(string owner, CancellationToken stop)
    {
        var o = node.Options;
        while (!stop.IsCancellationRequested)
        {
            JobLease? lease = null;
            try
            {
                var queued = node.JobQueued.Ticket;
                lease = node.Store.Claim(owner, o.Lease, o.MaxAttempts);
                if (lease is null) { await Wake.Wait(queued, o.Poll, stop); continue; }
                await Prove(lease, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // The store was unreachable or a grain call failed: the lease (if any) expires and the job runs again.
                log.LogError(e, "prover {Owner}: {Message}", owner, e.Message);
                await Task.Delay(o.Poll, CancellationToken.None);
            }
        }
    }

    private async Task Prove(JobLease lease, CancellationToken stop)
    {
        var o = node.Options;
        log.LogInformation("batch {Batch}: proving (attempt {Attempt}) on {Owner}", lease.BatchIndex, lease.Attempt, lease.Owner);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // The prover's last reported fraction, written by the proof and sent with each heartbeat (a double's write is atomic).
        double progress = 0;
        var heartbeat = Task.Run(async () =>
        {
            while (!lost.IsCancellationRequested)
            {
                await Task.Delay(o.Heartbeat, lost.Token);
                if (!node.Store.Renew(lease, o.Lease, progress)) { log.LogWarning("batch {Batch}: lease lost, abandoning the proof", lease.BatchIndex); lost.Cancel(); }
            }
        });
        var sw = Stopwatch.StartNew();
        metrics.ProofStarted();
        byte[]? proof = null;
        try
        {
            // The prover reports progress between stages; a lost lease or a stopping silo ends it there.
            proof = await Task.Run(() => node.Settlement.ProveInputs(lease.WitnessInputs, o.Threads, (_, f) =>
            {
                progress = f;
                lost.Token.ThrowIfCancellationRequested();
            }), lost.Token);
        }
        catch (Exception e) when (e is WitnessException or InvalidDataException)
        {
            node.Store.Fail(lease, e.Message, deterministic: true, o.MaxAttempts);
            log.LogError("batch {Batch} failed: {Reason}", lease.BatchIndex, e.Message);
        }
        catch (Exception e) when (!lost.IsCancellationRequested && e is not OperationCanceledException)
        {
            node.Store.Fail(lease, e.Message, deterministic: false, o.MaxAttempts);
            log.LogWarning("batch {Batch}: attempt {Attempt} failed: {Reason}", lease.BatchIndex, lease.Attempt, e.Message);
        }
        catch (Exception) when (lost.IsCancellationRequested)
        {
            // Abandoned: the lease was lost or the silo is stopping. The job is left to its lease; a stopping silo
            // does not hand it back, exactly as a crashed one would not.
        }
        finally
        {
            metrics.ProofEnded(proof is null ? null : sw.Elapsed);
            await lost.CancelAsync();
            try { await heartbeat; }
            catch (OperationCanceledException) { }
            catch (Exception e) { log.LogWarning("batch {Batch}: heartbeat failed: {Message}", lease.BatchIndex, e.Message); }
        }
        if (proof is null) return;
        if (!node.Store.Complete(lease, proof, sw.ElapsedMilliseconds))
        {
            log.LogWarning("batch {Batch}: proved, but the lease was lost meanwhile; the proof is dropped", lease.BatchIndex);
            return;
        }
        log.LogInformation("batch {Batch}: proved in {Seconds:F1} s", lease.BatchIndex, sw.Elapsed.TotalSeconds);
        await grains.GetGrain<IPublisherGrain>(0).Publish();
    }
}
