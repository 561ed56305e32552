using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Bit decomposition. With n ≤ 254 bits the decomposition is unique (2ⁿ ≤ 2²⁵⁴ &lt; r, so Σ bᵢ2ⁱ cannot wrap).
/// A 255-bit decomposition could also encode x + r whenever x + r &lt; 2²⁵⁵, so <see cref="ToBinaryCanonical"/> also
/// proves the bits spell a number at most r − 1.
/// </summary>
public static class Bits
{
    /// <summary>Largest n for which an n-bit decomposition is unique without a canonicity check.</summary>
    public const int MaxUniqueBits = 254;

    /// <summary>n bits of x, least significant first: n boolean constraints and one recomposition. Proves x &lt; 2ⁿ.</summary>
    public static Variable[] ToBinary(Api api, Variable x, int n)
    {
        if (n < 1 || n > MaxUniqueBits) throw new ArgumentOutOfRangeException(nameof(n), n, $"bit count must be 1..{MaxUniqueBits}; use ToBinaryCanonical for a full 255-bit decomposition");
        using var _ = api.Scope($"ToBinary{n}");
        var bits = DecomposeUnchecked(api, x, n);
        api.RecordBits(x, n);
        return bits;
    }

    /// <summary>All 255 bits of x with the canonical check Σ bᵢ2ⁱ ≤ r − 1 (about 2·255 constraints).</summary>
    public static Variable[] ToBinaryCanonical(Api api, Variable x)
    {
        using var _ = api.Scope("ToBinaryCanonical");
        var bits = DecomposeUnchecked(api, x, 255);
        AssertLessOrEqualConstant(api, bits, Fr.Modulus - 1);
        return bits;
    }

    /// <summary>Σ bits[i]·2ⁱ, free.</summary>
    public static Variable FromBinary(ReadOnlySpan<Variable> bits)
    {
        Variable acc = 0;
        var pow = Fr.One;
        foreach (var b in bits) { acc += b * pow; pow = pow.Double(); }
        return acc;
    }

    /// <summary>
    /// Proves the boolean vector (least significant first) encodes a number ≤ c. Scans from the top keeping
    /// t = [all higher bits equal c's]; where c has a 0 bit, t = 1 forces the bit to 0: (1 − b − t)·b = 0.
    /// Where c has a 1 bit, t ← t·b. One constraint per bit.
    /// </summary>
    public static void AssertLessOrEqualConstant(Api api, ReadOnlySpan<Variable> bits, BigInteger c)
    {
        if (c.Sign < 0) throw new ArgumentOutOfRangeException(nameof(c), c, "the bound must not be negative");
        if (c.GetBitLength() > bits.Length) return; // every bits.Length-bit number is ≤ c
        using var _ = api.Scope("LessOrEqualConstant");
        foreach (var b in bits) api.AssertBoolean(b);
        Variable t = 1;
        for (int i = bits.Length - 1; i >= 0; i--)
        {
            if (((c >> i) & 1).IsZero)
                api.AddConstraint(Api.Constant(1) - bits[i] - t, bits[i], 0);
            else
                t = api.Mul(t, bits[i]);
        }
    }

    private static Variable[] DecomposeUnchecked(Api api, Variable x, int n)
    {
        api.RecordCompared(x);
        var bits = api.Hint($"bits{n}", (ins, outs) => WriteBits(ins[0], outs), n, [x]);
        foreach (var b in bits) api.AssertBoolean(b);
        api.AssertEqual(FromBinary(bits), x);
        return bits;
    }

    private static void WriteBits(in Fr x, Span<Fr> outs)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        x.ToCanonicalLimbs(limbs);
        for (int i = outs.Length; i < 256; i++)
            if (((limbs[i >> 6] >> (i & 63)) & 1) != 0)
                throw new ArgumentException($"value {x} does not fit in {outs.Length} bits");
        for (int i = 0; i < outs.Length; i++) outs[i] = ((limbs[i >> 6] >> (i & 63)) & 1) != 0 ? Fr.One : Fr.Zero;
    }
}
