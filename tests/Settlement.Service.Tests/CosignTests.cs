using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;
using static Settlement.Service.Tests.StreamingTests;

namespace Settlement.Service.Tests;

/// <summary>
/// The venue's side of co-signing (docs/service.md, "Co-signing"): what <see cref="Proposals.Check"/> signs and
/// refuses, venues' <see cref="VenueClient"/>s co-signing against the embedded service, and the proposal timeout.
/// </summary>
public class CosignTests
{
    /// <summary>The deposit of <see cref="TestDeployment.Ops"/>'s batch k (venue k mod 3, a new account k+1).</summary>
    private static Deposit Deposit(Deployment d, int k) => (Deposit)TestDeployment.Ops(d, k).Last();

    [Fact]
    public void A_venue_signs_exactly_its_journaled_ops_and_refuses_a_foreign_altered_or_missing_op_naming_it()
    {
        var d = TestDeployment.Fresh(maxOps: 2);
        var config = d.LoadConfig();
        var hash = Commitments.ConfigHash(config);
        var keys = d.LoadDevKeys();
        Deposit a = Deposit(d, 1), b = Deposit(d, 4), other = Deposit(d, 2); // a, b: venue 1's; other: venue 2's
        var journal = new[] { Submissions.Sign(keys.Venues[1], hash, 1, [a, b]) };
        var pins = new SignLog(Path.Combine(d.Root, "venue-1.signed"));
        var none = new RootStoreState(null, null);

        // The digest and root as the engine computes them for these ops on the stored state (after batch 0, which
        // brings the prices and risk parameters): the check must agree.
        using var svc = new SettlementService(d);
        svc.Store.Sequence(svc.Apply(TestDeployment.Ops(d, 0)).Batch);
        IReadOnlyList<Operation> honest = [a, b];
        var statement = svc.Propose(honest);
        Proposal Of(IReadOnlyList<Operation> ops, Fr? digest = null) =>
            new((long)statement.BatchIndex, "open", statement.OldRoot, digest ?? statement.BatchDigest(), ops, [], []);
        ProposalVerdict Check(Proposal p) => Proposals.Check(config, hash, 1, p, journal, none, pins);

        var ok = Check(Of(honest));
        Assert.True(ok.Approved, ok.Refusal);
        Assert.Equal(SignedMessages.BatchDigest(statement), ok.Message);
        // Venue 2's op is venue 2's to check; venue 1's own is a whole submission of its journal (the one-op one, not
        // the start of the two-op one).
        var mixed = Proposals.Check(config, hash, 1, Of([other, a], svc.Propose([other, a]).BatchDigest()),
            [.. journal, Submissions.Sign(keys.Venues[1], hash, 1, [a])], none, pins);
        Assert.True(mixed.Approved, mixed.Refusal);

        void Refused(ProposalVerdict v, params string[] says)
        {
            Assert.False(v.Approved);
            Assert.Null(v.Message);
            foreach (var s in says) Assert.Contains(s, v.Refusal);
        }
        Refused(Check(Of([a with { Account = 9 }, b])), "operations[0]", "account 9", "foreign");
        Refused(Check(Of([a with { Amount = 1 }, b])), "operations[0]", "amount 1", "altered");
        Refused(Check(Of([a, b with { Amount = 1 }])), "operations[1]", "amount 1", "altered or missing");
        Refused(Check(Of([a, other])), "cut short", $"account {b.Account}", "missing");
        Refused(Check(Of([TestDeployment.Ops(d, 0)[0], a])), "operations[0]", "not a venue's op");
        Refused(Check(Of(honest, Fr.One)), "batch digest");
        Refused(Check(Of(honest) with { Status = "void" }), "void");
        Refused(Proposals.Check(config, hash, 1, Of(honest), [], none, pins), "operations[0]", "foreign");
        // The root the venue accepted for the batch before is the proposal's old root, and the batch is not behind it.
        var next = Of(honest) with { Batch = (long)statement.BatchIndex + 1 };
        Refused(Proposals.Check(config, hash, 1, next, journal, new RootStoreState((Fr.One, statement.BatchIndex), null), pins), "old root");
        Assert.True(Proposals.Check(config, hash, 1, next, journal, new RootStoreState((statement.OldRoot, statement.BatchIndex), null), pins).Approved);
        Refused(Proposals.Check(config, hash, 1, Of(honest), journal, new RootStoreState((statement.OldRoot, statement.BatchIndex), null), pins), "already accepted");

        // One digest per (batch, old root), across restarts of the venue (a new SignLog reads the file).
        pins.Record((long)statement.BatchIndex, statement.OldRoot, Fr.One);
        Refused(Proposals.Check(config, hash, 1, Of(honest), journal, none, new SignLog(pins.Path)), "equivocation");
    }

