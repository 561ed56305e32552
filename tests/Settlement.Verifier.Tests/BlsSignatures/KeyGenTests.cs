using System.Numerics;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.BlsSignatures;

public class KeyGenTests
{
    /// <summary>
    /// EIP-2333's derive_master_SK is HKDF_mod_r(seed), which is KeyGen(IKM = seed, key_info = "") of the IETF BLS
    /// draft v4+; its four published test cases (seed → master_SK) pin the salt rehashing, the I2OSP(0, 1) suffix and L = 48.
    /// </summary>
    [Theory]
    [InlineData("c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
        "6083874454709270928345386274498605044986640685124978867557563392430687146096")]
    [InlineData("3141592653589793238462643383279502884197169399375105820974944592",
        "29757020647961307431480504535336562678282505419141012933316116377660817309383")]
    [InlineData("0099FF991111002299DD7744EE3355BBDD8844115566CC55663355668888CC00",
        "27580842291869792442942448775674722299803720648445448686099262467207037398656")]
    [InlineData("d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3",
        "19022158461524446591288038168518313374041767046816487870552872741050760015818")]
    public void KeyGen_matches_EIP_2333_master_keys(string seedHex, string masterSk)
    {
        var sk = SecretKey.KeyGen(Convert.FromHexString(seedHex));
        Assert.Equal(BigInteger.Parse(masterSk), new BigInteger(sk.ToBytes(), isUnsigned: true, isBigEndian: true));
    }

    [Fact]
    public void KeyGen_needs_32_bytes_and_key_info_changes_the_key()
    {
        var e = Assert.Throws<ArgumentException>(() => SecretKey.KeyGen(new byte[31]));
        Assert.Contains("at least 32", e.Message);
        var ikm = new byte[32];
        Assert.NotEqual(SecretKey.KeyGen(ikm).ToBytes(), SecretKey.KeyGen(ikm, "venue-1"u8).ToBytes());
        Assert.NotEqual(SecretKey.Generate().ToBytes(), SecretKey.Generate().ToBytes());
    }

    [Fact]
    public void Secret_key_bytes_round_trip_and_bad_values_are_named()
    {
        var sk = SecretKey.KeyGen(new byte[40]);
        Assert.Equal(sk.ToBytes(), SecretKey.FromBytes(sk.ToBytes()).ToBytes());

        Assert.False(SecretKey.TryFromBytes(new byte[32], out _, out var zero));
        Assert.Equal(BlsError.SecretKeyIsZero, zero);
        Assert.Equal(BlsError.SecretKeyIsZero, Assert.Throws<BlsException>(() => SecretKey.FromBytes(new byte[32])).Error);

        Assert.False(SecretKey.TryFromBytes(Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true), out _, out var big));
        Assert.Equal(BlsError.SecretKeyNotBelowOrder, big);
        var rMinus1 = (Fr.Modulus - 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        Assert.True(SecretKey.TryFromBytes(rMinus1, out _, out _));

        var wrong = Assert.Throws<BlsException>(() => SecretKey.FromBytes(new byte[31]));
        Assert.Equal(BlsError.WrongLength, wrong.Error);
        Assert.Contains("31 bytes", wrong.Message);
    }
}
