using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Service;

/// <summary>
/// A venue's signed ops for the streaming flow of the prover service (docs/service.md, "Streaming"): the venue, its
/// account ops in order, and its signature over <see cref="Submissions.Message"/>.
/// </summary>
public sealed record Submission(int Venue, IReadOnlyList<Operation> Operations, byte[] Signature);

/// <summary>A submission that cannot be accepted: the JSON path of the field at fault and the rule it breaks.</summary>
public sealed class SubmissionException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>
/// What a venue signs when it submits ops (docs/spec.md §6, tag <see cref="Tag"/>) and the checks the service makes
/// before it stores a submission: cheapest first, each failure naming its field. The ops' own rules are the engine's,
/// applied when the sequencer cuts a batch.
/// </summary>
public static class Submissions
{
    /// <summary>The role tag of a venue's submission (ASCII, zero-padded to 32 bytes).</summary>
    public const string Tag = "SETTLEMENT-V1/SUBMISSION";

    /// <summary>
    /// tag:32, configHash:32, venue:u16, count:u16, chain:32, where chain is the venue's ops chain (§5.2) over these ops
    /// from 0: the encoding the batch digest later commits to, so the venue signs the same binding twice.
    /// </summary>
    public static byte[] Message(in Fr configHash, int venue, IReadOnlyList<Operation> ops)
    {
        var chain = Fr.Zero;
        foreach (var op in ops) chain = Commitments.OpsChainStep(chain, op);
        var m = new byte[32 + 32 + 2 + 2 + 32];
        Encoding.ASCII.GetBytes(Tag, m.AsSpan());
        configHash.ToBytesBE(m.AsSpan(32, 32));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(64), checked((ushort)venue));
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(66), checked((ushort)ops.Count));
        chain.ToBytesBE(m.AsSpan(68, 32));
        return m;
    }

    /// <summary>A venue's signature over its ops (the sample's dev keys play the venues).</summary>
    public static Submission Sign(SecretKey venueKey, in Fr configHash, int venue, IReadOnlyList<Operation> ops) =>
        new(venue, ops, PopScheme.Sign(venueKey, Message(configHash, venue, ops)).ToBytes());

    /// <summary>
    /// Checks a submission's shape and signature against the deployment: the venue exists, 1 to MaxOps ops, each an
    /// account op submitted by that venue, and the signature decodes and verifies under the venue's registered key.
    /// Throws <see cref="SubmissionException"/> naming the field.
    /// </summary>
    public static void Check(SettlementConfig config, in Fr configHash, IReadOnlyList<PublicKey> venueKeys, Submission s)
    {
        if (!PopScheme.VerifyAll([Prepare(config, configHash, venueKeys, s)])) throw SignatureRefused(s.Venue);
    }

    /// <summary>
    /// <see cref="Check"/> but for the signature's verification: the shape, the signature's decoding, and the signed
    /// message hashed, for <see cref="PopScheme.VerifyAll"/> to verify with other submissions'.
    /// </summary>
    public static PreparedSignature Prepare(SettlementConfig config, in Fr configHash, IReadOnlyList<PublicKey> venueKeys, Submission s)
    {
        if (UnknownVenue(s.Venue, config.V) is { } unknown) throw new SubmissionException("$.venue", unknown);
        if (s.Operations.Count == 0) throw new SubmissionException("$.operations", "no operations");
        if (s.Operations.Count > config.MaxOps)
            throw new SubmissionException("$.operations", $"{s.Operations.Count} operations, more than a batch holds (maxOps {config.MaxOps})");
        for (int k = 0; k < s.Operations.Count; k++)
        {
            var op = s.Operations[k];
            if (op.SubmittedBy is not { } by)
                throw new SubmissionException($"$.operations[{k}].op", $"a {op.Kind} is not a venue's op: it goes in a complete batch (POST /v1/batches)");
            if (by != s.Venue) throw new SubmissionException($"$.operations[{k}]", $"a {op.Kind} submitted by venue {by}, not by venue {s.Venue}");
        }
        if (!TryDecodeSignature(s.Signature, out var sig, out var problem)) throw new SubmissionException("$.signature", problem);
        return PopScheme.Prepare(venueKeys[s.Venue], Message(configHash, s.Venue, s.Operations), sig);
    }

    /// <summary>What is wrong with a venue index (null when the deployment has it): the message of every venue-signed request.</summary>
    public static string? UnknownVenue(int venue, int venues) =>
        venue >= 0 && venue < venues ? null : $"venue {venue} does not exist: the deployment has venues 0..{venues - 1}";

    /// <summary>A venue's signature bytes decoded (on the curve, in G2), or what is wrong with them: the message of every venue-signed request.</summary>
    public static bool TryDecodeSignature(byte[] bytes, [NotNullWhen(true)] out Signature? signature, [NotNullWhen(false)] out string? problem)
    {
        problem = Signature.TryFromBytes(bytes, out signature, out var error)
            ? null
            : $"not a signature ({error}; a compressed G2 point has {Signature.ByteLength} bytes)";
        return problem is null;
    }

    /// <summary>The refusal of a well-formed signature that does not verify.</summary>
    public static SubmissionException SignatureRefused(int venue) =>
        new("$.signature", $"does not verify under venue {venue}'s key for these operations");
}
