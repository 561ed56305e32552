using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

[MemoryDiagnoser]
public class FieldBench
{
    private Fp _a, _b;
    private Fr _x, _y;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Fp.Random(rng); _b = Fp.Random(rng);
        _x = Fr.Random(rng); _y = Fr.Random(rng);
    }

    [Benchmark] public Fp FpMul() => _a * _b;
    [Benchmark] public Fp FpSquare() => _a.Square();
    [Benchmark] public Fp FpAdd() => _a + _b;
    [Benchmark] public Fp FpInverse() => _a.Inverse();
    [Benchmark] public Fr FrMul() => _x * _y;
    [Benchmark] public Fr FrInverse() => _x.Inverse();

    [Benchmark] public Fp FpSquareViaMul() => _a * _a;
    [Benchmark] public Fr FrSquare() => _x.Square();
}
