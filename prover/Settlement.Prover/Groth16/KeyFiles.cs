using Settlement.Prover.Snarkjs;

namespace Settlement.Prover.Groth16;

/// <summary>Opens a proving key by its magic: a snarkjs .zkey or our own key file (docs/key-formats.md).</summary>
public static class KeyFiles
{
    /// <param name="tablesInFile">For proving: leave the point tables in the file, checked and hashed now and read by
    /// each proof chunk by chunk (about 0.7 KB less memory per constraint; see <see cref="KeyTableFile"/>).</param>
    /// <param name="coefficients">False: leave the A and B coefficients in the file, for a prover given A·w and B·w by
    /// the circuit (the solving overload of <see cref="Groth16Prover"/>.Prove).</param>
    public static ProvingKey ReadProvingKey(string path, bool checkTables = true, int threads = 0, bool tablesInFile = false, bool coefficients = true) =>
        IsZkey(path)
            ? ZkeyFile.Read(path, checkTables, threads, tablesInFile: tablesInFile, coefficients: coefficients)
            : NativeKeyFile.Read(path, checkTables, threads, tablesInFile: tablesInFile, coefficients: coefficients);

    /// <summary>
    /// A key in a phase-2 ceremony with its transcript (section 10), from either format: both carry snarkjs's transcript,
    /// so one ceremony can pass through snarkjs and settle contributors in any order. A key before its first
    /// contribution (δ = 1) is accepted here.
    /// </summary>
    public static CeremonyKey ReadCeremonyKey(string path, int threads = 0)
    {
        if (IsZkey(path)) return new CeremonyKey(ZkeyFile.Read(path, checkTables: true, threads, allowInitial: true), ZkeyFile.ReadMpcSection(path), IsZkey: true);
        if (IsInsecure(path))
            throw new SnarkjsFormatException(Path.GetFileName(path), "header", "an INSECURE development key: contributions cannot make it secure (its maker knows τ, α, β)");
        return new CeremonyKey(NativeKeyFile.Read(path, checkTables: true, threads, allowInitial: true), NativeKeyFile.ReadMpcSection(path), IsZkey: false);
    }

    /// <summary>True for our INSECURE development keys (a .zkey carries no such mark).</summary>
    public static bool IsInsecure(string path) => !IsZkey(path) && NativeKeyFile.ReadHeader(path).Insecure;

    /// <summary>Writes a ceremony key in the format it was read in.</summary>
    public static void WriteCeremonyKey(string path, CeremonyKey key, string note)
    {
        if (key.IsZkey) ZkeyFile.Write(path, key.Key, key.Mpc);
        else NativeKeyFile.Write(path, key.Key, key.Mpc, note);
    }

    private static bool IsZkey(string path)
    {
        Span<byte> magic = stackalloc byte[8];
        using (var fs = File.OpenRead(path))
        {
            if (fs.Read(magic) < 8) throw new SnarkjsFormatException(Path.GetFileName(path), "header", "file too short to be a proving key");
        }
        if (magic[..4].SequenceEqual("zkey"u8)) return true;
        if (magic.SequenceEqual(NativeKeyFile.Magic)) return false;
        throw new SnarkjsFormatException(Path.GetFileName(path), "header", "not a proving key: expected our key file (magic \"SETTLEPK\") or a snarkjs .zkey (magic \"zkey\")");
    }
}

/// <summary>A phase-2 key, its transcript (zkey section 10), and whether it came from a snarkjs .zkey.</summary>
public sealed record CeremonyKey(ProvingKey Key, byte[] Mpc, bool IsZkey);
