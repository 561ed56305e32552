using BenchmarkDotNet.Attributes;
using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>Pippenger MSM in G1 and G2 (bench/prove runs the larger sizes once each; see bench/RESULTS-groth16.md).</summary>
[MemoryDiagnoser]
public class MsmBench
{
    [Params(12, 16)] public int LogSize;
    [Params(1, 2)] public int Threads;
    private G1Affine[] _g1 = [];
    private G2Affine[] _g2 = [];
    private Fr[] _k = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        int n = 1 << LogSize;
        _k = new Fr[n];
        for (int i = 0; i < n; i++) _k[i] = Fr.Random(rng);
        var j1 = new G1Jacobian[n];
        var j2 = new G2Jacobian[Math.Min(n, 1 << 12)];
        var p = G1Jacobian.Generator * Fr.Random(rng); var s = G1Jacobian.Generator * Fr.Random(rng);
        for (int i = 0; i < n; i++) { j1[i] = p; p = p + s; }
        var q = G2Jacobian.Generator * Fr.Random(rng); var t = G2Jacobian.Generator * Fr.Random(rng);
        for (int i = 0; i < j2.Length; i++) { j2[i] = q; q = q + t; }
        _g1 = new G1Affine[n]; _g2 = new G2Affine[j2.Length];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(j1, _g1);
        CurveGroup.BatchToAffine<G2Jacobian, G2Affine, Fp2>(j2, _g2);
    }

    [Benchmark] public G1Jacobian G1() => Pippenger.G1(_g1, _k, Threads);
    [Benchmark] public G2Jacobian G2_4096() => Pippenger.G2(_g2, _k.AsMemory(0, _g2.Length), Threads);
}
