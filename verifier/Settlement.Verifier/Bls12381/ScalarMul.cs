using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Fast [k]P on G1 and G2 using the endomorphisms of <see cref="Endomorphism"/>. Variable time: the sequence of
/// additions depends on the scalar, so use it for public scalars (verification, EIP-2537, proving with public
/// bases is fine; secret keys should not go through here if timing can be observed).
/// <para>Both split k ∈ [0, r) into base-|x| digits, k = d₀ + d₁|x| + d₂|x|² + d₃|x|³ with dᵢ &lt; |x| &lt; 2^64
/// (possible because r = x⁴ − x² + 1 &lt; |x|⁴), then use the eigenvalues; the points must be in the subgroup.</para>
/// <list type="bullet">
/// <item>G1 (GLV, 2 dimensions): [x²]P = −σ(P), so [k]P = [a]P + [b](−σ(P)) with a = d₀ + d₁|x|, b = d₂ + d₃|x|,
/// both below x² &lt; 2^128. A joint width-5 NAF: 128 doublings instead of 255.</item>
/// <item>G2 (GLS, 4 dimensions): [|x|]P = −[x]P = −ψ(P), so [k]P = Σ [dᵢ](−ψ)ⁱ(P). A joint width-4 NAF over four
/// 64-bit digits: 64 doublings instead of 255.</item>
/// </list>
/// </summary>
public static class ScalarMul
{
    private const int G1Window = 5;
    private const int G2Window = 4;

    /// <summary>[k]P for P in G1 (not checked: for P outside G1 the result is meaningless).</summary>
    public static G1Jacobian G1(in G1Jacobian p, in Fr k)
    {
        if (p.IsIdentity || k.IsZero) return G1Jacobian.Identity;
        Span<ulong> d = stackalloc ulong[4];
        SeedDigits(k, d);
        UInt128 a = d[0] + (UInt128)d[1] * Endomorphism.SeedAbs;
        UInt128 b = d[2] + (UInt128)d[3] * Endomorphism.SeedAbs;

        Span<sbyte> na = stackalloc sbyte[Wnaf.MaxDigits128], nb = stackalloc sbyte[Wnaf.MaxDigits128];
        int la = Wnaf.Recode(a, G1Window, na), lb = Wnaf.Recode(b, G1Window, nb);

        // Odd multiples P, 3P, …, 15P; those of −σ(P) are (β·X, −Y, Z) of the same points.
        const int tableSize = 1 << (G1Window - 2);
        Span<G1Jacobian> tp = stackalloc G1Jacobian[tableSize];
        Span<G1Jacobian> ts = stackalloc G1Jacobian[tableSize];
        OddMultiples<G1Jacobian, G1Affine, Fp>(p, tp);
        for (int i = 0; i < tableSize; i++) ts[i] = -Endomorphism.Sigma(tp[i]);

        var acc = G1Jacobian.Identity;
        for (int i = Math.Max(la, lb) - 1; i >= 0; i--)
        {
            acc = acc.Double();
            if (i < la) AddDigit<G1Jacobian, G1Affine, Fp>(ref acc, tp, na[i]);
            if (i < lb) AddDigit<G1Jacobian, G1Affine, Fp>(ref acc, ts, nb[i]);
        }
        return acc;
    }

