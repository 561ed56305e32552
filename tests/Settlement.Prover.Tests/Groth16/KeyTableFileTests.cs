using Settlement.Prover.Groth16;
using Settlement.Prover.Msm;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Interop;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>Keys read with their tables left in the file: the same proofs as in memory, and a changed file is refused.</summary>
public class KeyTableFileTests
{
    private static readonly Fr R = Fr.FromUInt64(1001), S = Fr.FromUInt64(2002);

    [Fact]
    public void StreamedTablesGiveTheSameProofAsInMemory()
    {
        // More signals than one G1 chunk, so every table but IC is read in several chunks.
        var (r1cs, w) = ChainCircuit.Build(Pippenger.StreamChunkG1 + 500);
        var pk = DevSetup.Create(r1cs, 2);
        using var tmp = new TempDirectory();
        foreach (var path in new[] { Path.Combine(tmp.Path, "k.zkey"), Path.Combine(tmp.Path, "k.key") })
        {
            if (path.EndsWith(".zkey")) ZkeyFile.Write(path, pk); else NativeKeyFile.Write(path, pk);
            var streamed = KeyFiles.ReadProvingKey(path, tablesInFile: true);
            Assert.NotNull(streamed.TablesInFile);
            Assert.Empty(streamed.A);
            Assert.Equal(pk.VerifyingKey.IC, streamed.VerifyingKey.IC);
            var expected = new Groth16Prover(pk).Prove(w, R, S, 2, null);
            var proof = new Groth16Prover(streamed).Prove(w, R, S, 2, null);
            Assert.Equal(expected, proof);
            Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(streamed.VerifyingKey), new Groth16Prover(streamed).Prove(w, 2), [w[1]]));
        }
    }

    private static (ProvingKey Key, Fr[] Witness, string Path) SmallKey(TempDirectory tmp)
    {
        var (r1cs, w) = ChainCircuit.Build(30);
        var path = Path.Combine(tmp.Path, "k.zkey");
        ZkeyFile.Write(path, DevSetup.Create(r1cs, 1));
        return (KeyFiles.ReadProvingKey(path, tablesInFile: true), w, path);
    }

    [Fact]
    public void AModifiedTableIsRefusedNamingTheTable()
    {
        using var tmp = new TempDirectory();
        var (pk, w, path) = SmallKey(tmp);
        var prover = new Groth16Prover(pk);
        prover.Prove(w, 1);
        var bytes = File.ReadAllBytes(path);
        var b2 = pk.TablesInFile!.B2;
        // Swap two B2 points: every point still parses, only the hash can tell.
        var changed = (byte[])bytes.Clone();
        bytes.AsSpan((int)b2.Offset + 2 * b2.PointSize, b2.PointSize).CopyTo(changed.AsSpan((int)b2.Offset + 3 * b2.PointSize));
        bytes.AsSpan((int)b2.Offset + 3 * b2.PointSize, b2.PointSize).CopyTo(changed.AsSpan((int)b2.Offset + 2 * b2.PointSize));
        File.WriteAllBytes(path, changed);
        var e = Assert.Throws<InvalidKeyException>(() => prover.Prove(w, 1));
        Assert.Contains("table B2 changed since the key was read", e.Message);
        Assert.Contains("k.zkey", e.Message);

        File.WriteAllBytes(path, bytes[..(int)(pk.TablesInFile.H.Offset + 5)]);
        e = Assert.Throws<InvalidKeyException>(() => prover.Prove(w, 1));
        Assert.Contains("table H changed since the key was read (the file ends early)", e.Message);

        File.Delete(path);
        e = Assert.Throws<InvalidKeyException>(() => prover.Prove(w, 1));
        Assert.Contains("table B2 changed since the key was read", e.Message); // the first table a proof reads

        // The original bytes back in place: the key proves again.
        File.WriteAllBytes(path, bytes);
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(pk.VerifyingKey), prover.Prove(w, 1), [w[1]]));
    }

    [Fact]
    public void TablesAreCheckedWhenTheKeyIsReadAndCannotBeRewritten()
    {
        using var tmp = new TempDirectory();
        var (pk, _, path) = SmallKey(tmp);
        var bytes = File.ReadAllBytes(path);
        bytes[(int)pk.TablesInFile!.C.Offset + CurveIo.G1Size + 3] ^= 1; // point 1 of C off the curve
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SnarkjsFormatException>(() => KeyFiles.ReadProvingKey(path, tablesInFile: true));
        Assert.Contains("section 8 (C)", e.Message);
        Assert.Contains("point 1", e.Message);
        Assert.Throws<InvalidOperationException>(() => ZkeyFile.Write(Path.Combine(tmp.Path, "copy.zkey"), pk));
    }
}
