using System.Text;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Fuzz;
using Settlement.Verifier.Venue;

namespace Settlement.Verifier.Tests.Groth16;

/// <summary>
/// The part of a phase-2 ceremony a venue checks from the verifying key alone (<see cref="SetupTranscript.VerifyDeltaChain"/>,
/// <see cref="VenueTrust.Load"/> with a key record): contributions built here by hand, as a contributor would.
/// </summary>
public class SetupTranscriptTests
{
    private static readonly byte[] CircuitHash = [.. Enumerable.Range(0, 64).Select(i => (byte)(3 * i + 1))];

    /// <summary>A contribution with secret x on top of <paramref name="t"/>; <paramref name="provenX"/> is the secret its proof claims.</summary>
    private static SetupTranscript Contribute(SetupTranscript t, Fr x, string name, Fr? provenX = null, Fr? movedBy = null)
    {
        var prev = t.Contributions.Count == 0 ? G1Affine.Generator : t.Contributions[^1].DeltaAfter;
        var g1s = (G1Jacobian.Generator * Fr.FromUInt64(7 + (ulong)t.Contributions.Count)).ToAffine();
        var g1sx = (g1s.ToJacobian() * x).ToAffine();
        var transcriptHash = t.NextTranscriptHash(g1s, g1sx);
        var g2spx = (SetupTranscript.HashToG2(transcriptHash).ToJacobian() * (provenX ?? x)).ToAffine();
        return t.Append(new SetupTranscript.Contribution((prev.ToJacobian() * (movedBy ?? x)).ToAffine(), g1s, g1sx, g2spx, transcriptHash, name));
    }

    private static readonly Fr X1 = Fr.FromUInt64(123456789), X2 = Fr.FromUInt64(987654321);

    private static SetupTranscript TwoContributions() => Contribute(Contribute(new SetupTranscript(CircuitHash, []), X1, "alice"), X2, "bob");

    private static VerifyingKey KeyWithDelta(Fr delta) => new(G1Affine.Generator, (G2Jacobian.Generator * Fr.FromUInt64(2)).ToAffine(),
        G2Affine.Generator, (G2Jacobian.Generator * delta).ToAffine(), [G1Affine.Generator, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine()]);

    /// <summary>A ceremony record with two contributions (the fuzz corpus's key-record.json).</summary>
    internal static string SampleRecord() => Record(TwoContributions());

    private static string Record(SetupTranscript t, string kind = KeyProvenance.CeremonyKind, IReadOnlyList<string>? names = null) =>
        new KeyProvenance(kind, names ?? [.. t.Contributions.Select(c => c.Name)], Transcript: "0x" + Convert.ToHexStringLower(t.ToBytes())).ToJson();

    [Fact]
    public void An_honest_chain_verifies_and_round_trips()
    {
        var t = TwoContributions();
        t.VerifyDeltaChain(KeyWithDelta(X1 * X2).Delta);
        var again = SetupTranscript.Parse(t.ToBytes());
        Assert.Equal(t.ToBytes(), again.ToBytes());
        Assert.Equal(["alice", "bob"], again.Contributions.Select(c => c.Name));
        again.VerifyDeltaChain(KeyWithDelta(X1 * X2).Delta);
    }

    [Fact]
    public void A_chain_that_does_not_check_is_refused_naming_the_contribution()
    {
        var start = new SetupTranscript(CircuitHash, []);
        Assert.Contains("no contributions", Assert.Throws<FormatException>(() => start.VerifyDeltaChain(G2Affine.Generator)).Message);

        var wrongProof = Contribute(Contribute(start, X1, "alice"), X2, "bob", provenX: X2 + Fr.One);
        Assert.Contains("contribution 2 (bob): the proof of knowledge", Assert.Throws<FormatException>(() => wrongProof.VerifyDeltaChain(KeyWithDelta(X1 * X2).Delta)).Message);

        // δ moved by a secret the contributor did not prove: a coordinator who knows the δ it installs.
        var unproven = Contribute(Contribute(start, X1, "alice"), X2, "bob", movedBy: Fr.FromUInt64(42));
        Assert.Contains("contribution 2 (bob): δ did not move", Assert.Throws<FormatException>(() => unproven.VerifyDeltaChain(KeyWithDelta(X1 * Fr.FromUInt64(42)).Delta)).Message);

        Assert.Contains("not the last contribution's", Assert.Throws<FormatException>(() => TwoContributions().VerifyDeltaChain(KeyWithDelta(X1).Delta)).Message);

        // A transcript hash that is not the hash of what came before (a record copied from another ceremony).
        var two = TwoContributions();
        var other = two.Contributions[1] with { TranscriptHash = two.Contributions[0].TranscriptHash };
        var relabelled = new SetupTranscript(CircuitHash, [two.Contributions[0], other]);
        Assert.Contains("contribution 2 (bob): its transcript hash", Assert.Throws<FormatException>(() => relabelled.VerifyDeltaChain(KeyWithDelta(X1 * X2).Delta)).Message);
    }

