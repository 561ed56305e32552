using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Hashing;

/// <summary>Parsing helpers for the hash-to-curve JSON vectors: "0x…" F_p values, "c0,c1" F_p² values, x/y points.</summary>
internal static class H2cJson
{
    public static JsonDocument Load(string path) => JsonDocument.Parse(File.ReadAllBytes(path));

    public static BigInteger Int(string hex)
    {
        var h = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        return BigInteger.Parse("0" + h, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>An F_p value that must already be canonical (below p).</summary>
    public static Fp ParseFp(string hex)
    {
        var v = Int(hex);
        Assert.True(v < Fp.Modulus, $"vector value {hex} is not below p");
        return Fp.FromBigInteger(v);
    }

    public static Fp2 ParseFp2(string pair)
    {
        var parts = pair.Split(',');
        Assert.Equal(2, parts.Length);
        return new Fp2(ParseFp(parts[0]), ParseFp(parts[1]));
    }

    public static G1Affine G1Point(JsonElement p) =>
        G1Affine.FromCoordinatesUnchecked(ParseFp(p.GetProperty("x").GetString()!), ParseFp(p.GetProperty("y").GetString()!));

    public static G2Affine G2Point(JsonElement p) =>
        G2Affine.FromCoordinatesUnchecked(ParseFp2(p.GetProperty("x").GetString()!), ParseFp2(p.GetProperty("y").GetString()!));

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.StartsWith("0x") ? hex[2..] : hex);
}
