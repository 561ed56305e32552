using System.Buffers.Binary;
using System.Numerics;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// snarkjs Groth16 proving keys (.zkey, version 1, BLS12-381): header, IC, A/B coefficients (values stored
/// "double Montgomery", v·R² mod r), the A, B1, B2, C, H tables and the phase-2 contributions. See
/// /work/shared/formats/snarkjs.md and docs/key-formats.md.
/// </summary>
public static class ZkeyFile
{
    public const int HeaderSize = 4 + 48 + 4 + 32 + 4 * 3 + 3 * CurveIo.G1Size + 3 * CurveIo.G2Size; // 964

    /// <summary>
    /// Reads and validates a zkey. Header points (α, β, γ, δ, IC) are checked on the curve and in the subgroup;
    /// table points are checked on the curve when <paramref name="checkTables"/> (subgroup membership of tables
    /// is not checked: a key is trusted input to the prover, and a bad table only yields proofs that fail).
    /// </summary>
    /// <param name="tablesInFile">Leave the point tables in the file (checked and hashed now, streamed by each proof,
    /// see <see cref="KeyTableFile"/>) instead of in memory.</param>
    /// <param name="coefficients">False: leave the A and B coefficients in the file too (their section's size is still
    /// checked), for a prover that is given A·w and B·w by the circuit (<see cref="ProvingKey.CoefficientsOmitted"/>).</param>
    public static ProvingKey Read(string path, bool checkTables = true, int threads = 0, bool allowInitial = false, bool tablesInFile = false,
        bool coefficients = true) =>
        Read(path, 0, -1, checkTables, threads, allowInitial: allowInitial, tablesInFile: tablesInFile, coefficients: coefficients);

