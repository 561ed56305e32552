using System.Text;
using Settlement.Prover.Service;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Venue;

namespace Settlement.Fuzz;

/// <summary>
/// One reader of untrusted input, and the only failure it may report: <see cref="Run"/> swallows the documented error
/// and lets anything else escape, which the fuzzer (or the smoke test) records as a crash.
/// </summary>
public sealed record FuzzTarget(string Name, string Reads, IReadOnlyList<string> Seeds, Action<byte[]> Body, Type? Allowed)
{
    public void Run(byte[] input)
    {
        try { Body(input); }
        catch (Exception e) when (Allowed is not null && Allowed.IsInstanceOfType(e)) { }
    }
}

/// <summary>The targets, by name; the smoke tests and the SharpFuzz harness run the same ones.</summary>
public static class FuzzTargets
{
    /// <summary>A verifying key with one public input: nothing verifies against it, so Accept only ever rejects.</summary>
    public static readonly VerifyingKey AnyKey = new(G1Affine.Generator, G2Affine.Generator,
        (G2Jacobian.Generator * Fr.FromUInt64(2)).ToAffine(), (G2Jacobian.Generator * Fr.FromUInt64(3)).ToAffine(),
        [G1Affine.Generator, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine()]);

    /// <summary>Every target; <paramref name="corpusDir"/> holds the seeds (tests/fuzz/corpus), whose config.json the venue target trusts.</summary>
    public static IReadOnlyList<FuzzTarget> All(string corpusDir)
    {
        var venue = new Lazy<VenueVerifier>(() => new VenueVerifier(
            VenueTrust.Load(File.ReadAllText(Path.Combine(corpusDir, "config.json")), AnyKey), 1, new MemoryRootStore()));
        static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
        return
        [
            new("bundle", "BundleCodec.Decode (binary bundle)", ["bundle-full.stlb", "bundle-no-oracle-no-risk.stlb"],
                b => BundleCodec.Decode(b), typeof(BundleFormatException)),
            new("bundle-json", "BundleJson.Read (the bundle's JSON view)", ["bundle-full.json"],
                b => BundleJson.Read(Utf8(b)), typeof(BundleFormatException)),
            new("proof", "ProofEncoding.Decode", ["proof-compressed.bin", "proof-uncompressed.bin"],
                b => ProofEncoding.Decode(b), typeof(Groth16Exception)),
            new("g1", "G1 TryDecompress / TryDecode, PublicKey.TryFromBytes (errors are values)", ["g1-compressed.bin", "g1-uncompressed.bin"],
                b => { G1Encoding.TryDecompress(b, out _, out _); G1Encoding.TryDecode(b, out _, out _); PublicKey.TryFromBytes(b, out _, out _); }, null),
            new("g2", "G2 TryDecompress / TryDecode, Signature.TryFromBytes (errors are values)", ["g2-compressed.bin", "g2-uncompressed.bin"],
                b => { G2Encoding.TryDecompress(b, out _, out _); G2Encoding.TryDecode(b, out _, out _); Signature.TryFromBytes(b, out _, out _); }, null),
            new("config", "SettlementConfig.FromJson (config.json)", ["config.json"],
                b => SettlementConfig.FromJson(Utf8(b)), typeof(ConfigException)),
            new("key-record", "KeyProvenance.FromJson and SetupTranscript.Parse (keys/transition.setup.json)", ["key-record.json"],
                b => KeyProvenance.FromJson(Utf8(b)).ParseTranscript(), typeof(FormatException)),
            new("batch", "BatchFile.Parse (batch files)", ["batch.json"],
                b => BatchFile.Parse(b), typeof(JsonInputException)),
            new("accept", "VenueVerifier.Accept (any bytes are a rejection, never an exception)", ["bundle-full.stlb", "bundle-no-oracle-no-risk.stlb"],
                b => { if (venue.Value.Accept(b).Accepted) throw new InvalidOperationException("a bundle nobody signed was accepted"); }, null),
        ];
    }
}
