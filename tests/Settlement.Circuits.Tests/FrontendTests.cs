using Settlement.Circuits.Frontend;
using Settlement.Circuits.Soundness;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class FrontendTests
{
    [Fact]
    public void Linear_operations_are_free_and_products_cost_one()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            var y = api.SecretInput("y");
            var z = api.PublicInput("z");
            var lin = api.Add(x, y) * 3 - x + 7;           // free
            api.AssertEqual(api.Mul(lin, y), z);            // 1 mul + 1 assert
        });
        Assert.Equal(2, c.Statistics.Constraints);
        Assert.Equal(1, c.R1cs.NumPublic);
        Assert.Equal(["z"], c.PublicInputNames);
        // (3(x+y) − x + 7)·y with x = 2, y = 5: (21 − 2 + 7)·5 = 130.
        var w = Accepts(c, new Assignment().Set("x", 2).Set("y", 5).Set("z", 130));
        Assert.Equal(F(130), w[1]); // wire 1 is the public input even though it was declared last
        Rejects(c, new Assignment().Set("x", 2).Set("y", 5).Set("z", 131));
    }

    [Fact]
    public void Failing_constraint_names_gadget_and_source_line()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            using (api.Scope("outer"))
            using (api.Scope("inner"))
                api.AssertEqual(x, 5);
        });
        var e = Assert.Throws<UnsatisfiedConstraintException>(() => c.Solve(new Assignment().Set("x", 4)));
        Assert.Equal(0, e.Constraint);
        Assert.Equal("outer/inner", e.Origin.Gadget);
        Assert.EndsWith("FrontendTests.cs", e.Origin.File);
        Assert.Contains("outer/inner", e.Message);
        Assert.Contains("FrontendTests.cs:", e.Message);
        Assert.Equal(1, c.Statistics.ByGadget["outer/inner"]);
        Assert.Equal(1, c.Statistics.ConstraintsUnder("outer"));
    }

    [Fact]
    public void Assignment_errors_name_the_input()
    {
        var c = Compile(api => api.AssertBoolean(api.SecretInput("flag")));
        var missing = Assert.Throws<InputAssignmentException>(() => c.Solve(new Assignment()));
        Assert.Equal("flag", missing.Input);
        var extra = Assert.Throws<InputAssignmentException>(() => c.Solve(new Assignment().Set("flag", 1).Set("flga", 1)));
        Assert.Equal("flga", extra.Input);
        Assert.Throws<ArgumentException>(() => Compile(api => { api.SecretInput("a"); api.SecretInput("a"); }));
    }

    [Fact]
    public void Div_rejects_zero_divisor_and_inverse_is_sound()
    {
        Variable q = default;
        var c = Compile(api => { q = api.Div(api.SecretInput("a"), api.SecretInput("b")); api.AssertEqual(q, api.PublicInput("q")); });
        Accepts(c, new Assignment().Set("a", 12).Set("b", 4).Set("q", 3));
        var e = Rejects(c, new Assignment().Set("a", 0).Set("b", 0).Set("q", 0));
        Assert.Contains("division by zero", e.Message);
        // Forging q for a = b = 0 still fails: b·inv = 1 has no solution.
        RejectsForged(c, new Assignment().Set("a", 0).Set("b", 0).Set("q", 7), Override(c, [q], [F(7)]));
        MutationClean(c, new Assignment().Set("a", 12).Set("b", 4).Set("q", 3));
    }

    [Fact]
    public void DivUnchecked_is_underconstrained_at_zero_and_the_checker_finds_it()
    {
        Variable q = default;
        var c = Compile(api => { q = api.DivUnchecked(api.SecretInput("a"), api.SecretInput("b")); });
        // a = b = 0: the honest solver refuses, but a forged quotient satisfies q·0 = 0.
        AcceptsForged(c, new Assignment().Set("a", 0).Set("b", 0), Override(c, [q], [F(99)]));
        // And with a valid starting point, q is pinned: a = 6, b = 3.
        MutationClean(c, new Assignment().Set("a", 6).Set("b", 3));
    }

    [Fact]
    public void Select_IsZero_IsEqual()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            var y = api.SecretInput("y");
            var sel = api.SecretInput("sel");
            api.AssertEqual(api.Select(sel, x, y), api.PublicInput("picked"));
            api.AssertEqual(api.IsZero(x), api.PublicInput("xIsZero"));
            api.AssertEqual(api.IsEqual(x, y), api.PublicInput("eq"));
        });
        Accepts(c, new Assignment().Set("x", 3).Set("y", 9).Set("sel", 1).Set("picked", 3).Set("xIsZero", 0).Set("eq", 0));
        Accepts(c, new Assignment().Set("x", 0).Set("y", 0).Set("sel", 0).Set("picked", 0).Set("xIsZero", 1).Set("eq", 1));
        Rejects(c, new Assignment().Set("x", 3).Set("y", 9).Set("sel", 0).Set("picked", 3).Set("xIsZero", 0).Set("eq", 0));
        Rejects(c, new Assignment().Set("x", 3).Set("y", 9).Set("sel", 2).Set("picked", 15).Set("xIsZero", 0).Set("eq", 0)); // sel must be boolean
        Rejects(c, new Assignment().Set("x", 0).Set("y", 9).Set("sel", 1).Set("picked", 0).Set("xIsZero", 0).Set("eq", 0));
        MutationClean(c, new Assignment().Set("x", 3).Set("y", 9).Set("sel", 1).Set("picked", 3).Set("xIsZero", 0).Set("eq", 0));
        // With x = 0 the IsZero inverse hint is free: reported as intended, not as a finding.
        // (x = y would make sel a don't-care: Select's output is then the same for both values, which the checker reports.)
        var r = MutationClean(c, new Assignment().Set("x", 0).Set("y", 5).Set("sel", 0).Set("picked", 5).Set("xIsZero", 1).Set("eq", 0));
        Assert.NotEmpty(r.Intended);
        Assert.All(r.Intended, f => Assert.Contains("IsZero", f.DeclaredReason));
    }

    [Fact]
    public void Hints_and_solver_errors_carry_the_origin()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            using var _ = api.Scope("halver");
            var h = api.Hint("half", static (ins, outs) =>
            {
                if (ins[0].Bit(0)) throw new ArgumentException("odd input");
                outs[0] = ins[0] * Fr.FromUInt64(2).Inverse();
            }, 1, [x]);
            api.AssertEqual(h[0] * 2, x);
        });
        Accepts(c, new Assignment().Set("x", 10));
        var e = Assert.Throws<SolverStepException>(() => c.Solve(new Assignment().Set("x", 7)));
        Assert.Equal("halver", e.Origin.Gadget);
        Assert.Contains("odd input", e.Message);
    }

    [Fact]
    public void Mutation_checker_finds_an_unconstrained_hint()
    {
        // A "square root" whose hint output is only squared, never compared with the input: under-constrained.
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            var s = api.Hint("sqrt", static (ins, outs) => { ins[0].TrySqrt(out var r); outs[0] = r; }, 1, [x])[0];
            api.Mul(s, s); // forgot AssertEqual(s², x)
        });
        var r = MutationChecker.Check(c, new Assignment().Set("x", 9));
        Assert.False(r.IsClean);
        Assert.Contains(r.Findings, f => f.Propagated || f.Wire > 0);
    }

    [Fact]
    public void Mutation_checker_on_raw_r1cs_finds_an_unread_wire()
    {
        // x·x = y over wires [1, x, y, z] where z appears in no constraint.
        var a = new SparseMatrix.Builder(); var b = new SparseMatrix.Builder(); var cc = new SparseMatrix.Builder();
        a.AddRow([(1, Fr.One)]); b.AddRow([(1, Fr.One)]); cc.AddRow([(2, Fr.One)]);
        var r1cs = new R1cs(4, 0, a.Build(), b.Build(), cc.Build());
        var report = MutationChecker.Check(r1cs, [Fr.One, F(3), F(9), F(5)]);
        Assert.Contains(report.Findings, g => g.Wire == 3);
        // x → −x also satisfies x² = y: a real (sign) freedom, which the checker reports for wire 1; y is pinned.
        Assert.Contains(report.Findings, g => g.Wire == 1 && g.Mutated == -F(3));
        Assert.DoesNotContain(report.Findings, g => g.Wire == 2);
    }

    [Fact]
    public void Constant_folding_and_compile_time_errors()
    {
        var c = Compile(api => { var x = api.SecretInput("x"); api.AssertEqual(api.Mul(3, x), api.Mul(x, 3)); api.AssertBoolean(1); });
        Assert.Equal(0, c.Statistics.Constraints);
        Assert.Throws<ArgumentException>(() => Compile(api => api.AssertEqual(2, 3)));
        Assert.Throws<ArgumentException>(() => Compile(api => api.Div(api.SecretInput("x"), 0)));
        Assert.Throws<ArgumentException>(() => Compile(api => api.AssertBoolean(2)));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    public void Boolean_operators(long a, long b)
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("a"); var y = api.SecretInput("b");
            api.AssertEqual(api.And(x, y), api.PublicInput("and"));
            api.AssertEqual(api.Or(x, y), api.PublicInput("or"));
            api.AssertEqual(api.Not(x), api.PublicInput("not"));
            api.AssertNonZero(api.Or(x, y) + 1);
        });
        Assignment A(long and, long or, long not) => new Assignment().Set("a", a).Set("b", b).Set("and", and).Set("or", or).Set("not", not);
        var ok = A(a & b, a | b, 1 - a);
        Accepts(c, ok);
        Rejects(c, A(1 - (a & b), a | b, 1 - a));
        Rejects(c, A(a & b, 1 - (a | b), 1 - a));
        Rejects(c, A(a & b, a | b, a));
        MutationClean(c, ok);
        // Non-boolean operands are rejected: with a = 2, b = 0, AND would be 0 and NOT −1, both "consistent" without the boolean checks.
        Rejects(c, new Assignment().Set("a", 2).Set("b", 0).Set("and", 0).Set("or", 2).Set("not", -1));
    }

    [Fact]
    public void AssertNonZero_rejects_zero()
    {
        var c = Compile(api => api.AssertNonZero(api.SecretInput("x")));
        Accepts(c, new Assignment().Set("x", 5));
        Assert.Contains("division by zero", Rejects(c, new Assignment().Set("x", 0)).Message);
        MutationClean(c, new Assignment().Set("x", 5));
    }

    /// <summary>Rule tags ride on the constraints without changing gadget paths; Violations reports them and leaves dropped rules out.</summary>
    [Fact]
    public void RulesTagConstraintsAndCanBeDropped()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            using (api.Rule("NonZero")) api.AssertNonZero(x);
            using (api.Scope("g"))
            using (api.Rule("Small")) Settlement.Circuits.Gadgets.RangeCheck.Check(api, x, 4);
            api.AssertEqual(api.SecretInput("y"), x);
        });
        Assert.Equal(["NonZero", "Small"], c.Rules);
        string[] Broken(long x, long y, params string[] dropped)
        {
            var w = c.SolveUnchecked(new Assignment().Set("x", x).Set("y", y), new Dictionary<int, Fr>());
            return c.Violations(w, dropped.ToHashSet()).Select(i => c.OriginOf(i).Rule ?? "-").Distinct().Order().ToArray();
        }
        Assert.Empty(Broken(3, 3));
        Assert.Equal(["NonZero"], Broken(0, 0));
        Assert.Empty(Broken(0, 0, "NonZero"));
        Assert.Equal(["Small"], Broken(20, 20));
        Assert.Empty(Broken(20, 20, "Small"));
        Assert.Equal(["-"], Broken(3, 4, "NonZero", "Small"));   // an untagged constraint cannot be dropped
        var w3 = c.Solve(new Assignment().Set("x", 3).Set("y", 3));
        Assert.Empty(c.Violations(w3));
        Assert.Contains(Enumerable.Range(0, c.R1cs.NumConstraints), i => c.OriginOf(i) is { Rule: "Small" } o && o.Gadget.StartsWith("g/Range4", StringComparison.Ordinal));
    }
}
