using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Fft;

/// <summary>
/// The multiplicative subgroup {ω^0, …, ω^(n−1)} of F_r for n = 2^k (k ≤ 31), with radix-2 number-theoretic
/// transforms between coefficients and evaluations, natural order on both sides, parallel across cores.
/// <para>
/// The roots are snarkjs's (ffjavascript's): ω_(2^32) = 5^t with t = (r − 1)/2^32 and 5 the smallest quadratic
/// non-residue, and ω_(2^k) = ω_(2^32)^(2^(32−k)). Any primitive root gives a valid domain, but a proving key
/// whose tables are Lagrange points of one domain must be paired with transforms over that same domain, so
/// our keys use the snarkjs roots too and one prover reads both (docs/key-formats.md).
/// </para>
/// </summary>
public sealed class EvaluationDomain
{
    /// <summary>5, the smallest quadratic non-residue of F_r; ffjavascript derives its roots of unity from it.</summary>
    public static readonly Fr SnarkjsNonResidue = Fr.FromUInt64(5);

    /// <summary>ω_(2^32) = 5^((r−1)/2^32), ffjavascript's <c>Fr.w[32]</c>.</summary>
    public static readonly Fr MaxRootOfUnity = SnarkjsNonResidue.Pow(OddPartLimbs());

    public const int MaxLogSize = 31;

    /// <summary>Below this many butterflies per stage the transform runs on one thread.</summary>
    private const int ParallelThreshold = 1 << 12;

    public int LogSize { get; }
    public int Size { get; }
    /// <summary>ω, a primitive n-th root of unity.</summary>
    public Fr Omega { get; }
    public Fr OmegaInverse { get; }
    /// <summary>1/n.</summary>
    public Fr SizeInverse { get; }
    /// <summary>
    /// The shift g of the coset g·H that snarkjs evaluates the quotient on: a primitive 2n-th root of unity,
    /// so the coset is the odd powers of the 2n-domain and Z(x) = x^n − 1 equals −2 on all of it.
    /// </summary>
    public Fr CosetShift { get; }

    private readonly Fr[] _twiddles;     // ω^i, i < n/2
    private readonly Fr[] _invTwiddles;  // ω^(−i), i < n/2

    public EvaluationDomain(int logSize)
    {
        if (logSize < 0 || logSize > MaxLogSize) throw new ArgumentOutOfRangeException(nameof(logSize), logSize, $"domain size must be 2^0 .. 2^{MaxLogSize}");
        LogSize = logSize;
        Size = 1 << logSize;
        Omega = RootOfUnity(logSize);
        OmegaInverse = Omega.Inverse();
        SizeInverse = Fr.FromUInt64((ulong)Size).Inverse();
        CosetShift = RootOfUnity(logSize + 1);
        int half = Math.Max(1, Size / 2);
        _twiddles = Powers(Omega, half);
        _invTwiddles = Powers(OmegaInverse, half);
    }

    /// <summary>The smallest domain holding at least <paramref name="count"/> points.</summary>
    public static EvaluationDomain ForSize(long count)
    {
        int log = 0;
        while ((1L << log) < count) log++;
        return new EvaluationDomain(log);
    }

    /// <summary>The primitive 2^k-th root of unity of the snarkjs convention.</summary>
    public static Fr RootOfUnity(int k)
    {
        if (k < 0 || k > Fr.TwoAdicity) throw new ArgumentOutOfRangeException(nameof(k));
        var w = MaxRootOfUnity;
        for (int i = Fr.TwoAdicity; i > k; i--) w = w.Square();
        return w;
    }

    /// <summary>1, x, x², …, x^(count−1).</summary>
    public static Fr[] Powers(in Fr x, int count)
    {
        var p = new Fr[count];
        if (count == 0) return p;
        p[0] = Fr.One;
        for (int i = 1; i < count; i++) p[i] = p[i - 1] * x;
        return p;
    }

    /// <summary>Coefficients → evaluations at ω^0..ω^(n−1), in place.</summary>
    public void Ntt(Span<Fr> values, int threads = 0) => Transform(values, _twiddles, threads);

    /// <summary>Evaluations at ω^0..ω^(n−1) → coefficients, in place.</summary>
    public void InverseNtt(Span<Fr> values, int threads = 0)
    {
        Transform(values, _invTwiddles, threads);
        Scale(values, SizeInverse, threads);
    }

    /// <summary>Coefficients → evaluations at g·ω^i for the coset shift g, in place.</summary>
    public void CosetNtt(Span<Fr> values, in Fr shift, int threads = 0)
    {
        MultiplyByPowers(values, shift, threads);
        Transform(values, _twiddles, threads);
    }

    /// <summary>Evaluations at g·ω^i → coefficients, in place.</summary>
    public void InverseCosetNtt(Span<Fr> values, in Fr shift, int threads = 0)
    {
        InverseNtt(values, threads);
        MultiplyByPowers(values, shift.Inverse(), threads);
    }

