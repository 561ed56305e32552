using Settlement.Prover.Snarkjs;

namespace Settlement.Prover.Groth16;

/// <summary>Opens a proving key by its magic: a snarkjs .zkey or our own key file (docs/key-formats.md).</summary>
public static class KeyFiles
{
    /// <param name="tablesInFile">For proving: leave the point tables in the file, checked and hashed now and read by
    /// each proof chunk by chunk (about 0.7 KB less memory per constraint; see <see cref="KeyTableFile"/>).</param>
    public static ProvingKey ReadProvingKey(string path, bool checkTables = true, int threads = 0, bool tablesInFile = false)
    {
        Span<byte> magic = stackalloc byte[8];
        using (var fs = File.OpenRead(path))
        {
            if (fs.Read(magic) < 8) throw new SnarkjsFormatException(Path.GetFileName(path), "header", "file too short to be a proving key");
        }
        if (magic[..4].SequenceEqual("zkey"u8)) return ZkeyFile.Read(path, checkTables, threads, tablesInFile: tablesInFile);
        if (magic.SequenceEqual(NativeKeyFile.Magic)) return NativeKeyFile.Read(path, checkTables, threads, tablesInFile: tablesInFile);
        throw new SnarkjsFormatException(Path.GetFileName(path), "header", "not a proving key: expected our key file (magic \"SETTLEPK\") or a snarkjs .zkey (magic \"zkey\")");
    }
}
