using System.Numerics;
using Settlement.Circuits.Native;

namespace Settlement.Circuits.Tests;

/// <summary>The native integer primitives behind the engine's margin rules and the circuit's division hints.</summary>
public class FixedPointMathTests
{
    [Theory]
    [InlineData(17, 5, 3, 4)]
    [InlineData(15, 5, 3, 3)]
    [InlineData(0, 7, 0, 0)]
    [InlineData(4294967295, 65535, 65537, 65537)]
    [InlineData(4294967294, 65535, 65536, 65537)]
    [InlineData(1, 65535, 0, 1)]
    [InlineData(-7, 2, -4, -3)]
    [InlineData(7, 2, 3, 4)]
    [InlineData(-6, 2, -3, -3)]
    [InlineData(-1, 1000, -1, 0)]
    [InlineData(-2147483648, 1, -2147483648, -2147483648)]
    [InlineData(2147483647, 65535, 32768, 32769)]
    public void Division_rounds_towards_minus_or_plus_infinity_with_the_remainder_the_circuit_checks(long n, long d, long floor, long ceil)
    {
        Assert.Equal(floor, FixedPointMath.FloorDiv(n, d));
        Assert.Equal(ceil, FixedPointMath.CeilDiv(n, d));
        var (qf, rf) = FixedPointMath.DivRoundSigned(n, d, Rounding.Floor);
        Assert.Equal(new BigInteger(n), qf * d + rf);                       // n = q·d + rem
        Assert.InRange(rf, BigInteger.Zero, new BigInteger(d - 1));
        var (qc, rc) = FixedPointMath.DivRoundSigned(n, d, Rounding.Ceiling);
        Assert.Equal(new BigInteger(n), qc * d - rc);                       // q·d = n + rem
        Assert.InRange(rc, BigInteger.Zero, new BigInteger(d - 1));
    }

    [Fact]
    public void Division_refuses_a_divisor_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointMath.FloorDiv(5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointMath.CeilDiv(5, -3));
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
        Assert.Equal(s * s == x ? s : s + 1, (long)FixedPointMath.CeilSqrt(x));
    }

    [Fact]
    public void Integer_square_root_matches_its_definition_on_large_values()
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
