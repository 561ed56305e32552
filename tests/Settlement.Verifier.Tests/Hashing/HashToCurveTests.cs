using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Verifier.Tests.Hashing;

/// <summary>RFC 9380 Appendix J.9 and J.10 suites for BLS12-381 and the Ethereum hash_to_G2 cases, every file of each family.</summary>
public class HashToCurveTests
{
    public static IEnumerable<object[]> SuiteFiles => VectorCatalog.Cases("hash-to-curve-suite");
    public static IEnumerable<object[]> EthHashToG2Files => VectorCatalog.Cases("eth-bls-hash_to_G2");

    /// <summary>
    /// Every RFC 9380 suite file (the shipped random-oracle G1 and G2 suites, and the nonuniform ones where
    /// SETTLEMENT_VECTORS adds them): u, the mapped points Q (Q0 and Q1 for hash_to_curve) and the final P.
    /// </summary>
    [Theory]
    [MemberData(nameof(SuiteFiles))]
    public void Suite_matches_u_Q_and_P(string path)
    {
        VectorCatalog.RequirePresent(path);
        using var doc = H2cJson.Load(path);
        var root = doc.RootElement;
        string suite = root.GetProperty("ciphersuite").GetString()!;
        switch (suite)
        {
            case HashToCurve.G1RandomOracleSuite: CheckG1(root, random: true); break;
            case HashToCurve.G1NonUniformSuite: CheckG1(root, random: false); break;
            case HashToCurve.G2RandomOracleSuite: CheckG2(root, random: true); break;
            case HashToCurve.G2NonUniformSuite: CheckG2(root, random: false); break;
            default: throw new Xunit.Sdk.XunitException($"{path}: suite {suite} is not one of the four BLS12-381 suites");
        }
    }

    static void CheckG1(JsonElement root, bool random)
    {
        var (dst, vectors) = Suite(root, random);
        int count = random ? 2 : 1;
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp[count];
            HashToField.ToFp(msg, dst, u);
            Assert.Equal(v.GetProperty("u").EnumerateArray().Select(e => H2cJson.ParseFp(e.GetString()!)), u);
            for (int i = 0; i < count; i++)
                Assert.Equal(H2cJson.G1Point(v.GetProperty(random ? $"Q{i}" : "Q")), MapToG1.MapToCurve(u[i]).ToAffine());
            var p = random ? HashToCurve.HashToG1(msg, dst) : HashToCurve.EncodeToG1(msg, dst);
            Assert.Equal(H2cJson.G1Point(v.GetProperty("P")), p);
            Assert.True(p.IsOnCurve && G1.IsInSubgroup(p));
        }
    }

    static void CheckG2(JsonElement root, bool random)
    {
        var (dst, vectors) = Suite(root, random);
        int count = random ? 2 : 1;
        foreach (var v in vectors)
        {
            var msg = Encoding.ASCII.GetBytes(v.GetProperty("msg").GetString()!);
            var u = new Fp2[count];
            HashToField.ToFp2(msg, dst, u);
            Assert.Equal(v.GetProperty("u").EnumerateArray().Select(e => H2cJson.ParseFp2(e.GetString()!)), u);
            for (int i = 0; i < count; i++)
                Assert.Equal(H2cJson.G2Point(v.GetProperty(random ? $"Q{i}" : "Q")), MapToG2.MapToCurve(u[i]).ToAffine());
            var p = random ? HashToCurve.HashToG2(msg, dst) : HashToCurve.EncodeToG2(msg, dst);
            Assert.Equal(H2cJson.G2Point(v.GetProperty("P")), p);
            Assert.True(p.IsOnCurve && G2.IsInSubgroup(p));
        }
    }

    /// <summary>ethereum/bls12-381-tests hash_to_G2: the RFC 9380 test DST, ASCII messages, x and y as "c0,c1".</summary>
    [Theory]
    [MemberData(nameof(EthHashToG2Files))]
    public void Ethereum_hash_to_G2_cases_match(string path)
    {
        VectorCatalog.RequirePresent(path);
        using var doc = H2cJson.Load(path);
        var msg = Encoding.ASCII.GetBytes(doc.RootElement.GetProperty("input").GetProperty("msg").GetString()!);
        var expected = H2cJson.G2Point(doc.RootElement.GetProperty("output"));
        Assert.Equal(expected, HashToCurve.HashToG2(msg, "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"u8));
    }

    /// <summary>Checks the suite header and returns the DST and the vectors; insists on at least one vector.</summary>
    static (byte[] Dst, List<JsonElement> Vectors) Suite(JsonElement root, bool random)
    {
        Assert.Equal(random, root.GetProperty("randomOracle").GetBoolean());
        Assert.Equal(64, (int)H2cJson.Int(root.GetProperty("L").GetString()!));
        var vectors = root.GetProperty("vectors").EnumerateArray().ToList();
        Assert.NotEmpty(vectors);
        return (Encoding.ASCII.GetBytes(root.GetProperty("dst").GetString()!), vectors);
    }
}
