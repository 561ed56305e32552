using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Bench;

/// <summary>
/// Groth16 verification with the published multiplier fixture (1 public input), and a batch of 16 re-randomised proofs of it.
/// <see cref="VerifyOnly1Input"/> is the pairing check alone: it EXCLUDES decoding the proof and its curve and subgroup
/// checks, which <see cref="ValidateProofPoints"/> measures apart. <see cref="DecodeCheckAndVerify1Input"/> INCLUDES them:
/// what a verifier pays for a proof it receives, the 192 compressed bytes decompressed, curve- and subgroup-checked,
/// then verified. All are in-process and
/// warm: the verifying key is prepared once in the setup (e(α, β), the lines of γ, δ and β, the IC tables) and not
/// timed, and the public inputs are given as field elements (a venue also computes the statement hash, which
/// <see cref="VenueAcceptBench"/> includes).
/// </summary>
[MemoryDiagnoser, MinColumn, MaxColumn, MedianColumn]
[WarmupCount(15), IterationCount(20)] // applied to any job (e.g. --inProcess): warm-up long enough for tiered JIT to reach tier 1
public class Groth16VerifyBench
{
    private PreparedVerifyingKey _pvk = null!;
    private Proof _proof = null!;
    private Fr[] _inputs = [];
    private (Proof, Fr[])[] _batch = [];
    private string _proofJson = "";
    private byte[] _proofBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var dir = FindFixture();
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(Path.Combine(dir, "verification_key.json")));
        _proofJson = File.ReadAllText(Path.Combine(dir, "proof.json"));
        _proof = SnarkJsJson.ReadProof(_proofJson);
        _inputs = SnarkJsJson.ReadPublicInputs(File.ReadAllText(Path.Combine(dir, "public.json")));
        _pvk = new PreparedVerifyingKey(vk);
        _proofBytes = ProofEncoding.Compress(_proof);
        var rng = new Random(5);
        _batch = new (Proof, Fr[])[16];
        for (int i = 0; i < _batch.Length; i++)
        {
            // Re-randomised: A/s, s·B + s·t·δ, C + t·A is another valid proof of the same statement.
            var s = Fr.Random(rng); var t = Fr.Random(rng);
            var p = new Proof((_proof.A.ToJacobian() * s.Inverse()).ToAffine(),
                (_proof.B.ToJacobian() * s + vk.Delta.ToJacobian() * (s * t)).ToAffine(),
                (_proof.C.ToJacobian() + _proof.A.ToJacobian() * t).ToAffine());
            _batch[i] = (p, _inputs);
        }
        if (!Groth16Verifier.Verify(_pvk, _proof, _inputs) || !Groth16Verifier.VerifyBatch(_pvk, _batch) || !DecodeCheckAndVerify1Input())
            throw new InvalidOperationException("fixture does not verify");
    }

    [Benchmark] public bool VerifyOnly1Input() => Groth16Verifier.Verify(_pvk, _proof, _inputs);
    [Benchmark] public bool DecodeCheckAndVerify1Input() => Groth16Verifier.Verify(_pvk, ProofEncoding.Decode(_proofBytes), _inputs);
    [Benchmark] public bool VerifyBatch16() => Groth16Verifier.VerifyBatch(_pvk, _batch);
    [Benchmark] public Proof ValidateProofPoints() => new(_proof.A, _proof.B, _proof.C);
    [Benchmark] public Proof ReadProofJson() => SnarkJsJson.ReadProof(_proofJson);

    private static string FindFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("Settlement.sln not found above " + AppContext.BaseDirectory);
        return Path.Combine(dir.FullName, "tests", "vectors", "groth16", "soroban-examples-main-circom-multiplier2");
    }
}
