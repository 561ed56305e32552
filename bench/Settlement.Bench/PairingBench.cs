using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>The pairing and its parts; blst's figures on a similar 2-core machine are in bench/RESULTS-pairing.md.</summary>
[MemoryDiagnoser]
public class PairingBench
{
    private Fp12 _f, _g, _cyclotomic;
    private Fp2 _c0, _c1, _c4;
    private G1Affine _p;
    private G2Affine _q;
    private PreparedG2 _prepared = null!;
    private MillerLoopResult _miller;
    private (G1Affine, G2Affine)[] _four = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        Fp2 R2() => new(Fp.Random(rng), Fp.Random(rng));
        Fp6 R6() => new(R2(), R2(), R2());
        _f = new Fp12(R6(), R6());
        _g = new Fp12(R6(), R6());
        var t = _f.Conjugate() * _f.Inverse();
        _cyclotomic = t.Frobenius(2) * t;
        _c0 = R2(); _c1 = R2(); _c4 = R2();
        _p = (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _q = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _prepared = new PreparedG2(_q);
        _miller = Pairing.MillerLoop(_p, _q);
        // e(aP, Q)·e(−aP, Q)·e(bP, Q')·e(−bP, Q'): a product that is 1, so the check runs to the end.
        var q2 = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        var p2 = (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
        _four = [(_p, _q), (-_p, _q), (p2, q2), (-p2, q2)];
    }

    [Benchmark] public Fp12 Fp12Mul() => _f * _g;
    [Benchmark] public Fp12 Fp12Square() => _f.Square();
    [Benchmark] public Fp12 Fp12CyclotomicSquare() => _cyclotomic.CyclotomicSquareUnchecked();
    /// <summary>a^x in the cyclotomic subgroup: 63 compressed squarings, six decompressions, five multiplications.</summary>
    [Benchmark] public Fp12 ExpByX() => Pairing.ExpByX(_cyclotomic);
    [Benchmark] public Fp12 Fp12MulBy014() => _f.MulBy014(_c0, _c1, _c4);
    [Benchmark] public Fp12 Fp12Inverse() => _f.Inverse();
    [Benchmark] public MillerLoopResult MillerLoop() => Pairing.MillerLoop(_p, _q);
    [Benchmark] public MillerLoopResult MillerLoopPrepared() => Pairing.MultiMillerLoop([], [(_p, _prepared)]);
    [Benchmark] public PreparedG2 PrepareG2() => new(_q);
    [Benchmark] public Gt FinalExponentiation() => Pairing.FinalExponentiation(_miller);
    [Benchmark] public Gt FullPairing() => Pairing.Pair(_p, _q);
    [Benchmark] public bool PairingCheck4() => Pairing.PairingCheck(_four);
}
