using System.Text.Json;
using System.Text.Json.Serialization;
using Settlement.Verifier.Json;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Which kind of transition key a deployment runs (the deployment's public <c>keys/transition.setup.json</c>): an
/// INSECURE development key (whoever ran the setup can forge proofs), or a ceremony key whose phase-2 transcript
/// (<see cref="Transcript"/>, hex) was checked against the deployment's circuit and a powers-of-tau file when it was installed.
/// </summary>
public sealed record KeyProvenance(string Kind, IReadOnlyList<string> Contributors, string? PtauSha256 = null, string? KeySha256 = null, string? Transcript = null)
{
    /// <summary>The two values of <see cref="Kind"/>, and the record's file name in a deployment's keys/ folder.</summary>
    public const string DevelopmentKind = "development", CeremonyKind = "ceremony", FileName = "transition.setup.json";

    /// <summary>The record of a development key: no contributors, no transcript.</summary>
    public static readonly KeyProvenance Development = new(DevelopmentKind, []);

    /// <summary>True when the key came from a ceremony (<see cref="Kind"/> is "ceremony").</summary>
    public bool IsCeremony => Kind == CeremonyKind;

    /// <summary>One line for logs and CLI output; says INSECURE for a development key.</summary>
    public string Describe() => IsCeremony
        ? $"ceremony key with {Contributors.Count} verified contribution(s) ({string.Join(", ", Contributors)})"
        : "INSECURE development key (whoever ran 'settle setup' can forge proofs)";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The record as indented camelCase JSON (null fields left out), as <see cref="FromJson"/> reads it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a record; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static KeyProvenance FromJson(string json)
    {
        KeyProvenance? p;
        try
        {
            using (var doc = JsonDocument.Parse(json))
                if (DuplicateKeys.Find(doc.RootElement) is { } dup) throw new FormatException($"{dup.Path}: \"{dup.Key}\" appears twice");
            p = JsonSerializer.Deserialize<KeyProvenance>(json, Options);
        }
        catch (JsonException e) { throw new FormatException($"not a key record: {e.Message}"); }
        if (p is null || p.Kind is not (DevelopmentKind or CeremonyKind) || p.Contributors is null)
            throw new FormatException($"\"kind\" must be \"{DevelopmentKind}\" or \"{CeremonyKind}\", with a \"contributors\" list");
        return p;
    }

    /// <summary>The record's transcript (0x hex), decoded; null when it carries none. Throws <see cref="FormatException"/>.</summary>
    public SetupTranscript? ParseTranscript()
    {
        if (Transcript is null) return null;
        if (!Transcript.StartsWith("0x", StringComparison.Ordinal)) throw new FormatException("\"transcript\" must be 0x hex");
        byte[] bytes;
        try { bytes = Convert.FromHexString(Transcript.AsSpan(2)); }
        catch (FormatException) { throw new FormatException("\"transcript\" is not hex"); }
        return SetupTranscript.Parse(bytes);
    }

    /// <summary>
    /// What a holder of the verifying key alone can check of a ceremony key (<see cref="SetupTranscript.VerifyDeltaChain"/>):
    /// the record says "ceremony", carries its transcript, the transcript's contributors are the record's, and its δ chain
    /// ends at <paramref name="verifyingKey"/>'s δ. Throws <see cref="FormatException"/> naming what fails.
    /// </summary>
    public SetupTranscript VerifyCeremony(VerifyingKey verifyingKey)
    {
        ArgumentNullException.ThrowIfNull(verifyingKey);
        if (!IsCeremony) throw new FormatException("the key is an INSECURE development key, not a ceremony key");
        var transcript = ParseTranscript() ?? throw new FormatException("the record carries no transcript");
        if (!transcript.Contributions.Select(c => c.Name).SequenceEqual(Contributors))
            throw new FormatException("\"contributors\" are not the transcript's contributors");
        transcript.VerifyDeltaChain(verifyingKey.Delta);
        return transcript;
    }
}
