using System.Security.Cryptography;
using System.Text;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Hashing;

public class ExpandMessageTests
{
    public static IEnumerable<object[]> XmdFiles => VectorCatalog.Cases("expand-message-xmd");

    /// <summary>
    /// RFC 9380 Appendix K vectors, every file of the family: SHA-256 or SHA-512 as the file names, DST' (after the
    /// oversize-DST rule when the tag is longer than 255 bytes), and the uniform bytes for each message and length.
    /// </summary>
    [Theory]
    [MemberData(nameof(XmdFiles))]
    public void Expand_message_xmd_matches_the_RFC_vectors(string path)
    {
        VectorCatalog.RequirePresent(path);
        using var doc = H2cJson.Load(path);
        var root = doc.RootElement;
        var hash = root.GetProperty("hash").GetString() switch
        {
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA512" => HashAlgorithmName.SHA512,
            var other => throw new Xunit.Sdk.XunitException($"{path}: hash {other} is not one expand_message_xmd is tested with"),
        };
        var dst = Encoding.ASCII.GetBytes(root.GetProperty("DST").GetString()!);
        var effective = ExpandMessageXmd.EffectiveDst(dst, hash);
        int cases = 0;
        foreach (var t in root.GetProperty("tests").EnumerateArray())
        {
            var msg = Encoding.ASCII.GetBytes(t.GetProperty("msg").GetString()!);
            int len = (int)H2cJson.Int(t.GetProperty("len_in_bytes").GetString()!);
            var expected = H2cJson.Bytes(t.GetProperty("uniform_bytes").GetString()!);
            var dstPrime = H2cJson.Bytes(t.GetProperty("DST_prime").GetString()!);
            Assert.Equal([.. effective, (byte)effective.Length], dstPrime);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ExpandMessageXmd.Expand(msg, dst, len, hash)));
            cases++;
        }
        Assert.True(cases >= 10, $"only {cases} cases in {path}");
    }

    /// <summary>
    /// RFC 9380 Appendix K.2 (expand_message_xmd with SHA-256 and a 256-byte DST): the tag is first replaced by
    /// SHA-256("H2C-OVERSIZE-DST-" ‖ DST). A subset of the published cases, inlined because that file is not
    /// among the vectors collected in ../shared/vectors.
    /// </summary>
    [Theory]
    [InlineData("", 0x20, "e8dc0c8b686b7ef2074086fbdd2f30e3f8bfbd3bdf177f73f04b97ce618a3ed3")]
    [InlineData("abc", 0x20, "52dbf4f36cf560fca57dedec2ad924ee9c266341d8f3d6afe5171733b16bbb12")]
    [InlineData("abcdef0123456789", 0x20, "35387dcf22618f3728e6c686490f8b431f76550b0b2c61cbc1ce7001536f4521")]
    [InlineData("", 0x80, "14604d85432c68b757e485c8894db3117992fc57e0e136f71ad987f789a0abc287c47876978e2388a02af86b1e8d1342e5ce4f7aaa07a87321e691f6fba7e0072eecc1218aebb89fb14a0662322d5edbd873f0eb35260145cd4e64f748c5dfe60567e126604bcab1a3ee2dc0778102ae8a5cfd1429ebc0fa6bf1a53c36f55dfc")]
    [InlineData("abc", 0x80, "1a30a5e36fbdb87077552b9d18b9f0aee16e80181d5b951d0471d55b66684914aef87dbb3626eaabf5ded8cd0686567e503853e5c84c259ba0efc37f71c839da2129fe81afdaec7fbdc0ccd4c794727a17c0d20ff0ea55e1389d6982d1241cb8d165762dbc39fb0cee4474d2cbbd468a835ae5b2f20e4f959f56ab24cd6fe267")]
    public void Long_DST_is_hashed_with_the_oversize_rule(string msg, int len, string expectedHex)
    {
        var longDst = Encoding.ASCII.GetBytes("QUUX-V01-CS02-with-expander-SHA256-128-long-DST-" + new string('1', 208));
        Assert.Equal(256, longDst.Length);
        var dst = ExpandMessageXmd.EffectiveDst(longDst, HashAlgorithmName.SHA256);
        Assert.Equal("412717974da474d0f8c420f320ff81e8432adb7c927d9bd082b4fb4d16c0a236", Convert.ToHexString(dst).ToLowerInvariant());
        Assert.Equal(expectedHex, Convert.ToHexString(ExpandMessageXmd.Expand(Encoding.ASCII.GetBytes(msg), longDst, len)).ToLowerInvariant());
        Assert.Equal(expectedHex, Convert.ToHexString(ExpandMessageXmd.Expand(Encoding.ASCII.GetBytes(msg), dst, len)).ToLowerInvariant());
    }

    /// <summary>RFC 9380 Appendix K.3 (expand_message_xmd with SHA-512, DST QUUX-V01-CS02-with-expander-SHA512-256), a subset inlined.</summary>
    [Theory]
    [InlineData("", 0x20, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba")]
    [InlineData("abc", 0x20, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc")]
    [InlineData("abc", 0x80, "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58fbca1703cd6032cb1347ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b488431851041310ad659e4b23520e1772ab29dcdeb2002222a363f0c2b1c972b3efe1")]
    public void Sha512_expander_matches_the_RFC_vectors(string msg, int len, string expectedHex)
    {
        var dst = "QUUX-V01-CS02-with-expander-SHA512-256"u8;
        Assert.Equal(expectedHex,
            Convert.ToHexString(ExpandMessageXmd.Expand(Encoding.ASCII.GetBytes(msg), dst, len, HashAlgorithmName.SHA512)).ToLowerInvariant());
    }

    [Fact]
    public void Limits_are_enforced_with_errors_that_name_the_rule()
    {
        var dst = "DST"u8.ToArray();
        Assert.Equal(8160, ExpandMessageXmd.MaxOutputLength);
        Assert.Equal(8160, ExpandMessageXmd.Expand("m"u8, dst, 8160).Length);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => ExpandMessageXmd.Expand("m"u8, dst, 8161));
        Assert.Contains("8160", tooLong.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpandMessageXmd.Expand("m"u8, dst, 0));
        Assert.Throws<ArgumentException>(() => ExpandMessageXmd.Expand("m"u8, dst, new byte[8161]));
        Assert.Throws<ArgumentException>(() => ExpandMessageXmd.Expand("m"u8, [], 32));
        var dst255 = new byte[255];
        Assert.Equal(32, ExpandMessageXmd.Expand("m"u8, dst255, 32).Length);
        Assert.Equal(16320, ExpandMessageXmd.Expand("m"u8, dst, 16320, HashAlgorithmName.SHA512).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpandMessageXmd.Expand("m"u8, dst, 16321, HashAlgorithmName.SHA512));
        var e = Assert.Throws<ArgumentException>(() => ExpandMessageXmd.Expand("m"u8, dst, 32, HashAlgorithmName.SHA384));
        Assert.Contains("SHA384", e.Message);
    }

    [Fact]
    public void Output_is_a_prefix_of_nothing_else_lengths_are_bound_into_b0()
    {
        // len_in_bytes is hashed into b_0, so a shorter output is not a prefix of a longer one.
        var a = ExpandMessageXmd.Expand("abc"u8, "DST"u8, 32);
        var b = ExpandMessageXmd.Expand("abc"u8, "DST"u8, 64);
        Assert.NotEqual(Convert.ToHexString(a), Convert.ToHexString(b.AsSpan(0, 32)));
    }
}
