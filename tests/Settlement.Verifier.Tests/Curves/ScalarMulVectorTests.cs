using System.Numerics;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>constantine's scalar-multiplication KATs: every vector of every file, fast path and generic path.</summary>
public class ScalarMulVectorTests
{
    public static IEnumerable<object[]> G1Files => VectorCatalog.Cases("scalar-mul-g1");
    public static IEnumerable<object[]> G2Files => VectorCatalog.Cases("scalar-mul-g2");

    [Theory, MemberData(nameof(G1Files))]
    public void Constantine_g1(string path)
    {
        VectorCatalog.RequirePresent(path);
        int n = 0;
        foreach (var v in Vectors(path))
        {
            var p = G1Affine.FromCoordinatesUnchecked(ParseFp(v.GetProperty("P").GetProperty("x")), ParseFp(v.GetProperty("P").GetProperty("y")));
            var q = G1Affine.FromCoordinatesUnchecked(ParseFp(v.GetProperty("Q").GetProperty("x")), ParseFp(v.GetProperty("Q").GetProperty("y")));
            var k = ParseHex(v.GetProperty("scalar").GetString()!);
            Assert.True(p.IsOnCurve && G1.IsInSubgroup(p));
            Assert.Equal(q, (p.ToJacobian() * Fr.FromBigInteger(k)).ToAffine());
            Assert.Equal(q, p.ToJacobian().MultiplyBy(k).ToAffine());
            n++;
        }
        Assert.True(n > 0);
    }

    [Theory, MemberData(nameof(G2Files))]
    public void Constantine_g2(string path)
    {
        VectorCatalog.RequirePresent(path);
        int n = 0;
        foreach (var v in Vectors(path))
        {
            var p = G2Affine.FromCoordinatesUnchecked(ParseFp2(v.GetProperty("P").GetProperty("x")), ParseFp2(v.GetProperty("P").GetProperty("y")));
            var q = G2Affine.FromCoordinatesUnchecked(ParseFp2(v.GetProperty("Q").GetProperty("x")), ParseFp2(v.GetProperty("Q").GetProperty("y")));
            var k = ParseHex(v.GetProperty("scalar").GetString()!);
            Assert.True(p.IsOnCurve && G2.IsInSubgroup(p));
            Assert.Equal(q, (p.ToJacobian() * Fr.FromBigInteger(k)).ToAffine());
            Assert.Equal(q, p.ToJacobian().MultiplyBy(k).ToAffine());
            n++;
        }
        Assert.True(n > 0);
    }

    static List<JsonElement> Vectors(string path)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().ToList();
    }

    static BigInteger ParseHex(string s) => BigInteger.Parse("0" + (s.StartsWith("0x") ? s[2..] : s), System.Globalization.NumberStyles.HexNumber);

    static Fp ParseFp(JsonElement e)
    {
        var v = ParseHex(e.GetString()!);
        Assert.True(v < Fp.Modulus);
        return Fp.FromBigInteger(v);
    }

    static Fp2 ParseFp2(JsonElement e) => new(ParseFp(e.GetProperty("c0")), ParseFp(e.GetProperty("c1")));
}
