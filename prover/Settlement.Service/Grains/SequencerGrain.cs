using Microsoft.Extensions.Logging;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;

namespace Settlement.Service.Grains;

/// <inheritdoc cref="ISequencerGrain"/>
// Placed on the silo that first calls it (the one whose HTTP API took the first batch); after that silo dies, the next
// call activates it elsewhere.
[Orleans.Placement.PreferLocalPlacement]
public sealed class SequencerGrain(ProverNode node, ILocalSiloDetails silo, ILogger<SequencerGrain> log) : Grain, ISequencerGrain
{
    public Task<SubmitResult> Submit(string operationsJson)
    {
        var store = node.Store;
        if (Existing(store, operationsJson) is { } done) return Task.FromResult(done);
        var ops = BatchFile.Parse(System.Text.Encoding.UTF8.GetBytes(operationsJson), "operations");
        SettlementService.AppliedBatch applied;
        try { applied = node.Settlement.Apply(ops); }
        catch (BatchRejectedException e)
        {
            return Task.FromResult(new SubmitResult(null, "rejected", new Rejection(e.OpIndex, e.OpKind, e.Account, e.Reason.ToString(), e.Message)));
        }
        try { store.Sequence(applied.Batch); }
        catch (StoreConflictException e)
        {
            // The same batch, committed by another sequencer a moment ago: its answer. Another batch took this index
            // (two sequencers on one store): the fencing refused ours, and the caller submits again.
            return Task.FromResult(Existing(store, operationsJson) ?? new SubmitResult(null, "conflict", null, e.Message));
        }
        log.LogInformation("batch {Batch} sequenced ({Ops} ops), root {Old} -> {New}", applied.Batch.BatchIndex, ops.Count, applied.Batch.OldRoot, applied.Batch.NewRoot);
        return Task.FromResult(new SubmitResult(applied.Batch.BatchIndex, Status(JobStatus.Queued), null));
    }

    private static SubmitResult? Existing(IServiceStore store, string operationsJson) =>
        store.IndexOfOperations(operationsJson) is { } n ? new SubmitResult(n, Status(store.Job(n)!.Status), null) : null;

    public static string Status(JobStatus s) => s.ToString().ToLowerInvariant();

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());
}
