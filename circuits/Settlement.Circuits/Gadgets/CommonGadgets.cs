using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Small general gadgets the transition circuit uses beside the hash, tree and range gadgets: one-hot selectors,
/// conditional assertions, signed division by a constant, exact absolute bounds. Each is a plain function over the Api.
/// </summary>
public static class CommonGadgets
{
    /// <summary>The integer a field element stands for when read as signed (one definition: <see cref="Native.FixedPointMath.ToSigned"/>).</summary>
    public static BigInteger ToSigned(in Fr x) => Native.FixedPointMath.ToSigned(x);

    /// <summary>
    /// sel[k] = [value = k] for k &lt; n: n booleans, Σ sel = 1, Σ k·sel = value (n + 2 constraints). A value outside
    /// [0, n) has no witness (the hint refuses), so this is also the check "index is known".
    /// </summary>
    public static Variable[] OneHot(Api api, Variable value, int n)
    {
        using var _ = api.Scope($"OneHot{n}");
        if (n == 1) { api.AssertEqual(value, 0); return [Api.Constant(1)]; }
        var sel = api.Hint($"onehot{n}", (ins, outs) =>
        {
            var v = ToSigned(ins[0]);
            if (v < 0 || v >= outs.Length) throw new ArgumentException($"index {v} is not below {outs.Length}");
            for (int k = 0; k < outs.Length; k++) outs[k] = k == (int)v ? Fr.One : Fr.Zero;
        }, n, [value]);
        Variable sum = 0, idx = 0;
        for (int k = 0; k < n; k++) { api.AssertBoolean(sel[k]); sum += sel[k]; idx += sel[k] * k; }
        api.AssertEqual(sum, 1);
        api.AssertEqual(idx, value);
        return sel;
    }

    /// <summary>Σ sel[k]·values[k] (one multiplication per non-constant term).</summary>
    public static Variable Pick(Api api, ReadOnlySpan<Variable> sel, ReadOnlySpan<Variable> values)
    {
        Variable acc = 0;
        for (int k = 0; k < sel.Length; k++) acc += api.Mul(sel[k], values[k]);
        return acc;
    }

    /// <summary>Σ sel[k]·c[k] for constants: free.</summary>
    public static Variable PickConst(ReadOnlySpan<Variable> sel, ReadOnlySpan<BigInteger> c)
    {
        Variable acc = 0;
        for (int k = 0; k < sel.Length; k++) acc += sel[k] * Fr.FromBigInteger(c[k]);
        return acc;
    }

    /// <summary>cond ⇒ x = 0, i.e. cond·x = 0 (cond boolean, established by the caller). One constraint.</summary>
    public static void ZeroIf(Api api, Variable cond, Variable x) => api.AddConstraint(cond, x, 0);

    /// <summary>¬cond ⇒ x = 0: (1 − cond)·x = 0. One constraint.</summary>
    public static void ZeroUnless(Api api, Variable cond, Variable x) => api.AddConstraint(Api.Constant(1) - cond, x, 0);

    /// <summary>cond ⇒ x ∈ [0, 2^bits): range check of cond·x (one multiplication plus the check).</summary>
    public static void NonNegativeIf(Api api, Variable cond, Variable x, int bits)
    {
        using var _ = api.Scope("NonNegativeIf");
        RangeCheck.Check(api, api.Mul(cond, x), bits);
    }

    /// <summary>
    /// The range rule of a positive field (an op's amount or qty, a report's price): gate ⇒ x ∈ [1, 2^bits), and
    /// x ∈ [0, 2^bits) always (the caller zeroes an unused field). Both bounds exclusive, as the engine's
    /// "x &lt; 1 or x ≥ 2^bits is refused": a range check of x and x ≠ 0 under gate, bits + 2 constraints.
    /// </summary>
    public static void AssertPositiveBelow(Api api, Variable gate, Variable x, int bits)
    {
        using var _ = api.Scope($"Positive{bits}");
        RangeCheck.Check(api, x, bits);
        api.AssertNonZero(x + Api.Constant(1) - gate);
    }

    /// <summary>1 when the signed x (|x| &lt; 2^(bits−1), guaranteed by the caller's widths) is ≥ 0.</summary>
    public static Variable IsNonNegative(Api api, Variable x, int bits) => Api.Constant(1) - SignedInt.IsNegative(api, x, bits);

