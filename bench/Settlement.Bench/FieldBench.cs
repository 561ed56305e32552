using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls12381;
using static Settlement.Verifier.Bls12381.Limbs;

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

    // The previous no-carry CIOS multiplication, kept here only so one run compares it with the current MontMul.
    [Benchmark] public Fp FpMulCiosBaseline() { CiosMontMul(_a, _b, out var r); return r; }
    [Benchmark] public Fp FpSquareViaMul() => _a * _a;
    [Benchmark] public Fr FrSquare() => _x.Square();
    [Benchmark] public Fr FrMulCiosBaseline() { CiosFrMontMul(_x, _y, out var r); return r; }

    private const ulong FrM0 = 0xffffffff00000001, FrM1 = 0x53bda402fffe5bfe, FrM2 = 0x3339d80809a1d805, FrM3 = 0x73eda753299d7d48;
    private const ulong FrInv = 0xfffffffeffffffff;

    private static void ReduceOnceFr(ref Fr x)
    {
        ulong b = 0, d;
        d = x.L0 - FrM0; ulong s0 = d - b; b = (x.L0 < FrM0 || d < b) ? 1UL : 0UL;
        d = x.L1 - FrM1; ulong s1 = d - b; b = (x.L1 < FrM1 || d < b) ? 1UL : 0UL;
        d = x.L2 - FrM2; ulong s2 = d - b; b = (x.L2 < FrM2 || d < b) ? 1UL : 0UL;
        d = x.L3 - FrM3; ulong s3 = d - b; b = (x.L3 < FrM3 || d < b) ? 1UL : 0UL;
        if (b == 0) x = new Fr(s0, s1, s2, s3);
    }

    private static void CiosFrMontMul(in Fr a, in Fr b, out Fr r)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        ulong A, C, m, lo, hi;
        // round 0
        hi = MulHi(a.L0, b.L0); lo = a.L0 * b.L0; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * FrInv;
        hi = MulHi(m, FrM0); lo = m * FrM0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L0); lo = a.L1 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, FrM1); lo = m * FrM1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L0); lo = a.L2 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, FrM2); lo = m * FrM2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L0); lo = a.L3 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, FrM3); lo = m * FrM3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        t3 = C + A;
        // round 1
        hi = MulHi(a.L0, b.L1); lo = a.L0 * b.L1; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * FrInv;
        hi = MulHi(m, FrM0); lo = m * FrM0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L1); lo = a.L1 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, FrM1); lo = m * FrM1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L1); lo = a.L2 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, FrM2); lo = m * FrM2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L1); lo = a.L3 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, FrM3); lo = m * FrM3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        t3 = C + A;
        // round 2
        hi = MulHi(a.L0, b.L2); lo = a.L0 * b.L2; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * FrInv;
        hi = MulHi(m, FrM0); lo = m * FrM0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L2); lo = a.L1 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, FrM1); lo = m * FrM1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L2); lo = a.L2 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, FrM2); lo = m * FrM2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L2); lo = a.L3 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, FrM3); lo = m * FrM3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        t3 = C + A;
        // round 3
        hi = MulHi(a.L0, b.L3); lo = a.L0 * b.L3; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * FrInv;
        hi = MulHi(m, FrM0); lo = m * FrM0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L3); lo = a.L1 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, FrM1); lo = m * FrM1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L3); lo = a.L2 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, FrM2); lo = m * FrM2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L3); lo = a.L3 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, FrM3); lo = m * FrM3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        t3 = C + A;
        r = new Fr(t0, t1, t2, t3);
        ReduceOnceFr(ref r);
    }


    private const ulong M0 = 0xb9feffffffffaaab, M1 = 0x1eabfffeb153ffff, M2 = 0x6730d2a0f6b0f624,
        M3 = 0x64774b84f38512bf, M4 = 0x4b1ba7b6434bacd7, M5 = 0x1a0111ea397fe69a;
    private const ulong Inv = 0x89f3fffcfffcfffd;

    private static void ReduceOnce(ref Fp x)
    {
        ulong b = 0, d;
        d = x.L0 - M0; ulong s0 = d - b; b = (x.L0 < M0 || d < b) ? 1UL : 0UL;
        d = x.L1 - M1; ulong s1 = d - b; b = (x.L1 < M1 || d < b) ? 1UL : 0UL;
        d = x.L2 - M2; ulong s2 = d - b; b = (x.L2 < M2 || d < b) ? 1UL : 0UL;
        d = x.L3 - M3; ulong s3 = d - b; b = (x.L3 < M3 || d < b) ? 1UL : 0UL;
        d = x.L4 - M4; ulong s4 = d - b; b = (x.L4 < M4 || d < b) ? 1UL : 0UL;
        d = x.L5 - M5; ulong s5 = d - b; b = (x.L5 < M5 || d < b) ? 1UL : 0UL;
        if (b == 0) x = new Fp(s0, s1, s2, s3, s4, s5);
    }

    private static void CiosMontMul(in Fp a, in Fp b, out Fp r)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
        ulong A, C, m, lo, hi;
        // round 0
        hi = MulHi(a.L0, b.L0); lo = a.L0 * b.L0; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L0); lo = a.L1 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L0); lo = a.L2 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L0); lo = a.L3 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L0); lo = a.L4 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L0); lo = a.L5 * b.L0; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        // round 1
        hi = MulHi(a.L0, b.L1); lo = a.L0 * b.L1; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L1); lo = a.L1 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L1); lo = a.L2 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L1); lo = a.L3 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L1); lo = a.L4 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L1); lo = a.L5 * b.L1; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        // round 2
        hi = MulHi(a.L0, b.L2); lo = a.L0 * b.L2; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L2); lo = a.L1 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L2); lo = a.L2 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L2); lo = a.L3 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L2); lo = a.L4 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L2); lo = a.L5 * b.L2; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        // round 3
        hi = MulHi(a.L0, b.L3); lo = a.L0 * b.L3; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L3); lo = a.L1 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L3); lo = a.L2 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L3); lo = a.L3 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L3); lo = a.L4 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L3); lo = a.L5 * b.L3; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        // round 4
        hi = MulHi(a.L0, b.L4); lo = a.L0 * b.L4; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L4); lo = a.L1 * b.L4; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L4); lo = a.L2 * b.L4; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L4); lo = a.L3 * b.L4; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L4); lo = a.L4 * b.L4; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L4); lo = a.L5 * b.L4; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        // round 5
        hi = MulHi(a.L0, b.L5); lo = a.L0 * b.L5; lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        m = t0 * Inv;
        hi = MulHi(m, M0); lo = m * M0; lo += t0; C = hi + (lo < t0 ? 1UL : 0UL);
        hi = MulHi(a.L1, b.L5); lo = a.L1 * b.L5; lo += A; hi += lo < A ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; A = hi; t1 = lo;
        hi = MulHi(m, M1); lo = m * M1; lo += C; hi += lo < C ? 1UL : 0UL; lo += t1; hi += lo < t1 ? 1UL : 0UL; C = hi; t0 = lo;
        hi = MulHi(a.L2, b.L5); lo = a.L2 * b.L5; lo += A; hi += lo < A ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; A = hi; t2 = lo;
        hi = MulHi(m, M2); lo = m * M2; lo += C; hi += lo < C ? 1UL : 0UL; lo += t2; hi += lo < t2 ? 1UL : 0UL; C = hi; t1 = lo;
        hi = MulHi(a.L3, b.L5); lo = a.L3 * b.L5; lo += A; hi += lo < A ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; A = hi; t3 = lo;
        hi = MulHi(m, M3); lo = m * M3; lo += C; hi += lo < C ? 1UL : 0UL; lo += t3; hi += lo < t3 ? 1UL : 0UL; C = hi; t2 = lo;
        hi = MulHi(a.L4, b.L5); lo = a.L4 * b.L5; lo += A; hi += lo < A ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; A = hi; t4 = lo;
        hi = MulHi(m, M4); lo = m * M4; lo += C; hi += lo < C ? 1UL : 0UL; lo += t4; hi += lo < t4 ? 1UL : 0UL; C = hi; t3 = lo;
        hi = MulHi(a.L5, b.L5); lo = a.L5 * b.L5; lo += A; hi += lo < A ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; A = hi; t5 = lo;
        hi = MulHi(m, M5); lo = m * M5; lo += C; hi += lo < C ? 1UL : 0UL; lo += t5; hi += lo < t5 ? 1UL : 0UL; C = hi; t4 = lo;
        t5 = C + A;
        r = new Fp(t0, t1, t2, t3, t4, t5);
        ReduceOnce(ref r);
    }
}

