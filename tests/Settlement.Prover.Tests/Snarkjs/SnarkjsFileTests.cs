using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Groth16;
using Settlement.Prover.Tests.Interop;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Snarkjs;

/// <summary>The snarkjs binary formats against the committed snarkjs-made fixtures (no node needed).</summary>
public class SnarkjsFileTests
{
    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void ZkeyRewritesByteForByte(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var pk = ZkeyFile.Read(fx.Zkey);
        Assert.Equal(pk.NumVars, WtnsFile.Read(fx.Witness).Length);
        using var tmp = new TempDirectory();
        var copy = Path.Combine(tmp.Path, "copy.zkey");
        ZkeyFile.Write(copy, pk, ZkeyFile.ReadMpcSection(fx.Zkey));
        Assert.Equal(File.ReadAllBytes(fx.Zkey), File.ReadAllBytes(copy));
    }

    [Fact]
    public void ZkeyHeaderAndCoefficientsAreTheSnarkjsModel()
    {
        var pk = ZkeyFile.Read(Fixtures.Get("chain").Zkey);
        Assert.Equal(1024, pk.DomainSize);
        Assert.Equal(2, pk.NumPublic);
        // One A row per public signal (and wire 0) after the constraints, coefficient 1.
        var extra = pk.Coefficients.Where(c => c.Matrix == QapCoefficient.MatrixA && c.Constraint >= 1000).ToArray();
        Assert.Equal(3, extra.Length);
        Assert.All(extra, c => Assert.True(c.Value.IsOne));
        Assert.Equal(new[] { 0, 1, 2 }, extra.Select(c => c.Signal).Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void WtnsRewritesByteForByte(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var w = WtnsFile.Read(fx.Witness);
        Assert.True(w[0].IsOne);
        using var tmp = new TempDirectory();
        var copy = Path.Combine(tmp.Path, "w.wtns");
        WtnsFile.Write(copy, w);
        Assert.Equal(File.ReadAllBytes(fx.Witness), File.ReadAllBytes(copy));
    }

    [Fact]
    public void DevSetupKeyRoundTripsThroughZkey()
    {
        var (r1cs, _) = ChainCircuit.Build(30);
        var pk = DevSetup.Create(r1cs, 2);
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "k.zkey");
        ZkeyFile.Write(path, pk);
        var back = ZkeyFile.Read(path);
        Assert.Equal(pk.Coefficients, back.Coefficients);
        Assert.Equal(pk.A, back.A);
        Assert.Equal(pk.B2, back.B2);
        Assert.Equal(pk.H, back.H);
        Assert.Equal(pk.IC, back.IC);
        Assert.Equal(pk.Delta2, back.Delta2);
    }

    [Fact]
    public void BadFilesGiveErrorsNamingFileSectionAndField()
    {
        var fx = Fixtures.Get("multiplier");
        using var tmp = new TempDirectory();
        var bytes = File.ReadAllBytes(fx.Zkey);

        string Write(string name, byte[] b) { var p = Path.Combine(tmp.Path, name); File.WriteAllBytes(p, b); return p; }

        var e = Assert.Throws<SnarkjsFormatException>(() => ZkeyFile.Read(Write("trunc.zkey", bytes[..^10])));
        Assert.Contains("trunc.zkey", e.Message);
        Assert.Contains("section", e.Message);

        var magic = (byte[])bytes.Clone(); magic[0] = (byte)'x';
        e = Assert.Throws<SnarkjsFormatException>(() => ZkeyFile.Read(Write("magic.zkey", magic)));
        Assert.Contains("magic", e.Message);

        // Flip a byte of alpha1 (header, section 2 at offset 40 + 4 + 48 + 4 + 32 + 12).
        var alpha = (byte[])bytes.Clone(); alpha[40 + 100 + 5] ^= 1;
        e = Assert.Throws<SnarkjsFormatException>(() => ZkeyFile.Read(Write("alpha.zkey", alpha)));
        Assert.Contains("alpha1", e.Message);

        // A table point off the curve is caught when table checks are on.
        var table = (byte[])bytes.Clone(); table[1412 + 96 + 3] ^= 1;
        e = Assert.Throws<SnarkjsFormatException>(() => ZkeyFile.Read(Write("table.zkey", table)));
        Assert.Contains("section 5 (A)", e.Message);

        var w = File.ReadAllBytes(fx.Witness);
        var badW = (byte[])w.Clone(); badW[76] = 2; // wire 0 = 2
        var we = Assert.Throws<SnarkjsFormatException>(() => WtnsFile.Read(Write("bad.wtns", badW)));
        Assert.Contains("wire 0", we.Message);
        Assert.Throws<SnarkjsFormatException>(() => WtnsFile.Read(fx.Zkey));
        Assert.Contains("missing.wtns", Assert.Throws<SnarkjsFormatException>(() => WtnsFile.Read(Path.Combine(tmp.Path, "missing.wtns"))).Message);
        Assert.Throws<SnarkjsFormatException>(() => WtnsFile.Read(Write("empty.wtns", [])));
        Assert.Equal(CircomWitnessValues(w), WtnsFile.Read(fx.Witness));
    }

    [Fact]
    public void DoubleMontgomeryCoefficientsRoundTrip()
    {
        Span<byte> b = stackalloc byte[32];
        foreach (var v in new[] { Fr.One, Fr.Zero - Fr.One, Fr.FromUInt64(12345), Fr.Random(new Random(3)) })
        {
            CurveIo.WriteDoubleMontgomery(b, v);
            Assert.True(CurveIo.TryReadDoubleMontgomery(b, out var back));
            Assert.Equal(v, back);
        }
    }

    private static Settlement.Verifier.Bls12381.Fr[] CircomWitnessValues(byte[] file) => Settlement.Circuits.Formats.CircomWitness.Read(file);
}
