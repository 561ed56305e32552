using System.Buffers.Binary;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// circom/snarkjs witness files (.wtns, version 2): section 1 = u32 n8, the prime (n8 bytes LE), u32 count;
/// section 2 = the values, n8 bytes each, little-endian, normal (not Montgomery) form. Wire 0 is 1.
/// </summary>
public static class WtnsFile
{
    public static Fr[] Read(string path)
    {
        using var f = new BinFileReader(path, "wtns", 2);
        var h = f.ReadSection(1, "header");
        if (h.Length < 8) throw f.Fail("section 1 (header)", $"{h.Length} bytes, too short");
        int n8 = (int)BinaryPrimitives.ReadUInt32LittleEndian(h);
        if (n8 != 32 || h.Length != 4 + n8 + 4) throw f.Fail("section 1 (header)", $"field size n8 = {n8}, expected 32 (a 40-byte header)");
        var prime = new System.Numerics.BigInteger(h.AsSpan(4, 32), isUnsigned: true);
        if (prime != Fr.Modulus) throw f.Fail("section 1 (header)", $"prime {prime} is not the BLS12-381 scalar field (was the circuit compiled with --prime bls12381?)");
        int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(36));
        var data = f.ReadSection(2, "witness values", (long)count * 32);
        var w = new Fr[count];
        for (int i = 0; i < count; i++)
            if (!Fr.TryFromBytesLE(data.AsSpan(i * 32, 32), out w[i])) throw f.Fail("section 2 (witness values)", $"value {i} is not below the field modulus");
        if (count == 0 || !w[0].IsOne) throw f.Fail("section 2 (witness values)", "wire 0 must be 1");
        return w;
    }

    public static void Write(string path, ReadOnlySpan<Fr> witness)
    {
        using var fs = File.Create(path);
        using var w = new BinFileWriter(fs, "wtns", 2, 2);
        w.BeginSection(1);
        w.Writer.Write(32u);
        w.Writer.Write(CurveIo.ModulusLE(Fr.Modulus, 32));
        w.Writer.Write((uint)witness.Length);
        w.EndSection();
        w.BeginSection(2);
        Span<byte> b = stackalloc byte[32];
        foreach (var v in witness) { v.ToBytesLE(b); w.Writer.Write(b); }
        w.EndSection();
    }
}