    [Fact]
    public void Malformed_transcripts_are_refused()
    {
        var bytes = TwoContributions().ToBytes();
        Assert.Throws<FormatException>(() => SetupTranscript.Parse(bytes.AsSpan(0, 60)));
        Assert.Contains("truncated", Assert.Throws<FormatException>(() => SetupTranscript.Parse(bytes.AsSpan(0, bytes.Length - 200))).Message);
        Assert.Contains("trailing", Assert.Throws<FormatException>(() => SetupTranscript.Parse([.. bytes, 0])).Message);
        var offCurve = (byte[])bytes.Clone();
        offCurve[68 + 5] ^= 1; // δ of contribution 1, x coordinate
        Assert.Contains("off the curve", Assert.Throws<FormatException>(() => SetupTranscript.Parse(offCurve)).Message);
        const int Params = 68 + 480 + 64 + 4; // contribution 1's parameter length
        var longParams = (byte[])bytes.Clone();
        longParams[Params + 3] = 0x7f; // ≈ 2^31
        Assert.Contains("parameters run past", Assert.Throws<FormatException>(() => SetupTranscript.Parse(longParams)).Message);
        var longName = (byte[])bytes.Clone();
        longName[Params + 4 + 1] = 200; // the name's length byte
        Assert.Contains("runs past the end", Assert.Throws<FormatException>(() => SetupTranscript.Parse(longName)).Message);
        var unknown = (byte[])bytes.Clone();
        unknown[Params + 4] = 9; // parameter id
        Assert.Contains("unknown parameter 9", Assert.Throws<FormatException>(() => SetupTranscript.Parse(unknown)).Message);
        var type = (byte[])bytes.Clone();
        type[Params - 4] = 2;
        Assert.Contains("type 2", Assert.Throws<FormatException>(() => SetupTranscript.Parse(type)).Message);
        type[Params - 4] = 1; // a beacon without its parameters
        Assert.Contains("without beacon parameters", Assert.Throws<FormatException>(() => SetupTranscript.Parse(type)).Message);
    }

    [Fact]
    public void A_venue_requiring_a_ceremony_key_checks_the_record_against_its_verifying_key()
    {
        string config = FuzzSmokeTests.ConfigJson();
        var t = TwoContributions();
        var trust = VenueTrust.Load(config, KeyWithDelta(X1 * X2), requireCeremonyRecord: Record(t));
        Assert.Equal(["alice", "bob"], trust.Ceremony!.Contributions.Select(c => c.Name));
        Assert.Null(VenueTrust.Load(config, KeyWithDelta(X1 * X2)).Ceremony);

        string Refused(VerifyingKey vk, string record)
        {
            var e = Assert.Throws<ConfigException>(() => VenueTrust.Load(config, vk, requireCeremonyRecord: record));
            Assert.Equal("keyRecord", e.Field);
            return e.Message;
        }
        Assert.Contains("not the last contribution's", Refused(KeyWithDelta(X1), Record(t)));
        Assert.Contains("INSECURE development key", Refused(KeyWithDelta(X1 * X2), KeyProvenance.Development.ToJson()));
        Assert.Contains("contributors", Refused(KeyWithDelta(X1 * X2), Record(t, names: ["alice", "carol"])));
        Assert.Contains("no transcript", Refused(KeyWithDelta(X1 * X2), new KeyProvenance(KeyProvenance.CeremonyKind, ["alice"]).ToJson()));
        Assert.Contains("appears twice", Refused(KeyWithDelta(X1 * X2), "{\"kind\": \"ceremony\", \"kind\": \"development\", \"contributors\": []}"));
        Assert.Contains("not a key record", Refused(KeyWithDelta(X1 * X2), "{\"kind\": \"ceremony\", \"contributors\": [], \"extra\": 1}"));
    }
}
