using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Interop;

namespace Settlement.Prover.Tests.Groth16;

public class NativeKeyFileTests
{
    [Fact]
    public void DevKeysSayInsecureRoundTripAndEmbedAZkey()
    {
        var (r1cs, w) = ChainCircuit.Build(20);
        var pk = DevSetup.Create(r1cs, 2);
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "dev.key");
        NativeKeyFile.Write(path, pk);
        var h = NativeKeyFile.ReadHeader(path);
        Assert.True(h.Insecure);
        Assert.StartsWith("INSECURE", h.Note);
        Assert.True(File.ReadAllBytes(path).AsSpan(0, 200).IndexOf("INSECURE development setup"u8) > 0);
        var back = KeyFiles.ReadProvingKey(path);
        Assert.True(back.Insecure);
        Assert.Equal(pk.H, back.H);
        Assert.Equal(pk.B2, back.B2);
        // The payload is a zkey snarkjs can read: cut the header off and parse it as one.
        var zkey = Path.Combine(tmp.Path, "cut.zkey");
        File.WriteAllBytes(zkey, File.ReadAllBytes(path)[(int)h.PayloadOffset..]);
        Assert.Equal(pk.C, ZkeyFile.Read(zkey).C);
    }

    [Fact]
    public void CorruptionTruncationAndWrongMagicAreReported()
    {
        var (r1cs, _) = ChainCircuit.Build(10);
        var pk = DevSetup.Create(r1cs, 1);
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "k.key");
        NativeKeyFile.Write(path, pk);
        var bytes = File.ReadAllBytes(path);

        var flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x40;
        File.WriteAllBytes(path, flipped);
        var e = Assert.Throws<SnarkjsFormatException>(() => KeyFiles.ReadProvingKey(path));
        Assert.Contains("SHA-256", e.Message);

        File.WriteAllBytes(path, bytes[..^7]);
        e = Assert.Throws<SnarkjsFormatException>(() => KeyFiles.ReadProvingKey(path));
        Assert.Contains("truncated", e.Message);

        var magic = (byte[])bytes.Clone();
        magic[0] = (byte)'X';
        File.WriteAllBytes(path, magic);
        e = Assert.Throws<SnarkjsFormatException>(() => KeyFiles.ReadProvingKey(path));
        Assert.Contains("not a proving key", e.Message);
    }
}
