using System.Diagnostics.CodeAnalysis;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Venue;

/// <summary>
/// Why a venue refused a bundle: the checks of docs/spec.md §8.3, one value each. This is the venue layer's error
/// type (as <c>BlsError</c> is the signature layer's); the engine's <c>RejectReason</c> is a different thing, the rule
/// an operation broke inside the prover, and never reaches a venue.
/// </summary>
public enum VenueError
{
    /// <summary>The bytes could not be decoded as a bundle (truncated, non-canonical, inconsistent counts, bad points).</summary>
    Malformed,
    /// <summary>The bundle is for another deployment: its configHash or its sizes (V, C, NI, committee sizes) differ.</summary>
    ConfigMismatch,
    /// <summary>Two different batch digests signed by one venue key for the same (batchIndex, oldRoot) are held; nothing more is accepted.</summary>
    Equivocation,
    /// <summary>The old root is not the last accepted root, or the batch index does not follow the last accepted one.</summary>
    UnexpectedOldRoot,
    /// <summary>The Groth16 proof does not decode or does not verify for the statement hash recomputed from the bundle.</summary>
    ProofInvalid,
    /// <summary>The oracle aggregate signature does not verify over the members' reports.</summary>
    OracleSignatureInvalid,
    /// <summary>The reports do not hash to the statement's oracleCommitment, or the tick is missing.</summary>
    OracleCommitmentMismatch,
    /// <summary>The risk committee's aggregate signature does not verify.</summary>
    RiskSignatureInvalid,
    /// <summary>The risk parameters do not hash to the statement's riskCommitment, or they are missing.</summary>
    RiskCommitmentMismatch,
    /// <summary>Fewer oracle or risk signers than the configured quorum.</summary>
    QuorumNotMet,
    /// <summary>A venue's signature over the batch digest does not verify (the message names the venue).</summary>
    VenueSignatureInvalid,
    /// <summary>This venue's outputs do not hash to its outputsCommitment.</summary>
    OutputsMismatch,
}

/// <summary>
/// What a venue keeps of each batch it accepts: enough to recognise, and prove, a second digest signed for the same
/// (batchIndex, oldRoot).
/// </summary>
public sealed record AcceptedBatch(ulong BatchIndex, Fr OldRoot, Fr NewRoot, Fr Digest, IReadOnlyList<byte[]> VenueSignatures);

/// <summary>
/// The outcome of <see cref="VenueVerifier.Accept(SettlementBundle)"/>: when <see cref="Accepted"/>, the new root, the
/// batch index and this venue's outputs; otherwise only the <see cref="Reason"/> and the message (and, for
/// <see cref="VenueError.Equivocation"/>, the <see cref="Evidence"/>).
/// </summary>
public sealed class VenueVerdict
{
    /// <summary>
    /// True when the bundle was accepted and recorded: then <see cref="NewRoot"/>, <see cref="BatchIndex"/> and
    /// <see cref="Outputs"/> are set; otherwise <see cref="Reason"/> is.
    /// </summary>
    [MemberNotNullWhen(true, nameof(NewRoot), nameof(BatchIndex), nameof(Outputs))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Accepted { get; }
    /// <summary>The root now recorded (accepted verdicts only).</summary>
    public Fr? NewRoot { get; }
    /// <summary>The accepted batch's index (accepted verdicts only).</summary>
    public ulong? BatchIndex { get; }
    /// <summary>What this venue's escrow executes (accepted verdicts only).</summary>
    public VenueOutputs? Outputs { get; }
    /// <summary>The failed check (rejected verdicts only).</summary>
    public VenueError? Reason { get; }
    /// <summary>One line for a log: what was accepted, or which check failed and why.</summary>
    public string Message { get; }
    /// <summary>What the store keeps of an accepted batch: enough to recognise, and prove, a second digest for it.</summary>
    public AcceptedBatch? Batch { get; }
    /// <summary>With <see cref="VenueError.Equivocation"/>: the two signed digests, for the venue to show others.</summary>
    public EquivocationEvidence? Evidence { get; }

    private VenueVerdict(bool accepted, Fr? newRoot, ulong? batchIndex, VenueOutputs? outputs, VenueError? reason, string message,
        AcceptedBatch? batch = null, EquivocationEvidence? evidence = null)
    {
        Accepted = accepted; NewRoot = newRoot; BatchIndex = batchIndex; Outputs = outputs; Reason = reason; Message = message;
        Batch = batch; Evidence = evidence;
    }

    internal static VenueVerdict Accept(AcceptedBatch batch, VenueOutputs outputs) =>
        new(true, batch.NewRoot, batch.BatchIndex, outputs, null, $"accepted batch {batch.BatchIndex}: new root {Short(batch.NewRoot)}", batch);

    internal static VenueVerdict Reject(VenueError reason, string message) => new(false, null, null, null, reason, $"{reason}: {message}");

    internal static VenueVerdict Equivocated(EquivocationEvidence e) =>
        new(false, null, null, null, VenueError.Equivocation,
            $"{VenueError.Equivocation}: venue {e.Venue}'s key signed two batch digests for batch {e.BatchIndex} on root {Short(e.OldRoot)} ({Short(e.DigestA)} and "
            + $"{Short(e.DigestB)}); this venue keeps the evidence and accepts no further bundles", evidence: e);

    internal static string Short(in Fr x) => "0x" + x.ToHex()[..16] + "…";

    /// <summary><see cref="Message"/>.</summary>
    public override string ToString() => Message;
}
