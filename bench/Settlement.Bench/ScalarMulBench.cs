using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>
/// Constant-time [k]P (the prover's r, s blinding) against the variable-time GLV/GLS path, side by side on the same
/// point and scalar. A proof makes five G1 and one G2 constant-time multiplications.
/// </summary>
[MedianColumn]
public class ScalarMulBench
{
    private G1Jacobian _p1;
    private G2Jacobian _p2;
    private Fr _k;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _k = Fr.Random(rng);
        _p1 = G1Jacobian.Generator * Fr.Random(rng);
        _p2 = G2Jacobian.Generator * Fr.Random(rng);
    }

    [Benchmark(Baseline = true)] public G1Jacobian G1VariableTime() => ScalarMul.G1(_p1, _k);
    [Benchmark] public G1Jacobian G1ConstantTime() => ConstantTimeScalarMul.G1(_p1, _k);
    [Benchmark] public G2Jacobian G2VariableTime() => ScalarMul.G2(_p2, _k);
    [Benchmark] public G2Jacobian G2ConstantTime() => ConstantTimeScalarMul.G2(_p2, _k);
}