    internal static ProvingKey Read(string path, long baseOffset, long length, bool checkTables, int threads, bool insecure = false,
        bool allowInitial = false, bool tablesInFile = false, bool coefficients = true)
    {
        using var f = new BinFileReader(path, "zkey", 1, baseOffset, length);
        var s1 = f.ReadSection(1, "protocol", 4);
        uint protocol = BinaryPrimitives.ReadUInt32LittleEndian(s1);
        if (protocol != 1) throw f.Fail("section 1 (protocol)", $"protocol {protocol} is not Groth16 (1); PLONK and FFLONK keys are not supported");

        var h = f.ReadSection(2, "header");
        if (h.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(h) == 32)
            throw f.Fail("section 2 (header)", "base field is 32 bytes: this is a BN254 (bn128) key, not BLS12-381");
        if (h.Length != HeaderSize) throw f.Fail("section 2 (header)", $"{h.Length} bytes, expected {HeaderSize} for BLS12-381");
        int o = 0;
        uint n8q = U32(h, ref o);
        var q = new BigInteger(h.AsSpan(o, 48), isUnsigned: true); o += 48;
        uint n8r = U32(h, ref o);
        var r = new BigInteger(h.AsSpan(o, 32), isUnsigned: true); o += 32;
        if (n8q != 48 || q != Fp.Modulus) throw f.Fail("section 2 (header)", "base field q is not BLS12-381's");
        if (n8r != 32 || r != Fr.Modulus) throw f.Fail("section 2 (header)", "scalar field r is not BLS12-381's");
        int nVars = (int)U32(h, ref o), nPublic = (int)U32(h, ref o), domainSize = (int)U32(h, ref o);
        if (nVars <= 0 || nPublic < 0 || nPublic >= nVars) throw f.Fail("section 2 (header)", $"nPublic = {nPublic} does not fit nVars = {nVars}");
        if (domainSize <= 0 || (domainSize & (domainSize - 1)) != 0) throw f.Fail("section 2 (header)", $"domainSize = {domainSize} is not a power of two");
        var alpha1 = HeaderG1(f, h, ref o, "alpha1");
        var beta1 = HeaderG1(f, h, ref o, "beta1");
        var beta2 = HeaderG2(f, h, ref o, "beta2");
        var gamma2 = HeaderG2(f, h, ref o, "gamma2");
        var delta1 = HeaderG1(f, h, ref o, "delta1");
        var delta2 = HeaderG2(f, h, ref o, "delta2");

        var ic = CurveIo.ReadG1Table(f, 3, "IC", 0, ExpectSize(f, 3, "IC", nPublic + 1, CurveIo.G1Size), true, threads);
        for (int i = 0; i < ic.Length; i++)
            if (!G1.IsInSubgroup(ic[i])) throw f.Fail("section 3 (IC)", $"point {i} is not in the prime-order subgroup");

        long s4 = f.SectionSize(4, "coefficients");
        Span<byte> cnt = stackalloc byte[4];
        if (s4 < 4) throw f.Fail("section 4 (coefficients)", "too short");
        f.Read(4, 0, cnt);
        int nCoefs = (int)BinaryPrimitives.ReadUInt32LittleEndian(cnt);
        if (s4 != 4 + 44L * nCoefs) throw f.Fail("section 4 (coefficients)", $"size {s4} does not match {nCoefs} coefficients of 44 bytes");
        var coefs = new QapCoefficient[coefficients ? nCoefs : 0];
        // A pooled 1 MiB read buffer (the table reads use the same pool): a private 2.9 MiB one stayed as
        // large-object garbage in the prover's heap.
        const int perRead = (1 << 20) / 44;
        var buf = System.Buffers.ArrayPool<byte>.Shared.Rent(44 * perRead);
        for (int start = 0; start < coefs.Length; start += perRead)
        {
            int k = Math.Min(perRead, nCoefs - start);
            f.Read(4, 4 + 44L * start, buf.AsSpan(0, 44 * k));
            for (int i = 0; i < k; i++)
            {
                var e = buf.AsSpan(44 * i, 44);
                uint m = BinaryPrimitives.ReadUInt32LittleEndian(e), c = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]), s = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                if (m > 1) throw f.Fail("section 4 (coefficients)", $"coefficient {start + i}: matrix {m}, expected 0 (A) or 1 (B)");
                if (c >= (uint)domainSize) throw f.Fail("section 4 (coefficients)", $"coefficient {start + i}: constraint {c} outside the domain of size {domainSize}");
                if (s >= (uint)nVars) throw f.Fail("section 4 (coefficients)", $"coefficient {start + i}: signal {s} beyond nVars = {nVars}");
                if (!CurveIo.TryReadDoubleMontgomery(e[12..], out var v)) throw f.Fail("section 4 (coefficients)", $"coefficient {start + i}: value not below r");
                coefs[start + i] = new QapCoefficient((byte)m, (int)c, (int)s, v);
            }
        }
        System.Buffers.ArrayPool<byte>.Shared.Return(buf);
        int nA = ExpectSize(f, 5, "A", nVars, CurveIo.G1Size), nB1 = ExpectSize(f, 6, "B1", nVars, CurveIo.G1Size);
        int nB2 = ExpectSize(f, 7, "B2", nVars, CurveIo.G2Size), nC = ExpectSize(f, 8, "C", nVars - nPublic - 1, CurveIo.G1Size);
        int nH = ExpectSize(f, 9, "H", domainSize, CurveIo.G1Size);
        KeyTableFile? file = null;
        if (tablesInFile)
        {
            KeyTableFile.Table G1Table(int id, string name, int count) =>
                new(name, f.SectionOffset(id, name), count, CurveIo.G1Size, CurveIo.HashG1Table(f, id, name, count, checkTables, threads));
            file = new KeyTableFile(path, G1Table(5, "A", nA), G1Table(6, "B1", nB1),
                new("B2", f.SectionOffset(7, "B2"), nB2, CurveIo.G2Size, CurveIo.HashG2Table(f, 7, "B2", nB2, checkTables, threads)),
                G1Table(8, "C", nC), G1Table(9, "H", nH));
        }
        var pk = new ProvingKey
        {
            NumVars = nVars, NumPublic = nPublic, DomainSize = domainSize, Alpha1 = alpha1, Beta1 = beta1, Beta2 = beta2, Gamma2 = gamma2,
            Delta1 = delta1, Delta2 = delta2, IC = ic, Coefficients = coefs, CoefficientsOmitted = !coefficients, Insecure = insecure, TablesInFile = file,
            A = file is null ? CurveIo.ReadG1Table(f, 5, "A", 0, nA, checkTables, threads) : [],
            B1 = file is null ? CurveIo.ReadG1Table(f, 6, "B1", 0, nB1, checkTables, threads) : [],
            B2 = file is null ? CurveIo.ReadG2Table(f, 7, "B2", 0, nB2, checkTables, threads) : [],
            C = file is null ? CurveIo.ReadG1Table(f, 8, "C", 0, nC, checkTables, threads) : [],
            H = file is null ? CurveIo.ReadG1Table(f, 9, "H", 0, nH, checkTables, threads) : [],
        };
        pk.Validate(f.Name, allowInitial);
        return pk;
    }

    /// <summary>The raw phase-2 section (10: circuit hash and contributions), to carry it over when rewriting a key.</summary>
    public static byte[] ReadMpcSection(string path)
    {
        using var f = new BinFileReader(path, "zkey", 1);
        return f.ReadSection(10, "contributions");
    }

    private static int ExpectSize(BinFileReader f, int id, string what, int count, int size)
    {
        long actual = f.SectionSize(id, what);
        if (actual != (long)count * size) throw f.Fail($"section {id} ({what})", $"size {actual} bytes, expected {count} points × {size} bytes");
        return count;
    }

    private static uint U32(byte[] b, ref int o) { uint v = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o)); o += 4; return v; }

    private static G1Affine HeaderG1(BinFileReader f, byte[] h, ref int o, string name)
    {
        if (!CurveIo.TryReadG1(h.AsSpan(o), true, out var p)) throw f.Fail("section 2 (header)", $"{name} is not a point on G1");
        if (!G1.IsInSubgroup(p)) throw f.Fail("section 2 (header)", $"{name} is not in the prime-order subgroup");
        o += CurveIo.G1Size;
        return p;
    }

    private static G2Affine HeaderG2(BinFileReader f, byte[] h, ref int o, string name)
    {
        if (!CurveIo.TryReadG2(h.AsSpan(o), true, out var p)) throw f.Fail("section 2 (header)", $"{name} is not a point on G2");
        if (!G2.IsInSubgroup(p)) throw f.Fail("section 2 (header)", $"{name} is not in the prime-order subgroup");
        o += CurveIo.G2Size;
        return p;
    }

    /// <summary>
    /// Writes a key as a snarkjs zkey that snarkjs can prove and export a verification key with. Section 10 carries
    /// <paramref name="mpcSection"/> (the phase-2 transcript) when given, else a zero circuit hash and no contributions.
    /// </summary>
    public static void Write(string path, ProvingKey pk, byte[]? mpcSection = null)
    {
        pk.RequireTablesInMemory();
        using var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        Write(fs, pk, mpcSection);
    }

    public static void Write(Stream fs, ProvingKey pk, byte[]? mpcSection = null)
    {
        pk.RequireTablesInMemory();
        using var w = new BinFileWriter(fs, "zkey", 1, 10);
        var bw = w.Writer;
        w.BeginSection(1); bw.Write(1u); w.EndSection();
        w.BeginSection(2);
        bw.Write(48u); bw.Write(CurveIo.ModulusLE(Fp.Modulus, 48));
        bw.Write(32u); bw.Write(CurveIo.ModulusLE(Fr.Modulus, 32));
        bw.Write((uint)pk.NumVars); bw.Write((uint)pk.NumPublic); bw.Write((uint)pk.DomainSize);
        WriteG1s(bw, [pk.Alpha1, pk.Beta1]);
        WriteG2s(bw, [pk.Beta2, pk.Gamma2]);
        WriteG1s(bw, [pk.Delta1]);
        WriteG2s(bw, [pk.Delta2]);
        w.EndSection();
        w.BeginSection(3); WriteG1s(bw, pk.IC); w.EndSection();
        w.BeginSection(4);
        bw.Write((uint)pk.Coefficients.Length);
        Span<byte> e = stackalloc byte[44];
        foreach (var c in pk.Coefficients)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(e, c.Matrix);
            BinaryPrimitives.WriteUInt32LittleEndian(e[4..], (uint)c.Constraint);
            BinaryPrimitives.WriteUInt32LittleEndian(e[8..], (uint)c.Signal);
            CurveIo.WriteDoubleMontgomery(e[12..], c.Value);
            bw.Write(e);
        }
        w.EndSection();
        w.BeginSection(5); WriteG1s(bw, pk.A); w.EndSection();
        w.BeginSection(6); WriteG1s(bw, pk.B1); w.EndSection();
        w.BeginSection(7); WriteG2s(bw, pk.B2); w.EndSection();
        w.BeginSection(8); WriteG1s(bw, pk.C); w.EndSection();
        w.BeginSection(9); WriteG1s(bw, pk.H); w.EndSection();
        w.BeginSection(10);
        if (mpcSection is not null) bw.Write(mpcSection);
        else { bw.Write(new byte[64]); bw.Write(0u); }
        w.EndSection();
    }

    private static void WriteG1s(BinaryWriter bw, ReadOnlySpan<G1Affine> ps)
    {
        var b = new byte[CurveIo.G1Size * Math.Min(ps.Length, 65536)];
        for (int start = 0; start < ps.Length; start += 65536)
        {
            int k = Math.Min(65536, ps.Length - start);
            for (int i = 0; i < k; i++) CurveIo.WriteG1(b.AsSpan(i * CurveIo.G1Size), ps[start + i]);
            bw.Write(b, 0, k * CurveIo.G1Size);
        }
    }

    private static void WriteG2s(BinaryWriter bw, ReadOnlySpan<G2Affine> ps)
    {
        var b = new byte[CurveIo.G2Size * Math.Min(ps.Length, 65536)];
        for (int start = 0; start < ps.Length; start += 65536)
        {
            int k = Math.Min(65536, ps.Length - start);
            for (int i = 0; i < k; i++) CurveIo.WriteG2(b.AsSpan(i * CurveIo.G2Size), ps[start + i]);
            bw.Write(b, 0, k * CurveIo.G2Size);
        }
    }
}