    /// <summary>Three venues' clients co-signing against <paramref name="s"/> until disposed, their log lines collected.</summary>
    private sealed class Venues : IAsyncDisposable
    {
        public readonly VenueClient[] Clients;
        public readonly ConcurrentQueue<string> Log = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _loops;

        public Venues(Server s)
        {
            Clients = [.. Enumerable.Range(0, s.Keys.Venues.Length).Select(v =>
                new VenueClient(s.D, s.Http.BaseAddress!, v, s.Keys.Venues[v], line => Log.Enqueue($"venue {v}: {line}"), s.Http))];
            _loops = [.. Clients.Select(c => Task.Run(() => c.CoSign(TimeSpan.FromMilliseconds(50), _stop.Token)))];
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try { await Task.WhenAll(_loops); }
            catch (OperationCanceledException) { }
        }
    }

    [Fact]
    public async Task Venues_co_sign_an_honest_proposal_and_the_batch_is_published()
    {
        await using var s = await Start();
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        await using var venues = new Venues(s);

        var answer = await venues.Clients[1].Submit([Deposit(s.D, 1)]);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        await TestDeployment.Until(() => store.PublishedCount == 2, TestDeployment.Patience, "batch 1 published");
        var status = await SubmissionStatus(s, answer.GetProperty("submission").GetInt64());
        Assert.Equal(("sequenced", 1L), (status.GetProperty("status").GetString(), status.GetProperty("batch").GetInt64()));
        Assert.All(venues.Clients, c => Assert.Equal([1L], c.Signed));
        Assert.All(venues.Clients, c => Assert.Empty(c.Refused));
        Assert.Equal([0, 1, 2], store.Proposal(1)!.Approved);
        AcceptAll(s, 2, venue: 1);
        // The bundle carries each venue's own signature over the digest of the ops it checked.
        var bundle = SettlementBundle.FromBytes(store.Batch(1)!.Bundle);
        var message = SignedMessages.BatchDigest(bundle.Statement);
        for (int v = 0; v < s.Keys.Venues.Length; v++) Assert.Equal(PopScheme.Sign(s.Keys.Venues[v], message).ToBytes(), bundle.VenueSignatures[v]);
        // Each venue's sign log holds that one digest.
        Assert.All(Enumerable.Range(0, 3), v => Assert.Equal(bundle.Statement.BatchDigest(), new SignLog(s.D.VenueSignLogPath(v)).Signed(1, bundle.Statement.OldRoot)));
    }

    [Fact]
    public async Task A_proposal_with_an_op_the_venue_did_not_submit_is_refused_and_abandoned_at_once_and_the_service_continues()
    {
        var timeout = TimeSpan.FromMinutes(5);
        await using var s = await Start(proposalTimeout: timeout);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        await using var venues = new Venues(s);
        using var store = new SqliteSettlementStore(s.D.StorePath);

        // Venue 1's key signed this deposit, but not through the venue's client: it is not in venue 1's journal.
        long stray = await Submit(s, Submission(s, 1));
        await TestDeployment.Until(() => store.Proposal(1) is { Status: ProposalStatus.Void }, TimeSpan.FromMinutes(1), "proposal 1 abandoned");
        var (batch, refusal) = Assert.Single(venues.Clients[1].Refused);
        Assert.Equal(1, batch);
        Assert.Contains("operations[0]", refusal);
        Assert.Contains("not an op venue 1 submitted", refusal);
        Assert.Contains(venues.Log, line => line.StartsWith("venue 1: batch 1: REFUSED", StringComparison.Ordinal) && line.Contains("operations[0]"));
        // Venue 1 posted its refusal: the proposal is void long before its timeout, and nobody signed it (venue 1 never
        // approved, so no venue bound itself to that digest).
        var abandoned = store.Proposal(1)!;
        Assert.Empty(abandoned.Signatures);
        Assert.DoesNotContain(1, abandoned.Approved);
        Assert.StartsWith("venue 1 refused the proposal of batch 1: operations[0]", abandoned.Reason);
        Assert.True(DateTimeOffset.UtcNow - abandoned.CreatedAt < timeout);
        var status = await SubmissionStatus(s, stray);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Contains("venue 1 refused the proposal of batch 1", status.GetProperty("reason").GetString());

        // The service goes on: venue 1's next submission, through its client, is batch 1 on the same root, co-signed and published.
        // (Venue 1's deposit ids continue from 0: the refused deposit took none.)
        var next = Deposit(s.D, 4) with { DepositId = 0 };
        long id = (await venues.Clients[1].Submit([next])).GetProperty("submission").GetInt64();
        await TestDeployment.Until(async () => (await SubmissionStatus(s, id)).GetProperty("status").GetString() == "sequenced", TimeSpan.FromMinutes(1),
            "venue 1's next submission sequenced");
        await TestDeployment.Until(() => store.PublishedCount == 2, TestDeployment.Patience, "batch 1 published");
        Assert.Equal(1L, (await SubmissionStatus(s, id)).GetProperty("batch").GetInt64());
        Assert.Equal(BatchFile.Write([next]), store.Proposal(1)!.OperationsJson);
        Assert.All(venues.Clients, c => Assert.Equal([1L], c.Signed));
        AcceptAll(s, 2, venue: 2);
        // The refused op is in no bundle.
        Assert.Null(store.IndexOfOperations(BatchFile.Write([Deposit(s.D, 1)])));
    }

