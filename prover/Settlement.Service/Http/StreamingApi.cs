using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Service.Grains;
using Settlement.Verifier.Bls;
using static Settlement.Service.Http.ServiceApi;

namespace Settlement.Service.Http;

/// <summary>
/// The streaming flow's endpoints (docs/service.md, "Streaming"): venues submit signed ops, fetch the sequencer's
/// proposal of a batch and co-sign its digest.
/// </summary>
public static class StreamingApi
{
    /// <summary>A stored submission: its id, venue, status, the batch it is proposed or sequenced in, the engine's reason when rejected.</summary>
    public sealed record SubmissionStatusBody(long Submission, int Venue, string Status, long? Batch, string? Reason, DateTimeOffset ReceivedAt);

    /// <summary>
    /// A proposal: the batch digest and the exact message every venue signs (docs/spec.md §6), on top of
    /// <c>oldRoot</c>; the operations (docs/batch-format.md form) for a venue to check its own; who approved and who
    /// signed so far; when it was proposed (the proposal timeout runs from then).
    /// </summary>
    public sealed record ProposalBody(long Batch, string Status, string OldRoot, string BatchDigest, string Message, JsonElement Operations,
        IReadOnlyList<long> Submissions, IReadOnlyList<int> Signed, int Venues, string? Reason, IReadOnlyList<int> Approved, DateTimeOffset CreatedAt);

    /// <summary>The answer to a signature: the proposal's status and how many of the venues have signed.</summary>
    public sealed record SignatureAnswer(long Batch, string Status, int Signatures, int Venues);

    /// <summary>The answer to an approval: the proposal's status and how many of the venues have approved.</summary>
    public sealed record ApprovalAnswer(long Batch, string Status, int Approvals, int Venues);

    /// <summary>The answer to a refusal that took effect: the proposal is void, and why.</summary>
    public sealed record RefusalAnswer(long Batch, string Status, string Reason);

    /// <summary>The body of <c>POST /v1/proposals/{n}/signatures</c> and <c>…/approvals</c>.</summary>
    private sealed record SignatureDto(int Venue, string Signature);