    /// <summary>[k]P for P in G2 (not checked: for P outside G2 the result is meaningless).</summary>
    public static G2Jacobian G2(in G2Jacobian p, in Fr k)
    {
        if (p.IsIdentity || k.IsZero) return G2Jacobian.Identity;
        Span<ulong> d = stackalloc ulong[4];
        SeedDigits(k, d);

        const int maxDigits = 66;
        Span<sbyte> n0 = stackalloc sbyte[maxDigits], n1 = stackalloc sbyte[maxDigits], n2 = stackalloc sbyte[maxDigits], n3 = stackalloc sbyte[maxDigits];
        int l0 = Wnaf.Recode(d[0], G2Window, n0), l1 = Wnaf.Recode(d[1], G2Window, n1);
        int l2 = Wnaf.Recode(d[2], G2Window, n2), l3 = Wnaf.Recode(d[3], G2Window, n3);

        // Tables of odd multiples of P, −ψ(P), ψ²(P), −ψ³(P): each is the image of the previous under −ψ.
        const int tableSize = 1 << (G2Window - 2);
        Span<G2Jacobian> t = stackalloc G2Jacobian[4 * tableSize];
        OddMultiples<G2Jacobian, G2Affine, Fp2>(p, t[..tableSize]);
        for (int j = 1; j < 4; j++)
            for (int i = 0; i < tableSize; i++)
                t[j * tableSize + i] = -Endomorphism.Psi(t[(j - 1) * tableSize + i]);

        var acc = G2Jacobian.Identity;
        for (int i = Math.Max(Math.Max(l0, l1), Math.Max(l2, l3)) - 1; i >= 0; i--)
        {
            acc = acc.Double();
            if (i < l0) AddDigit<G2Jacobian, G2Affine, Fp2>(ref acc, t[..tableSize], n0[i]);
            if (i < l1) AddDigit<G2Jacobian, G2Affine, Fp2>(ref acc, t.Slice(tableSize, tableSize), n1[i]);
            if (i < l2) AddDigit<G2Jacobian, G2Affine, Fp2>(ref acc, t.Slice(2 * tableSize, tableSize), n2[i]);
            if (i < l3) AddDigit<G2Jacobian, G2Affine, Fp2>(ref acc, t.Slice(3 * tableSize, tableSize), n3[i]);
        }
        return acc;
    }

    /// <summary>
    /// Σ kᵢ·Pᵢ in G1 for full scalars by Straus's method over the GLV halves of <see cref="G1(in G1Jacobian, in Fr)"/>:
    /// one shared chain of at most 128 doublings for all the terms, where separate multiplications would repeat it
    /// for each. Meant for the few terms of a sparse linear combination (a phase-2 key's per-signal sums, a pairing
    /// batch's weighted sides, whose 128-bit weights leave the second half at most 1); Pippenger wins from a few hundred. Points must be in G1. Variable time: for public scalars.
    /// </summary>
    internal static G1Jacobian SumG1(ReadOnlySpan<G1Affine> points, ReadOnlySpan<Fr> scalars)
    {
        if (points.Length != scalars.Length) throw new ArgumentException($"{points.Length} points but {scalars.Length} scalars", nameof(scalars));
        const int tableSize = 1 << (G1Window - 2), maxDigits = Wnaf.MaxDigits128;
        int n = points.Length;
        var tables = new G1Jacobian[2 * n * tableSize];
        var digits = new sbyte[2 * n * maxDigits];
        var lengths = new int[2 * n];
        int longest = 0;
        Span<ulong> d = stackalloc ulong[4];
        for (int j = 0; j < n; j++)
        {
            if (points[j].IsInfinity || scalars[j].IsZero) continue;
            SeedDigits(scalars[j], d);
            UInt128 a = d[0] + (UInt128)d[1] * Endomorphism.SeedAbs;
            UInt128 b = d[2] + (UInt128)d[3] * Endomorphism.SeedAbs;
            lengths[2 * j] = Wnaf.Recode(a, G1Window, digits.AsSpan(2 * j * maxDigits, maxDigits));
            lengths[2 * j + 1] = Wnaf.Recode(b, G1Window, digits.AsSpan((2 * j + 1) * maxDigits, maxDigits));
            longest = Math.Max(longest, Math.Max(lengths[2 * j], lengths[2 * j + 1]));
            var tp = tables.AsSpan(2 * j * tableSize, tableSize);
            OddMultiples<G1Jacobian, G1Affine, Fp>(points[j].ToJacobian(), tp);
            var ts = tables.AsSpan((2 * j + 1) * tableSize, tableSize);
            for (int i = 0; i < tableSize; i++) ts[i] = -Endomorphism.Sigma(tp[i]);
        }
        return Straus<G1Jacobian, G1Affine, Fp>(tables, tableSize, digits, maxDigits, lengths, longest);
    }

