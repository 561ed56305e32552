using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

[MemoryDiagnoser]
public class FieldBench
{
    private Fp _a, _b;
    private Fr _x, _y;
    // 1,024 independent products: throughput, as in the MSM's batches (FpMul above is one product: latency).
    private readonly Fp[] _many = new Fp[1024];
    private readonly FpX4[] _manyLanes = new FpX4[256];
    private FpX4 _bLanes;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _a = Fp.Random(rng); _b = Fp.Random(rng);
        _x = Fr.Random(rng); _y = Fr.Random(rng);
        for (int i = 0; i < _many.Length; i++) _many[i] = Fp.Random(rng);
        for (int i = 0; i < _manyLanes.Length; i++)
            FpX4.Load(out _manyLanes[i], _many[4 * i], _many[4 * i + 1], _many[4 * i + 2], _many[4 * i + 3]);
        FpX4.Load(out _bLanes, _b, _b, _b, _b);
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public void FpMul1024Scalar()
    {
        var b = _b;
        for (int i = 0; i < _many.Length; i++) _many[i] *= b;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public void FpMul1024FourLanes()
    {
        if (!FpX4.IsSupported) return;
        for (int i = 0; i < _manyLanes.Length; i++) FpX4.Mul(_manyLanes[i], _bLanes, out _manyLanes[i]);
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
