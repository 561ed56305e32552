using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon;
using NativePoseidon = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Poseidon in-circuit, computing exactly the native functions of Settlement.Verifier.Poseidon (same constants object,
/// same padding and domain rule: docs/poseidon.md). Each x⁵ S-box costs 3 constraints (x², x⁴, x⁵); round constants and
/// the MDS layer are linear and free. t = 3: (8·3 + 57)·3 = 243 constraints; t = 5: (8·5 + 60)·3 = 300.
/// S-boxes on cells that are still constants fold away: Hash4 (capacity cell 0) costs 297.
/// </summary>
public static class PoseidonGadget
{
    /// <summary>The permutation of a width-3 or width-5 state; returns the new state.</summary>
    public static Variable[] Permute(Api api, ReadOnlySpan<Variable> state)
    {
        var p = PoseidonParameters.ForWidth(state.Length);
        using var _ = api.Scope($"Poseidon{p.Width}");
        int t = p.Width;
        var s = state.ToArray();
        var next = new Variable[t];
        var rc = p.RoundConstants.Span;
        var mds = p.Mds.Span;
        int half = p.FullRounds / 2;
        for (int r = 0; r < p.Rounds; r++)
        {
            bool full = r < half || r >= half + p.PartialRounds;
            for (int i = 0; i < t; i++)
            {
                s[i] += rc[r * t + i];
                if (full || i == 0) s[i] = Sbox(api, s[i]);
            }
            for (int i = 0; i < t; i++)
            {
                Variable acc = 0;
                for (int j = 0; j < t; j++) acc += s[j] * mds[i * t + j];
                next[i] = acc;
            }
            (s, next) = (next, s);
        }
        return s;
    }

    /// <summary>x⁵ with 3 constraints; a constant folds to a constant.</summary>
    private static Variable Sbox(Api api, Variable x)
    {
        var x2 = api.Mul(x, x);
        var x4 = api.Mul(x2, x2);
        return api.Mul(x4, x);
    }

    /// <summary>Four-to-one compression of the arity-4 tree: cell 0 of Permute([0, c0, c1, c2, c3]) (t = 5), 297 constraints.</summary>
    public static Variable Hash4(Api api, Variable c0, Variable c1, Variable c2, Variable c3) => Permute(api, [0, c0, c1, c2, c3])[0];

    /// <summary>The variable-length sponge (t = 5, rate 4): capacity domain·2⁶⁴ + n, zero-padded blocks, output cell 1.</summary>
    public static Variable Hash(Api api, ReadOnlySpan<Variable> input, ulong domain)
    {
        using var _ = api.Scope("PoseidonSponge");
        int n = input.Length;
        Variable[] s = [NativePoseidon.SpongeCapacity(domain, n), 0, 0, 0, 0];
        int blocks = Math.Max(1, (n + NativePoseidon.Rate - 1) / NativePoseidon.Rate);
        for (int b = 0, k = 0; b < blocks; b++)
        {
            for (int j = 0; j < NativePoseidon.Rate && k < n; j++, k++) s[1 + j] += input[k];
            s = Permute(api, s);
        }
        return s[1];
    }

    /// <summary>One chain step: Hash([acc, item...], PoseidonDomain.Chain).</summary>
    public static Variable Chain(Api api, Variable acc, ReadOnlySpan<Variable> item)
    {
        var all = new Variable[item.Length + 1];
        all[0] = acc;
        item.CopyTo(all.AsSpan(1));
        return Hash(api, all, PoseidonDomain.Chain);
    }

    /// <summary>A chain over single-element items from <paramref name="start"/> (matches Poseidon.ChainAll).</summary>
    public static Variable ChainAll(Api api, Variable start, ReadOnlySpan<Variable> items)
    {
        var acc = start;
        foreach (var x in items) acc = Chain(api, acc, [x]);
        return acc;
    }
}
