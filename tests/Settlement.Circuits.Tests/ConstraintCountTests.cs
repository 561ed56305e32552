using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Xunit.Abstractions;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

/// <summary>The constraint counts quoted in bench/RESULTS-circuits.md, derived here from the gadget definitions.</summary>
public class ConstraintCountTests(ITestOutputHelper output)
{
    private int Count(Action<Api> define)
    {
        var c = Compile(define);
        output.WriteLine(c.Statistics.ToString());
        return c.Statistics.Constraints;
    }

    [Fact]
    public void Poseidon()
    {
        Assert.Equal(243, Count(api => PoseidonGadget.Permute(api, api.SecretInputs("s", 3))));
        Assert.Equal(300, Count(api => PoseidonGadget.Permute(api, api.SecretInputs("s", 5))));
        Assert.Equal(297, Count(api => PoseidonGadget.Hash4(api, api.SecretInput("a"), api.SecretInput("b"), api.SecretInput("c"), api.SecretInput("d"))));
        // Sponge over 8 elements: two permutations, the first with only the constant capacity cell folded.
        Assert.Equal(300 - 3 + 300, Count(api => PoseidonGadget.Hash(api, api.SecretInputs("x", 8), 0)));
    }

    [Fact]
    public void Merkle_update_depth_16()
    {
        // 2 roots × 16 levels × (Hash4 297 + 3 products placing the node) + index: 32 bits, recomposition, 16 b₀·b₁ (49)
        // + old-root equality (1).
        Assert.Equal(2 * 16 * 300 + 49 + 1, Count(api => MerkleGadget.Update(api, api.PublicInput("old"), api.SecretInput("a"),
            api.SecretInput("b"), api.SecretInput("i"), api.SecretInputs("sib", 3 * 16))));
        Assert.Equal(16 * 300 + 49 + 1, Count(api => MerkleGadget.AssertMembership(api, api.PublicInput("root"), api.SecretInput("a"),
            api.SecretInput("i"), api.SecretInputs("sib", 3 * 16))));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(128)]
    public void Range_and_comparisons(int n)
    {
        Assert.Equal(n + 1, Count(api => RangeCheck.Check(api, api.SecretInput("x"), n)));
        // Fresh inputs: both range-checked, then the difference.
        Assert.Equal(3 * (n + 1), Count(api => Comparison.AssertLessThan(api, api.SecretInput("a"), api.SecretInput("b"), n)));
        // Inputs already range-checked elsewhere: only the difference.
        Assert.Equal(2 * (n + 1) + (n + 1), Count(api =>
        {
            var a = api.SecretInput("a"); var b = api.SecretInput("b");
            RangeCheck.Check(api, a, n); RangeCheck.Check(api, b, n);
            Comparison.AssertLessThan(api, a, b, n);
        }));
        Assert.Equal(2 * (n + 1) + (n + 2), Count(api => Comparison.IsLessThan(api, api.SecretInput("a"), api.SecretInput("b"), n)));
        Assert.Equal(n + 1, Count(api => SignedInt.Check(api, api.SecretInput("x"), n)));
    }

    [Fact]
    public void Canonical_decomposition()
    {
        // 255 booleans + recomposition + one per bit of r − 1, less its top 1-bit (t = 1·b is free).
        Assert.Equal(255 + 1 + 254, Count(api => Bits.ToBinaryCanonical(api, api.SecretInput("x"))));
    }
}
