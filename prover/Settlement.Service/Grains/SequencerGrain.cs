using Microsoft.Extensions.Logging;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bundles;

namespace Settlement.Service.Grains;

/// <inheritdoc cref="ISequencerGrain"/>
// Placed on the silo that first calls it (the one whose HTTP API took the first batch); after that silo dies, the next
// call activates it elsewhere.
[Orleans.Placement.PreferLocalPlacement]
public sealed class SequencerGrain(ProverNode node, ILocalSiloDetails silo, ILogger<SequencerGrain> log) : Grain, ISequencerGrain
{
    // One-shot: fired at activation (submissions may be waiting after a restart or a failover), at the end of a batch
    // window, and after a commit (the next batch may be ready).
    private IGrainTimer? _cut;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _cut = this.RegisterGrainTimer(_ => Cut(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
        return base.OnActivateAsync(cancellationToken);
    }

    private void CutIn(TimeSpan due) => _cut?.Change(due, Timeout.InfiniteTimeSpan);

    public Task<SubmitResult> Submit(string operationsJson)
    {
        if (Existing(node.Store, operationsJson) is { } done) return Task.FromResult(done);
        var ops = BatchFile.Parse(System.Text.Encoding.UTF8.GetBytes(operationsJson), "operations");
        var r = Sequence(ops, operationsJson, venueSignatures: null);
        // A posted batch may have taken the index of the open proposal (voided with it): cut again from its submissions.
        if (r.Batch is not null) CutIn(TimeSpan.Zero);
        return Task.FromResult(r);
    }

    /// <summary>
    /// The one way a batch is committed, posted whole or co-signed through a proposal: applied with the engine, then
    /// sequenced with its proof job in one store transaction (fenced on the index and the old root).
    /// <paramref name="stale"/> names why the applied statement is not the one the venues signed, if it is not.
    /// </summary>
    private SubmitResult Sequence(IReadOnlyList<Operation> ops, string operationsJson, byte[][]? venueSignatures, Func<Statement, string?>? stale = null)
    {
        var store = node.Store;
        SettlementService.AppliedBatch applied;
        try { applied = node.Settlement.Apply(ops, venueSignatures); }
        catch (BatchRejectedException e)
        {
            return new SubmitResult(null, "rejected", new Rejection(e.OpIndex, e.OpKind, e.Account, e.Reason.ToString(), e.Message));
        }
        if (stale?.Invoke(applied.Result.Statement) is { } why) return new SubmitResult(null, "conflict", null, why);
        try { store.Sequence(applied.Batch); }
        catch (StoreConflictException e)
        {
            // The same batch, committed by another sequencer a moment ago: its answer. Another batch took this index
            // (two sequencers on one store): the fencing refused ours, and the caller submits again.
            return Existing(store, operationsJson) ?? new SubmitResult(null, "conflict", null, e.Message);
        }
        log.LogInformation("batch {Batch} sequenced ({Ops} ops), root {Old} -> {New}", applied.Batch.BatchIndex, ops.Count, applied.Batch.OldRoot, applied.Batch.NewRoot);
        return new SubmitResult(applied.Batch.BatchIndex, Status(JobStatus.Queued), null);
    }

    private static SubmitResult? Existing(IServiceStore store, string operationsJson) =>
        store.IndexOfOperations(operationsJson) is { } n ? new SubmitResult(n, Status(store.Job(n)!.Status), null) : null;

    public static string Status(JobStatus s) => s.ToString().ToLowerInvariant();

    public Task Wake()
    {
        Cut();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The batch cut (docs/service.md, "Streaming"): with no proposal open, take pending submissions in arrival order
    /// while they fit in MaxOps ops; propose them when they fill the batch (or the next does not fit) or when the
    /// oldest has waited the batch window, else look again when it will have. A submission the engine refuses is
    /// rejected with its reason, and the cut is made from the others.
    /// </summary>
    private Task Cut()
    {
        var store = node.Store;
        var config = node.Settlement.Config;
        try
        {
            while (true)
            {
                if (store.OpenProposal() is { } open)
                {
                    // Every venue signed, but the commit did not happen (a crash between the last signature and it).
                    if (open.Signatures.Count < config.V) return Task.CompletedTask;
                    Commit(open);
                    continue;
                }
                var pending = store.PendingSubmissions(config.MaxOps);
                if (pending.Count == 0) return Task.CompletedTask;
                var take = new List<SubmissionRecord>();
                int ops = 0;
                foreach (var p in pending)
                {
                    if (ops + p.OpCount > config.MaxOps) break;
                    take.Add(p);
                    ops += p.OpCount;
                }
                bool full = ops == config.MaxOps || take.Count < pending.Count;
                var waited = DateTimeOffset.UtcNow - pending[0].ReceivedAt;
                if (!full && waited < node.Options.BatchWindow)
                {
                    CutIn(node.Options.BatchWindow - waited);
                    return Task.CompletedTask;
                }
                if (Propose(take)) return Task.CompletedTask;
                // A submission was rejected: cut again from what is pending now.
            }
        }
        catch (StoreConflictException e)
        {
            // Another sequencer on the same store proposed or committed first: look again shortly.
            log.LogWarning("cut: {Reason}", e.Message);
            CutIn(node.Options.Poll);
            return Task.CompletedTask;
        }
    }

    /// <summary>Proposes the submissions as the next batch; false when the engine refused one of them (now rejected).</summary>
    private bool Propose(List<SubmissionRecord> take)
    {
        var store = node.Store;
        var ops = new List<Operation>();
        var owner = new List<SubmissionRecord>();
        foreach (var s in take)
            foreach (var op in BatchFile.Parse(System.Text.Encoding.UTF8.GetBytes(s.OperationsJson), $"submission {s.Id}"))
            {
                ops.Add(op);
                owner.Add(s);
            }
        Statement statement;
        try { statement = node.Settlement.Propose(ops); }
        catch (BatchRejectedException e)
        {
            var bad = owner[e.OpIndex];
            store.RejectSubmission(bad.Id, e.Message);
            log.LogInformation("submission {Id} (venue {Venue}) rejected: {Reason}", bad.Id, bad.Venue, e.Message);
            return false;
        }
        var json = BatchFile.Write(ops);
        store.Propose(new ProposalRecord((long)statement.BatchIndex, ProposalStatus.Open, SqliteSettlementStore.Hex(statement.OldRoot),
            SqliteSettlementStore.Hex(statement.BatchDigest()), SignedMessages.BatchDigest(statement), json, [.. take.Select(s => s.Id)],
            new Dictionary<int, byte[]>(), null, DateTimeOffset.UtcNow));
        log.LogInformation("batch {Batch} proposed ({Ops} ops from {Count} submissions)", statement.BatchIndex, ops.Count, take.Count);
        return true;
    }

    public Task<SignResult> Sign(long batch, int venue, byte[] signature)
    {
        var store = node.Store;
        int venues = node.Settlement.Config.V;
        if (store.Proposal(batch) is not { } p) return Task.FromResult(new SignResult(SignOutcome.NotFound, 0, venues, $"batch {batch} has no proposal"));
        if (Settled(p) is { } settled) return Task.FromResult(settled);
        if (venue < 0 || venue >= venues)
            return Task.FromResult(new SignResult(SignOutcome.Invalid, p.Signatures.Count, venues, $"venue {venue} does not exist: the deployment has venues 0..{venues - 1}", "$.venue"));
        if (!Signature.TryFromBytes(signature, out var sig, out var error))
            return Task.FromResult(new SignResult(SignOutcome.Invalid, p.Signatures.Count, venues, $"not a signature ({error}; a compressed G2 point has {Signature.ByteLength} bytes)", "$.signature"));
        if (!PopScheme.Verify(node.VenueKeys[venue], p.Message, sig))
            return Task.FromResult(new SignResult(SignOutcome.Invalid, p.Signatures.Count, venues,
                $"does not verify under venue {venue}'s key over batch {batch}'s digest 0x{p.Digest}", "$.signature"));
        store.AddSignature(batch, venue, signature);
        p = store.Proposal(batch)!;
        if (p.Status == ProposalStatus.Open && p.Signatures.Count == venues)
        {
            Commit(p);
            p = store.Proposal(batch)!;
            CutIn(TimeSpan.Zero);
        }
        return Task.FromResult(Settled(p) ?? new SignResult(SignOutcome.Recorded, p.Signatures.Count, venues));
    }

    private SignResult? Settled(ProposalRecord p) => p.Status switch
    {
        ProposalStatus.Sequenced => new SignResult(SignOutcome.Sequenced, p.Signatures.Count, node.Settlement.Config.V),
        ProposalStatus.Void => new SignResult(SignOutcome.Void, p.Signatures.Count, node.Settlement.Config.V, $"the proposal of batch {p.Batch} is void: {p.Reason}"),
        _ => null,
    };

    /// <summary>
    /// Sequences a fully signed proposal through <see cref="Sequence"/>, with the venues' signatures in the bundle.
    /// When the operations no longer give the signed digest on top of the stored state (another batch took the index),
    /// the proposal is void and its submissions wait for the next cut.
    /// </summary>
    private void Commit(ProposalRecord p)
    {
        var ops = BatchFile.Parse(System.Text.Encoding.UTF8.GetBytes(p.OperationsJson), $"proposal {p.Batch}");
        var sigs = Enumerable.Range(0, node.Settlement.Config.V).Select(v => p.Signatures[v]).ToArray();
        var r = Sequence(ops, p.OperationsJson, sigs, s =>
            (long)s.BatchIndex == p.Batch && SqliteSettlementStore.Hex(s.OldRoot) == p.OldRoot && SqliteSettlementStore.Hex(s.BatchDigest()) == p.Digest
                ? null
                : $"the operations no longer give batch {p.Batch}'s signed digest on top of the stored state");
        if (r.Batch is null)
        {
            var reason = r.Rejected?.Message ?? r.Conflict ?? "not sequenced";
            node.Store.VoidProposal(p.Batch, reason);
            log.LogWarning("proposal of batch {Batch} void: {Reason}", p.Batch, reason);
        }
    }

    public Task<string> Silo() => Task.FromResult(silo.SiloAddress.ToString());
}
