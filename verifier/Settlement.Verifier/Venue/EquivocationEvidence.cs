using System.Globalization;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Venue;

/// <summary>
/// Proof that venue <see cref="Venue"/>'s key signed two different batch digests for the same
/// (<see cref="BatchIndex"/>, <see cref="OldRoot"/>) (docs/spec.md §8.4): a venue signs at most one, so the pair shows
/// that someone tried to fork the venues. Anyone holding the deployment's trust can check it with <see cref="Verifies"/>;
/// <see cref="ToText"/> and <see cref="Parse"/> carry it to others.
/// </summary>
public sealed record EquivocationEvidence(
    int Venue, Fr ConfigHash, ulong BatchIndex, Fr OldRoot, Fr DigestA, byte[] SignatureA, Fr DigestB, byte[] SignatureB)
{
    /// <summary>True if the digests differ and both signatures verify under the venue's key in <paramref name="trust"/>.</summary>
    public bool Verifies(VenueTrust trust)
    {
        if (Venue < 0 || Venue >= trust.VenueCount || ConfigHash != trust.ConfigHash || DigestA == DigestB) return false;
        var key = trust.VenueKeys[Venue];
        return Signed(key, DigestA, SignatureA) && Signed(key, DigestB, SignatureB);
    }

    private bool Signed(PublicKey key, in Fr digest, byte[] signature) =>
        Signature.TryFromBytes(signature, out var sig, out _)
        && PopScheme.Verify(key, SignedMessages.BatchDigest(ConfigHash, BatchIndex, OldRoot, digest), sig);

    /// <summary>One line: <c>venue batchIndex configHash oldRoot digestA signatureA digestB signatureB</c>, integers in decimal, the rest 0x-hex.</summary>
    public string ToText() => string.Join(' ', Venue.ToString(CultureInfo.InvariantCulture), BatchIndex.ToString(CultureInfo.InvariantCulture),
        Hex(ConfigHash), Hex(OldRoot), Hex(DigestA), Hex(SignatureA), Hex(DigestB), Hex(SignatureB));

    /// <summary>Reads <see cref="ToText"/>'s form; throws <see cref="FormatException"/> naming the part that is wrong. Does not verify.</summary>
    public static EquivocationEvidence Parse(string text)
    {
        var p = text.Trim().Split(' ');
        if (p.Length != 8) throw new FormatException($"equivocation evidence has 8 space-separated parts, not {p.Length}");
        if (!int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out int venue)) throw new FormatException($"equivocation evidence: venue \"{p[0]}\" is not a decimal number");
        if (!ulong.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong batch)) throw new FormatException($"equivocation evidence: batch index \"{p[1]}\" is not a decimal number");
        return new EquivocationEvidence(venue, Field(p[2], "configHash"), batch, Field(p[3], "oldRoot"),
            Field(p[4], "digestA"), Bytes(p[5], "signatureA", 96), Field(p[6], "digestB"), Bytes(p[7], "signatureB", 96));
    }

    internal static string Hex(in Fr x) => Hex(x.ToBytesBE());
    internal static string Hex(byte[] b) => "0x" + Convert.ToHexString(b).ToLowerInvariant();

    internal static byte[] Bytes(string s, string name, int size)
    {
        if (s.StartsWith("0x", StringComparison.Ordinal) && s.Length == 2 + 2 * size)
            try { return Convert.FromHexString(s.AsSpan(2)); }
            catch (FormatException) { }
        throw new FormatException($"{name} is not 0x followed by {2 * size} hex digits");
    }

    internal static Fr Field(string s, string name) =>
        Fr.TryParseHex(s, out var x, out var error) ? x : throw new FormatException($"{name}: {error}");

    /// <summary>Equal when the text forms (<see cref="ToText"/>) are equal.</summary>
    public bool Equals(EquivocationEvidence? o) => o is not null && ToText() == o.ToText();
    /// <summary>Hash of the venue, batch and digests (consistent with <see cref="Equals(EquivocationEvidence?)"/>).</summary>
    public override int GetHashCode() => HashCode.Combine(Venue, BatchIndex, DigestA, DigestB);
}