    /// <summary>
    /// Σ kᵢ·Pᵢ in G2 for full scalars by Straus's method over the four GLS digits of <see cref="G2(in G2Jacobian, in Fr)"/>:
    /// one shared chain of at most 64 doublings. Points must be in G2. Variable time: for public scalars.
    /// </summary>
    internal static G2Jacobian SumG2(ReadOnlySpan<G2Affine> points, ReadOnlySpan<Fr> scalars)
    {
        if (points.Length != scalars.Length) throw new ArgumentException($"{points.Length} points but {scalars.Length} scalars", nameof(scalars));
        const int tableSize = 1 << (G2Window - 2), maxDigits = 66;
        int n = points.Length;
        var tables = new G2Jacobian[4 * n * tableSize];
        var digits = new sbyte[4 * n * maxDigits];
        var lengths = new int[4 * n];
        int longest = 0;
        Span<ulong> d = stackalloc ulong[4];
        for (int j = 0; j < n; j++)
        {
            if (points[j].IsInfinity || scalars[j].IsZero) continue;
            SeedDigits(scalars[j], d);
            OddMultiples<G2Jacobian, G2Affine, Fp2>(points[j].ToJacobian(), tables.AsSpan(4 * j * tableSize, tableSize));
            for (int e = 0; e < 4; e++)
            {
                int s = 4 * j + e;
                lengths[s] = Wnaf.Recode(d[e], G2Window, digits.AsSpan(s * maxDigits, maxDigits));
                longest = Math.Max(longest, lengths[s]);
                if (e > 0)
                    for (int i = 0; i < tableSize; i++)
                        tables[s * tableSize + i] = -Endomorphism.Psi(tables[(s - 1) * tableSize + i]);
            }
        }
        return Straus<G2Jacobian, G2Affine, Fp2>(tables, tableSize, digits, maxDigits, lengths, longest);
    }

    /// <summary>The shared doubling chain: string s adds its NAF digits from its own table of odd multiples.</summary>
    private static TProj Straus<TProj, TAff, TF>(TProj[] tables, int tableSize, sbyte[] digits, int maxDigits, int[] lengths, int longest)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var acc = TProj.Identity;
        for (int i = longest - 1; i >= 0; i--)
        {
            acc = acc.Double();
            for (int s = 0; s < lengths.Length; s++)
                if (i < lengths[s]) AddDigit<TProj, TAff, TF>(ref acc, tables.AsSpan(s * tableSize, tableSize), digits[s * maxDigits + i]);
        }
        return acc;
    }

    /// <summary>Base-|x| digits of the canonical value of k: four digits suffice because k &lt; r &lt; |x|⁴.</summary>
    internal static void SeedDigits(in Fr k, Span<ulong> digits)
    {
        Span<ulong> v = stackalloc ulong[4];
        k.ToCanonicalLimbs(v);
        for (int j = 0; j < 4; j++)
        {
            // One long division of the 256-bit value by |x|, most significant limb first.
            UInt128 rem = 0;
            for (int i = 3; i >= 0; i--)
            {
                UInt128 cur = (rem << 64) | v[i];
                v[i] = (ulong)(cur / Endomorphism.SeedAbs);
                rem = cur % Endomorphism.SeedAbs;
            }
            digits[j] = (ulong)rem;
        }
    }

    /// <summary>P, 3P, 5P, … (table.Length entries).</summary>
    private static void OddMultiples<TProj, TAff, TF>(in TProj p, Span<TProj> table)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        table[0] = p;
        var twice = p.Double();
        for (int i = 1; i < table.Length; i++) table[i] = table[i - 1] + twice;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddDigit<TProj, TAff, TF>(ref TProj acc, ReadOnlySpan<TProj> oddMultiples, int digit)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        if (digit > 0) acc = acc + oddMultiples[digit >> 1];
        else if (digit < 0) acc = acc + -oddMultiples[(-digit) >> 1];
    }
}