    /// <summary>Evaluates the polynomial with the given coefficients at x (Horner; for tests and setup).</summary>
    public static Fr Evaluate(ReadOnlySpan<Fr> coefficients, in Fr x)
    {
        var acc = Fr.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }

    /// <summary>
    /// All n Lagrange basis polynomials of the domain at x: L_i(x) = ω^i·(x^n − 1) / (n·(x − ω^i)).
    /// x must not be in the domain.
    /// </summary>
    public Fr[] LagrangeAt(in Fr x)
    {
        var zx = x.Pow((ulong)Size) - Fr.One;
        if (zx.IsZero) throw new ArgumentException("x lies in the domain");
        var den = new Fr[Size];
        var w = Fr.One;
        for (int i = 0; i < Size; i++) { den[i] = x - w; w *= Omega; }
        Fr.BatchInverse(den);
        var c = zx * SizeInverse;
        w = Fr.One;
        for (int i = 0; i < Size; i++) { den[i] = c * w * den[i]; w *= Omega; }
        return den;
    }

    private void Transform(Span<Fr> a, Fr[] twiddles, int threads)
    {
        if (a.Length != Size) throw new ArgumentException($"expected {Size} values, got {a.Length}");
        if (Size == 1) return;
        BitReverse(a, LogSize);
        int n = Size;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        if (n / 2 < ParallelThreshold || degree == 1)
        {
            for (int m = 1; m < n; m <<= 1)
                Butterflies(a, twiddles, m, n / (2 * m), 0, n / 2);
            return;
        }
        unsafe
        {
            fixed (Fr* p = a)
            {
                var ptr = (IntPtr)p;
                int chunks = Math.Min(degree * 4, n / 2 / (ParallelThreshold / 4));
                var options = new ParallelOptions { MaxDegreeOfParallelism = degree };
                for (int m = 1; m < n; m <<= 1)
                {
                    int stride = n / (2 * m);
                    int mm = m;
                    Parallel.For(0, chunks, options, c =>
                    {
                        long lo = (long)(n / 2) * c / chunks, hi = (long)(n / 2) * (c + 1) / chunks;
                        var span = new Span<Fr>((void*)ptr, n);
                        Butterflies(span, twiddles, mm, stride, (int)lo, (int)hi);
                    });
                }
            }
        }
    }

    /// <summary>Butterflies j in [lo, hi) of the stage with half-block size m (block j / m, position j % m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Butterflies(Span<Fr> a, Fr[] twiddles, int m, int stride, int lo, int hi)
    {
        int j = lo;
        while (j < hi)
        {
            int block = j / m, k = j % m;
            int baseIdx = block * 2 * m;
            int end = Math.Min(m, k + (hi - j));
            ref Fr tw = ref twiddles[0];
            for (; k < end; k++, j++)
            {
                ref Fr x = ref a[baseIdx + k];
                ref Fr y = ref a[baseIdx + k + m];
                var t = y * Unsafe.Add(ref tw, k * stride);
                y = x - t;
                x = x + t;
            }
        }
    }

    private static void BitReverse(Span<Fr> a, int logN)
    {
        int n = a.Length;
        int shift = 32 - logN;
        for (int i = 0; i < n; i++)
        {
            int j = (int)(ReverseBits((uint)i) >> shift);
            if (j > i) (a[i], a[j]) = (a[j], a[i]);
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }

    /// <summary>a_i ← a_i · c.</summary>
    public static void Scale(Span<Fr> a, Fr c, int threads = 0)
    {
        ForChunks(a, threads, (span, start) => { for (int i = 0; i < span.Length; i++) span[i] *= c; });
    }

    /// <summary>a_i ← a_i · g^i.</summary>
    public static void MultiplyByPowers(Span<Fr> a, Fr g, int threads = 0)
    {
        ForChunks(a, threads, (span, start) =>
        {
            var p = g.Pow((ulong)start);
            for (int i = 0; i < span.Length; i++) { span[i] *= p; p *= g; }
        });
    }

    internal delegate void ChunkAction(Span<Fr> chunk, int start);

    /// <summary>Runs <paramref name="action"/> over contiguous chunks of <paramref name="a"/> in parallel.</summary>
    internal static unsafe void ForChunks(Span<Fr> a, int threads, ChunkAction action)
    {
        int n = a.Length;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        if (n < ParallelThreshold || degree == 1) { action(a, 0); return; }
        int chunks = degree * 4;
        fixed (Fr* p = a)
        {
            var ptr = (IntPtr)p;
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = degree }, c =>
            {
                int lo = (int)((long)n * c / chunks), hi = (int)((long)n * (c + 1) / chunks);
                action(new Span<Fr>((Fr*)ptr + lo, hi - lo), lo);
            });
        }
    }

    private static ulong[] OddPartLimbs()
    {
        var t = (Fr.Modulus - 1) >> Fr.TwoAdicity;
        var r = new ulong[4];
        for (int i = 0; i < 4; i++) { r[i] = (ulong)(t & ulong.MaxValue); t >>= 64; }
        return r;
    }
}
