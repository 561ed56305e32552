using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Groth16;

/// <summary>Loads a groth16-circom fixture folder, and makes further valid proofs by re-randomisation.</summary>
internal static class Groth16Fixtures
{
    public sealed record Fixture(string Folder, VerifyingKey Key, Proof Proof, Fr[] PublicInputs, string ProofJson, string PublicJson);

    /// <summary>verification_key.json with its proof.json, and public.json or the proof's publicSignals.</summary>
    public static Fixture Load(string verificationKeyPath)
    {
        var dir = Path.GetDirectoryName(verificationKeyPath)!;
        var vk = SnarkJsJson.ReadVerifyingKey(File.ReadAllText(verificationKeyPath));
        var proofJson = File.ReadAllText(Path.Combine(dir, "proof.json"));
        var publicPath = Path.Combine(dir, "public.json");
        string publicJson;
        Fr[] inputs;
        if (File.Exists(publicPath))
        {
            publicJson = File.ReadAllText(publicPath);
            inputs = SnarkJsJson.ReadPublicInputs(publicJson);
        }
        else
        {
            inputs = SnarkJsJson.ReadPublicSignalsInProof(proofJson) ?? throw new InvalidDataException($"{dir}: no public.json and no publicSignals");
            publicJson = SnarkJsJson.WritePublicInputs(inputs);
        }
        return new Fixture(dir, vk, SnarkJsJson.ReadProof(proofJson), inputs, proofJson, publicJson);
    }

    /// <summary>The multiplier fixture shipped in the repository (1 public input), for tests that need one key.</summary>
    public static Fixture Multiplier() =>
        Load(VectorCatalog.All.First(f => f.Family == "groth16-circom" && f.RelativePath.Contains("multiplier2")).FullPath);

    /// <summary>
    /// Another valid proof of the same statement: A' = A/s, B' = s·B + s·t·δ, C' = C + t·A keeps
    /// e(A', B') = e(A, B)·e(t·A, δ), which the extra t·A in C' balances.
    /// </summary>
    public static Proof Rerandomize(Proof p, VerifyingKey vk, Random rng)
    {
        var s = Fr.Random(rng); var t = Fr.Random(rng);
        var a = (p.A.ToJacobian() * s.Inverse()).ToAffine();
        var b = (p.B.ToJacobian() * s + vk.Delta.ToJacobian() * (s * t)).ToAffine();
        var c = (p.C.ToJacobian() + p.A.ToJacobian() * t).ToAffine();
        return new Proof(a, b, c);
    }

    /// <summary>A point on the twist E'(F_p²) outside G2 (the twist's cofactor is huge, so the first one found is).</summary>
    public static G2Affine TwistPointOutsideG2()
    {
        for (ulong i = 1; ; i++)
        {
            var x = new Fp2(Fp.FromUInt64(i), Fp.One);
            if ((x.Square() * x + G2.B).TrySqrt(out var y))
            {
                var q = G2Affine.FromCoordinatesUnchecked(x, y);
                if (q.IsOnCurve && !G2.IsInSubgroup(q)) return q;
            }
        }
    }

    /// <summary>(0, 2) is on y² = x³ + 4 and has order 3, so it is outside G1.</summary>
    public static G1Affine G1PointOutsideSubgroup => G1Affine.FromCoordinatesUnchecked(Fp.Zero, Fp.FromUInt64(2));
}
