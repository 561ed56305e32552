using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// An immutable linear combination Σ cᵢ·wᵢ over builder wires, sorted by wire with no zero coefficients.
/// Wire 0 is the constant 1, so a constant is the single term (0, c). Shared by reference between variables;
/// never mutated after construction.
/// </summary>
internal sealed class LinearCombination
{
    public readonly int[] Wires;
    public readonly Fr[] Coeffs;

    /// <summary>
    /// Set by the compiler when this combination is read by several rows or steps: its slot in the per-solve memo
    /// (<see cref="EvaluationMemo"/>). One reference, so a combination shared by two circuits is never half-updated.
    /// </summary>
    internal MemoTag? Memo;

    public static readonly LinearCombination Zero = new([], []);
    public static readonly LinearCombination One = new([0], [Fr.One]);

    private LinearCombination(int[] wires, Fr[] coeffs) { Wires = wires; Coeffs = coeffs; }

    public int Count => Wires.Length;

    public static LinearCombination Constant(in Fr c) => c.IsZero ? Zero : new([0], [c]);
    public static LinearCombination Wire(int wire) => new([wire], [Fr.One]);

    public bool IsConstant => Wires.Length == 0 || (Wires.Length == 1 && Wires[0] == 0);
    public Fr ConstantValue => Wires.Length == 0 ? Fr.Zero : Coeffs[0];

    /// <summary>The wire when this is exactly 1·w for a non-constant wire w, else −1.</summary>
    public int SingleWire => Wires.Length == 1 && Wires[0] != 0 && Coeffs[0].IsOne ? Wires[0] : -1;

    /// <summary>a + k·b, merging equal wires and dropping cancelled terms.</summary>
    public static LinearCombination AddScaled(LinearCombination a, LinearCombination b, in Fr k)
    {
        if (k.IsZero || b.Count == 0) return a;
        if (a.Count == 0 && k.IsOne) return b;
        var w = new int[a.Count + b.Count];
        var c = new Fr[a.Count + b.Count];
        int i = 0, j = 0, n = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j == b.Count || (i < a.Count && a.Wires[i] < b.Wires[j])) { w[n] = a.Wires[i]; c[n++] = a.Coeffs[i++]; }
            else if (i == a.Count || b.Wires[j] < a.Wires[i]) { w[n] = b.Wires[j]; c[n++] = k * b.Coeffs[j++]; }
            else
            {
                var s = a.Coeffs[i] + k * b.Coeffs[j];
                if (!s.IsZero) { w[n] = a.Wires[i]; c[n++] = s; }
                i++; j++;
            }
        }
        if (n == 0) return Zero;
        if (n < w.Length) { Array.Resize(ref w, n); Array.Resize(ref c, n); }
        return new(w, c);
    }

    public LinearCombination Scale(in Fr k)
    {
        if (k.IsZero) return Zero;
        if (k.IsOne) return this;
        var c = new Fr[Count];
        for (int i = 0; i < c.Length; i++) c[i] = Coeffs[i] * k;
        return new((int[])Wires.Clone(), c);
    }

    /// <summary>⟨this, values⟩ over builder wires.</summary>
    public Fr Evaluate(Fr[] values)
    {
        var acc = Fr.Zero;
        var w = Wires; var c = Coeffs;
        for (int i = 0; i < w.Length; i++)
            acc += c[i].IsOne ? values[w[i]] : c[i] * values[w[i]];
        return acc;
    }
}

/// <summary>A memo slot owned by one compiled circuit.</summary>
internal sealed record MemoTag(object Owner, int Slot);

/// <summary>
/// Per-solve cache of linear combinations read more than once (Poseidon's partial-round S-box inputs are long and read
/// by two products and their checks). Valid because a combination only reads wires fixed before its first use.
/// </summary>
internal sealed class EvaluationMemo(object owner, int slots)
{
    private readonly Fr[] _value = new Fr[slots];
    private readonly bool[] _have = new bool[slots];

    public Fr Evaluate(LinearCombination lc, Fr[] values)
    {
        var tag = lc.Memo;
        if (tag is null || !ReferenceEquals(tag.Owner, owner)) return lc.Evaluate(values);
        if (_have[tag.Slot]) return _value[tag.Slot];
        var v = lc.Evaluate(values);
        _value[tag.Slot] = v; _have[tag.Slot] = true;
        return v;
    }
}
