using System.Buffers.Binary;
using System.Text;

namespace Settlement.Prover.Snarkjs;

/// <summary>A snarkjs/circom file that does not have the expected structure; names the file, the section and the field.</summary>
public sealed class SnarkjsFormatException(string file, string where, string message)
    : Exception($"{file}: {where}: {message}")
{
    public string File { get; } = file;
    public string Where { get; } = where;
}

/// <summary>
/// The iden3 "binfile" container shared by .r1cs, .wtns, .zkey and .ptau: 4-byte magic, u32 version, u32 section
/// count, then sections (u32 id, u64 size, bytes), little-endian, in any order. Sections are located once and read
/// by id with positioned reads, so large tables stream without loading the whole file.
/// </summary>
public sealed class BinFileReader : IDisposable
{
    private readonly FileStream _stream;
    private readonly Dictionary<int, (long Offset, long Size)> _sections = [];
    public string Path { get; }
    public string Name { get; }
    public uint Version { get; }

    public BinFileReader(string path, string magic, uint maxVersion) : this(path, magic, maxVersion, 0, -1) { }

    /// <summary>Reads a container embedded in a larger file at [baseOffset, baseOffset + length).</summary>
    public BinFileReader(string path, string magic, uint maxVersion, long baseOffset, long length)
    {
        Path = path;
        Name = System.IO.Path.GetFileName(path);
        try { _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SnarkjsFormatException(Name, "file", e.Message); }
        if (length < 0) length = _stream.Length - baseOffset;
        long end = baseOffset + length;
        if (end > _stream.Length) throw Fail("header", $"embedded container runs past the end of the file");
        Span<byte> head = stackalloc byte[12];
        if (length < 12 || RandomAccess.Read(_stream.SafeFileHandle, head, baseOffset) != 12)
            throw Fail("header", $"file is {length} bytes, too short for a {magic} file");
        var found = Encoding.ASCII.GetString(head[..4]);
        if (found != magic) throw Fail("header", $"magic is \"{Printable(found)}\", expected \"{magic}\"");
        Version = BinaryPrimitives.ReadUInt32LittleEndian(head[4..]);
        if (Version == 0 || Version > maxVersion) throw Fail("header", $"version {Version} is not supported (expected 1..{maxVersion})");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        long pos = baseOffset + 12;
        for (uint i = 0; i < count; i++)
        {
            if (pos + 12 > end) throw Fail("section table", $"section {i + 1} of {count} starts past the end of the file");
            RandomAccess.Read(_stream.SafeFileHandle, head, pos);
            int id = (int)BinaryPrimitives.ReadUInt32LittleEndian(head);
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(head[4..]);
            if (size < 0 || pos + 12 + size > end) throw Fail($"section {id}", $"declared size {size} runs past the end of the file");
            if (!_sections.TryAdd(id, (pos + 12, size))) throw Fail($"section {id}", "appears twice");
            pos += 12 + size;
        }
        if (pos != end) throw Fail("section table", $"{end - pos} trailing bytes after the last section");
    }

    private static string Printable(string s) => new([.. s.Select(c => c < 32 || c > 126 ? '?' : c)]);

    public SnarkjsFormatException Fail(string where, string message) => new(Name, where, message);

    public bool HasSection(int id) => _sections.ContainsKey(id);

    public long SectionSize(int id, string what) =>
        _sections.TryGetValue(id, out var s) ? s.Size : throw Fail($"section {id} ({what})", "missing");

    /// <summary>Where section <paramref name="id"/>'s bytes start in the file.</summary>
    public long SectionOffset(int id, string what) =>
        _sections.TryGetValue(id, out var s) ? s.Offset : throw Fail($"section {id} ({what})", "missing");

    /// <summary>The whole section; for small sections.</summary>
    public byte[] ReadSection(int id, string what, long expectedSize = -1)
    {
        long size = SectionSize(id, what);
        if (expectedSize >= 0 && size != expectedSize) throw Fail($"section {id} ({what})", $"size is {size} bytes, expected {expectedSize}");
        if (size > int.MaxValue) throw Fail($"section {id} ({what})", $"size {size} is too large to read at once");
        var b = new byte[size];
        Read(id, 0, b);
        return b;
    }

    /// <summary>Reads bytes at <paramref name="offset"/> within section <paramref name="id"/>.</summary>
    public void Read(int id, long offset, Span<byte> dest)
    {
        var (start, size) = _sections[id];
        if (offset + dest.Length > size) throw Fail($"section {id}", $"read of {dest.Length} bytes at {offset} runs past the section ({size} bytes)");
        int total = 0;
        while (total < dest.Length)
        {
            int n = RandomAccess.Read(_stream.SafeFileHandle, dest[total..], start + offset + total);
            if (n <= 0) throw Fail($"section {id}", "unexpected end of file");
            total += n;
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Writes a binfile container section by section (sizes are patched in when a section ends).</summary>
public sealed class BinFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly BinaryWriter _w;
    private long _sizePos = -1, _start;

    public BinFileWriter(Stream stream, string magic, uint version, uint sectionCount)
    {
        _stream = stream;
        _w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        _w.Write(Encoding.ASCII.GetBytes(magic));
        _w.Write(version);
        _w.Write(sectionCount);
    }

    public BinaryWriter Writer => _w;

    public void BeginSection(int id)
    {
        if (_sizePos >= 0) throw new InvalidOperationException("previous section not ended");
        _w.Write((uint)id);
        _sizePos = _stream.Position;
        _w.Write(0UL);
        _start = _stream.Position;
    }

    public void EndSection()
    {
        _w.Flush();
        long end = _stream.Position;
        _stream.Position = _sizePos;
        _w.Write((ulong)(end - _start));
        _w.Flush();
        _stream.Position = end;
        _sizePos = -1;
    }

    public void Dispose() { _w.Flush(); _w.Dispose(); }
}
