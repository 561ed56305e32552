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
    /// <summary>A venue's signature over its ops commitment does not verify (the message names the venue).</summary>
    VenueSignatureInvalid,
    /// <summary>This venue's outputs do not hash to its outputsCommitment.</summary>
    OutputsMismatch,
}

/// <summary>
/// The outcome of <see cref="VenueVerifier.Accept(SettlementBundle)"/>: when <see cref="Accepted"/>, the new root, the
/// batch index and this venue's outputs; otherwise only the <see cref="Reason"/> and the message.
/// </summary>
public sealed class VenueVerdict
{
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

    private VenueVerdict(bool accepted, Fr? newRoot, ulong? batchIndex, VenueOutputs? outputs, VenueError? reason, string message)
    {
        Accepted = accepted; NewRoot = newRoot; BatchIndex = batchIndex; Outputs = outputs; Reason = reason; Message = message;
    }

    internal static VenueVerdict Accept(Fr root, ulong batch, VenueOutputs outputs) =>
        new(true, root, batch, outputs, null, $"accepted batch {batch}: new root 0x{Convert.ToHexString(root.ToBytesBE()).ToLowerInvariant()[..16]}…");

    internal static VenueVerdict Reject(VenueError reason, string message) => new(false, null, null, null, reason, $"{reason}: {message}");

    public override string ToString() => Message;
}
