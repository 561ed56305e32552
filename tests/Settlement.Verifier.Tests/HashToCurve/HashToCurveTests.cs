using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Hashing;

/// <summary>RFC 9380 Appendix J.9 suites for BLS12-381 and the Ethereum hash_to_G2 cases, every file of each family.</summary>
public class HashToCurveTests
{
    public static IEnumerable<object[]> G1RoFiles => VectorCatalog.Cases("hash-to-g1-ro");
    public static IEnumerable<object[]> G2RoFiles => VectorCatalog.Cases("hash-to-g2-ro");
    public static IEnumerable<object[]> G1NuFiles => VectorCatalog.Cases("encode-to-g1-nu");
    public static IEnumerable<object[]> G2NuFiles => VectorCatalog.Cases("encode-to-g2-nu");
    public static IEnumerable<object[]> EthHashToG2Files => VectorCatalog.Cases("eth-bls-hash_to_G2");

    [Theory]
    [MemberData(nameof(G1RoFiles))]
    public void Hash_to_G1_matches_u_Q0_Q1_and_P(string path)
    {
        if (path == "(none)") return;
        using var doc = H2cJson.Load(path);
        var (dst, vectors) = Suite(doc.RootElement, HashToCurve.G1RandomOracleSuite, random: true);
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp[2];
            HashToField.ToFp(msg, dst, u);
            var uExpected = v.GetProperty("u").EnumerateArray().Select(e => H2cJson.ParseFp(e.GetString()!)).ToArray();
            Assert.Equal(uExpected, u);
            Assert.Equal(H2cJson.G1Point(v.GetProperty("Q0")), MapToG1.MapToCurve(u[0]).ToAffine());
            Assert.Equal(H2cJson.G1Point(v.GetProperty("Q1")), MapToG1.MapToCurve(u[1]).ToAffine());
            var p = HashToCurve.HashToG1(msg, dst);
            Assert.Equal(H2cJson.G1Point(v.GetProperty("P")), p);
            Assert.True(p.IsOnCurve && G1.IsInSubgroup(p));
        }
    }

    [Theory]
    [MemberData(nameof(G2RoFiles))]
    public void Hash_to_G2_matches_u_Q0_Q1_and_P(string path)
    {
        if (path == "(none)") return;
        using var doc = H2cJson.Load(path);
        var (dst, vectors) = Suite(doc.RootElement, HashToCurve.G2RandomOracleSuite, random: true);
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp2[2];
            HashToField.ToFp2(msg, dst, u);
            var uExpected = v.GetProperty("u").EnumerateArray().Select(e => H2cJson.ParseFp2(e.GetString()!)).ToArray();
            Assert.Equal(uExpected, u);
            Assert.Equal(H2cJson.G2Point(v.GetProperty("Q0")), MapToG2.MapToCurve(u[0]).ToAffine());
            Assert.Equal(H2cJson.G2Point(v.GetProperty("Q1")), MapToG2.MapToCurve(u[1]).ToAffine());
            var p = HashToCurve.HashToG2(msg, dst);
            Assert.Equal(H2cJson.G2Point(v.GetProperty("P")), p);
            Assert.True(p.IsOnCurve && G2.IsInSubgroup(p));
        }
    }

    [Theory]
    [MemberData(nameof(G1NuFiles))]
    public void Encode_to_G1_matches_u_Q_and_P(string path)
    {
        if (path == "(none)") return;
        using var doc = H2cJson.Load(path);
        var (dst, vectors) = Suite(doc.RootElement, HashToCurve.G1NonUniformSuite, random: false);
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp[1];
            HashToField.ToFp(msg, dst, u);
            Assert.Equal(H2cJson.ParseFp(v.GetProperty("u")[0].GetString()!), u[0]);
            Assert.Equal(H2cJson.G1Point(v.GetProperty("Q")), MapToG1.MapToCurve(u[0]).ToAffine());
            Assert.Equal(H2cJson.G1Point(v.GetProperty("P")), HashToCurve.EncodeToG1(msg, dst));
        }
    }

    [Theory]
    [MemberData(nameof(G2NuFiles))]
    public void Encode_to_G2_matches_u_Q_and_P(string path)
    {
        if (path == "(none)") return;
        using var doc = H2cJson.Load(path);
        var (dst, vectors) = Suite(doc.RootElement, HashToCurve.G2NonUniformSuite, random: false);
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp2[1];
            HashToField.ToFp2(msg, dst, u);
            Assert.Equal(H2cJson.ParseFp2(v.GetProperty("u")[0].GetString()!), u[0]);
            Assert.Equal(H2cJson.G2Point(v.GetProperty("Q")), MapToG2.MapToCurve(u[0]).ToAffine());
            Assert.Equal(H2cJson.G2Point(v.GetProperty("P")), HashToCurve.EncodeToG2(msg, dst));
        }
    }

    /// <summary>ethereum/bls12-381-tests hash_to_G2: the RFC 9380 test DST, ASCII messages, x and y as "c0,c1".</summary>
    [Theory]
    [MemberData(nameof(EthHashToG2Files))]
    public void Ethereum_hash_to_G2_cases_match(string path)
    {
        if (path == "(none)") return;
        using var doc = H2cJson.Load(path);
        var msg = Encoding.ASCII.GetBytes(doc.RootElement.GetProperty("input").GetProperty("msg").GetString()!);
        var expected = H2cJson.G2Point(doc.RootElement.GetProperty("output"));
        Assert.Equal(expected, HashToCurve.HashToG2(msg, "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"u8));
    }

    /// <summary>Checks the suite header and returns the DST and the vectors; insists on at least one vector.</summary>
    static (byte[] Dst, List<JsonElement> Vectors) Suite(JsonElement root, string suite, bool random)
    {
        Assert.Equal(suite, root.GetProperty("ciphersuite").GetString());
        Assert.Equal(random, root.GetProperty("randomOracle").GetBoolean());
        Assert.Equal(64, (int)H2cJson.Int(root.GetProperty("L").GetString()!));
        var vectors = root.GetProperty("vectors").EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        return (Encoding.ASCII.GetBytes(root.GetProperty("dst").GetString()!), vectors);
    }
}
