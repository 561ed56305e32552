using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Verifier.Bundles;

namespace Settlement.Service.Http;

/// <summary>The HTTP API (docs/service.md, "HTTP API"): batches in, statuses and bundles out.</summary>
public static class ServiceApi
{
    /// <summary>An error body: what is wrong, and the field (JSON path) or rule when there is one.</summary>
    public sealed record ApiError(string Error, string? Field = null);

    /// <summary>The answer to a submission: the batch index and its status.</summary>
    public sealed record Accepted(long Batch, string Status);

    /// <summary>A refused batch (422): the engine's rule, the op index and kind, the account.</summary>
    public sealed record Refused(string Error, string Reason, int OpIndex, string OpKind, ulong? Account);

    /// <summary>A batch's status.</summary>
    public sealed record BatchStatus(long Batch, string Status, double Progress, string? Prover, int Attempts, string? Reason, DateTimeOffset QueuedAt,
        DateTimeOffset? StartedAt, DateTimeOffset? ProvedAt, DateTimeOffset? PublishedAt, long? ProveMs);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/batches", SubmitBatch).WithName("SubmitBatch")
            .WithSummary("Submit a complete signed batch (docs/batch-format.md); 202 with its index, 422 when the engine refuses it")
            .Produces<Accepted>(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status409Conflict).Produces<ApiError>(StatusCodes.Status413PayloadTooLarge).Produces<Refused>(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/v1/batches/{n:long}", GetBatch).WithName("GetBatch")
            .WithSummary("A batch's status: queued, proving, proved, published or failed")
            .Produces<BatchStatus>().Produces<ApiError>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/bundles/{n:long}", GetBundle).WithName("GetBundle")
            .WithSummary("A published bundle: binary (application/octet-stream), or ?format=json; 404 until published")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").Produces<ApiError>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/bundles", FollowBundles).WithName("FollowBundles")
            .WithSummary("Server-Sent Events: every bundle published after batch 'after' (default: from batch 0), then each new one");
        StreamingApi.Map(app);
        app.MapGet("/health", Health).WithName("Health").WithSummary("Liveness, the active silos and the queue's counts");
    }

    private static async Task<IResult> SubmitBatch(HttpContext http, IGrainFactory grains, ProverNode node)
    {
        if (await Body(http, node) is not { } body) return TooLarge(node);
        IReadOnlyList<Prover.Engine.Operation> ops;
        try { ops = BatchFile.Parse(body, "body"); }
        catch (JsonInputException e) { return Results.BadRequest(new ApiError(e.Message, e.Path)); }
        var r = await grains.GetGrain<ISequencerGrain>(0).Submit(BatchFile.Write(ops));
        if (r.Conflict is { } conflict)
            return Results.Conflict(new ApiError($"{conflict}; submit the batch again"));
        if (r.Rejected is { } x)
            return Results.UnprocessableEntity(new Refused(x.Message, x.Reason, x.OpIndex, x.OpKind, x.Account));
        return Results.Json(new Accepted(r.Batch!.Value, r.Status), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The request's body, or null when it is over <see cref="ServiceOptions.MaxBodyBytes"/> (announced or not).</summary>
    internal static async Task<byte[]?> Body(HttpContext http, ProverNode node)
    {
        long limit = node.Options.MaxBodyBytes;
        if (http.Request.ContentLength > limit) return null;
        try { return await ReadBody(http.Request, limit); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return null; }
    }

    internal static IResult TooLarge(ProverNode node) =>
        Results.Json(new ApiError($"the body is larger than the limit of {node.Options.MaxBodyBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>Reads the body, refusing it past <paramref name="limit"/> bytes even when no Content-Length was sent.</summary>
    private static async Task<byte[]> ReadBody(HttpRequest request, long limit)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f) f.MaxRequestBodySize = limit;
        using var ms = new MemoryStream();
        var buffer = new byte[16384];
        int n;
        while ((n = await request.Body.ReadAsync(buffer)) > 0)
        {
            if (ms.Length + n > limit) throw new BadHttpRequestException("body too large", StatusCodes.Status413PayloadTooLarge);
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    private static IResult GetBatch(long n, ProverNode node) =>
        node.Store.Job(n) is { } j
            ? Results.Ok(new BatchStatus(j.BatchIndex, SequencerGrain.Status(j.Status), j.Progress, j.Owner, j.Attempts, j.Reason, j.QueuedAt, j.StartedAt, j.ProvedAt, j.PublishedAt, j.ProveMilliseconds))
            : Results.NotFound(new ApiError($"batch {n} does not exist ({node.Store.BatchCount} batches sequenced)"));

    private static IResult GetBundle(long n, string? format, ProverNode node)
    {
        if (format is not (null or "binary" or "json")) return Results.BadRequest(new ApiError($"format '{format}' is not 'binary' or 'json'", "format"));
        if (node.Store.Job(n) is not { Status: JobStatus.Published })
            return Results.NotFound(new ApiError(node.Store.Job(n) is { } j ? $"batch {n} is {SequencerGrain.Status(j.Status)}, not published yet" : $"batch {n} does not exist"));
        var bytes = node.Store.Batch(n)!.Bundle;
        return format == "json"
            ? Results.Text(SettlementBundle.FromBytes(bytes).ToJson(), "application/json")
            : Results.File(bytes, "application/octet-stream", $"batch-{n}.stlb");
    }

    /// <summary>
    /// One event per published bundle, in order: <c>id: n</c>, <c>event: bundle</c>, and <c>data: {"batch": n, "bundle":
    /// "&lt;base64 of the binary bundle&gt;"}</c>. New bundles are found by polling the store, so any silo can serve it;
    /// a bundle this silo publishes wakes the poll at once.
    /// </summary>
    private static async Task FollowBundles(HttpContext http, ProverNode node, long? after)
    {
        if (after is < -1) { http.Response.StatusCode = StatusCodes.Status400BadRequest; await http.Response.WriteAsJsonAsync(new ApiError("after must be -1 or more", "after")); return; }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        long next = (after ?? -1) + 1;
        var ct = http.RequestAborted;
        try
        {
            await http.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var published = node.BundlePublished.Ticket;
                if (next < node.Store.PublishedCount && node.Store.Batch(next) is { } b)
                {
                    var data = JsonSerializer.Serialize(new { batch = next, bundle = Convert.ToBase64String(b.Bundle) });
                    await http.Response.WriteAsync($"id: {next}\nevent: bundle\ndata: {data}\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    next++;
                    continue;
                }
                await Wake.Wait(published, node.Options.Poll, ct);
            }
        }
        catch (OperationCanceledException) { } // the client went away
    }

    private static async Task<IResult> Health(ProverNode node, IGrainFactory grains)
    {
        int silos = (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
        var c = node.Store.JobCounts();
        var failed = c[JobStatus.Failed];
        return Results.Ok(new
        {
            status = failed > 0 ? "degraded" : "ok",
            silos,
            batches = node.Store.BatchCount,
            published = c[JobStatus.Published],
            queued = c[JobStatus.Queued],
            proving = c[JobStatus.Proving],
            proved = c[JobStatus.Proved],
            failed,
        });
    }
}