    /// <summary>The body of <c>POST /v1/proposals/{n}/refusals</c>: the signature is over the refusal message with this reason.</summary>
    private sealed record RefusalDto(int Venue, string Signature, string Reason);

    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/submissions", Submit).WithName("Submit")
            .WithSummary("A venue's signed ops {venue, operations, signature}; 202 with the submission's id and status (the same again: the same id)")
            .Produces<SubmissionStatusBody>(StatusCodes.Status202Accepted).Produces<ApiError>(StatusCodes.Status400BadRequest)
            .Produces<ApiError>(StatusCodes.Status413PayloadTooLarge).Produces<ApiError>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ApiError>(StatusCodes.Status503ServiceUnavailable);
        app.MapGet("/v1/submissions/{id:long}", GetSubmission).WithName("GetSubmission")
            .WithSummary("A submission's status: pending, proposed, sequenced or rejected, and its batch")
            .Produces<SubmissionStatusBody>().Produces<ApiError>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/proposals/open", GetOpenProposal).WithName("GetOpenProposal")
            .WithSummary("The open proposal, the one venues approve and sign now (at most one is open); 404 when none")
            .Produces<ProposalBody>().Produces<ApiError>(StatusCodes.Status404NotFound);
        app.MapGet("/v1/proposals/{n:long}", GetProposal).WithName("GetProposal")
            .WithSummary("The sequencer's proposal of batch n: the batch digest and message to co-sign, the operations, who approved and signed")
            .Produces<ProposalBody>().Produces<ApiError>(StatusCodes.Status404NotFound);
        app.MapPost("/v1/proposals/{n:long}/approvals", Approve).WithName("ApproveProposal")
            .WithSummary("A venue's approval {venue, signature} of proposal n (its signature over the approval message): its ops check, it will sign")
            .Produces<ApprovalAnswer>(StatusCodes.Status202Accepted).Produces<ApprovalAnswer>(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict).Produces<ApiError>(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/v1/proposals/{n:long}/signatures", Sign).WithName("SignProposal")
            .WithSummary("A venue's signature {venue, signature} over proposal n's digest; the last one sequences the batch")
            .Produces<SignatureAnswer>(StatusCodes.Status202Accepted).Produces<SignatureAnswer>(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict).Produces<ApiError>(StatusCodes.Status422UnprocessableEntity);
        app.MapPost("/v1/proposals/{n:long}/refusals", Refuse).WithName("RefuseProposal")
            .WithSummary("A venue's refusal {venue, signature, reason} of proposal n (its signature over the refusal message): the proposal " +
                         "is void at once, this venue's submissions in it refused with the reason, the others proposed again; 409 once a venue signed")
            .Produces<RefusalAnswer>(StatusCodes.Status200OK)
            .Produces<ApiError>(StatusCodes.Status400BadRequest).Produces<ApiError>(StatusCodes.Status404NotFound)
            .Produces<ApiError>(StatusCodes.Status409Conflict).Produces<ApiError>(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> Submit(HttpContext http, ProverNode node, SubmissionIntake intake)
    {
        if (await Body(http, node) is not { } body) return TooLarge(node);
        Submission s;
        try { s = BatchFile.ParseSubmission(body, "body"); }
        catch (JsonInputException e) { return Results.BadRequest(new ApiError(e.Message, e.Path)); }
        PreparedSignature signature;
        try { signature = Submissions.Prepare(node.Settlement.Config, node.Settlement.ConfigHash, node.VenueKeys, s); }
        catch (SubmissionException e) { return Refused(e.Message, e.Field, e.Problem); }
        SubmissionRecord? stored;
        try { stored = await intake.Submit(new NewSubmission(s.Venue, BatchFile.Write(s.Operations), s.Operations.Count, s.Signature), signature); }
        catch (OperationCanceledException) { return Results.Json(new ApiError("the service is stopping; submit again"), statusCode: StatusCodes.Status503ServiceUnavailable); }
        if (stored is null)
        {
            var refused = Submissions.SignatureRefused(s.Venue);
            return Refused(refused.Message, refused.Field, refused.Problem);
        }
        return Results.Json(Describe(stored), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>A signature that decodes but does not verify is well-formed and refused (422); everything else is malformed (400).</summary>
    private static IResult Refused(string message, string? field, string problem) =>
        Results.Json(new ApiError(message, field), statusCode: field == "$.signature" && problem.StartsWith("does not verify", StringComparison.Ordinal)
            ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest);

    private static SubmissionStatusBody Describe(SubmissionRecord r) =>
        new(r.Id, r.Venue, r.Status.ToString().ToLowerInvariant(), r.Batch, r.Reason, r.ReceivedAt);

    private static IResult GetSubmission(long id, ProverNode node) =>
        node.Store.Submission(id) is { } r ? Results.Ok(Describe(r)) : Results.NotFound(new ApiError($"submission {id} does not exist"));

    private static IResult GetProposal(long n, ProverNode node) =>
        node.Store.Proposal(n) is { } p ? Results.Ok(Describe(p, node)) : Results.NotFound(new ApiError($"batch {n} has no proposal"));

    private static IResult GetOpenProposal(ProverNode node) =>
        node.Store.OpenProposal() is { } p ? Results.Ok(Describe(p, node)) : Results.NotFound(new ApiError("no proposal is open"));

    private static ProposalBody Describe(ProposalRecord p, ProverNode node)
    {
        using var ops = JsonDocument.Parse(p.OperationsJson);
        return new ProposalBody(p.Batch, p.Status.ToString().ToLowerInvariant(), "0x" + p.OldRoot, "0x" + p.Digest,
            "0x" + Convert.ToHexString(p.Message).ToLowerInvariant(), ops.RootElement.GetProperty("operations").Clone(), p.Submissions, [.. p.Signatures.Keys],
            node.Settlement.Config.V, p.Reason, p.Approved, p.CreatedAt);
    }

    private static Task<IResult> Sign(long n, HttpContext http, IGrainFactory grains, ProverNode node) =>
        Record(http, node, dto => grains.GetGrain<ISequencerGrain>(0).Sign(n, dto.Venue, dto.Signature),
            (status, r) => new SignatureAnswer(n, status, r.Signatures, r.Venues));

    private static Task<IResult> Approve(long n, HttpContext http, IGrainFactory grains, ProverNode node) =>
        Record(http, node, dto => grains.GetGrain<ISequencerGrain>(0).Approve(n, dto.Venue, dto.Signature),
            (status, r) => new ApprovalAnswer(n, status, r.Signatures, r.Venues));

    /// <summary>A venue's signature or approval: 400 malformed; 200 once the batch is sequenced, 202 while it is open; else <see cref="Failed"/>.</summary>
    private static async Task<IResult> Record<TAnswer>(HttpContext http, ProverNode node, Func<SignedBody, Task<SignResult>> record,
        Func<string, SignResult, TAnswer> answer)
    {
        if (await Body(http, node) is not { } body) return TooLarge(node);
        SignedBody dto;
        try { dto = ParseSigned(body); }
        catch (JsonInputException e) { return Results.BadRequest(new ApiError(e.Message, e.Path)); }
        var r = await record(dto);
        return r.Outcome == SignOutcome.Sequenced ? Results.Ok(answer("sequenced", r))
            : r.Outcome == SignOutcome.Recorded ? Results.Json(answer("open", r), statusCode: StatusCodes.Status202Accepted)
            : Failed(r);
    }

    /// <summary>A venue's refusal: 400 malformed; 200 when it voided the proposal; else <see cref="Failed"/>.</summary>
    private static async Task<IResult> Refuse(long n, HttpContext http, IGrainFactory grains, ProverNode node)
    {
        if (await Body(http, node) is not { } body) return TooLarge(node);
        RefusalDto dto;
        byte[] signature;
        try
        {
            dto = JsonInput.Parse("body", body, b => JsonSerializer.Deserialize<RefusalDto>(b, Strict))
                ?? throw new JsonInputException("body", "$", "the body is 'null', expected an object with \"venue\", \"signature\" and \"reason\"");
            signature = SignatureBytes(dto.Signature);
            if (dto.Reason.Length is 0 or > Proposals.MaxRefusalReason)
                throw new JsonInputException("body", "$.reason", $"expected 1 to {Proposals.MaxRefusalReason} characters, got {dto.Reason.Length}");
        }
        catch (JsonInputException e) { return Results.BadRequest(new ApiError(e.Message, e.Path)); }
        var r = await grains.GetGrain<ISequencerGrain>(0).Refuse(n, dto.Venue, signature, dto.Reason);
        return r.Outcome == SignOutcome.Abandoned ? Results.Ok(new RefusalAnswer(n, "void", r.Problem!)) : Failed(r);
    }

    private static IResult Failed(SignResult r) => r.Outcome switch
    {
        SignOutcome.NotFound => Results.NotFound(new ApiError(r.Problem!)),
        SignOutcome.Void or SignOutcome.Bound => Results.Conflict(new ApiError(r.Problem!)),
        _ => Refused(r.Problem!, r.Field, r.Problem!),
    };

    private sealed record SignedBody(int Venue, byte[] Signature);

    /// <summary>A <c>{venue, signature}</c> body; <see cref="JsonInputException"/> naming the field when malformed.</summary>
    private static SignedBody ParseSigned(byte[] body)
    {
        var dto = JsonInput.Parse("body", body, b => JsonSerializer.Deserialize<SignatureDto>(b, Strict))
            ?? throw new JsonInputException("body", "$", "the body is 'null', expected an object with \"venue\" and \"signature\"");
        return new SignedBody(dto.Venue, SignatureBytes(dto.Signature));
    }

    private static byte[] SignatureBytes(string signature)
    {
        if (!signature.StartsWith("0x", StringComparison.Ordinal)) throw new JsonInputException("body", "$.signature", "expected 0x-prefixed hex");
        try { return Convert.FromHexString(signature.AsSpan(2)); }
        catch (FormatException) { throw new JsonInputException("body", "$.signature", "not hex (two digits per byte)"); }
    }
}
