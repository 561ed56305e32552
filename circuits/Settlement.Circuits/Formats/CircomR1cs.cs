using System.Buffers.Binary;
using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Formats;

/// <summary>A malformed or unsupported circom <c>.r1cs</c> file; the message says which part and why.</summary>
public sealed class R1csFormatException(string message) : Exception(message);

/// <summary>What the header of a circom .r1cs file declares besides the constraint system itself.</summary>
public sealed record CircomR1csInfo(int PublicOutputs, int PublicInputs, int PrivateInputs, ulong Labels);

/// <summary>
/// The circom/snarkjs <c>.r1cs</c> binary format (iden3 binfile: magic "r1cs", version 1, sections of
/// <c>u32 id, u64 size, bytes</c>, all little-endian; see /work/shared/formats/snarkjs.md §4). Section 1 is the header,
/// 2 the constraints (A, B, C per constraint, each <c>u32 nTerms</c> then <c>(u32 wire, 32-byte LE coefficient)</c>),
/// 3 the wire→label map. Sections are found by id in any order; we write them in circom's order 2, 1, 3.
/// Our public inputs are written as circom public inputs (nPubOut = 0), and read back as nPubOut + nPubIn publics.
/// </summary>
public static class CircomR1cs
{
    private const int N8 = Fr.ByteLength;
    private const int HeaderSize = 4 + N8 + 4 * 4 + 8 + 4;
    private static readonly BigInteger Bn254R = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    public static void Write(R1cs r1cs, Stream output, int privateInputs = 0)
    {
        ArgumentNullException.ThrowIfNull(r1cs); ArgumentNullException.ThrowIfNull(output);
        if (privateInputs < 0 || 1 + r1cs.NumPublic + privateInputs > r1cs.NumWires)
            throw new ArgumentOutOfRangeException(nameof(privateInputs), privateInputs, "private input count does not fit the wires");
        using var w = new BinaryWriter(output, System.Text.Encoding.ASCII, leaveOpen: true);
        w.Write("r1cs"u8);
        w.Write(1u);
        w.Write(3u);

        long constraintBytes = 0;
        foreach (var m in new[] { r1cs.A, r1cs.B, r1cs.C }) constraintBytes += 4L * m.Rows + (4L + N8) * m.NonZeros;
        w.Write(2u); w.Write((ulong)constraintBytes);
        Span<byte> coeff = stackalloc byte[N8];
        for (int i = 0; i < r1cs.NumConstraints; i++)
            foreach (var m in new[] { r1cs.A, r1cs.B, r1cs.C })
            {
                int start = m.RowStart[i], end = m.RowStart[i + 1];
                w.Write((uint)(end - start));
                for (int k = start; k < end; k++)
                {
                    w.Write((uint)m.Columns[k]);
                    m.Values[k].ToBytesLE(coeff);
                    w.Write(coeff);
                }
            }

        w.Write(1u); w.Write((ulong)HeaderSize);
        w.Write((uint)N8);
        Span<byte> prime = stackalloc byte[N8];
        Fr.Modulus.TryWriteBytes(prime, out _, isUnsigned: true, isBigEndian: false);
        w.Write(prime);
        w.Write((uint)r1cs.NumWires);
        w.Write(0u);                       // nPubOut
        w.Write((uint)r1cs.NumPublic);     // nPubIn
        w.Write((uint)privateInputs);
        w.Write((ulong)r1cs.NumWires);     // nLabels: one label per wire, the identity map
        w.Write((uint)r1cs.NumConstraints);

        w.Write(3u); w.Write(8UL * (ulong)r1cs.NumWires);
        for (ulong i = 0; i < (ulong)r1cs.NumWires; i++) w.Write(i);
    }

    public static byte[] ToBytes(R1cs r1cs, int privateInputs = 0)
    {
        using var ms = new MemoryStream();
        Write(r1cs, ms, privateInputs);
        return ms.ToArray();
    }

    public static R1cs Read(ReadOnlySpan<byte> file) => Read(file, out _);

    public static R1cs Read(ReadOnlySpan<byte> file, out CircomR1csInfo info)
    {
        if (file.Length < 12) throw new R1csFormatException($"file is {file.Length} bytes, shorter than the 12-byte binfile preamble");
        if (!file[..4].SequenceEqual("r1cs"u8))
            throw new R1csFormatException($"wrong magic '{System.Text.Encoding.ASCII.GetString(file[..4])}', expected 'r1cs'");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (version != 1) throw new R1csFormatException($"unsupported r1cs version {version}, expected 1");
        uint nSections = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);

