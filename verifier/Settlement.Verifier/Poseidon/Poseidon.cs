using System.Numerics;
using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon;

/// <summary>
/// Native Poseidon over BLS12-381 Fr (hadeshash x5_255_3 and x5_255_5). The circuit gadgets in
/// Settlement.Circuits compute exactly these functions; the rules (padding, domains, output cell) are in docs/poseidon.md.
/// </summary>
public static class Poseidon
{
    /// <summary>Sponge rate of <see cref="Hash"/>: t = 5 with one capacity cell.</summary>
    public const int Rate = 4;

    /// <summary>
    /// The Poseidon permutation in place; the state length picks the instance (3 → x5_255_3, 5 → x5_255_5).
    /// No allocation: the round loop works on a stack copy.
    /// </summary>
    public static void Permute(Span<Fr> state) => Permute(state, PoseidonParameters.ForWidth(state.Length));

    /// <summary>
    /// The permutation with explicit parameters (state length must equal the width). Partial rounds run in the
    /// equivalent sparse form of <see cref="SparsePartialRounds"/>; <see cref="PermuteReference"/> is the textbook loop.
    /// </summary>
    public static void Permute(Span<Fr> state, PoseidonParameters p)
    {
        int t = p.Width;
        if (state.Length != t) throw new ArgumentException($"state has {state.Length} cells, {p.Name} needs {t}", nameof(state));
        Span<Fr> tmp = stackalloc Fr[t];
        ReadOnlySpan<Fr> rc = p._rc;
        var sp = p._sparse;
        int half = p.FullRounds / 2;
        for (int r = 0; r < half; r++)
        {
            for (int i = 0; i < t; i++) state[i] = Sbox(state[i] + rc[r * t + i]);
            MatMul(state, r == half - 1 ? sp.FirstMatrix : p._mds, tmp);
        }
        ReadOnlySpan<Fr> pc = sp.Constants, row0 = sp.Row0, col0 = sp.Column0;
        for (int k = 0; k < p.PartialRounds; k++)
        {
            for (int i = 0; i < t; i++) state[i] += pc[k * t + i];
            var s0 = Sbox(state[0]);
            var row = row0.Slice(k * t, t);
            var acc = row[0] * s0;
            for (int j = 1; j < t; j++) acc += row[j] * state[j];
            var col = col0.Slice(k * (t - 1), t - 1);
            for (int i = 1; i < t; i++) state[i] += col[i - 1] * s0;
            state[0] = acc;
        }
        for (int r = half + p.PartialRounds; r < p.Rounds; r++)
        {
            for (int i = 0; i < t; i++) state[i] = Sbox(state[i] + rc[r * t + i]);
            MatMul(state, p._mds, tmp);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MatMul(Span<Fr> state, ReadOnlySpan<Fr> m, Span<Fr> tmp)
    {
        int t = state.Length;
        for (int i = 0; i < t; i++)
        {
            var row = m.Slice(i * t, t);
            var acc = row[0] * state[0];
            for (int j = 1; j < t; j++) acc += row[j] * state[j];
            tmp[i] = acc;
        }
        tmp.CopyTo(state);
    }

    /// <summary>The permutation exactly as specified (round constants, S-boxes, dense MDS each round); for tests.</summary>
    internal static void PermuteReference(Span<Fr> state, PoseidonParameters p)
    {
        int t = p.Width;
        if (state.Length != t) throw new ArgumentException($"state has {state.Length} cells, {p.Name} needs {t}", nameof(state));
        Span<Fr> tmp = stackalloc Fr[t];
        ReadOnlySpan<Fr> rc = p._rc;
        int half = p.FullRounds / 2;
        for (int r = 0; r < p.Rounds; r++)
        {
            bool full = r < half || r >= half + p.PartialRounds;
            for (int i = 0; i < t; i++)
            {
                state[i] += rc[r * t + i];
                if (full || i == 0) state[i] = Sbox(state[i]);
            }
            MatMul(state, p._mds, tmp);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Fr Sbox(in Fr x)
    {
        var x2 = x.Square();
        return x2.Square() * x;
    }

    /// <summary>
    /// Four-to-one compression for the nodes of the arity-4 account tree: state [0, c0, c1, c2, c3] through x5_255_5,
    /// output cell 0. The children are in position order (c0 is the child with the lowest index).
    /// </summary>
    public static Fr Hash4(in Fr c0, in Fr c1, in Fr c2, in Fr c3)
    {
        Span<Fr> s = stackalloc Fr[5];
        s[0] = Fr.Zero; s[1] = c0; s[2] = c1; s[3] = c2; s[4] = c3;
        Permute(s, PoseidonParameters.X5_255_5);
        return s[0];
    }

    /// <summary>
    /// Variable-length sponge over x5_255_5 (rate 4, capacity cell 0). The capacity starts at
    /// <c>domain·2⁶⁴ + input.Length</c>; the input is added to cells 1..4 four elements at a time, the last block
    /// zero-padded, with one permutation per block (one for empty input); the output is cell 1.
    /// The length in the capacity makes the zero padding unambiguous.
    /// </summary>
    public static Fr Hash(ReadOnlySpan<Fr> input, ulong domain) => Sponge(default, false, input, domain);

    /// <summary>One hash-chain step: <c>Hash([acc, item...], PoseidonDomain.Chain)</c>.</summary>
    public static Fr Chain(Fr acc, ReadOnlySpan<Fr> item) => Sponge(acc, true, item, PoseidonDomain.Chain);

    /// <summary>A hash chain over many items from <paramref name="start"/>, each item one element.</summary>
    public static Fr ChainAll(Fr start, ReadOnlySpan<Fr> items)
    {
        var acc = start;
        for (int i = 0; i < items.Length; i++) acc = Chain(acc, items.Slice(i, 1));
        return acc;
    }

    /// <summary>The initial capacity value: domain·2⁶⁴ + length (both below 2⁶⁴, so the pair is recoverable).</summary>
    public static Fr SpongeCapacity(ulong domain, long length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "sponge input length must not be negative");
        return Fr.FromUInt64(domain) * TwoPow64 + Fr.FromUInt64((ulong)length);
    }

    private static readonly Fr TwoPow64 = Fr.FromBigInteger(BigInteger.One << 64);

    /// <summary>Absorbs an optional leading element and then <paramref name="rest"/> without building a combined array.</summary>
    private static Fr Sponge(in Fr first, bool hasFirst, ReadOnlySpan<Fr> rest, ulong domain)
    {
        int n = rest.Length + (hasFirst ? 1 : 0);
        Span<Fr> s = stackalloc Fr[5];
        s.Clear();
        s[0] = SpongeCapacity(domain, n);
        var p = PoseidonParameters.X5_255_5;
        int blocks = Math.Max(1, (n + Rate - 1) / Rate);
        int k = 0;
        for (int b = 0; b < blocks; b++)
        {
            for (int j = 0; j < Rate && k < n; j++, k++)
                s[1 + j] += hasFirst ? (k == 0 ? first : rest[k - 1]) : rest[k];
            Permute(s, p);
        }
        return s[1];
    }
}
