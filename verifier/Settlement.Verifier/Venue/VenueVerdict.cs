using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Venue;

/// <summary>The checks of docs/spec.md §8.3; a rejection names exactly one.</summary>
public enum RejectionReason
{
    /// <summary>The bundle could not be decoded, or its sizes differ from the deployment's.</summary>
    Malformed,
    ConfigMismatch,
    /// <summary>Two different batch digests signed by one venue key for the same (batchIndex, oldRoot) are held; nothing more is accepted.</summary>
    Equivocation,
    UnexpectedOldRoot,
    ProofInvalid,
    OracleSignatureInvalid,
    OracleCommitmentMismatch,
    RiskSignatureInvalid,
    RiskCommitmentMismatch,
    QuorumNotMet,
    VenueSignatureInvalid,
    OutputsMismatch,
}

/// <summary>
/// What a venue keeps of each batch it accepts: enough to recognise, and prove, a second digest signed for the same
/// (batchIndex, oldRoot).
/// </summary>
public sealed record AcceptedBatch(ulong BatchIndex, Fr OldRoot, Fr NewRoot, Fr Digest, IReadOnlyList<byte[]> VenueSignatures);

/// <summary>
/// The outcome of <see cref="VenueVerifier.Accept(SettlementBundle)"/>. An accepted verdict carries the record the store
/// keeps (<see cref="Batch"/>); an <see cref="RejectionReason.Equivocation"/> verdict carries the evidence
/// (<see cref="Evidence"/>) for the venue to show others.
/// </summary>
public sealed record VenueVerdict(bool Accepted, Fr NewRoot, ulong BatchIndex, VenueOutputs? Outputs, RejectionReason? Reason, string Message)
{
    public AcceptedBatch? Batch { get; private init; }
    public EquivocationEvidence? Evidence { get; private init; }

    internal static VenueVerdict Accept(AcceptedBatch batch, VenueOutputs outputs) =>
        new(true, batch.NewRoot, batch.BatchIndex, outputs, null,
            $"accepted batch {batch.BatchIndex}: new root 0x{Convert.ToHexString(batch.NewRoot.ToBytesBE()).ToLowerInvariant()[..16]}…") { Batch = batch };

    internal static VenueVerdict Reject(RejectionReason reason, string message) => new(false, Fr.Zero, 0, null, reason, $"{reason}: {message}");

    internal static VenueVerdict Equivocated(EquivocationEvidence e) =>
        Reject(RejectionReason.Equivocation,
            $"venue {e.Venue}'s key signed two batch digests for batch {e.BatchIndex} on root {Short(e.OldRoot)} ({Short(e.DigestA)} and "
            + $"{Short(e.DigestB)}); this venue keeps the evidence and accepts no further bundles") with { Evidence = e };

    internal static string Short(in Fr x) => "0x" + Convert.ToHexString(x.ToBytesBE()).ToLowerInvariant()[..16] + "…";

    public override string ToString() => Message;
}
