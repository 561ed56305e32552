using BenchmarkDotNet.Attributes;
using Settlement.Prover.Fft;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>Radix-2 NTT over F_r.</summary>
public class FftBench
{
    [Params(12, 16)] public int LogSize;
    [Params(1, 2)] public int Threads;
    private EvaluationDomain _d = null!;
    private Fr[] _v = [];

    [GlobalSetup]
    public void Setup()
    {
        _d = new EvaluationDomain(LogSize);
        var rng = new Random(2);
        _v = new Fr[_d.Size];
        for (int i = 0; i < _v.Length; i++) _v[i] = Fr.Random(rng);
    }

    [Benchmark] public void Ntt() => _d.Ntt(_v, Threads);
    [Benchmark] public void CosetNtt() => _d.CosetNtt(_v, _d.CosetShift, Threads);
}
