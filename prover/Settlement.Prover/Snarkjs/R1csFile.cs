using System.Buffers.Binary;
using Settlement.Circuits;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// circom's constraint files (.r1cs, version 1) for the BLS12-381 scalar field: header (section 1), constraints
/// (section 2: per constraint A, B, C as u32 term count then (u32 wire, 32-byte LE coefficient) terms), wire labels
/// (section 3, not needed here). Public signals = outputs then public inputs, so wires 1..nPubOut+nPubIn are public.
/// </summary>
public static class R1csFile
{
    public static R1cs Read(string path)
    {
        using var f = new BinFileReader(path, "r1cs", 1);
        var h = f.ReadSection(1, "header");
        if (h.Length < 4) throw f.Fail("section 1 (header)", "too short");
        int n8 = (int)BinaryPrimitives.ReadUInt32LittleEndian(h);
        if (n8 != 32 || h.Length != 4 + 32 + 4 * 4 + 8 + 4) throw f.Fail("section 1 (header)", $"field size n8 = {n8}, expected 32 and a 64-byte header");
        if (new System.Numerics.BigInteger(h.AsSpan(4, 32), isUnsigned: true) != Fr.Modulus)
            throw f.Fail("section 1 (header)", "prime is not the BLS12-381 scalar field (compile with circom --prime bls12381)");
        int o = 36;
        int nWires = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(o)); o += 4;
        int nPubOut = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(o)); o += 4;
        int nPubIn = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(o)); o += 4;
        o += 4 + 8; // private inputs, labels
        int nConstraints = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(o));
        var data = f.ReadSection(2, "constraints");
        var a = new SparseMatrix.Builder();
        var b = new SparseMatrix.Builder();
        var c = new SparseMatrix.Builder();
        int p = 0;
        var terms = new List<(int, Fr)>();
        for (int i = 0; i < nConstraints; i++)
            foreach (var (m, name) in new[] { (a, "A"), (b, "B"), (c, "C") })
            {
                if (p + 4 > data.Length) throw f.Fail("section 2 (constraints)", $"constraint {i} {name} runs past the section");
                int nTerms = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(p)); p += 4;
                if (nTerms < 0 || p + 36L * nTerms > data.Length) throw f.Fail("section 2 (constraints)", $"constraint {i} {name}: {nTerms} terms run past the section");
                terms.Clear();
                for (int t = 0; t < nTerms; t++)
                {
                    int wire = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(p));
                    if ((uint)wire >= (uint)nWires) throw f.Fail("section 2 (constraints)", $"constraint {i} {name}: wire {wire} beyond nWires = {nWires}");
                    if (!Fr.TryFromBytesLE(data.AsSpan(p + 4, 32), out var v)) throw f.Fail("section 2 (constraints)", $"constraint {i} {name}: coefficient not below r");
                    terms.Add((wire, v));
                    p += 36;
                }
                m.AddRow(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(terms));
            }
        if (p != data.Length) throw f.Fail("section 2 (constraints)", $"{data.Length - p} bytes left after {nConstraints} constraints");
        return new R1cs(nWires, nPubOut + nPubIn, a.Build(), b.Build(), c.Build());
    }
}
