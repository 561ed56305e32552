using System.ComponentModel;
using System.Text.Json;
using Settlement.Prover.Service;
using Settlement.Verifier.Venue;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle venue follow &lt;url&gt; --venue v</c>: follows a prover service's bundle stream (<c>GET /v1/bundles</c>,
/// Server-Sent Events, docs/service.md) from the batch after venue v's last recorded one, checks each bundle as venue
/// v's contract would (as <c>settle verify</c>) and records each accepted root. Stops at the first rejection (exit 1:
/// nothing after it can be accepted), after <c>--count</c> bundles, or on Ctrl+C.
/// </summary>
internal sealed class VenueFollowCommand : SettleCommand<VenueFollowCommand.Settings>
{
    public sealed class Settings : SettleSettings
    {
        [CommandArgument(0, "<url>")]
        [Description("The prover service's address, e.g. http://127.0.0.1:5080")]
        public string Url { get; init; } = "";

        [CommandOption("-v|--venue <V>")]
        [Description("The venue that checks and records (required)")]
        public int? Venue { get; init; }

        [CommandOption("--count <N>")]
        [Description("Stop after checking N bundles (default: follow until Ctrl+C)")]
        public int? Count { get; init; }

        public override ValidationResult Validate()
        {
            if (Venue is null) return ValidationResult.Error("--venue is required: the venue whose verifier checks the bundles");
            if (Count is < 1) return ValidationResult.Error($"--count must be 1 or more, got {Count}");
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                return ValidationResult.Error($"<url> must be an http or https address, got '{Url}'");
            return ValidationResult.Success();
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
        if (!s.Json) AnsiConsole.MarkupLine($"venue {venue} ({Markup.Escape(svc.Config.Venues[venue].Name)}): following {Markup.Escape(url.ToString())}");

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

        int code = seen.All(c => c.Accepted) ? Accepted : Rejected;
        if (s.Json)
            return Json(code, new
            {
                venue, after,
                bundles = seen.Select(c => new { batch = c.Batch, accepted = c.Accepted, reason = c.Reason, message = c.Message, ms = Math.Round(c.Ms, 3) }),
            });
        return code;
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
