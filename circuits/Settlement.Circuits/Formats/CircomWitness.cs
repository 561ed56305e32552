using System.Buffers.Binary;
using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Formats;

/// <summary>
/// The snarkjs <c>.wtns</c> witness file (magic "wtns", version 2; section 1: <c>u32 n8, prime, u32 nWitness</c>;
/// section 2: the values, 32-byte little-endian normal form; /work/shared/formats/snarkjs.md §3). Wire order is the R1CS
/// order, wire 0 = 1. With <see cref="CircomR1cs"/> it lets <c>snarkjs wtns check</c> verify our circuits.
/// </summary>
public static class CircomWitness
{
    private const int N8 = Fr.ByteLength;

    public static byte[] ToBytes(ReadOnlySpan<Fr> witness)
    {
        var bytes = new byte[12 + 12 + 4 + N8 + 4 + 12 + N8 * witness.Length];
        var s = bytes.AsSpan();
        "wtns"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], 2);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], 2);
        int p = 12;
        BinaryPrimitives.WriteUInt32LittleEndian(s[p..], 1); BinaryPrimitives.WriteUInt64LittleEndian(s[(p + 4)..], 4 + N8 + 4); p += 12;
        BinaryPrimitives.WriteUInt32LittleEndian(s[p..], N8); p += 4;
        Fr.Modulus.TryWriteBytes(s.Slice(p, N8), out _, isUnsigned: true); p += N8;
        BinaryPrimitives.WriteUInt32LittleEndian(s[p..], (uint)witness.Length); p += 4;
        BinaryPrimitives.WriteUInt32LittleEndian(s[p..], 2); BinaryPrimitives.WriteUInt64LittleEndian(s[(p + 4)..], (ulong)(N8 * witness.Length)); p += 12;
        foreach (var v in witness) { v.ToBytesLE(s.Slice(p, N8)); p += N8; }
        return bytes;
    }

    public static Fr[] Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("wtns"u8)) throw new R1csFormatException("wrong magic: not a .wtns file");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (version != 2) throw new R1csFormatException($"unsupported wtns version {version}, expected 2");
        uint nSections = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        ReadOnlySpan<byte> header = default, values = default;
        int pos = 12;
        for (uint i = 0; i < nSections; i++)
        {
            if (file.Length - pos < 12) throw new R1csFormatException("truncated wtns section header");
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(file[pos..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(file[(pos + 4)..]);
            pos += 12;
            if (size > (ulong)(file.Length - pos)) throw new R1csFormatException($"truncated wtns section {id}");
            if (id == 1) header = file.Slice(pos, (int)size); else if (id == 2) values = file.Slice(pos, (int)size);
            pos += (int)size;
        }
        if (header.Length != 4 + N8 + 4 || BinaryPrimitives.ReadUInt32LittleEndian(header) != N8)
            throw new R1csFormatException("wtns header is not a 32-byte-field header");
        if (new BigInteger(header.Slice(4, N8), isUnsigned: true) != Fr.Modulus) throw new R1csFormatException("wrong prime in wtns header: expected the BLS12-381 scalar field order r");
        int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[(4 + N8)..]);
        if (values.Length != n * N8) throw new R1csFormatException($"wtns section 2 holds {values.Length} bytes, expected {n} × {N8}");
        var w = new Fr[n];
        for (int i = 0; i < n; i++)
            if (!Fr.TryFromBytesLE(values.Slice(i * N8, N8), out w[i])) throw new R1csFormatException($"witness value {i} is not below r");
        return w;
    }
}
