using System.Net;
using System.Text;
using System.Text.Json;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Service;

/// <summary>
/// One venue's client of the prover service's streaming flow (docs/service.md, "Co-signing"): it submits the venue's
/// signed ops, recording each in the venue's <see cref="VenueJournal"/> first, and co-signs proposals: it watches the
/// open proposal, checks it (<see cref="Proposals.Check"/>), approves it, and signs the batch digest it computed itself
/// once every venue has approved, recording the digest in its <see cref="SignLog"/> before the signature leaves.
/// </summary>
public sealed class VenueClient
{
    private readonly HttpClient _http;
    private readonly Uri _service;
    private readonly SettlementConfig _config;
    private readonly Fr _configHash;
    private readonly IReadOnlyList<PublicKey> _venueKeys;
    private readonly int _venue;
    private readonly SecretKey _key;
    private readonly VenueJournal _journal;
    private readonly SignLog _pins;
    private readonly IRootStore _accepted;
    private readonly Action<string> _log;
    // Decisions per proposal (batch, digest, createdAt): a proposal is checked once, and refused or signed once.
    private readonly Dictionary<string, byte[]> _approved = [];
    private readonly HashSet<string> _signed = [];
    /// <summary>Proposals this venue refused, with the reason while the service has not taken the refusal yet.</summary>
    private readonly Dictionary<string, string?> _refused = [];
    private string? _lastProblem;

    /// <summary>Venue <paramref name="venue"/> of deployment <paramref name="d"/>, with its journal, sign log and root store in <c>venues/</c>.</summary>
    public VenueClient(Deployment d, Uri service, int venue, SecretKey key, Action<string> log, HttpClient? http = null, string? journal = null)
    {
        _config = d.LoadConfig();
        if (venue < 0 || venue >= _config.V) throw new DeploymentException($"venue {venue}: the deployment has venues 0..{_config.V - 1}");
        _configHash = Commitments.ConfigHash(_config);
        _venueKeys = [.. _config.Venues.Select(v => PublicKey.FromBytes(v.PublicKey))];
        if (!RegisteredKey.Of(key).PublicKey.AsSpan().SequenceEqual(_config.Venues[venue].PublicKey))
            throw new DeploymentException($"the key given is not venue {venue}'s: config.json registers another public key for it");
        (_http, _service, _venue, _key, _log) = (http ?? new HttpClient(), service, venue, key, log);
        _journal = new VenueJournal(journal ?? d.VenueJournalPath(venue));
        _pins = new SignLog(d.VenueSignLogPath(venue));
        _accepted = new FileRootStore(d.VenueRootPath(venue));
    }

    /// <summary>The batches this client signed, in order.</summary>
    public List<long> Signed { get; } = [];

    /// <summary>Each refusal: the batch and why (naming the op at fault).</summary>
    public List<(long Batch, string Reason)> Refused { get; } = [];

    /// <summary>Signs <paramref name="ops"/> as this venue, records them in the journal, and posts them; returns the service's answer (202).</summary>
    public async Task<JsonElement> Submit(IReadOnlyList<Operation> ops, CancellationToken ct = default)
    {
        var s = Submissions.Sign(_key, _configHash, _venue, ops);
        _journal.Append(s);
        var (code, body) = await Send(HttpMethod.Post, "/v1/submissions", BatchFile.WriteSubmission(s), ct);
        if (code != HttpStatusCode.Accepted) throw new InvalidDataException($"POST /v1/submissions: {(int)code}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Co-signs until cancelled: one <see cref="Step"/> every <paramref name="poll"/>; a problem is logged (once) and the next step tries again.</summary>
    public async Task CoSign(TimeSpan poll, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Step(ct);
                _lastProblem = null;
            }
            // A service down or slow (an HTTP timeout is a TaskCanceledException), an answer that is not a proposal, a
            // journal line that does not check: nothing is signed, and the next step looks again.
            catch (Exception e) when (e is HttpRequestException or InvalidDataException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (e.Message != _lastProblem) _log($"co-signing: {e.Message}");
                _lastProblem = e.Message;
            }
            await Task.Delay(poll, ct);
        }
    }

