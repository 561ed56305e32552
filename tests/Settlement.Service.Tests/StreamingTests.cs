using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Venue;

namespace Settlement.Service.Tests;

/// <summary>
/// The streaming flow over HTTP (the embedded service on 127.0.0.1): venues submit signed ops, the sequencer cuts and
/// proposes batches, every venue co-signs the batch digest, and the bundles are published with those signatures.
/// </summary>
public class StreamingTests
{
    internal sealed class Server : IAsyncDisposable
    {
        public required WebApplication App { get; init; }
        public required HttpClient Http { get; init; }
        public required Deployment D { get; init; }
        public required DevKeys Keys { get; init; }
        public required Verifier.Bls12381.Fr ConfigHash { get; init; }
        public async ValueTask DisposeAsync() { Http.Dispose(); await App.StopAsync(); await App.DisposeAsync(); }
    }

    internal static async Task<Server> Start(int maxOps = 1, TimeSpan? window = null, int provers = 1, TimeSpan? proposalTimeout = null)
    {
        var d = TestDeployment.Fresh(maxOps);
        var app = SettlementHost.Build(new ServiceOptions
        {
            DataDir = d.Root, Urls = "http://127.0.0.1:0", SiloPort = TestDeployment.FreePort(), GatewayPort = TestDeployment.FreePort(),
            Provers = provers, Threads = 1, Poll = TimeSpan.FromMilliseconds(100), MaxBodyBytes = 64 * 1024, ClusterId = "stream-" + Guid.NewGuid().ToString("N"),
            BatchWindow = window ?? TimeSpan.FromMilliseconds(200), ProposalTimeout = proposalTimeout ?? TimeSpan.FromMinutes(5),
        });
        await app.StartAsync();
        return new Server
        {
            App = app, D = d, Keys = d.LoadDevKeys(), ConfigHash = Commitments.ConfigHash(d.LoadConfig()),
            Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromMinutes(10) },
        };
    }

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
    internal static async Task<JsonElement> Body(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The deposit of <see cref="TestDeployment.Ops"/>'s batch k, as its venue's signed submission.</summary>
    internal static string Submission(Server s, int k)
    {
        var deposit = (Deposit)TestDeployment.Ops(s.D, k).Last();
        return BatchFile.WriteSubmission(Submissions.Sign(s.Keys.Venues[deposit.Venue], s.ConfigHash, deposit.Venue, [deposit]));
    }

    internal static async Task<long> Submit(Server s, string body)
    {
        var r = await s.Http.PostAsync("/v1/submissions", Json(body));
        Assert.True(r.StatusCode == HttpStatusCode.Accepted, await r.Content.ReadAsStringAsync());
        return (await Body(r)).GetProperty("submission").GetInt64();
    }

    /// <summary>Waits for the proposal of batch n, then signs its message as every venue; returns its operations.</summary>
    private static async Task<JsonElement> CoSign(Server s, long n)
    {
        JsonElement p = default;
        await TestDeployment.Until(async () =>
        {
            var r = await s.Http.GetAsync($"/v1/proposals/{n}");
            if (r.StatusCode == HttpStatusCode.NotFound) return false;
            p = await Body(r);
            return true;
        }, TimeSpan.FromMinutes(1), $"proposal {n}");
        Assert.Equal("open", p.GetProperty("status").GetString());
        var message = Convert.FromHexString(p.GetProperty("message").GetString()![2..]);
        for (int v = 0; v < s.Keys.Venues.Length; v++)
        {
            var sig = "0x" + Convert.ToHexString(PopScheme.Sign(s.Keys.Venues[v], message).ToBytes());
            var r = await s.Http.PostAsync($"/v1/proposals/{n}/signatures", Json($"{{\"venue\": {v}, \"signature\": \"{sig}\"}}"));
            bool last = v == s.Keys.Venues.Length - 1;
            Assert.True(r.StatusCode == (last ? HttpStatusCode.OK : HttpStatusCode.Accepted), await r.Content.ReadAsStringAsync());
            Assert.Equal(last ? "sequenced" : "open", (await Body(r)).GetProperty("status").GetString());
        }
        return p.GetProperty("operations");
    }

    internal static async Task<JsonElement> SubmissionStatus(Server s, long id) => await Body(await s.Http.GetAsync($"/v1/submissions/{id}"));

    /// <summary>Every published bundle, accepted in order by venue <paramref name="venue"/>'s verifier from genesis.</summary>
    internal static void AcceptAll(Server s, long count, int venue)
    {
        using var svc = new SettlementService(s.D);
        var verifier = new VenueVerifier(svc.Trust, venue, new MemoryRootStore());
        for (long n = 0; n < count; n++)
        {
            var verdict = verifier.Accept(svc.Store.Batch(n)!.Bundle);
            Assert.True(verdict.Accepted, $"batch {n}: {verdict.Message}");
        }
    }

    [Fact]
    public async Task Venues_submit_ops_co_sign_the_proposals_and_the_bundles_are_published_and_accepted()
    {
        await using var s = await Start();
        // Batch 0 brings the prices and risk parameters (a complete batch: ticks are not venues' ops).
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);

        for (int k = 1; k <= 2; k++)
        {
            var body = Submission(s, k);
            long id = await Submit(s, body);
            Assert.Equal(id, await Submit(s, body)); // a repeat: the same submission
            var ops = await CoSign(s, k);
            Assert.Equal(BatchFile.Write([TestDeployment.Ops(s.D, k).Last()]), BatchFile.Write(BatchFile.Parse(Encoding.UTF8.GetBytes($"{{\"operations\": {ops}}}"))));
            var status = await SubmissionStatus(s, id);
            Assert.Equal(("sequenced", (long)k), (status.GetProperty("status").GetString(), status.GetProperty("batch").GetInt64()));
            Assert.Equal(id, await Submit(s, body)); // a repeat after sequencing: the same submission, not a new batch
        }

        using var store = new SqliteSettlementStore(s.D.StorePath);
        await TestDeployment.Until(() => store.PublishedCount == 3, TestDeployment.Patience, "3 batches published");
        Assert.Equal(3, store.BatchCount);
        AcceptAll(s, 3, venue: 1);
        // The venues' own signatures are in the bundle (the dev keys sign deterministically, so compare with the message).
        var bundle = SettlementBundle.FromBytes(store.Batch(2)!.Bundle);
        var message = SignedMessages.BatchDigest(bundle.Statement);
        for (int v = 0; v < s.Keys.Venues.Length; v++) Assert.Equal(PopScheme.Sign(s.Keys.Venues[v], message).ToBytes(), bundle.VenueSignatures[v]);
    }

    [Fact]
    public async Task Submissions_posted_together_are_stored_together_and_a_forged_one_among_them_is_refused_alone()
    {
        await using var s = await Start(provers: 0);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        var deposit = (Deposit)TestDeployment.Ops(s.D, 1).Last();
        // 24 distinct deposits of venue 1, every fifth signed by venue 2's key (well-formed, does not verify).
        var bodies = Enumerable.Range(0, 24).Select(i =>
        {
            var op = deposit with { DepositId = deposit.DepositId + i, Amount = deposit.Amount + i };
            return (Forged: i % 5 == 3, Body: BatchFile.WriteSubmission(Submissions.Sign(s.Keys.Venues[i % 5 == 3 ? 2 : 1], s.ConfigHash, 1, [op])));
        }).ToArray();
        var answers = await Task.WhenAll(bodies.Select(async b =>
        {
            var r = await s.Http.PostAsync("/v1/submissions", Json(b.Body));
            return (b.Forged, r.StatusCode, Body: await Body(r));
        }));
        foreach (var (forged, code, body) in answers)
        {
            Assert.Equal(forged ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Accepted, code);
            if (forged) Assert.Equal("$.signature", body.GetProperty("field").GetString());
        }
        // Every accepted one is stored once, under the id it was answered with, and nothing else is.
        var ids = answers.Where(a => !a.Forged).Select(a => a.Body.GetProperty("submission").GetInt64()).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (long id in ids) Assert.NotNull(store.Submission(id));
        Assert.Null(store.Submission(ids.Max() + 1));
        Assert.Equal(ids.Length, Enumerable.Range(1, (int)ids.Max()).Count(i => store.Submission(i) is not null));
    }

    [Fact]
    public async Task Bad_submissions_and_bad_signatures_get_a_4xx_naming_the_field_and_change_nothing()
    {
        await using var s = await Start(provers: 0);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        var good = Submission(s, 1); // venue 1's deposit
        var deposit = (Deposit)TestDeployment.Ops(s.D, 1).Last();

        async Task Refused(string body, HttpStatusCode code, string field)
        {
            var r = await s.Http.PostAsync("/v1/submissions", Json(body));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == code, $"{r.StatusCode}: {text}");
            Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
        }
        await Refused("{\"venue\": 1, \"operations\": [", HttpStatusCode.BadRequest, "$"); // truncated: a syntax error, at its line
        await Refused(good.Replace("\"venue\": 1,", "\"venue\": \"one\","), HttpStatusCode.BadRequest, "$.venue");
        await Refused(good.Replace("\"signature\"", "\"signatur\""), HttpStatusCode.BadRequest, "$.signatur");
        await Refused(good.Replace("\"venue\": 1,", "\"venue\": 7,"), HttpStatusCode.BadRequest, "$.venue");
        // Venue 1's deposit submitted (and signed) by venue 0: not venue 0's op.
        await Refused(BatchFile.WriteSubmission(Submissions.Sign(s.Keys.Venues[0], s.ConfigHash, 0, [deposit])), HttpStatusCode.BadRequest, "$.operations[0]");
        // A price tick is not a venue's op.
        await Refused(BatchFile.WriteSubmission(new Submission(1, [TestDeployment.Ops(s.D, 0)[0]], new byte[96])),
            HttpStatusCode.BadRequest, "$.operations[0].op");
        // More ops than a batch holds (MaxOps 1).
        await Refused(BatchFile.WriteSubmission(Submissions.Sign(s.Keys.Venues[1], s.ConfigHash, 1, [deposit, deposit with { Nonce = 1 }])),
            HttpStatusCode.BadRequest, "$.operations");
        await Refused(BatchFile.WriteSubmission(new Submission(1, [], new byte[96])), HttpStatusCode.BadRequest, "$.operations");
        // Signatures: not hex, not a point, another venue's key, another amount than signed.
        var signed = Submissions.Sign(s.Keys.Venues[1], s.ConfigHash, 1, [deposit]);
        await Refused(BatchFile.WriteSubmission(signed).Replace("\"signature\": \"0x", "\"signature\": \"0xzz"), HttpStatusCode.BadRequest, "$.signature");
        await Refused(BatchFile.WriteSubmission(signed with { Signature = signed.Signature[..48] }), HttpStatusCode.BadRequest, "$.signature");
        await Refused(BatchFile.WriteSubmission(Submissions.Sign(s.Keys.Venues[2], s.ConfigHash, 1, [deposit])), HttpStatusCode.UnprocessableEntity, "$.signature");
        await Refused(BatchFile.WriteSubmission(signed with { Operations = [deposit with { Amount = deposit.Amount + 1 }] }), HttpStatusCode.UnprocessableEntity, "$.signature");
        // On a connection of its own: the server closes the one whose body it did not read.
        using (var once = new HttpClient { BaseAddress = s.Http.BaseAddress })
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await once.PostAsync("/v1/submissions", Json(new string(' ', 100_000) + good))).StatusCode);
        Assert.Empty(store.PendingSubmissions(10));
        Assert.Null(store.Submission(1));
        Assert.Null(store.OpenProposal());

        // A good submission, proposed as batch 1; bad signatures on the proposal change nothing.
        long id = await Submit(s, good);
        await TestDeployment.Until(() => store.OpenProposal() is not null, TimeSpan.FromMinutes(1), "batch 1 proposed");
        var message = store.OpenProposal()!.Message;
        async Task BadSignature(long n, string body, HttpStatusCode code, string? field)
        {
            var r = await s.Http.PostAsync($"/v1/proposals/{n}/signatures", Json(body));
            var text = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == code, $"{r.StatusCode}: {text}");
            if (field is not null) Assert.Equal(field, JsonDocument.Parse(text).RootElement.GetProperty("field").GetString());
        }
        string Sig(int v, byte[] m) => "0x" + Convert.ToHexString(PopScheme.Sign(s.Keys.Venues[v], m).ToBytes());
        await BadSignature(1, $"{{\"venue\": 0, \"signature\": \"{Sig(1, message)}\"}}", HttpStatusCode.UnprocessableEntity, "$.signature");
        var other = (byte[])message.Clone();
        other[^1] ^= 1;
        await BadSignature(1, $"{{\"venue\": 0, \"signature\": \"{Sig(0, other)}\"}}", HttpStatusCode.UnprocessableEntity, "$.signature");
        await BadSignature(1, $"{{\"venue\": 9, \"signature\": \"{Sig(0, message)}\"}}", HttpStatusCode.BadRequest, "$.venue");
        await BadSignature(1, "{\"venue\": 0, \"signature\": \"0x00\"}", HttpStatusCode.BadRequest, "$.signature");
        await BadSignature(1, "{\"venue\": 0}", HttpStatusCode.BadRequest, null);
        await BadSignature(2, $"{{\"venue\": 0, \"signature\": \"{Sig(0, message)}\"}}", HttpStatusCode.NotFound, null);
        var p = store.OpenProposal()!;
        Assert.Equal((1L, 0), (p.Batch, p.Signatures.Count));
        Assert.Equal([id], p.Submissions);
        Assert.Equal(1, store.BatchCount);
        Assert.Equal("proposed", (await SubmissionStatus(s, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Duplicate_and_concurrent_submissions_put_every_accepted_op_in_exactly_one_bundle()
    {
        await using var s = await Start();
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        // Three deposits on three venues (independent of their order), each sent three times at once.
        var bodies = Enumerable.Range(1, 3).Select(k => Submission(s, k)).ToArray();
        var ids = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => Task.Run(() => Submit(s, bodies[i % 3]))));
        for (int k = 0; k < 3; k++) Assert.Single(ids.Where((_, i) => i % 3 == k).Distinct());
        Assert.Equal(3, ids.Distinct().Count());

        for (long n = 1; n <= 3; n++) await CoSign(s, n);
        using var store = new SqliteSettlementStore(s.D.StorePath);
        await TestDeployment.Until(() => store.PublishedCount == 4, TestDeployment.Patience, "4 batches published");
        Assert.Equal(4, store.BatchCount);
        Assert.Null(store.OpenProposal());
        // Each op in exactly one batch (one op per batch here), the batch its submission names.
        var batches = new HashSet<long>();
        for (int k = 1; k <= 3; k++)
        {
            var n = store.IndexOfOperations(BatchFile.Write([TestDeployment.Ops(s.D, k).Last()]));
            Assert.NotNull(n);
            Assert.True(batches.Add(n.Value));
            var status = await SubmissionStatus(s, ids[k - 1]);
            Assert.Equal(("sequenced", n.Value), (status.GetProperty("status").GetString(), status.GetProperty("batch").GetInt64()));
        }
        Assert.Equal([1L, 2L, 3L], batches.Order());
        AcceptAll(s, 4, venue: 0);
    }

    [Fact]
    public async Task The_sequencer_cuts_a_batch_at_max_ops_at_once_and_a_smaller_one_after_the_window()
    {
        var window = TimeSpan.FromSeconds(3);
        await using var s = await Start(maxOps: 2, window: window, provers: 0);
        Assert.Equal(HttpStatusCode.Accepted, (await s.Http.PostAsync("/v1/batches", Json(TestDeployment.Batch(s.D, 0)))).StatusCode);
        using var store = new SqliteSettlementStore(s.D.StorePath);

        // Two ops fill a batch: proposed without waiting for the window.
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Submit(s, Submission(s, 1));
        await Submit(s, Submission(s, 2));
        await TestDeployment.Until(() => store.OpenProposal() is not null, window, "a full batch proposed before the window ended");
        Assert.Equal(2, BatchFile.Parse(Encoding.UTF8.GetBytes(store.OpenProposal()!.OperationsJson)).Count);
        await CoSign(s, 1);
        Assert.Equal(2, store.BatchCount);

        // One op: proposed only once it has waited the window.
        sw.Restart();
        long id = await Submit(s, Submission(s, 3));
        await TestDeployment.Until(() => store.OpenProposal() is not null, TimeSpan.FromMinutes(1), "a one-op batch proposed after the window");
        Assert.True(sw.Elapsed >= window - TimeSpan.FromMilliseconds(50), $"proposed after {sw.Elapsed.TotalMilliseconds:F0} ms, before the {window.TotalSeconds} s window");
        Assert.Equal([id], store.OpenProposal()!.Submissions);
    }
}
