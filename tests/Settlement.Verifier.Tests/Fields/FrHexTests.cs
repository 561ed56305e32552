using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>The one text form of a field element in the JSON formats: "0x" and 64 lowercase hex digits below r.</summary>
public class FrHexTests
{
    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000")] // r − 1
    [InlineData("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Reads_what_ToHex_writes(string text)
    {
        Assert.True(Fr.TryParseHex(text, out var x, out var error), error);
        Assert.Equal(text, "0x" + x.ToHex());
    }

    [Theory]
    [InlineData(null, "64 lowercase hex digits")]
    [InlineData("", "64 lowercase hex digits")]
    [InlineData("0x0", "64 lowercase hex digits")]                                                                  // short
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "64 lowercase hex digits")]    // no prefix
    [InlineData("0X0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "64 lowercase hex digits")]  // 0X
    [InlineData("0x0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "64 lowercase hex digits")]  // uppercase
    [InlineData("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00", "64 lowercase hex digits")] // long
    [InlineData("0x 123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "64 lowercase hex digits")]  // space
    [InlineData("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", "not below the field modulus r")] // r
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "not below the field modulus r")]
    public void Refuses_every_other_text_saying_why(string? text, string why)
    {
        Assert.False(Fr.TryParseHex(text, out _, out var error));
        Assert.Contains(why, error);
    }
}
