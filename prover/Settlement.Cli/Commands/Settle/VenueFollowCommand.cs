using System.ComponentModel;
using System.Text.Json;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Venue;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>Options of a command run by one venue against the prover service, with the venue's own key.</summary>
internal class VenueSettings : SettleSettings
{
    [CommandArgument(0, "<url>")]
    [Description("The prover service's address, e.g. http://127.0.0.1:5080")]
    public string Url { get; init; } = "";

    [CommandOption("-v|--venue <V>")]
    [Description("The venue (required)")]
    public int? Venue { get; init; }

    [CommandOption("--key <FILE>")]
    [Description("The venue's secret key: a file with its 32 bytes as hex")]
    public string? Key { get; init; }

    [CommandOption("--dev")]
    [Description("Use the venue's SAMPLE key from the deployment's INSECURE dev-keys file (sample deployments only)")]
    public bool Dev { get; init; }

    [CommandOption("--submitted <FILE>")]
    [Description("The venue's journal of its submissions (default: venues/venue-<v>.submitted.jsonl in the deployment)")]
    public string? Submitted { get; init; }

    public override ValidationResult Validate()
    {
        if (Venue is null) return ValidationResult.Error("--venue is required");
        if (Key is not null && Dev) return ValidationResult.Error("give at most one of --key <file> and --dev");
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
            return ValidationResult.Error($"<url> must be an http or https address, got '{Url}'");
        return ValidationResult.Success();
    }

    public bool HasKey => Key is not null || Dev;

    /// <summary>The venue's client with its key, journal and sign log (<see cref="VenueClient"/>).</summary>
    public VenueClient Client(Deployment d, Action<string> log)
    {
        SecretKey key;
        if (Key is not null) key = CommitteeFiles.ReadSecretKey(Key);
        else
        {
            var keys = d.LoadDevKeys().Venues;
            if (Venue < 0 || Venue >= keys.Length) throw new DeploymentException($"--venue {Venue}: the dev-keys file has venues 0..{keys.Length - 1}");
            key = keys[Venue!.Value];
        }
        return new VenueClient(d, new Uri(Url), Venue!.Value, key, log, new HttpClient { Timeout = TimeSpan.FromSeconds(30) }, Submitted);
    }
}

/// <summary>
/// <c>settle venue follow &lt;url&gt; --venue v</c>: follows a prover service's bundle stream (<c>GET /v1/bundles</c>,
/// Server-Sent Events, docs/service.md) from the batch after venue v's last recorded one, checks each bundle as venue
/// v's contract would (as <c>settle verify</c>) and records each accepted root. Stops at the first rejection (exit 1:
/// nothing after it can be accepted), after <c>--count</c> bundles, or on Ctrl+C. With the venue's key it also
/// co-signs the proposals that hold exactly the ops in the venue's journal (<see cref="VenueClient"/>).
/// </summary>
internal sealed class VenueFollowCommand : SettleCommand<VenueFollowCommand.Settings>
{
    public sealed class Settings : VenueSettings
    {

        [CommandOption("--count <N>")]
        [Description("Stop after checking N bundles (default: follow until Ctrl+C)")]
        public int? Count { get; init; }

        [CommandOption("--poll <MS>")]
        [Description("With --key or --dev: how often to look for the open proposal, in milliseconds (default 200)")]
        public int PollMs { get; init; } = 200;

        public override ValidationResult Validate()
        {
            if (Count is < 1) return ValidationResult.Error($"--count must be 1 or more, got {Count}");
            if (PollMs < 1) return ValidationResult.Error($"--poll must be at least 1 ms, got {PollMs}");
            return base.Validate();
        }
    }

    protected override string? CommandName => "venue follow";

    private sealed record Checked(long Batch, bool Accepted, string? Reason, string Message, double Ms);

