using System.Runtime.CompilerServices;
using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The tables of a phase-2 key are per-signal sums: entry j is Σ cₜ·P_pₜ over signal j's terms t, each a circuit
/// coefficient cₜ on one of the ptau's points P (a Lagrange point at the term's constraint). Long linear combinations
/// (Poseidon's partial rounds) give the circuit tens of terms per constraint, so many more terms than points:
/// <list type="bullet">
/// <item>each point's odd multiples P, 3P, …, 15P and their endomorphism images (−σ on G1, (−ψ)^e on G2, as in
/// <see cref="ScalarMul"/>) are computed once, in affine form, and shared by every term on that point;</item>
/// <item>an entry's terms then run one Straus chain (one doubling per bit of the split scalars) of mixed additions;</item>
/// <item>±1 coefficients are a single addition, and an entry with thousands of terms (the constant signal's) is a
/// Pippenger MSM of its own.</item>
/// </list>
/// Variable time: the coefficients are public.
/// </summary>
internal static class SignalSums
{
    /// <summary>The terms of every signal: signal j's are <c>Point[Start[j]..Start[j+1]]</c> with <c>Value</c>.</summary>
    public sealed record Terms(int[] Start, int[] Point, Fr[] Value)
    {
        public int Signals => Start.Length - 1;
    }

    /// <summary>Builds <see cref="Terms"/> from (signal, point, value) triples, grouped by signal in the order given.</summary>
    public sealed class TermsBuilder(int signals)
    {
        private readonly List<(int Signal, int Point, Fr Value)> _terms = [];

        public void Add(int signal, int point, in Fr value)
        {
            if (!value.IsZero) _terms.Add((signal, point, value));
        }

        public Terms Build()
        {
            var start = new int[signals + 1];
            foreach (var t in _terms) start[t.Signal + 1]++;
            for (int j = 0; j < signals; j++) start[j + 1] += start[j];
            var fill = start[..signals];
            var point = new int[_terms.Count];
            var value = new Fr[_terms.Count];
            foreach (var t in _terms) { int k = fill[t.Signal]++; point[k] = t.Point; value[k] = t.Value; }
            return new Terms(start, point, value);
        }
    }

    private const int Window = 5, TableSize = 1 << (Window - 2);
    /// <summary>From this many terms an entry is cheaper as a Pippenger MSM than as a Straus chain (measured: about 250).</summary>
    private const int PippengerFrom = 256;

    public static G1Jacobian[] G1(G1Affine[] points, Terms terms, int threads) =>
        Sum<G1Jacobian, G1Affine, Fp>(points, terms, threads, G1Split, images: 2, maxDigits: Wnaf.MaxDigits128,
            (p, e) => e == 0 ? p : -Endomorphism.Sigma(p), (pts, k) => Pippenger.G1(pts, k, 1));

    public static G2Jacobian[] G2(G2Affine[] points, Terms terms, int threads) =>
        Sum<G2Jacobian, G2Affine, Fp2>(points, terms, threads, G2Split, images: 4, maxDigits: G2Digits,
            (p, e) => { for (int i = 0; i < e; i++) p = -Endomorphism.Psi(p); return p; }, (pts, k) => Pippenger.G2(pts, k, 1));

    private const int G2Digits = 66;

    /// <summary>k = a + b·x² with a, b &lt; 2^128: [k]P = [a]P + [b](−σ(P)) (<see cref="ScalarMul.G1(in G1Jacobian, in Fr)"/>).</summary>
    private static void G1Split(in Fr k, Span<sbyte> digits, Span<int> lengths)
    {
        Span<ulong> d = stackalloc ulong[4];
        ScalarMul.SeedDigits(k, d);
        lengths[0] = Wnaf.Recode(d[0] + (UInt128)d[1] * Endomorphism.SeedAbs, Window, digits[..Wnaf.MaxDigits128]);
        lengths[1] = Wnaf.Recode(d[2] + (UInt128)d[3] * Endomorphism.SeedAbs, Window, digits[Wnaf.MaxDigits128..]);
    }

    /// <summary>k = Σ dₑ·|x|^e with dₑ &lt; 2^64: [k]P = Σ [dₑ](−ψ)^e(P) (<see cref="ScalarMul.G2(in G2Jacobian, in Fr)"/>).</summary>
    private static void G2Split(in Fr k, Span<sbyte> digits, Span<int> lengths)
    {
        Span<ulong> d = stackalloc ulong[4];
        ScalarMul.SeedDigits(k, d);
        for (int e = 0; e < 4; e++) lengths[e] = Wnaf.Recode(d[e], Window, digits.Slice(e * G2Digits, G2Digits));
    }

    private delegate void Split(in Fr k, Span<sbyte> digits, Span<int> lengths);

