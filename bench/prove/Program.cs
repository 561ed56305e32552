using System.Diagnostics;
using Settlement.Prover.Fft;
using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

// Usage: prove-bench msm-g1|msm-g2|ntt <log2 size> <threads> [repeats]
if (args.Length < 3) { Console.Error.WriteLine("usage: prove-bench msm-g1|msm-g2|ntt <log2 size> <threads> [repeats]"); return 2; }
string mode = args[0];
int log = int.Parse(args[1]);
int threads = int.Parse(args[2]);
int repeats = args.Length > 3 ? int.Parse(args[3]) : 3;
int n = 1 << log;
var rng = new Random(1);
var times = new List<double>();
switch (mode)
{
    case "msm-g1":
    {
        var pts = Points<G1Jacobian, G1Affine, Fp>(G1Jacobian.Generator, n, rng);
        var k = Scalars(n, rng);
        Pippenger.G1(pts[..16], k[..16], threads);
        for (int r = 0; r < repeats; r++) { var sw = Stopwatch.StartNew(); Pippenger.G1(pts, k, threads); times.Add(sw.Elapsed.TotalMilliseconds); }
        break;
    }
    case "msm-g2":
    {
        var pts = Points<G2Jacobian, G2Affine, Fp2>(G2Jacobian.Generator, n, rng);
        var k = Scalars(n, rng);
        Pippenger.G2(pts[..16], k[..16], threads);
        for (int r = 0; r < repeats; r++) { var sw = Stopwatch.StartNew(); Pippenger.G2(pts, k, threads); times.Add(sw.Elapsed.TotalMilliseconds); }
        break;
    }
    case "ntt":
    {
        var d = new EvaluationDomain(log);
        var v = Scalars(n, rng);
        for (int r = 0; r < repeats; r++) { var sw = Stopwatch.StartNew(); d.Ntt(v, threads); times.Add(sw.Elapsed.TotalMilliseconds); }
        break;
    }
    case "fp-mul":
    {
        var a = Fp.Random(rng); var b = Fp.Random(rng);
        for (int r = 0; r < repeats; r++) { var sw = Stopwatch.StartNew(); for (int i = 0; i < n; i++) a = a * b; times.Add(sw.Elapsed.TotalMilliseconds * 1e6 / n); }
        Console.WriteLine(a.IsZero);
        break;
    }
    default: Console.Error.WriteLine($"unknown mode {mode}"); return 2;
}
times.Sort();
Console.WriteLine($"{mode} 2^{log} threads={threads}: median {times[times.Count / 2]:F1} ms (runs: {string.Join(", ", times.Select(t => t.ToString("F0")))})");
return 0;

static Fr[] Scalars(int n, Random rng)
{
    var s = new Fr[n];
    for (int i = 0; i < n; i++) s[i] = Fr.Random(rng);
    return s;
}

// Distinct points s0·G + i·step (additions only), converted to affine in one batch.
static TAff[] Points<TProj, TAff, TF>(TProj g, int n, Random rng)
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    Span<ulong> l = stackalloc ulong[4];
    Fr.Random(rng).ToCanonicalLimbs(l);
    var p = CurveGroup.Multiply<TProj, TAff, TF>(g, l);
    Fr.Random(rng).ToCanonicalLimbs(l);
    var step = CurveGroup.Multiply<TProj, TAff, TF>(g, l);
    var jac = new TProj[n];
    for (int i = 0; i < n; i++) { jac[i] = p; p = p + step; }
    var aff = new TAff[n];
    CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, aff);
    return aff;
}