    protected override int Run(Settings s)
    {
        using var svc = new SettlementService(new Deployment(s.Data));
        int venue = s.Venue!.Value;
        if (venue < 0 || venue >= svc.Config.V) throw new DeploymentException($"--venue {venue}: the deployment has venues 0..{svc.Config.V - 1}");
        // Resume after the venue's last recorded batch: a follower that restarts checks nothing twice.
        long after = new FileRootStore(svc.Deployment.VenueRootPath(venue)).Load().Last is { } last ? (long)last.BatchIndex : -1;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var url = new Uri(new Uri(s.Url), $"/v1/bundles?after={after}");
        if (!s.Json) AnsiConsole.MarkupLine($"venue {venue} ({Markup.Escape(svc.Config.Venues[venue].Name)}): following {Markup.Escape(url.ToString())}" +
                                            (s.HasKey ? ", co-signing proposals" : ""));

        // Co-signing runs beside the stream: the bundles of the batches it signs arrive on it.
        var cosigner = s.HasKey ? s.Client(svc.Deployment, line => Log(s, line)) : null;
        using var cosigning = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var cosign = cosigner is null ? Task.CompletedTask : Task.Run(() => cosigner.CoSign(TimeSpan.FromMilliseconds(s.PollMs), cosigning.Token));

        var seen = new List<Checked>();
        try
        {
            using var response = http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
                throw new InvalidDataException($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
            using var reader = new StreamReader(response.Content.ReadAsStream(stop.Token));
            while (s.Count is not { } n || seen.Count < n)
            {
                var line = reader.ReadLineAsync(stop.Token).AsTask().GetAwaiter().GetResult()
                    ?? throw new InvalidDataException($"{url}: the service ended the stream after {seen.Count} bundle(s)");
                if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                var (batch, bytes) = Event(line[6..], url);
                var r = svc.Verify(bytes, venue, record: true);
                var c = new Checked(batch, r.Verdict.Accepted, r.Verdict.Reason?.ToString(), r.Verdict.Message, r.Elapsed.TotalMilliseconds);
                seen.Add(c);
                if (!s.Json)
                    AnsiConsole.MarkupLine($"batch {c.Batch}: " + (c.Accepted ? "[green]ACCEPTED[/]" : $"[red]REJECTED[/] [bold]{c.Reason}[/]") +
                                           $" in {c.Ms:F0} ms — {Markup.Escape(c.Message)}");
                if (!c.Accepted) break;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { } // Ctrl+C: what was checked is recorded
        catch (HttpRequestException e) { throw new InvalidDataException($"{url}: {e.Message}"); }
        finally
        {
            cosigning.Cancel();
            try { cosign.GetAwaiter().GetResult(); }
            catch (OperationCanceledException) { }
        }

        int code = seen.All(c => c.Accepted) ? Accepted : Rejected;
        if (s.Json)
            return Json(code, new
            {
                venue, after,
                bundles = seen.Select(c => new { batch = c.Batch, accepted = c.Accepted, reason = c.Reason, message = c.Message, ms = Math.Round(c.Ms, 3) }),
                signed = cosigner?.Signed,
                refused = cosigner?.Refused.Select(r => new { batch = r.Batch, reason = r.Reason }),
            });
        return code;
    }

    /// <summary>A co-signing line: on the console with the verdicts, or on stderr when stdout carries the JSON.</summary>
    private static void Log(Settings s, string line)
    {
        if (s.Json) Console.Error.WriteLine($"venue {s.Venue}: {line}");
        else AnsiConsole.MarkupLine($"venue {s.Venue}: {Markup.Escape(line)}");
    }

    /// <summary>One <c>data:</c> line of the stream: <c>{"batch": n, "bundle": "&lt;base64&gt;"}</c>.</summary>
    private static (long Batch, byte[] Bundle) Event(string data, Uri url)
    {
        try
        {
            var e = JsonDocument.Parse(data).RootElement;
            return (e.GetProperty("batch").GetInt64(), Convert.FromBase64String(e.GetProperty("bundle").GetString() ?? ""));
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{url}: an event that is not {{\"batch\": n, \"bundle\": base64}}: {x.Message}");
        }
    }
}

/// <summary>
/// <c>settle venue submit &lt;url&gt; &lt;ops.json&gt; --venue v</c>: signs the venue's account ops (a batch file's
/// <c>operations</c>), records the submission in the venue's journal and posts it to <c>POST /v1/submissions</c>.
/// The journal is what <c>settle venue follow</c> co-signs against.
/// </summary>
internal sealed class VenueSubmitCommand : SettleCommand<VenueSubmitCommand.Settings>
{
    public sealed class Settings : VenueSettings
    {
        [CommandArgument(1, "<ops.json>")]
        [Description("The venue's account ops, in the batch-file form {\"operations\": [[...]]}")]
        public string Ops { get; init; } = "";

        public override ValidationResult Validate() =>
            !HasKey ? ValidationResult.Error("give the venue's key: --key <file> or --dev") : base.Validate();
    }

    protected override string? CommandName => "venue submit";

    protected override int Run(Settings s)
    {
        var d = new Deployment(s.Data);
        IReadOnlyList<Operation> ops = BatchFile.Read(s.Ops);
        var client = s.Client(d, _ => { });
        JsonElement answer;
        try { answer = client.Submit(ops).GetAwaiter().GetResult(); }
        catch (HttpRequestException e) { throw new InvalidDataException($"{s.Url}: {e.Message}"); }
        if (s.Json) return Json(Accepted, answer);
        AnsiConsole.MarkupLine($"venue {s.Venue}: submission [bold]{answer.GetProperty("submission").GetInt64()}[/] ({ops.Count} op(s)) " +
                               $"{Markup.Escape(answer.GetProperty("status").GetString() ?? "")}, recorded in the venue's journal");
        return Accepted;
    }
}