    /// <summary>
    /// One look at the open proposal (<c>GET /v1/proposals/open</c>): check it, refuse it (logged, naming the op), or
    /// approve it; sign it once every venue has approved it, so that no venue binds itself to a digest another venue
    /// refuses (docs/service.md, "Approve, then sign").
    /// </summary>
    public async Task Step(CancellationToken ct = default)
    {
        var (code, body) = await Send(HttpMethod.Get, "/v1/proposals/open", null, ct);
        if (code == HttpStatusCode.NotFound) return;
        if (code != HttpStatusCode.OK) throw new InvalidDataException($"GET /v1/proposals/open: {(int)code}: {body}");
        var p = Proposal.Parse(body);
        // One decision per proposal: the same operations proposed again after a refusal are a new proposal to judge.
        string key = $"{p.Batch} {p.Digest} {p.CreatedAt.ToUnixTimeMilliseconds()}";
        if (_signed.Contains(key)) return;
        if (_refused.TryGetValue(key, out var unsent))
        {
            if (unsent is not null && p.Status == "open") await PostRefusal(p, key, unsent, ct);
            return;
        }
        if (!_approved.TryGetValue(key, out var message))
        {
            var verdict = Proposals.Check(_config, _configHash, _venue, p, _journal.Read(_config, _configHash, _venueKeys, _venue), _accepted.Load(), _pins);
            if (!verdict.Approved)
            {
                _refused[key] = verdict.Refusal;
                Refused.Add((p.Batch, verdict.Refusal!));
                _log($"batch {p.Batch}: REFUSED (not signed): {verdict.Refusal}");
                if (p.Status == "open") await PostRefusal(p, key, verdict.Refusal!, ct);
                return;
            }
            _approved[key] = message = verdict.Message!;
        }
        if (!p.Approved.Contains(_venue) && !p.Signed.Contains(_venue))
        {
            if (await Post(p.Batch, "approvals", Proposals.ApprovalMessage(message), ct)) _log($"batch {p.Batch}: approved (its ops check)");
            return;
        }
        if (Enumerable.Range(0, _config.V).Any(v => !p.Approved.Contains(v) && !p.Signed.Contains(v))) return;
        _pins.Record(p.Batch, p.OldRoot, p.Digest);
        if (!await Post(p.Batch, "signatures", message, ct)) return;
        _signed.Add(key);
        Signed.Add(p.Batch);
        _log($"batch {p.Batch}: SIGNED its digest 0x{p.Digest.ToHex()}");
    }

    /// <summary>
    /// Tells the service at once (<c>POST /v1/proposals/{n}/refusals</c>), so the proposal need not wait for its timeout:
    /// the refusal is signed over the proposal as served (its batch, old root, digest and time) with the reason. The service
    /// may answer that another venue signed already (409); the refusal stands in this venue's log either way. A post that
    /// fails (the service down) is tried again at the next step.
    /// </summary>
    private async Task PostRefusal(Proposal p, string key, string reason, CancellationToken ct)
    {
        if (reason.Length > Proposals.MaxRefusalReason) reason = reason[..Proposals.MaxRefusalReason];
        var message = Proposals.RefusalMessage(SignedMessages.BatchDigest(_configHash, (ulong)p.Batch, p.OldRoot, p.Digest), p.CreatedAt, reason);
        var json = JsonSerializer.Serialize(new { venue = _venue, signature = SignatureHex(message), reason });
        var (code, body) = await Send(HttpMethod.Post, $"/v1/proposals/{p.Batch}/refusals", json, ct);
        if (code is not (HttpStatusCode.OK or HttpStatusCode.Conflict or HttpStatusCode.NotFound))
            throw new InvalidDataException($"POST /v1/proposals/{p.Batch}/refusals: {(int)code}: {body}");
        _refused[key] = null;
        _log(code == HttpStatusCode.OK ? $"batch {p.Batch}: refusal taken, the proposal is void" : $"batch {p.Batch}: refusal not taken: {body}");
    }

    /// <summary>This venue's signature over <paramref name="message"/>, as the service's JSON bodies carry it.</summary>
    private string SignatureHex(byte[] message) => "0x" + Convert.ToHexStringLower(PopScheme.Sign(_key, message).ToBytes());

    /// <summary>Posts this venue's signature over <paramref name="message"/>; false when the proposal went void meanwhile (logged).</summary>
    private async Task<bool> Post(long batch, string what, byte[] message, CancellationToken ct)
    {
        var (code, body) = await Send(HttpMethod.Post, $"/v1/proposals/{batch}/{what}", $"{{\"venue\": {_venue}, \"signature\": \"{SignatureHex(message)}\"}}", ct);
        if (code is HttpStatusCode.OK or HttpStatusCode.Accepted) return true;
        if (code == HttpStatusCode.Conflict)
        {
            _log($"batch {batch}: the proposal is void, nothing posted: {body}");
            return false;
        }
        throw new InvalidDataException($"POST /v1/proposals/{batch}/{what}: {(int)code}: {body}");
    }

    private async Task<(HttpStatusCode Code, string Body)> Send(HttpMethod method, string path, string? json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_service, path));
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var r = await _http.SendAsync(request, ct);
        return (r.StatusCode, await r.Content.ReadAsStringAsync(ct));
    }
}
