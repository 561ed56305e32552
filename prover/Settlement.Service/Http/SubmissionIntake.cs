using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Verifier.Bls;

namespace Settlement.Service.Http;

/// <summary>
/// Submission intake (docs/service.md, "Streaming"). Each request's thread checks its submission and hashes the signed
/// message (<see cref="Submissions.Prepare"/>), the per-signature half of a verification, in parallel with the other
/// requests. Two stages follow, each taking whatever has queued meanwhile as one group: the verifier checks a group's
/// signatures in one pairing batch (<see cref="PopScheme.VerifyAll"/>); the writer stores what verified in one
/// transaction and wakes the sequencer once, while the verifier goes on with the next group. A submission alone is a
/// group of one; under load a group shares the final exponentiation, one Miller-loop pair per venue and the store's
/// sync. A request is answered only once its submission is stored (or refused).
/// </summary>
public sealed class SubmissionIntake(ProverNode node, IGrainFactory grains, ILogger<SubmissionIntake> log) : BackgroundService
{
    /// <summary>At most this many submissions in one group: a bound on the latency a group adds to its first member.</summary>
    public const int MaxGroup = 256;

    private sealed record Item(NewSubmission Submission, PreparedSignature Signature, TaskCompletionSource<SubmissionRecord?> Done);

    private readonly Channel<Item> _received = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Item> _verified = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>
    /// Stores a checked submission (<see cref="Submissions.Prepare"/>) once its signature verifies: its record, or null
    /// when the signature does not verify (nothing stored). Cancelled when the service stops first.
    /// </summary>
    public Task<SubmissionRecord?> Submit(NewSubmission submission, PreparedSignature signature)
    {
        var done = new TaskCompletionSource<SubmissionRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_received.Writer.TryWrite(new Item(submission, signature, done))) done.TrySetCanceled();
        return done.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Stage(_received, Verify, _verified.Writer, stoppingToken), Stage(_verified, Store, null, stoppingToken));

    /// <summary>Runs one stage over groups of what has queued in <paramref name="input"/>; at the end cancels what is left.</summary>
    private static async Task Stage(Channel<Item> input, Func<List<Item>, Task> take, ChannelWriter<Item>? next, CancellationToken stop)
    {
        var group = new List<Item>(MaxGroup);
        try
        {
            // A stage of its own thread: the verifier's pairings must not hold up the request threads' continuations.
            await Task.Yield();
            while (await input.Reader.WaitToReadAsync(stop))
            {
                while (group.Count < MaxGroup && input.Reader.TryRead(out var item)) group.Add(item);
                await take(group);
                group.Clear();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        finally
        {
            input.Writer.TryComplete();
            next?.TryComplete();
            foreach (var item in group) item.Done.TrySetCanceled();
            while (input.Reader.TryRead(out var item)) item.Done.TrySetCanceled();
        }
    }

    private Task Verify(List<Item> group)
    {
        // A false batch does not say which signature failed: then each is verified alone, so one bad submission costs
        // its own group a second pass and refuses only itself.
        bool all = PopScheme.VerifyAll([.. group.Select(i => i.Signature)]);
        foreach (var item in group)
            if (all || PopScheme.VerifyAll([item.Signature])) _verified.Writer.TryWrite(item);
            else item.Done.TrySetResult(null);
        return Task.CompletedTask;
    }

    private async Task Store(List<Item> group)
    {
        IReadOnlyList<SubmissionRecord> stored;
        try { stored = node.Store.Submit([.. group.Select(i => i.Submission)]); }
        catch (Exception e)
        {
            foreach (var item in group) item.Done.TrySetException(e);
            return;
        }
        for (int k = 0; k < group.Count; k++) group[k].Done.TrySetResult(stored[k]);

        // The submissions are stored, so a failed wake-up loses nothing: the next one, or a restart, cuts them.
        if (stored.Any(r => r.Status == SubmissionStatus.Pending))
        {
            try { await grains.GetGrain<ISequencerGrain>(0).Wake(); }
            catch (Exception e) { log.LogWarning("intake: the sequencer was not woken ({Message}); the next submission will", e.Message); }
        }
    }
}
