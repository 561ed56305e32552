using Settlement.Prover.Solidity;

namespace Settlement.Evm.Tests;

/// <summary>The generator's refusals and its text, without an EVM (the contracts' behaviour is in the other tests).</summary>
public class GeneratorTests
{
    private static readonly TrapdoorKey Key = new(new Random(4), 2);

    [Fact]
    public void Output_is_deterministic_with_every_placeholder_filled_and_the_key_constants_in_it()
    {
        var a = Groth16SolidityVerifier.Generate(Key.Key, "V", "export-solidity", "keys/transition.vk.json", "a note");
        Assert.Equal(a, Groth16SolidityVerifier.Generate(Key.Key, "V", "export-solidity", "keys/transition.vk.json", "a note"));
        Assert.DoesNotContain("{{", a);
        Assert.DoesNotContain("\r", a);
        Assert.Contains("uint256 public constant PUBLIC_INPUTS = 2;", a);
        Assert.Contains("uint256 internal constant PROOF_START = 132;", a); // 4 + 32 + 2·32 + 32
        Assert.Contains("uint256 internal constant CALLDATA_SIZE = 644;", a);
        Assert.Contains("ran := staticcall(gas(), 0x0c, m, 320, m, 128)", a); // two 160-byte MSM terms
        var alphaX = Bytes.G1(Key.Key.Alpha)[..32];
        Assert.Contains($"0x{Convert.ToHexStringLower(alphaX)}) // α.x high", a);
        var negBetaX = Bytes.G2(-Key.Key.Beta)[32..64];
        Assert.Contains($"0x{Convert.ToHexStringLower(negBetaX)}) // −β.x.c0 low", a);
    }

    [Fact]
    public void Refuses_a_key_without_inputs_a_bad_name_and_a_line_break_in_the_header()
    {
        var noInputs = new TrapdoorKey(new Random(5), 0);
        Assert.Contains("at least one public input", Assert.Throws<ArgumentException>(() => Groth16SolidityVerifier.Generate(noInputs.Key, "V", "c", "s", "n")).Message);
        foreach (var bad in new[] { "", "1V", "V-1", "V W", "contract V {}" })
            Assert.Throws<ArgumentException>(() => Groth16SolidityVerifier.Generate(Key.Key, bad, "c", "s", "n"));
        var e = Assert.Throws<ArgumentException>(() => Groth16SolidityVerifier.Generate(Key.Key, "V", "c", "vk.json\ncontract Evil {}", "n"));
        Assert.Contains("control character", e.Message);
    }
}
