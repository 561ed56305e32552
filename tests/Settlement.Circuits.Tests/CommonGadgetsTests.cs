using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class CommonGadgetsTests
{
    [Fact]
    public void OneHotSelectsExactlyTheIndex()
    {
        Variable[] sel = [];
        var c = Compile(api => sel = CommonGadgets.OneHot(api, api.SecretInput("x"), 5));
        for (int x = 0; x < 5; x++)
        {
            var w = Accepts(c, new Assignment().Set("x", x));
            for (int k = 0; k < 5; k++) Assert.Equal(k == x ? Fr.One : Fr.Zero, w[c.WireOf(sel[k])]);
        }
        Rejects(c, new Assignment().Set("x", 5));
        Rejects(c, new Assignment().Set("x", -1));
        // Two selectors set, or the right selector moved: the constraints refuse.
        RejectsForged(c, new Assignment().Set("x", 2), Override(c, [sel[2], sel[3]], [Fr.Zero, Fr.One]));
        RejectsForged(c, new Assignment().Set("x", 2), Override(c, [sel[3]], [Fr.One]));
        MutationClean(c, new Assignment().Set("x", 3));
    }

    /// <summary>The range rule of amounts and prices: [1, 2^bits) under the gate, both bounds exclusive; [0, 2^bits) without it.</summary>
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(1, (1L << 10) - 1, true)]
    [InlineData(1, 1L << 10, false)]
    [InlineData(1, 0, false)]
    [InlineData(1, -1, false)]
    [InlineData(0, 0, true)]
    [InlineData(0, (1L << 10) - 1, true)]
    [InlineData(0, 1L << 10, false)]
    public void PositiveBelowExcludesBothBounds(long gate, long x, bool ok)
    {
        var c = Compile(api =>
        {
            var g = api.SecretInput("gate");
            api.AssertBoolean(g);
            CommonGadgets.AssertPositiveBelow(api, g, api.SecretInput("x"), 10);
        });
        var a = new Assignment().Set("gate", gate).Set("x", x);
        if (ok) { Accepts(c, a); MutationClean(c, a); }
        else Assert.False(c.R1cs.IsSatisfied(c.SolveUnchecked(a, new Dictionary<int, Fr>())));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1023, true)]
    [InlineData(-1023, true)]
    [InlineData(1024, false)]
    [InlineData(-1024, false)]   // |x| < 2^10 exactly: the signed 11-bit range would let −2^10 through
    [InlineData(5000, false)]
    public void AbsBelowIsExact(long x, bool ok)
    {
        Variable nonNegative = default;
        var c = Compile(api => nonNegative = CommonGadgets.AbsBelowIsNonNegative(api, api.SecretInput("x"), 10));
        var a = new Assignment().Set("x", x);
        if (!ok) { Rejects(c, a); return; }
        var w = Accepts(c, a);
        Assert.Equal(x >= 0 ? Fr.One : Fr.Zero, w[c.WireOf(nonNegative)]);
        RejectsForged(c, a, Override(c, [nonNegative], [x >= 0 ? Fr.Zero : Fr.One])); // the sign bit is the decomposition's top bit
    }

    [Theory]
    [InlineData(17, 5)]
    [InlineData(-17, 5)]
    [InlineData(-15, 5)]
    [InlineData(0, 7)]
    [InlineData(-1, 1000)]
    public void FloorDivOfSignedNumerator(long n, long d)
    {
        Variable q = default;
        var c = Compile(api => q = CommonGadgets.FloorDivConst(api, api.SecretInput("n"), d, 20).Q);
        var w = Accepts(c, new Assignment().Set("n", n));
        var expected = BigInteger.DivRem(n, d, out var r) - (r.Sign < 0 ? 1 : 0);
        Assert.Equal(Fr.FromBigInteger(expected), w[c.WireOf(q)]);
        // The quotient one off (toward either side) leaves a remainder outside [0, d).
        RejectsForged(c, new Assignment().Set("n", n), Override(c, [q], [Fr.FromBigInteger(expected + 1)]));
        RejectsForged(c, new Assignment().Set("n", n), Override(c, [q], [Fr.FromBigInteger(expected - 1)]));
        MutationClean(c, new Assignment().Set("n", n));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("16")]
    [InlineData("1000")]
    [InlineData("10000000000000000")]
    [InlineData("20000000000000000000000000000")]
    public void BelowConstantIsExact(string dText)
    {
        var d = BigInteger.Parse(dText);
        var c = Compile(api => CommonGadgets.AssertBelowConst(api, api.SecretInput("x"), d));
        foreach (var x in new[] { BigInteger.Zero, BigInteger.One, d / 2, d - 1 }) Accepts(c, new Assignment().Set("x", F(x)));
        foreach (var x in new[] { d, d + 1, 2 * d - 1, BigInteger.MinusOne, -d, BigInteger.One << 200 }) Rejects(c, new Assignment().Set("x", F(x)));
        MutationClean(c, new Assignment().Set("x", F(d - 3)));
    }

    [Fact]
    public void FloorDivRefusesQuotientsBeyondTheBound()
    {
        var c = Compile(api => CommonGadgets.FloorDivConst(api, api.SecretInput("n"), 10, 8));
        Accepts(c, new Assignment().Set("n", 2559));   // q = 255
        Rejects(c, new Assignment().Set("n", 2560));   // q = 256 = 2^8
        Accepts(c, new Assignment().Set("n", -2550));  // q = −255
        Rejects(c, new Assignment().Set("n", -2551));  // q = −256
    }

    [Theory]
    [InlineData(17, 5, 4)]
    [InlineData(15, 5, 3)]
    [InlineData(0, 5, 0)]
    public void CeilDivRoundsUp(long n, long d, long expected)
    {
        Variable q = default;
        var c = Compile(api => q = CommonGadgets.CeilDivConst(api, api.SecretInput("n"), d, 16));
        var w = Accepts(c, new Assignment().Set("n", n));
        Assert.Equal(Fr.FromInt64(expected), w[c.WireOf(q)]);
        RejectsForged(c, new Assignment().Set("n", n), Override(c, [q], [Fr.FromInt64(expected + 1)]));
        if (expected > 0) RejectsForged(c, new Assignment().Set("n", n), Override(c, [q], [Fr.FromInt64(expected - 1)]));
    }

    [Fact]
    public void ConditionalChecksOnlyBindWhenTheConditionHolds()
    {
        var c = Compile(api =>
        {
            var cond = api.SecretInput("cond");
            api.AssertBoolean(cond);
            CommonGadgets.NonNegativeIf(api, cond, api.SecretInput("x"), 8);
            CommonGadgets.ZeroIf(api, cond, api.SecretInput("y"));
        });
        Accepts(c, new Assignment().Set("cond", 1).Set("x", 200).Set("y", 0));
        Rejects(c, new Assignment().Set("cond", 1).Set("x", -1).Set("y", 0));
        Rejects(c, new Assignment().Set("cond", 1).Set("x", 3).Set("y", 1));
        Accepts(c, new Assignment().Set("cond", 0).Set("x", -1).Set("y", 7));
    }
}
