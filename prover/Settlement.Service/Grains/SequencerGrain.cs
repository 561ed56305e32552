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
        node.JobQueued.Pulse();
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
    /// rejected with its reason, and the cut is made from the others. With a proposal open, wait for its signatures
    /// until the proposal timeout (<see cref="Expired"/>).
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
                    if (open.Signatures.Count == config.V)
                    {
                        Commit(open);
                        continue;
                    }
                    if (!Expired(open)) return Task.CompletedTask;
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
                // Proposed (the loop sets its timeout), or a submission was rejected: cut again from what is pending now.
                Propose(take);
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

    /// <summary>
    /// The proposal timeout (docs/service.md, "Proposal timeout"): false while the open proposal has time left (the
    /// timer is set for its end). At the end, one that no venue signed and some venue did not approve is abandoned
    /// (true: cut again): the submissions of the venues that did not approve it are rejected with the reason, the
    /// others are pending again. One that some venue signed cannot be replaced without that venue signing a second
    /// digest for this batch on this root (equivocation, spec §6), and one that every venue approved is being signed:
    /// both wait for the missing signatures, reported each period.
    /// </summary>
    private bool Expired(ProposalRecord open)
    {
        var timeout = node.Options.ProposalTimeout;
        var age = DateTimeOffset.UtcNow - open.CreatedAt;
        if (age < timeout)
        {
            CutIn(timeout - age);
            return false;
        }
        var venues = Enumerable.Range(0, node.Settlement.Config.V);
        var silent = venues.Where(v => !open.Approved.Contains(v)).ToList();
        // Every venue approved: each is signing (or about to), and one that already signed is bound to this digest.
        if (open.Signatures.Count > 0 || silent.Count == 0)
        {
            log.LogWarning("proposal of batch {Batch} waiting for {Seconds:F0} s for the signatures of venue(s) {Missing}; not abandoned: signed by {Signed}, approved by {Approved}",
                open.Batch, age.TotalSeconds, string.Join(", ", venues.Where(v => !open.Signatures.ContainsKey(v))), string.Join(", ", open.Signatures.Keys),
                string.Join(", ", open.Approved));
            CutIn(timeout);
            return false;
        }
        var reason = $"the proposal of batch {open.Batch} was abandoned after {timeout.TotalSeconds:0.###} s without signatures: venue(s) " +
                     $"{string.Join(", ", silent)} did not approve it, so their submissions in it are refused and the others proposed again";
        if (node.Store.AbandonProposal(open.Batch, reason)) log.LogWarning("{Reason}", reason);
        return true;
    }

    /// <summary>Proposes the submissions as the next batch, unless the engine refuses one of them (then rejected).</summary>
    private void Propose(List<SubmissionRecord> take)
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
            return;
        }
        var json = BatchFile.Write(ops);
        store.Propose(new ProposalRecord((long)statement.BatchIndex, ProposalStatus.Open, SqliteSettlementStore.Hex(statement.OldRoot),
            SqliteSettlementStore.Hex(statement.BatchDigest()), SignedMessages.BatchDigest(statement), json, [.. take.Select(s => s.Id)],
            new Dictionary<int, byte[]>(), [], null, DateTimeOffset.UtcNow));
        log.LogInformation("batch {Batch} proposed ({Ops} ops from {Count} submissions)", statement.BatchIndex, ops.Count, take.Count);
    }

    public Task<SignResult> Sign(long batch, int venue, byte[] signature)
    {
        var store = node.Store;
        int venues = node.Settlement.Config.V;
        if (Open(batch, out var closed) is not { } p) return Task.FromResult(closed!);
        if (Invalid(p, venue, signature, p.Message, "digest", p.Signatures.Count) is { } invalid) return Task.FromResult(invalid);
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

    public Task<SignResult> Approve(long batch, int venue, byte[] signature)
    {
        var store = node.Store;
        if (Open(batch, out var closed) is not { } p) return Task.FromResult(closed!);
        if (Invalid(p, venue, signature, Proposals.ApprovalMessage(p.Message), "approval message", p.Approved.Count) is { } invalid)
            return Task.FromResult(invalid);
        store.AddApproval(batch, venue, signature);
        p = store.Proposal(batch)!;
        return Task.FromResult(Settled(p) ?? new SignResult(SignOutcome.Recorded, p.Approved.Count, node.Settlement.Config.V));
    }

    public Task<SignResult> Refuse(long batch, int venue, byte[] signature, string reason)
    {
        var store = node.Store;
        int venues = node.Settlement.Config.V;
        if (Open(batch, out var closed) is not { } p) return Task.FromResult(closed!);
        if (Invalid(p, venue, signature, Proposals.RefusalMessage(p.Message, p.CreatedAt, reason), "refusal message", p.Signatures.Count) is { } invalid)
            return Task.FromResult(invalid);
        var why = $"venue {venue} refused the proposal of batch {batch}: {reason}; its submissions in it are refused and the others proposed again";
        if (!store.AbandonProposal(batch, why, refusedBy: venue))
        {
            p = store.Proposal(batch)!;
            return Task.FromResult(Settled(p) ?? new SignResult(SignOutcome.Bound, p.Signatures.Count, venues,
                $"venue(s) {string.Join(", ", p.Signatures.Keys)} signed the proposal of batch {batch} already and are bound to its digest: it stands"));
        }
        log.LogWarning("{Reason}", why);
        CutIn(TimeSpan.Zero);
        return Task.FromResult(new SignResult(SignOutcome.Abandoned, 0, venues, why));
    }

    /// <summary>
    /// The proposal of batch n while it is open; else null, with the answer a venue's signature, approval or refusal gets
    /// (no such proposal, or it is sequenced or void) in <paramref name="closed"/>.
    /// </summary>
    private ProposalRecord? Open(long batch, out SignResult? closed)
    {
        var p = node.Store.Proposal(batch);
        closed = p is null ? new SignResult(SignOutcome.NotFound, 0, node.Settlement.Config.V, $"batch {batch} has no proposal") : Settled(p);
        return closed is null ? p : null;
    }

    /// <summary>Null when <paramref name="signature"/> is venue <paramref name="venue"/>'s over <paramref name="message"/>; else what is wrong, naming the field.</summary>
    private SignResult? Invalid(ProposalRecord p, int venue, byte[] signature, byte[] message, string what, int count)
    {
        int venues = node.Settlement.Config.V;
        if (Submissions.UnknownVenue(venue, venues) is { } unknown) return new SignResult(SignOutcome.Invalid, count, venues, unknown, "$.venue");
        if (!Submissions.TryDecodeSignature(signature, out var sig, out var problem))
            return new SignResult(SignOutcome.Invalid, count, venues, problem, "$.signature");
        if (!PopScheme.Verify(node.VenueKeys[venue], message, sig))
            return new SignResult(SignOutcome.Invalid, count, venues, $"does not verify under venue {venue}'s key over batch {p.Batch}'s {what} (digest 0x{p.Digest})", "$.signature");
        return null;
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