    /// <summary>
    /// |x| &lt; 2^k exactly (the engine's <c>Abs(x) ≥ 2^k</c> rejection): y = x + 2^k ∈ [0, 2^(k+1)) and y ≠ 0.
    /// k + 3 constraints.
    /// </summary>
    public static void AssertAbsBelow(Api api, Variable x, int k) => AbsBelowIsNonNegative(api, x, k);

    /// <summary>
    /// <see cref="AssertAbsBelow"/>, returning 1 when x ≥ 0: the top bit of y = x + 2^k, which the range check
    /// decomposes anyway.
    /// </summary>
    public static Variable AbsBelowIsNonNegative(Api api, Variable x, int k)
    {
        using var _ = api.Scope($"AbsBelow{k}");
        var y = x + Pow2(k);
        var bits = Bits.ToBinary(api, y, k + 1);
        api.AssertNonZero(y);
        return bits[k];
    }

    /// <summary>q = floor(n / d), its remainder n − q·d ∈ [0, d), and 1 when q ≥ 0.</summary>
    public readonly record struct Quotient(Variable Q, Variable Rem, Variable NonNegative);

    /// <summary>
    /// q = floor(n / d) for a signed n and a constant d &gt; 0: q a hint, rem = n − q·d (free) with 0 ≤ rem &lt; d, and
    /// |q| &lt; 2^qAbsBits exactly. The caller guarantees |n| &lt; 2^250 by construction, so the equation holds over ℤ.
    /// </summary>
    public static Quotient FloorDivConst(Api api, Variable n, BigInteger d, int qAbsBits)
    {
        using var _ = api.Scope("FloorDivConst");
        var q = api.Hint("floordiv", (ins, outs) => outs[0] = Fr.FromBigInteger(Native.FixedPointMath.FloorDiv(ToSigned(ins[0]), d)), 1, [n])[0];
        var rem = n - q * Fr.FromBigInteger(d);
        AssertBelowConst(api, rem, d);
        var nonNegative = AbsBelowIsNonNegative(api, q, qAbsBits);
        return new Quotient(q, rem, nonNegative);
    }

    /// <summary>
    /// 0 ≤ x &lt; d for a constant d = 2^t·o (o odd): x = lo + 2^t·hi with lo ∈ [0, 2^t) a hint and hi = (x − lo)/2^t
    /// (free) in [0, o). A bound that is not a power of two costs two range checks, so only the odd part pays twice:
    /// t + 1 + 2·(bits(o) + 1) constraints instead of 2·(bits(d) + 1).
    /// </summary>
    public static void AssertBelowConst(Api api, Variable x, BigInteger d)
    {
        int t = 0;
        while (((d >> t) & 1).IsZero) t++;
        var odd = d >> t;
        if (t == 0) { Comparison.AssertLessThan(api, x, Fr.FromBigInteger(d), (int)d.GetBitLength()); return; }
        var lo = api.Hint("low-bits", (ins, outs) => outs[0] = Fr.FromBigInteger(ToSigned(ins[0]) & ((BigInteger.One << t) - 1)), 1, [x])[0];
        RangeCheck.Check(api, lo, t);
        var hi = (x - lo) * Fr.FromBigInteger(BigInteger.One << t).Inverse();
        Comparison.AssertLessThan(api, hi, Fr.FromBigInteger(odd), Math.Max(1, (int)odd.GetBitLength()));
    }

    /// <summary>q = ceil(n / d) for 0 ≤ n and a constant d &gt; 0, q &lt; 2^qBits: rem = q·d − n ∈ [0, d).</summary>
    public static Variable CeilDivConst(Api api, Variable n, BigInteger d, int qBits)
    {
        using var _ = api.Scope("CeilDivConst");
        var q = api.Hint("ceildiv", (ins, outs) => outs[0] = Fr.FromBigInteger(Native.FixedPointMath.CeilDiv(ToSigned(ins[0]), d)), 1, [n])[0];
        var rem = q * Fr.FromBigInteger(d) - n;
        AssertBelowConst(api, rem, d);
        RangeCheck.Check(api, q, qBits);
        return q;
    }

    /// <summary>cond ? a : b for a boolean cond (asserted by the caller), one multiplication.</summary>
    public static Variable If(Api api, Variable cond, Variable a, Variable b) => b + api.Mul(cond, a - b);

    public static Fr Pow2(int k) => Fr.FromBigInteger(BigInteger.One << k);
}
