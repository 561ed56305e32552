using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Settlement.Prover.Snarkjs;

namespace Settlement.Prover.Groth16;

/// <summary>
/// Our proving-key file (docs/key-formats.md): a 72-byte header — magic "SETTLEPK", format version, flags
/// (bit 0: INSECURE development setup), nVars, nPublic, domain size, payload length, SHA-256 of the payload — then a
/// UTF-8 note (which says INSECURE for development keys), then the payload: a complete snarkjs zkey, whose tables are
/// raw little-endian Montgomery limbs that load without conversion. `tail -c +N` of the file is a zkey snarkjs reads.
/// </summary>
public static class NativeKeyFile
{
    public static ReadOnlySpan<byte> Magic => "SETTLEPK"u8;
    public const uint Version = 1;
    public const uint FlagInsecure = 1;
    public const int HeaderSize = 72;

    public static void Write(string path, ProvingKey pk, byte[]? mpcSection = null, string? note = null)
    {
        pk.RequireTablesInMemory();
        note ??= pk.Insecure ? DevSetup.Warning : "Groth16 BLS12-381 proving key";
        if (pk.Insecure && !note.Contains("INSECURE", StringComparison.Ordinal)) note = DevSetup.Warning + ". " + note;
        var noteBytes = Encoding.UTF8.GetBytes(note);
        using var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        long payloadStart = HeaderSize + 4 + noteBytes.Length;
        fs.Position = payloadStart;
        ZkeyFile.Write(fs, pk, mpcSection);
        long payloadLength = fs.Position - payloadStart;
        fs.Position = payloadStart;
        var hash = SHA256.HashData(new SubStream(fs, payloadLength));
        var head = new byte[HeaderSize + 4];
        Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(12), pk.Insecure ? FlagInsecure : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(16), (uint)pk.NumVars);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(20), (uint)pk.NumPublic);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(24), (uint)pk.DomainSize);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(32), (ulong)payloadLength);
        hash.CopyTo(head.AsSpan(40));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(72), (uint)noteBytes.Length);
        fs.Position = 0;
        fs.Write(head);
        fs.Write(noteBytes);
    }

    /// <summary>The header fields, after checking the magic, version and the payload's SHA-256.</summary>
    public sealed record Header(uint Flags, int NumVars, int NumPublic, int DomainSize, long PayloadOffset, long PayloadLength, string Note)
    {
        public bool Insecure => (Flags & FlagInsecure) != 0;
    }

    public static Header ReadHeader(string path, bool checkHash = true)
    {
        string name = Path.GetFileName(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var head = new byte[HeaderSize + 4];
        if (fs.Length < head.Length || fs.Read(head) != head.Length) throw new SnarkjsFormatException(name, "header", $"file is {fs.Length} bytes, shorter than the {head.Length}-byte header");
        if (!head.AsSpan(0, 8).SequenceEqual(Magic)) throw new SnarkjsFormatException(name, "header", "magic is not \"SETTLEPK\"");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8));
        if (version != Version) throw new SnarkjsFormatException(name, "header", $"format version {version} is not supported (expected {Version})");
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(12));
        if ((flags & ~FlagInsecure) != 0) throw new SnarkjsFormatException(name, "header", $"unknown flags 0x{flags:x}");
        int nVars = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(16));
        int nPublic = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(20));
        int domain = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(24));
        long payloadLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(32));
        int noteLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(72));
        if (noteLength < 0 || noteLength > 1 << 16) throw new SnarkjsFormatException(name, "header", $"note length {noteLength} is out of range");
        var note = new byte[noteLength];
        fs.ReadExactly(note);
        long payloadOffset = head.Length + noteLength;
        if (payloadOffset + payloadLength != fs.Length)
            throw new SnarkjsFormatException(name, "header", $"payload length {payloadLength} does not match the file size {fs.Length} (truncated or appended?)");
        if (checkHash)
        {
            var hash = SHA256.HashData(new SubStream(fs, payloadLength));
            if (!hash.AsSpan().SequenceEqual(head.AsSpan(40, 32)))
                throw new SnarkjsFormatException(name, "integrity hash", "the SHA-256 of the key data does not match the header: the file is corrupted or was modified");
        }
        return new Header(flags, nVars, nPublic, domain, payloadOffset, payloadLength, Encoding.UTF8.GetString(note));
    }

    /// <summary>Reads and checks a key file; <paramref name="tablesInFile"/> and <paramref name="coefficients"/> as for <see cref="ZkeyFile.Read(string, bool, int, bool, bool, bool)"/>.</summary>
    public static ProvingKey Read(string path, bool checkTables = true, int threads = 0, bool allowInitial = false, bool tablesInFile = false,
        bool coefficients = true)
    {
        var h = ReadHeader(path);
        var pk = ZkeyFile.Read(path, h.PayloadOffset, h.PayloadLength, checkTables, threads, h.Insecure, allowInitial, tablesInFile, coefficients);
        if (pk.NumVars != h.NumVars || pk.NumPublic != h.NumPublic || pk.DomainSize != h.DomainSize)
            throw new SnarkjsFormatException(Path.GetFileName(path), "header", "sizes in the header disagree with the key data");
        return pk;
    }

    /// <summary>The raw phase-2 section of the embedded zkey.</summary>
    public static byte[] ReadMpcSection(string path)
    {
        var h = ReadHeader(path, checkHash: false);
        using var f = new BinFileReader(path, "zkey", 1, h.PayloadOffset, h.PayloadLength);
        return f.ReadSection(10, "contributions");
    }

    /// <summary>A read-only window [position, position + length) of another stream.</summary>
    private sealed class SubStream(Stream inner, long total) : Stream
    {
        private long _left = total;
        private readonly long _length = total;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => _length;
        public override long Position { get => _length - _left; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_left <= 0) return 0;
            int n = inner.Read(buffer, offset, (int)Math.Min(count, _left));
            _left -= n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
