using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class BitsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(254)]
    public void Range_check_accepts_the_range_and_rejects_two_to_the_n(int n)
    {
        Variable[] bits = [];
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            using var _ = api.Scope("test");
            bits = Bits.ToBinary(api, x, n);
        });
        Assert.Equal(n + 1, c.Statistics.Constraints);
        var top = (BigInteger.One << n) - 1;
        Accepts(c, new Assignment().Set("x", 0));
        Accepts(c, new Assignment().Set("x", top));
        var e = Rejects(c, new Assignment().Set("x", top + 1));
        Assert.Contains($"does not fit in {n} bits", e.Message);
        Rejects(c, new Assignment().Set("x", -1)); // r − 1
        // Forged: 2^n with the bits of 2^n mod 2^n (all zero) and with a non-boolean top "bit" of value 2.
        RejectsForged(c, new Assignment().Set("x", top + 1), Override(c, bits, BitsOf(0, n)));
        var cheat = BitsOf(0, n); cheat[n - 1] = F(2);
        var scope = RejectsForged(c, new Assignment().Set("x", top + 1), Override(c, bits, cheat));
        Assert.StartsWith("test/ToBinary", scope);
        // −1 = r − 1 cannot be spelled with n ≤ 254 bits; a forged all-ones pattern fails the recomposition.
        RejectsForged(c, new Assignment().Set("x", -1), Override(c, bits, BitsOf(top, n)));
        MutationClean(c, new Assignment().Set("x", top / 3));
    }

    [Fact]
    public void Range_check_is_free_for_values_already_checked()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            RangeCheck.Check(api, x, 16);
            RangeCheck.Check(api, x, 32); // implied
            RangeCheck.Check(api, x, 16);
        });
        Assert.Equal(17, c.Statistics.Constraints);
        Assert.Equal(17, c.Statistics.ConstraintsUnder("Range16"));
    }

    [Fact]
    public void Canonical_decomposition_rejects_x_plus_r()
    {
        Variable[] bits = [];
        var c = Compile(api => bits = Bits.ToBinaryCanonical(api, api.SecretInput("x")));
        var r = Fr.Modulus;
        foreach (var x in new BigInteger[] { 0, 1, 12345, r - 1, (BigInteger.One << 255) - r - 1 })
        {
            var w = Accepts(c, new Assignment().Set("x", x));
            for (int i = 0; i < 255; i++) Assert.Equal(BitsOf(x, 255)[i], w[c.WireOf(bits[i])]);
        }
        // x + r still fits 255 bits for small x: booleans and the recomposition (mod r) hold; only the canonical check stops it.
        foreach (var x in new BigInteger[] { 0, 5, (BigInteger.One << 255) - r - 1 })
        {
            var scope = RejectsForged(c, new Assignment().Set("x", x), Override(c, bits, BitsOf(x + r, 255)));
            Assert.Contains("LessOrEqualConstant", scope);
        }
        MutationClean(c, new Assignment().Set("x", 987654321));
        MutationClean(c, new Assignment().Set("x", r - 1));
    }

    [Fact]
    public void Less_or_equal_constant_is_exact_at_the_boundary()
    {
        // 10-bit numbers against c = 0b1011001101 = 717: 717 accepted, 718 rejected, 1023 rejected.
        Variable[] b = [];
        var c = Compile(api => { b = api.SecretInputs("b", 10); Bits.AssertLessOrEqualConstant(api, b, 717); });
        for (int v = 700; v < 740; v++)
        {
            var a = new Assignment().Set("b", BitsOf(v, 10));
            if (v <= 717) Accepts(c, a); else Rejects(c, a);
        }
        Rejects(c, new Assignment().Set("b", BitsOf(1023, 10)));
        var notBoolean = BitsOf(0, 10); notBoolean[9] = F(2);
        Rejects(c, new Assignment().Set("b", notBoolean));
        MutationClean(c, new Assignment().Set("b", BitsOf(717, 10)));
    }
}
