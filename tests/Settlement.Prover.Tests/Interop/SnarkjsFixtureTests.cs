using System.Buffers.Binary;
using System.Numerics;

namespace Settlement.Prover.Tests.Interop;

/// <summary>
/// The harness works and the committed fixtures are what snarkjs expects: each committed proof verifies with the real
/// snarkjs, and changing one public signal makes snarkjs reject it. These fail (not skip) when snarkjs is not installed.
/// </summary>
public class SnarkjsFixtureTests
{
    [Fact]
    public void PinnedSnarkjsIsInstalled()
    {
        var r = Snarkjs.Run("--version"); // snarkjs exits 99 after printing its version
        Assert.Contains("snarkjs@0.7.6", r.Stdout + r.Stderr);
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void CommittedProofVerifiesWithSnarkjs(string circuit)
    {
        var f = Fixtures.Get(circuit);
        var r = Snarkjs.Groth16Verify(f.VerificationKey, f.Public, f.Proof);
        Assert.True(r.Verified, r.ToString());
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void TamperedPublicSignalIsRejectedBySnarkjs(string circuit)
    {
        var f = Fixtures.Get(circuit);
        var signals = Fixtures.ReadPublicSignals(f.Public);
        // Change the last signal (a public input where the circuit has one, else the output) by +1 mod r.
        signals[^1] = (signals[^1] + 1) % Fixtures.ScalarModulus;
        using var tmp = new TempDirectory();
        var tampered = tmp.File("public.json");
        Fixtures.WritePublicSignals(tampered, signals);

        var r = Snarkjs.Groth16Verify(f.VerificationKey, tampered, f.Proof);
        Assert.False(r.Verified, r.ToString());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Invalid proof", r.Stdout + r.Stderr);
    }

    /// <summary>No snarkjs needed: public.json is witness wires 1..nPublic (wtns section 2, LE, normal form).</summary>
    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void PublicSignalsAreTheWitnessWiresAfterTheConstantOne(string circuit)
    {
        var f = Fixtures.Get(circuit);
        var wtns = File.ReadAllBytes(f.Witness);
        Assert.Equal("wtns"u8.ToArray(), wtns[..4]);
        var header = Section(wtns, 1);
        var values = Section(wtns, 2).ToArray();
        int n8 = BinaryPrimitives.ReadInt32LittleEndian(header);
        Assert.Equal(32, n8);
        Assert.Equal(Fixtures.ScalarModulus, new BigInteger(header.Slice(4, n8), isUnsigned: true));
        int nWitness = BinaryPrimitives.ReadInt32LittleEndian(header[(4 + n8)..]);
        Assert.Equal(nWitness * n8, values.Length);

        BigInteger Wire(int i) => new(values.AsSpan(i * n8, n8), isUnsigned: true);
        Assert.Equal(BigInteger.One, Wire(0));
        var signals = Fixtures.ReadPublicSignals(f.Public);
        for (int i = 0; i < signals.Length; i++) Assert.Equal(signals[i], Wire(i + 1));
    }

    /// <summary>Finds a section of an iden3 binfile by id (u32 id, u64 size; sections in any order).</summary>
    static ReadOnlySpan<byte> Section(byte[] file, int id)
    {
        int nSections = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        long pos = 12;
        for (int s = 0; s < nSections; s++)
        {
            int sid = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan((int)pos));
            long size = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan((int)pos + 4));
            if (sid == id) return file.AsSpan((int)pos + 12, (int)size);
            pos += 12 + size;
        }
        throw new InvalidDataException($"section {id} not found");
    }
}
