using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Venue;

/// <summary>The checks of docs/spec.md §8.3; a rejection names exactly one.</summary>
public enum RejectionReason
{
    /// <summary>The bundle could not be decoded, or its sizes differ from the deployment's.</summary>
    Malformed,
    ConfigMismatch,
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

/// <summary>The outcome of <see cref="VenueVerifier.Accept(SettlementBundle)"/>.</summary>
public sealed record VenueVerdict(bool Accepted, Fr NewRoot, ulong BatchIndex, VenueOutputs? Outputs, RejectionReason? Reason, string Message)
{
    internal static VenueVerdict Accept(Fr root, ulong batch, VenueOutputs outputs) =>
        new(true, root, batch, outputs, null, $"accepted batch {batch}: new root 0x{Convert.ToHexString(root.ToBytesBE()).ToLowerInvariant()[..16]}…");

    internal static VenueVerdict Reject(RejectionReason reason, string message) => new(false, Fr.Zero, 0, null, reason, $"{reason}: {message}");

    public override string ToString() => Message;
}