        var sections = new Dictionary<uint, (int Offset, int Length)>();
        int pos = 12;
        for (uint s = 0; s < nSections; s++)
        {
            if (file.Length - pos < 12) throw new R1csFormatException($"truncated file: section {s + 1} of {nSections} has no complete 12-byte section header at offset {pos}");
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(file[pos..]);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(file[(pos + 4)..]);
            pos += 12;
            if (size > (ulong)(file.Length - pos))
                throw new R1csFormatException($"truncated section {id}: declares {size} bytes, only {file.Length - pos} remain");
            if (!sections.TryAdd(id, (pos, (int)size))) throw new R1csFormatException($"section {id} appears twice");
            pos += (int)size;
        }
        if (pos != file.Length) throw new R1csFormatException($"{file.Length - pos} trailing bytes after the last section");
        if (!sections.TryGetValue(1, out var hdr)) throw new R1csFormatException("missing section 1 (header)");
        if (!sections.TryGetValue(2, out var cons)) throw new R1csFormatException("missing section 2 (constraints)");

        var h = file.Slice(hdr.Offset, hdr.Length);
        if (h.Length < 4) throw new R1csFormatException("truncated section 1: no field size");
        uint n8 = BinaryPrimitives.ReadUInt32LittleEndian(h);
        if (n8 != N8) throw new R1csFormatException($"wrong prime size: n8 = {n8}, the BLS12-381 scalar field needs {N8}");
        if (h.Length != HeaderSize) throw new R1csFormatException($"section 1 (header) is {h.Length} bytes, expected {HeaderSize}");
        var prime = new BigInteger(h.Slice(4, N8), isUnsigned: true, isBigEndian: false);
        if (prime != Fr.Modulus)
            throw new R1csFormatException($"wrong prime {prime}{(prime == Bn254R ? " (BN254 scalar field)" : "")}: expected the BLS12-381 scalar field order r = {Fr.Modulus}");
        var rest = h[(4 + N8)..];
        uint nWires = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        uint nPubOut = BinaryPrimitives.ReadUInt32LittleEndian(rest[4..]);
        uint nPubIn = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
        uint nPrvIn = BinaryPrimitives.ReadUInt32LittleEndian(rest[12..]);
        ulong nLabels = BinaryPrimitives.ReadUInt64LittleEndian(rest[16..]);
        uint nConstraints = BinaryPrimitives.ReadUInt32LittleEndian(rest[24..]);
        if (nWires == 0 || nWires > int.MaxValue) throw new R1csFormatException($"header: {nWires} wires is not a valid count");
        if ((ulong)nPubOut + nPubIn + nPrvIn + 1 > nWires)
            throw new R1csFormatException($"header: {nPubOut} outputs + {nPubIn} public + {nPrvIn} private inputs + the constant do not fit {nWires} wires");

        var c = file.Slice(cons.Offset, cons.Length);
        var builders = new[] { new SparseMatrix.Builder(), new SparseMatrix.Builder(), new SparseMatrix.Builder() };
        int p = 0;
        var terms = new List<(int, Fr)>();
        for (uint i = 0; i < nConstraints; i++)
            for (int m = 0; m < 3; m++)
            {
                if (c.Length - p < 4) throw new R1csFormatException($"truncated section 2: constraint {i} ends early");
                uint nTerms = BinaryPrimitives.ReadUInt32LittleEndian(c[p..]);
                p += 4;
                if ((ulong)nTerms * (4 + N8) > (ulong)(c.Length - p)) throw new R1csFormatException($"truncated section 2: constraint {i} declares {nTerms} terms");
                terms.Clear();
                for (uint k = 0; k < nTerms; k++)
                {
                    uint wire = BinaryPrimitives.ReadUInt32LittleEndian(c[p..]);
                    if (wire >= nWires) throw new R1csFormatException($"constraint {i}: wire {wire} is beyond the {nWires} wires");
                    if (!Fr.TryFromBytesLE(c.Slice(p + 4, N8), out var coeff))
                        throw new R1csFormatException($"constraint {i}: coefficient of wire {wire} is not below r");
                    terms.Add(((int)wire, coeff));
                    p += 4 + N8;
                }
                builders[m].AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(terms));
            }
        if (p != c.Length) throw new R1csFormatException($"section 2 has {c.Length - p} bytes beyond its {nConstraints} constraints");

        if (sections.TryGetValue(3, out var labels) && (ulong)labels.Length != 8UL * nWires)
            throw new R1csFormatException($"section 3 (wire→label map) is {labels.Length} bytes, expected 8 × {nWires} wires");

        info = new CircomR1csInfo((int)nPubOut, (int)nPubIn, (int)nPrvIn, nLabels);
        return new R1cs((int)nWires, (int)(nPubOut + nPubIn), builders[0].Build(), builders[1].Build(), builders[2].Build());
    }
}