    private static TProj[] Sum<TProj, TAff, TF>(TAff[] points, Terms terms, int threads, Split split, int images, int maxDigits,
        Func<TProj, int, TProj> image, Func<ReadOnlyMemory<TAff>, ReadOnlyMemory<Fr>, TProj> msm)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        int signals = terms.Signals;
        var (slot, table) = Tables<TProj, TAff, TF>(points, terms, images, image, options);
        var result = new TProj[signals];
        // Chunks of signals, so that each worker reuses its digit buffers.
        int chunk = Math.Max(1, signals / (64 * options.MaxDegreeOfParallelism));
        Parallel.For(0, (signals + chunk - 1) / chunk, options, c =>
        {
            var digits = new List<sbyte>();
            var lengths = new List<int>();
            var strings = new List<(int Table, bool Negate)>();
            for (int j = c * chunk; j < Math.Min(signals, (c + 1) * chunk); j++)
            {
                int from = terms.Start[j], to = terms.Start[j + 1];
                if (to - from >= PippengerFrom)
                {
                    var pts = new TAff[to - from];
                    for (int t = from; t < to; t++) pts[t - from] = points[terms.Point[t]];
                    result[j] = msm(pts, terms.Value.AsMemory(from, to - from));
                    continue;
                }
                result[j] = Straus<TProj, TAff, TF>(points, terms, from, to, slot, table, split, images, maxDigits, digits, lengths, strings);
            }
        });
        return result;
    }

    /// <summary>Odd multiples of every point that some term multiplies by more than ±1, with their images, in affine form.</summary>
    private static (int[] Slot, TAff[] Table) Tables<TProj, TAff, TF>(TAff[] points, Terms terms, int images, Func<TProj, int, TProj> image, ParallelOptions options)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var slot = new int[points.Length];
        Array.Fill(slot, -1);
        int used = 0;
        for (int j = 0; j < terms.Signals; j++)
        {
            if (terms.Start[j + 1] - terms.Start[j] >= PippengerFrom) continue;
            for (int t = terms.Start[j]; t < terms.Start[j + 1]; t++)
            {
                int p = terms.Point[t];
                if (slot[p] < 0 && !IsUnit(terms.Value[t]) && !points[p].IsInfinity) slot[p] = used++;
            }
        }
        var owner = new int[used];
        for (int p = 0; p < points.Length; p++) if (slot[p] >= 0) owner[slot[p]] = p;
        int entries = images * TableSize;
        var table = new TAff[used * entries];
        const int block = 256;
        Parallel.For(0, (used + block - 1) / block, options, b =>
        {
            int first = b * block, count = Math.Min(block, used - first);
            var jac = new TProj[count * entries];
            for (int s = 0; s < count; s++)
            {
                var p = TProj.FromAffine(points[owner[first + s]]);
                var odd = jac.AsSpan(s * entries, TableSize);
                odd[0] = p;
                var twice = p.Double();
                for (int i = 1; i < TableSize; i++) odd[i] = odd[i - 1] + twice;
                for (int e = 1; e < images; e++)
                    for (int i = 0; i < TableSize; i++) jac[s * entries + e * TableSize + i] = image(odd[i], e);
            }
            CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, table.AsSpan(first * entries, count * entries));
        });
        return (slot, table);
    }

    private static TProj Straus<TProj, TAff, TF>(TAff[] points, Terms terms, int from, int to, int[] slot, TAff[] table, Split split,
        int images, int maxDigits, List<sbyte> digits, List<int> lengths, List<(int Table, bool Negate)> strings)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var sum = TProj.Identity;
        digits.Clear(); lengths.Clear(); strings.Clear();
        Span<sbyte> d = stackalloc sbyte[images * maxDigits];
        Span<int> l = stackalloc int[images];
        int longest = 0;
        for (int t = from; t < to; t++)
        {
            var v = terms.Value[t];
            ref readonly var p = ref points[terms.Point[t]];
            if (p.IsInfinity) continue;
            if (v.IsOne) { sum = sum.AddMixed(p); continue; }
            var minus = -v;
            if (minus.IsOne) { sum = sum.AddMixed(Negate<TAff, TF>(p)); continue; }
            // A negative power of two is full width mod r; its negation is short, so fewer additions.
            bool negate = Shorter(minus, v);
            d.Clear();
            split(negate ? minus : v, d, l);
            for (int e = 0; e < images; e++)
            {
                strings.Add(((slot[terms.Point[t]] * images + e) * TableSize, negate));
                lengths.Add(l[e]);
                longest = Math.Max(longest, l[e]);
                digits.AddRange(d.Slice(e * maxDigits, maxDigits));
            }
        }
        var acc = TProj.Identity;
        var ds = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(digits);
        for (int i = longest - 1; i >= 0; i--)
        {
            acc = acc.Double();
            for (int s = 0; s < strings.Count; s++)
            {
                if (i >= lengths[s]) continue;
                int digit = ds[s * maxDigits + i];
                if (digit == 0) continue;
                ref readonly var q = ref table[strings[s].Table + (Math.Abs(digit) >> 1)];
                acc = (digit > 0) != strings[s].Negate ? acc.AddMixed(q) : acc.AddMixed(Negate<TAff, TF>(q));
            }
        }
        return acc + sum;
    }

    private static bool IsUnit(in Fr v) => v.IsOne || (-v).IsOne;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TAff Negate<TAff, TF>(in TAff p)
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF> => TAff.FromCoordinatesUnchecked(p.X, -p.Y);

    /// <summary>True if the canonical value of x is below that of y.</summary>
    internal static bool Shorter(in Fr x, in Fr y)
    {
        Span<ulong> lx = stackalloc ulong[4], ly = stackalloc ulong[4];
        x.ToCanonicalLimbs(lx);
        y.ToCanonicalLimbs(ly);
        for (int i = 3; i >= 0; i--)
            if (lx[i] != ly[i]) return lx[i] < ly[i];
        return false;
    }
}
