using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Venue;

/// <summary>Where a venue keeps the last root it accepted. Implementations must make <see cref="Save"/> durable and atomic.</summary>
public interface IRootStore
{
    /// <summary>The last accepted root and its batch index, or null before the first.</summary>
    (Fr Root, ulong BatchIndex)? Load();
    void Save(in Fr root, ulong batchIndex);
}

/// <summary>
/// The default store: one small text file, replaced atomically (write to a temporary file, flush, rename), so a crash
/// leaves either the old root or the new one.
/// </summary>
public sealed class FileRootStore(string path) : IRootStore
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public (Fr Root, ulong BatchIndex)? Load()
    {
        if (!File.Exists(Path)) return null;
        var parts = File.ReadAllText(Path).Trim().Split(' ');
        if (parts.Length != 2 || !parts[0].StartsWith("0x", StringComparison.Ordinal) || parts[0].Length != 66
            || !ulong.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var batch))
            throw new InvalidDataException($"{Path}: expected \"0x<64 hex digits> <batch index>\"");
        if (!Fr.TryFromBytesBE(Convert.FromHexString(parts[0].AsSpan(2)), out var root))
            throw new InvalidDataException($"{Path}: the root is not a canonical field element");
        return (root, batch);
    }

    public void Save(in Fr root, ulong batchIndex)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var tmp = Path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var w = new StreamWriter(f))
        {
            w.Write($"0x{Convert.ToHexString(root.ToBytesBE()).ToLowerInvariant()} {batchIndex}\n");
            w.Flush();
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path, overwrite: true);
    }
}

/// <summary>An in-memory store for tests and simulations.</summary>
public sealed class MemoryRootStore : IRootStore
{
    private (Fr, ulong)? _value;
    public (Fr Root, ulong BatchIndex)? Load() => _value;
    public void Save(in Fr root, ulong batchIndex) => _value = (root, batchIndex);
}
