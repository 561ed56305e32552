using System.Text.Json;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Conformance;

/// <summary>
/// Every EIP-2537 vector file of the ADD and MSM families (the MUL files are MSMs with one pair): success files must give
/// exactly <c>Expected</c>; in <c>fail-</c> files every case must be rejected, with the matching reason when the
/// expected error string names one.
/// </summary>
public class Eip2537Tests
{
    public static IEnumerable<object[]> G1Add => VectorCatalog.Cases("eip2537-g1add");
    public static IEnumerable<object[]> G2Add => VectorCatalog.Cases("eip2537-g2add");
    public static IEnumerable<object[]> G1Msm => VectorCatalog.Cases("eip2537-g1msm");
    public static IEnumerable<object[]> G2Msm => VectorCatalog.Cases("eip2537-g2msm");

    delegate bool Operation(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error);

    [Theory, MemberData(nameof(G1Add))] public void G1_add(string path) => Run(path, Eip2537.TryG1Add, Eip2537.G1PointSize);
    [Theory, MemberData(nameof(G2Add))] public void G2_add(string path) => Run(path, Eip2537.TryG2Add, Eip2537.G2PointSize);
    [Theory, MemberData(nameof(G1Msm))] public void G1_msm(string path) => Run(path, Eip2537.TryG1Msm, Eip2537.G1PointSize);
    [Theory, MemberData(nameof(G2Msm))] public void G2_msm(string path) => Run(path, Eip2537.TryG2Msm, Eip2537.G2PointSize);

    static void Run(string path, Operation op, int outputSize)
    {
        VectorCatalog.RequirePresent(path);
        bool mustFail = VectorCatalog.MustFail(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        int cases = 0;
        var output = new byte[outputSize];
        foreach (var c in doc.RootElement.EnumerateArray())
        {
            string name = c.GetProperty("Name").GetString()!;
            var input = Convert.FromHexString(c.GetProperty("Input").GetString()!);
            bool ok = op(input, output, out var error);
            if (mustFail)
            {
                Assert.False(ok, $"{name}: accepted a must-fail input");
                var expected = ExpectedReason(c.GetProperty("ExpectedError").GetString()!);
                if (expected is { } e) Assert.True(e == error, $"{name}: rejected for {error}, expected {e}");
            }
            else
            {
                Assert.True(ok, $"{name}: rejected ({error})");
                Assert.Equal(c.GetProperty("Expected").GetString()!, Convert.ToHexString(output).ToLowerInvariant());
            }
            cases++;
        }
        Assert.True(cases > 0, "no cases in " + path);
    }

    /// <summary>The reason an expected error string names (EIP assets and go-ethereum wordings), or null when it names none we know.</summary>
    static Eip2537Error? ExpectedReason(string message)
    {
        var m = message.ToLowerInvariant();
        if (m.Contains("length")) return Eip2537Error.InvalidInputLength;
        if (m.Contains("top bytes")) return Eip2537Error.FieldElementPaddingNotZero;
        if (m.Contains("fp.element") || m.Contains("modulus")) return Eip2537Error.FieldElementNotCanonical;
        if (m.Contains("subgroup")) return Eip2537Error.PointNotInSubgroup;
        if (m.Contains("curve")) return Eip2537Error.PointNotOnCurve;
        return null;
    }
}
