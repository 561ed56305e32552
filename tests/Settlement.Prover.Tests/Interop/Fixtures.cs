using System.Numerics;
using System.Text.Json;

namespace Settlement.Prover.Tests.Interop;

/// <summary>
/// The committed snarkjs fixtures in <c>tests/fixtures/snarkjs/</c> (made by <c>tests/interop/make-fixtures.sh</c>;
/// how, with which versions, is in that folder's README.md).
/// <para>
/// API: <c>Fixtures.Get("chain")</c> returns a <see cref="SnarkjsCircuitFixture"/> whose properties are full paths:
/// <c>R1cs</c> (circuit.r1cs), <c>Witness</c> (witness.wtns), <c>Input</c> (input.json), <c>InitialZkey</c>
/// (circuit_0000.zkey, straight from <c>groth16 setup</c>: deterministic, no contribution), <c>Zkey</c>
/// (circuit_final.zkey, after one beacon contribution), <c>VerificationKey</c>, <c>Proof</c>, <c>Public</c>.
/// <see cref="Ptau"/> is the shared prepared powers of tau (BLS12-381, power <see cref="PtauPower"/>).
/// <see cref="Circuits"/> / <see cref="CircuitCases"/> list the circuits (xunit: <c>[MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]</c>).
/// <see cref="TempDirectory"/> gives a scratch folder deleted on dispose, for files a test writes (our proofs, tampered copies).
/// <see cref="ScalarModulus"/> is the BLS12-381 scalar field r, the prime of the circuits.
/// </para>
/// Circuits: <c>multiplier</c> (1 constraint, 1 public output), <c>poly</c> (14 constraints, 3 public outputs and
/// 5 public inputs, one of them r−1), <c>chain</c> (x_{i+1} = x_i² + c, 1000 constraints, domain 1024 = 2^PtauPower).
/// </summary>
public static class Fixtures
{
    public const int PtauPower = 10;

    public static readonly IReadOnlyList<string> Circuits = ["multiplier", "poly", "chain"];

    public static IEnumerable<object[]> CircuitCases => Circuits.Select(c => new object[] { c });

    public static readonly BigInteger ScalarModulus =
        BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");

    public static string Root => Path.Combine(Snarkjs.RepositoryRoot, "tests", "fixtures", "snarkjs");

    public static string Ptau => Existing(Path.Combine(Root, $"pot{PtauPower}_final.ptau"));

    public static SnarkjsCircuitFixture Get(string circuit)
    {
        var dir = Path.Combine(Root, circuit);
        if (!Directory.Exists(dir))
            throw new DirectoryNotFoundException($"no snarkjs fixture '{circuit}' in {Root} (known: {string.Join(", ", Circuits)})");
        return new SnarkjsCircuitFixture(circuit, dir);
    }

    /// <summary>Reads a snarkjs <c>public.json</c> (a JSON array of decimal strings).</summary>
    public static BigInteger[] ReadPublicSignals(string publicJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(publicJson));
        return doc.RootElement.EnumerateArray().Select(e => BigInteger.Parse(e.GetString()!)).ToArray();
    }

    /// <summary>Writes a snarkjs-style <c>public.json</c>.</summary>
    public static void WritePublicSignals(string publicJson, IEnumerable<BigInteger> signals)
        => File.WriteAllText(publicJson, JsonSerializer.Serialize(signals.Select(s => s.ToString()).ToArray()));

    internal static string Existing(string path)
        => File.Exists(path) ? path : throw new FileNotFoundException($"snarkjs fixture file missing: {path} (regenerate with tests/interop/make-fixtures.sh)", path);
}

public sealed record SnarkjsCircuitFixture(string Name, string Directory)
{
    public string R1cs => File("circuit.r1cs");
    public string Witness => File("witness.wtns");
    public string Input => File("input.json");
    public string InitialZkey => File("circuit_0000.zkey");
    public string Zkey => File("circuit_final.zkey");
    public string VerificationKey => File("verification_key.json");
    public string Proof => File("proof.json");
    public string Public => File("public.json");

    string File(string name) => Fixtures.Existing(Path.Combine(Directory, name));

    public override string ToString() => Name;
}

/// <summary>A fresh folder under the system temp directory, deleted (with its files) on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("settlement-interop-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
