using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Native;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class MedianTests
{
    private const int Bits = 32;

    private static CompiledCircuit Circuit(int n) => Compile(api => Median.AssertMedian(api, api.SecretInputs("x", n), api.PublicInput("m"), Bits));

    [Theory]
    [InlineData(new long[] { 5 }, 5, true)]
    [InlineData(new long[] { 5 }, 4, false)]
    [InlineData(new long[] { 1, 2, 3 }, 2, true)]
    [InlineData(new long[] { 1, 2, 3 }, 3, false)]
    [InlineData(new long[] { 1, 2, 3 }, 1, false)]
    [InlineData(new long[] { 3, 1, 2 }, 2, true)]
    [InlineData(new long[] { 10, 20, 30, 40 }, 20, true)]
    [InlineData(new long[] { 10, 20, 30, 40 }, 25, true)]   // any value between the middle two
    [InlineData(new long[] { 10, 20, 30, 40 }, 30, true)]
    [InlineData(new long[] { 10, 20, 30, 40 }, 31, false)]
    [InlineData(new long[] { 10, 20, 30, 40 }, 19, false)]
    [InlineData(new long[] { 7, 7, 7, 9, 1 }, 7, true)]
    [InlineData(new long[] { 7, 7, 7, 9, 1 }, 8, false)]
    public void Median_by_counting_agrees_with_native(long[] values, long m, bool isMedian)
    {
        var big = values.Select(v => new BigInteger(v)).ToArray();
        Assert.Equal(isMedian, OrderRules.IsMedian(big, m));
        var c = Circuit(values.Length);
        var a = new Assignment().Set("x", values).Set("m", m);
        if (isMedian) { Accepts(c, a); MutationClean(c, a); }
        else Rejects(c, a);
    }

    [Fact]
    public void Out_of_range_values_cannot_fake_a_median()
    {
        var c = Circuit(3);
        // −1 (= r − 1) must not count as "≤ m".
        Rejects(c, new Assignment().Set("x", [-1L, -1, 100]).Set("m", 0));
        Rejects(c, new Assignment().Set("x", [1L, 2, 3]).Set("m", -1));
    }

    [Fact]
    public void Active_slots_select_the_reports()
    {
        var c = Compile(api => Median.AssertMedian(api, api.SecretInputs("x", 5), api.SecretInputs("on", 5), api.PublicInput("m"), Bits));
        // Active reports {100, 300, 200}: median 200. Inactive slots hold junk.
        var ok = new Assignment().Set("x", [100L, 999, 300, 0, 200]).Set("on", [1L, 0, 1, 0, 1]).Set("m", 200);
        Accepts(c, ok);
        Rejects(c, new Assignment().Set("x", [100L, 999, 300, 0, 200]).Set("on", [1L, 0, 1, 0, 1]).Set("m", 300));
        Rejects(c, new Assignment().Set("x", [100L, 999, 300, 0, 200]).Set("on", [1L, 2, 1, 0, 1]).Set("m", 200)); // flag not boolean
        Rejects(c, new Assignment().Set("x", [100L, 999, 300, 0, 200]).Set("on", [0L, 0, 0, 0, 0]).Set("m", 200)); // no reports
        MutationClean(c, ok);
    }
}
