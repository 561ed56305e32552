using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Soundness;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class ComparisonTests
{
    private const int Bits = 16;

    private static CompiledCircuit AssertCircuit(bool strict) => Compile(api =>
    {
        var a = api.SecretInput("a"); var b = api.SecretInput("b");
        if (strict) Comparison.AssertLessThan(api, a, b, Bits); else Comparison.AssertLessOrEqual(api, a, b, Bits);
    });

    [Fact]
    public void Assert_less_than_is_exact_off_by_one()
    {
        var lt = AssertCircuit(true);
        var le = AssertCircuit(false);
        Accepts(lt, new Assignment().Set("a", 4).Set("b", 5));
        Rejects(lt, new Assignment().Set("a", 5).Set("b", 5));
        Rejects(lt, new Assignment().Set("a", 6).Set("b", 5));
        Accepts(le, new Assignment().Set("a", 5).Set("b", 5));
        Rejects(le, new Assignment().Set("a", 6).Set("b", 5));
        Accepts(lt, new Assignment().Set("a", 0).Set("b", 65535));
        Rejects(lt, new Assignment().Set("a", 65534).Set("b", 65536)); // b out of the declared range
        Rejects(lt, new Assignment().Set("a", -1).Set("b", 5));         // −1 = r − 1 is not a 16-bit value
        MutationClean(lt, new Assignment().Set("a", 100).Set("b", 30000));
        MutationClean(le, new Assignment().Set("a", 7).Set("b", 7));
    }

    [Fact]
    public void Inputs_are_range_checked_so_wraparound_cannot_pass()
    {
        // Without the input checks, a = r − 1 ("−1") and b = 5 would give b − a − 1 = 5, a valid 16-bit value.
        Variable diffBitsOwner = default;
        var c = Compile(api =>
        {
            var a = api.SecretInput("a"); var b = api.SecretInput("b");
            diffBitsOwner = a;
            Comparison.AssertLessThan(api, a, b, Bits);
        });
        Assert.Equal(3 * (Bits + 1), c.Statistics.Constraints);
        var e = Rejects(c, new Assignment().Set("a", -1).Set("b", 5));
        Assert.Contains("Range16", e.Message);
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 5)]
    [InlineData(6, 5)]
    [InlineData(0, 0)]
    [InlineData(65535, 0)]
    [InlineData(0, 65535)]
    public void Is_less_outputs_match_the_integers(long a, long b)
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("a"); var y = api.SecretInput("b");
            api.AssertEqual(Comparison.IsLessThan(api, x, y, Bits), api.PublicInput("lt"));
            api.AssertEqual(Comparison.IsLessOrEqual(api, x, y, Bits), api.PublicInput("le"));
        });
        var good = new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 1 : 0).Set("le", a <= b ? 1 : 0);
        Accepts(c, good);
        Rejects(c, new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 0 : 1).Set("le", a <= b ? 1 : 0));
        Rejects(c, new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 1 : 0).Set("le", a <= b ? 0 : 1));
        MutationClean(c, good);
    }

    [Theory]
    [InlineData(-5, 3)]
    [InlineData(3, -5)]
    [InlineData(-5, -5)]
    [InlineData(-128, 127)]
    public void Signed_comparisons(long a, long b)
    {
        const int w = 8;
        var c = Compile(api =>
        {
            var x = api.SecretInput("a"); var y = api.SecretInput("b");
            api.AssertEqual(SignedInt.IsLessThan(api, x, y, w), api.PublicInput("lt"));
            api.AssertEqual(SignedInt.IsNegative(api, x, w), api.PublicInput("neg"));
        });
        var good = new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 1 : 0).Set("neg", a < 0 ? 1 : 0);
        Accepts(c, good);
        Rejects(c, new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 0 : 1).Set("neg", a < 0 ? 1 : 0));
        Rejects(c, new Assignment().Set("a", a).Set("b", b).Set("lt", a < b ? 1 : 0).Set("neg", a < 0 ? 0 : 1));
        MutationClean(c, good);
    }

    [Fact]
    public void Signed_range_boundaries()
    {
        var c = Compile(api => SignedInt.Check(api, api.SecretInput("x"), 8));
        Accepts(c, new Assignment().Set("x", -128));
        Accepts(c, new Assignment().Set("x", 127));
        Rejects(c, new Assignment().Set("x", 128));
        Rejects(c, new Assignment().Set("x", -129));
        var lt = Compile(api => SignedInt.AssertLessThan(api, api.SecretInput("a"), api.SecretInput("b"), 8));
        Accepts(lt, new Assignment().Set("a", -1).Set("b", 0));
        Rejects(lt, new Assignment().Set("a", 0).Set("b", -1));
        Rejects(lt, new Assignment().Set("a", -1).Set("b", -1));
    }

    /// <summary>
    /// Two inputs pinned only through their difference: no single-wire change survives (the difference's decomposition
    /// notices), but moving both together does, and the pair mutation reports it. With the inputs range-checked too
    /// (as Comparison does), the pair is refused.
    /// </summary>
    [Fact]
    public void PairMutationFindsInputsPinnedOnlyByTheirDifference()
    {
        var loose = Compile(api => RangeCheck.Check(api, api.SecretInput("b") - api.SecretInput("a"), 8));
        var a = new Assignment().Set("a", 3).Set("b", 10);
        var single = MutationChecker.Check(loose, a, new MutationOptions { PairGroups = 0 });
        Assert.True(single.IsClean, single.ToString());
        var paired = MutationChecker.Check(loose, a);
        Assert.True(paired.PairsTested > 0);
        Assert.Contains(paired.Findings, f => f.Wire2 is not null);

        var tight = Compile(api => Comparison.AssertLessOrEqual(api, api.SecretInput("a"), api.SecretInput("b"), 8));
        var report = MutationChecker.Check(tight, a);
        Assert.True(report.PairsTested > 0);
        Assert.True(report.IsClean, report.ToString());
    }
}
