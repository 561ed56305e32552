using Settlement.Circuits.Frontend;
using Settlement.Circuits.Soundness;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Tests;

/// <summary>Shared assertions for gadget tests: valid accepted, invalid rejected by the constraints, mutation run clean.</summary>
internal static class Harness
{
    public static CompiledCircuit Compile(Action<Api> define) => Circuit.From(define).Compile();

    public static Fr[] Accepts(CompiledCircuit c, Assignment a)
    {
        var w = c.Solve(a);
        Assert.True(c.R1cs.IsSatisfied(w));
        return w;
    }

    /// <summary>The honest solver refuses (a hint or a constraint fails).</summary>
    public static WitnessException Rejects(CompiledCircuit c, Assignment a) => Assert.ThrowsAny<WitnessException>(() => c.Solve(a));

    /// <summary>
    /// A forged witness: the honest solve with some wires replaced (and later steps recomputed from them). The constraints
    /// themselves must reject it; returns the gadget scope of the first violated constraint.
    /// </summary>
    public static string RejectsForged(CompiledCircuit c, Assignment a, IReadOnlyDictionary<int, Fr> overrides)
    {
        var w = c.SolveUnchecked(a, overrides);
        foreach (var (wire, v) in overrides) Assert.Equal(v, w[wire]);
        int bad = c.R1cs.FirstUnsatisfied(w);
        Assert.True(bad >= 0, "the forged witness satisfies every constraint");
        var e = Assert.Throws<UnsatisfiedConstraintException>(() => c.Check(w));
        Assert.Equal(bad, e.Constraint);
        return e.Origin.Gadget;
    }

    /// <summary>The forged witness satisfies the constraints (used to show why a check is needed).</summary>
    public static void AcceptsForged(CompiledCircuit c, Assignment a, IReadOnlyDictionary<int, Fr> overrides)
    {
        var w = c.SolveUnchecked(a, overrides);
        Assert.True(c.R1cs.IsSatisfied(w));
    }

    public static Dictionary<int, Fr> Override(CompiledCircuit c, ReadOnlySpan<Variable> vars, ReadOnlySpan<Fr> values)
    {
        var d = new Dictionary<int, Fr>();
        for (int i = 0; i < vars.Length; i++) d[c.WireOf(vars[i])] = values[i];
        return d;
    }

    public static MutationReport MutationClean(CompiledCircuit c, Assignment a, MutationOptions? options = null)
    {
        var r = MutationChecker.Check(c, a, options);
        Assert.True(r.IsClean, r.ToString());
        Assert.True(r.MutationsTried > 0);
        return r;
    }

    public static Fr F(long v) => Fr.FromInt64(v);
    public static Fr F(System.Numerics.BigInteger v) => Fr.FromBigInteger(v);

    /// <summary>Bits of a non-negative integer, least significant first.</summary>
    public static Fr[] BitsOf(System.Numerics.BigInteger v, int n)
    {
        var b = new Fr[n];
        for (int i = 0; i < n; i++) b[i] = ((v >> i) & 1).IsZero ? Fr.Zero : Fr.One;
        return b;
    }
}
