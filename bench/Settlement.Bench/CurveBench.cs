using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>G1/G2 group operations; inputs are random points with non-trivial Z so no shortcut applies.</summary>
[MemoryDiagnoser]
public class CurveBench
{
    private G1Jacobian _p1, _q1;
    private G1Affine _a1;
    private G2Jacobian _p2, _q2;
    private G2Affine _a2;
    private Fr _k;
    private byte[] _c1 = [], _c2 = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _k = Fr.Random(rng);
        _p1 = G1Jacobian.Generator * Fr.Random(rng); _q1 = G1Jacobian.Generator * Fr.Random(rng);
        _a1 = (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _p2 = G2Jacobian.Generator * Fr.Random(rng); _q2 = G2Jacobian.Generator * Fr.Random(rng);
        _a2 = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _c1 = G1Encoding.Compress(_a1); _c2 = G2Encoding.Compress(_a2);
    }

    [Benchmark] public G1Jacobian G1Add() => _p1 + _q1;
    [Benchmark] public G1Jacobian G1AddMixed() => _p1.AddMixed(_a1);
    [Benchmark] public G1Jacobian G1Double() => _p1.Double();
    [Benchmark] public G1Jacobian G1ScalarMulGlv() => _p1 * _k;
    [Benchmark] public G1Jacobian G1ScalarMulGeneric() => G1Jacobian.MultiplyGeneric(_p1, _k);
    [Benchmark] public bool G1SubgroupCheck() => G1.IsInSubgroup(_a1);
    [Benchmark] public G1Affine G1Decompress() => G1Encoding.Decompress(_c1);

    [Benchmark] public G2Jacobian G2Add() => _p2 + _q2;
    [Benchmark] public G2Jacobian G2AddMixed() => _p2.AddMixed(_a2);
    [Benchmark] public G2Jacobian G2Double() => _p2.Double();
    [Benchmark] public G2Jacobian G2ScalarMulGls() => _p2 * _k;
    [Benchmark] public G2Jacobian G2ScalarMulGeneric() => G2Jacobian.MultiplyGeneric(_p2, _k);
    [Benchmark] public bool G2SubgroupCheck() => G2.IsInSubgroup(_a2);
    [Benchmark] public G2Affine G2Decompress() => G2Encoding.Decompress(_c2);
}
