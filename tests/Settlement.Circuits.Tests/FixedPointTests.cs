using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Native;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class FixedPointTests
{
    private static (CompiledCircuit C, Variable Q) DivCircuit(Rounding rounding)
    {
        Variable q = default;
        var c = Compile(api =>
        {
            q = FixedPoint.DivRound(api, api.SecretInput("n"), api.SecretInput("d"), 32, 16, rounding);
            api.AssertEqual(q, api.PublicInput("q"));
        });
        return (c, q);
    }

    [Theory]
    [InlineData(17, 5, 3, 4)]
    [InlineData(15, 5, 3, 3)]
    [InlineData(0, 7, 0, 0)]
    [InlineData(4294967295, 65535, 65537, 65537)]
    [InlineData(4294967294, 65535, 65536, 65537)]
    [InlineData(1, 65535, 0, 1)]
    public void Division_rounds_as_asked_and_off_by_one_is_rejected(long n, long d, long floor, long ceil)
    {
        Assert.Equal(new BigInteger(floor), FixedPointMath.DivRound(n, d, Rounding.Floor).Quotient);
        Assert.Equal(new BigInteger(ceil), FixedPointMath.DivRound(n, d, Rounding.Ceiling).Quotient);
        foreach (var (rounding, q) in new[] { (Rounding.Floor, floor), (Rounding.Ceiling, ceil) })
        {
            var (c, qv) = DivCircuit(rounding);
            var ok = new Assignment().Set("n", n).Set("d", d).Set("q", q);
            Accepts(c, ok);
            Rejects(c, new Assignment().Set("n", n).Set("d", d).Set("q", q + 1));
            // Forged quotients one off in either direction: the remainder would leave [0, d).
            foreach (var wrong in new[] { q - 1, q + 1 })
                RejectsForged(c, new Assignment().Set("n", n).Set("d", d).Set("q", wrong), Override(c, [qv], [F(wrong)]));
            MutationClean(c, ok);
        }
    }

    [Fact]
    public void Division_by_zero_and_out_of_range_inputs_are_rejected()
    {
        var (c, _) = DivCircuit(Rounding.Floor);
        Assert.Contains("divisor", Rejects(c, new Assignment().Set("n", 5).Set("d", 0).Set("q", 0)).Message);
        Rejects(c, new Assignment().Set("n", 1L << 32).Set("d", 3).Set("q", (1L << 32) / 3));
        Rejects(c, new Assignment().Set("n", -3).Set("d", 3).Set("q", -1));
    }

    [Theory]
    [InlineData(-7, 2, -4, -3)]
    [InlineData(7, 2, 3, 4)]
    [InlineData(-6, 2, -3, -3)]
    [InlineData(-1, 1000, -1, 0)]
    [InlineData(0, 5, 0, 0)]
    [InlineData(-2147483648, 1, -2147483648, -2147483648)]
    [InlineData(2147483647, 65535, 32768, 32769)]
    public void Signed_division_rounds_towards_minus_or_plus_infinity(long n, long d, long floor, long ceil)
    {
        Assert.Equal(new BigInteger(floor), FixedPointMath.DivRoundSigned(n, d, Rounding.Floor).Quotient);
        Assert.Equal(new BigInteger(ceil), FixedPointMath.DivRoundSigned(n, d, Rounding.Ceiling).Quotient);
        foreach (var (rounding, q) in new[] { (Rounding.Floor, floor), (Rounding.Ceiling, ceil) })
        {
            Variable qv = default;
            var c = Compile(api =>
            {
                qv = FixedPoint.DivRoundSigned(api, api.SecretInput("n"), api.SecretInput("d"), 32, 16, rounding);
                api.AssertEqual(qv, api.PublicInput("q"));
            });
            var ok = new Assignment().Set("n", n).Set("d", d).Set("q", q);
            Accepts(c, ok);
            Rejects(c, new Assignment().Set("n", n).Set("d", d).Set("q", q - 1));
            foreach (var wrong in new[] { q - 1, q + 1 })
                RejectsForged(c, new Assignment().Set("n", n).Set("d", d).Set("q", wrong), Override(c, [qv], [F(wrong)]));
            MutationClean(c, ok);
        }
    }

    [Fact]
    public void Signed_division_rejects_out_of_range_numerators()
    {
        var c = Compile(api => FixedPoint.DivRoundSigned(api, api.SecretInput("n"), api.SecretInput("d"), 32, 16, Rounding.Floor));
        Accepts(c, new Assignment().Set("n", -(1L << 31)).Set("d", 3));
        Rejects(c, new Assignment().Set("n", -(1L << 31) - 1).Set("d", 3));
        Rejects(c, new Assignment().Set("n", 1L << 31).Set("d", 3));
        Rejects(c, new Assignment().Set("n", 5).Set("d", 0));
    }

    [Fact]
    public void Fixed_point_multiply_and_divide_with_a_scale()
    {
        var scale = BigInteger.Pow(10, 6);
        var c = Compile(api =>
        {
            var a = api.SecretInput("a"); var b = api.SecretInput("b");
            api.AssertEqual(FixedPoint.Mul(api, a, b, scale, 48, Rounding.Floor), api.PublicInput("mulDown"));
            api.AssertEqual(FixedPoint.Mul(api, a, b, scale, 48, Rounding.Ceiling), api.PublicInput("mulUp"));
            api.AssertEqual(FixedPoint.Div(api, a, b, scale, 48, Rounding.Floor), api.PublicInput("divDown"));
        });
        long a = 1_500_001, b = 2_333_333; // 1.500001 × 2.333333
        var prod = new BigInteger(a) * b;
        var good = new Assignment().Set("a", a).Set("b", b)
            .Set("mulDown", prod / scale).Set("mulUp", (prod + scale - 1) / scale).Set("divDown", a * scale / b);
        Accepts(c, good);
        Rejects(c, new Assignment().Set("a", a).Set("b", b)
            .Set("mulDown", prod / scale + 1).Set("mulUp", (prod + scale - 1) / scale).Set("divDown", a * scale / b));
        MutationClean(c, good);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4294967295)]
    public void Integer_square_root(long x)
    {
        var s = (long)FixedPointMath.ISqrt(x);
        Assert.True(s * s <= x && (s + 1) * (s + 1) > x);
        Variable sv = default;
        var c = Compile(api => { sv = IntegerSqrt.Floor(api, api.SecretInput("x"), 32); api.AssertEqual(sv, api.PublicInput("s")); });
        var ok = new Assignment().Set("x", x).Set("s", s);
        Accepts(c, ok);
        Rejects(c, new Assignment().Set("x", x).Set("s", s + 1));
        foreach (var wrong in new[] { s - 1, s + 1 })
            RejectsForged(c, new Assignment().Set("x", x).Set("s", wrong), Override(c, [sv], [F(wrong)]));
        // −s also squares to s²; the range check on s rules it out.
        if (s > 0) RejectsForged(c, new Assignment().Set("x", x).Set("s", -s), Override(c, [sv], [F(-s)]));
        MutationClean(c, ok);
    }

    [Fact]
    public void Native_isqrt_matches_definition_on_large_values()
    {
        var rng = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[rng.Next(1, 40)]; rng.NextBytes(bytes);
            var x = new BigInteger(bytes, isUnsigned: true);
            var s = FixedPointMath.ISqrt(x);
            Assert.True(s * s <= x && (s + 1) * (s + 1) > x, $"isqrt({x})");
        }
    }
}