    [Fact]
    public async Task A_proposal_every_venue_approved_or_some_venue_signed_is_not_abandoned_at_the_timeout()
    {
        await using var s = await Start(provers: 0, proposalTimeout: TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        async Task<HttpStatusCode> Post(long n, string what, int v, byte[] message)
        {
            var sig = "0x" + Convert.ToHexString(PopScheme.Sign(s.Keys.Venues[v], message).ToBytes());
            return (await s.Http.PostAsync($"/v1/proposals/{n}/{what}", Json($"{{\"venue\": {v}, \"signature\": \"{sig}\"}}"))).StatusCode;
        }
        async Task StillOpenAfterTimeouts(long n, long submission)
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var open = await Body(await s.Http.GetAsync("/v1/proposals/open"));
            Assert.Equal((n, "open"), (open.GetProperty("batch").GetInt64(), open.GetProperty("status").GetString()));
            Assert.Equal("proposed", (await SubmissionStatus(s, submission)).GetProperty("status").GetString());
        }

        // Batch 1: every venue approved, none signed yet: they are signing it.
        long first = await Submit(s, Submission(s, 1));
        await TestDeployment.Until(() => store.OpenProposal() is not null, TimeSpan.FromMinutes(1), "batch 1 proposed");
        var message = store.OpenProposal()!.Message;
        for (int v = 0; v < 3; v++) Assert.Equal(HttpStatusCode.Accepted, await Post(1, "approvals", v, Proposals.ApprovalMessage(message)));
        await StillOpenAfterTimeouts(1, first);
        for (int v = 0; v < 3; v++) Assert.Equal(v < 2 ? HttpStatusCode.Accepted : HttpStatusCode.OK, await Post(1, "signatures", v, message));
        Assert.Equal(2, store.BatchCount);

        // Batch 2: venue 0 signed without approvals (at its own risk): it may sign no other batch 2 on this root.
        long second = await Submit(s, Submission(s, 2));
        await TestDeployment.Until(() => store.OpenProposal() is not null, TimeSpan.FromMinutes(1), "batch 2 proposed");
        message = store.OpenProposal()!.Message;
        Assert.Equal(HttpStatusCode.Accepted, await Post(2, "signatures", 0, message));
        await StillOpenAfterTimeouts(2, second);
        Assert.Equal(HttpStatusCode.Accepted, await Post(2, "signatures", 1, message));
        Assert.Equal(HttpStatusCode.OK, await Post(2, "signatures", 2, message));
        Assert.Equal(3, store.BatchCount);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.GetAsync("/v1/proposals/open")).StatusCode);
    }

    [Fact]
    public async Task Approvals_are_verified_and_bind_nothing()
    {
        await using var s = await Start(provers: 0);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        await Submit(s, Submission(s, 1));
        await TestDeployment.Until(() => store.OpenProposal() is not null, TimeSpan.FromMinutes(1), "batch 1 proposed");
        var message = store.OpenProposal()!.Message;
        async Task<HttpStatusCode> Post(string what, int v, byte[] m) => (await s.Http.PostAsync($"/v1/proposals/1/{what}",
            Json($"{{\"venue\": {v}, \"signature\": \"0x{Convert.ToHexString(PopScheme.Sign(s.Keys.Venues[v], m).ToBytes())}\"}}"))).StatusCode;

        // An approval is not a signature over the digest message, nor the reverse.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post("approvals", 0, message));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post("signatures", 0, Proposals.ApprovalMessage(message)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Post("approvals", 1, Proposals.ApprovalMessage(message.Reverse().ToArray())));
        Assert.Equal(HttpStatusCode.Accepted, await Post("approvals", 0, Proposals.ApprovalMessage(message)));
        Assert.Equal(HttpStatusCode.NotFound, (await s.Http.PostAsync("/v1/proposals/7/approvals", Json("{\"venue\": 0, \"signature\": \"0x00\"}"))).StatusCode);
        var p = store.OpenProposal()!;
        Assert.Equal([0], p.Approved);
        Assert.Empty(p.Signatures);
        Assert.Equal(HttpStatusCode.Accepted, await Post("approvals", 0, Proposals.ApprovalMessage(message))); // a repeat
        Assert.Equal([0], store.OpenProposal()!.Approved);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsync("/v1/proposals/1/approvals", Json("{\"venue\": 0}"))).StatusCode);
        var openApi = await s.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/proposals/open", openApi);
        Assert.Contains("/v1/proposals/{n}/approvals", openApi);
    }

    [Fact]
    public async Task Refusals_are_verified_void_the_proposal_at_once_and_refuse_only_the_refusing_venues_submissions()
    {
        await using var s = await Start(provers: 0, proposalTimeout: TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        static string Sig(Server s, int v, byte[] m) => "0x" + Convert.ToHexString(PopScheme.Sign(s.Keys.Venues[v], m).ToBytes()).ToLowerInvariant();
        async Task<HttpResponseMessage> Refuse(long n, int v, byte[] signedOver, string reason) =>
            await s.Http.PostAsync($"/v1/proposals/{n}/refusals", Json(System.Text.Json.JsonSerializer.Serialize(new { venue = v, signature = Sig(s, v, signedOver), reason })));
        async Task<ProposalRecord> Proposed(Func<ProposalRecord, bool> which, string what)
        {
            await TestDeployment.Until(() => store.OpenProposal() is { } p && which(p), TimeSpan.FromMinutes(1), what);
            return store.OpenProposal()!;
        }

        long mine = await Submit(s, Submission(s, 1)); // venue 1's
        var p1 = await Proposed(_ => true, "batch 1 proposed");
        var message = p1.Message;
        const string why = "the service's batch digest is not the operations'";
        // Bad refusals change nothing: signed over another message (the approval, another reason), by another venue's key, malformed.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Refuse(1, 0, Proposals.ApprovalMessage(message), why)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Refuse(1, 0, Proposals.RefusalMessage(message, p1.CreatedAt, "another reason"), why)).StatusCode);
        var wrongKey = System.Text.Json.JsonSerializer.Serialize(new { venue = 2, signature = Sig(s, 0, Proposals.RefusalMessage(message, p1.CreatedAt, why)), reason = why });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await s.Http.PostAsync("/v1/proposals/1/refusals", Json(wrongKey))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Refuse(1, 0, Proposals.RefusalMessage(message, p1.CreatedAt, ""), "")).StatusCode);
        var tooLong = new string('x', Proposals.MaxRefusalReason + 1);
        Assert.Equal(HttpStatusCode.BadRequest, (await Refuse(1, 0, Proposals.RefusalMessage(message, p1.CreatedAt, tooLong), tooLong)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Http.PostAsync("/v1/proposals/1/refusals", Json("{\"venue\": 0, \"signature\": \"0x00\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Refuse(7, 0, Proposals.RefusalMessage(message, p1.CreatedAt, why), why)).StatusCode);
        Assert.Equal(ProposalStatus.Open, store.Proposal(1)!.Status);

        // Venue 0 refuses: void at once; venue 1's submission was not venue 0's, so it is proposed again.
        var refused = await Refuse(1, 0, Proposals.RefusalMessage(message, p1.CreatedAt, why), why);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var answer = await Body(refused);
        Assert.Equal("void", answer.GetProperty("status").GetString());
        Assert.StartsWith($"venue 0 refused the proposal of batch 1: {why}", answer.GetProperty("reason").GetString());
        var again = await Proposed(p => p.CreatedAt > p1.CreatedAt, "batch 1 proposed again");
        Assert.Equal([mine], again.Submissions);
        Assert.Equal(again.Digest, p1.Digest); // the same operations on the same root, proposed again
        // The refusal named the first proposal (its time): replayed, it does not void this one.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Refuse(1, 0, Proposals.RefusalMessage(message, p1.CreatedAt, why), why)).StatusCode);
        Assert.Equal(ProposalStatus.Open, store.Proposal(1)!.Status);

        // Once a venue signed, a refusal cannot abandon the proposal: that venue is bound to its digest.
        var sign = System.Text.Json.JsonSerializer.Serialize(new { venue = 0, signature = Sig(s, 0, again.Message) });
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/proposals/1/signatures", Json(sign))).StatusCode);
        var bound = await Refuse(1, 1, Proposals.RefusalMessage(again.Message, again.CreatedAt, why), why);
        Assert.Equal(HttpStatusCode.Conflict, bound.StatusCode);
        Assert.Contains("bound to its digest", await bound.Content.ReadAsStringAsync());
        Assert.Equal(ProposalStatus.Open, store.OpenProposal()!.Status);
        Assert.Equal("proposed", (await SubmissionStatus(s, mine)).GetProperty("status").GetString());
        var openApi = await s.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/proposals/{n}/refusals", openApi);
    }
}
