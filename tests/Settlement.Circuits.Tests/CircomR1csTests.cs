using System.Buffers.Binary;
using System.Numerics;
using Settlement.Circuits.Formats;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class CircomR1csTests
{
    private static (CompiledCircuit C, Fr[] Witness) Sample()
    {
        var c = Compile(api =>
        {
            var x = api.SecretInput("x");
            var y = api.PublicInput("y");
            Comparison.AssertLessThan(api, x, y, 8);
            api.AssertEqual(PoseidonGadget.Hash4(api, x, y, x, y), api.PublicInput("h"));
        });
        var h = Settlement.Verifier.Poseidon.Poseidon.Hash4(F(3), F(200), F(3), F(200));
        return (c, c.Solve(new Assignment().Set("x", 3).Set("y", 200).Set("h", h)));
    }

    private static void AssertSameMatrix(SparseMatrix a, SparseMatrix b)
    {
        Assert.Equal(a.RowStart, b.RowStart);
        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(a.Values, b.Values);
    }

    [Fact]
    public void Round_trip_keeps_every_constraint_and_the_public_count()
    {
        var (c, w) = Sample();
        var bytes = CircomR1cs.ToBytes(c.R1cs, c.Statistics.SecretInputs);
        var back = CircomR1cs.Read(bytes, out var info);
        Assert.Equal(c.R1cs.NumWires, back.NumWires);
        Assert.Equal(c.R1cs.NumPublic, back.NumPublic);
        Assert.Equal(new CircomR1csInfo(0, 2, 1, (ulong)c.R1cs.NumWires), info);
        AssertSameMatrix(c.R1cs.A, back.A); AssertSameMatrix(c.R1cs.B, back.B); AssertSameMatrix(c.R1cs.C, back.C);
        Assert.True(back.IsSatisfied(w));
        var bad = (Fr[])w.Clone(); bad[1] += Fr.One;
        Assert.False(back.IsSatisfied(bad));
        Assert.Equal(bytes, CircomR1cs.ToBytes(back, 1)); // byte-identical on re-export
    }

    [Fact]
    public void Layout_matches_the_documented_format()
    {
        // One constraint (−w2)·(w2) = 7 − w3, the first constraint of the snarkjs.md example.
        var a = new SparseMatrix.Builder(); var b = new SparseMatrix.Builder(); var cm = new SparseMatrix.Builder();
        a.AddRow([(2, -Fr.One)]); b.AddRow([(2, Fr.One)]); cm.AddRow([(0, F(7)), (3, -Fr.One)]);
        var bytes = CircomR1cs.ToBytes(new R1cs(4, 1, a.Build(), b.Build(), cm.Build()), 1);
        Assert.Equal("r1cs"u8.ToArray(), bytes[..4]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12))); // circom order: constraints first
        ulong consSize = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16));
        Assert.Equal((ulong)(3 * 4 + 4 * 36), consSize);
        var s = bytes.AsSpan(24);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(s));          // A: 1 term
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(s[4..]));     // wire 2
        Assert.Equal(Fr.Modulus - 1, new BigInteger(s.Slice(8, 32), isUnsigned: true)); // −1, normal form LE
        int hdr = 24 + (int)consSize;
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(hdr)));
        Assert.Equal(64UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(hdr + 4)));
        Assert.Equal(32u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(hdr + 12)));
        Assert.Equal(Fr.Modulus, new BigInteger(bytes.AsSpan(hdr + 16, 32), isUnsigned: true));
    }

    /// <summary>Re-packs a file's sections in another order.</summary>
    private static byte[] Reorder(byte[] file, params uint[] order)
    {
        var sections = new Dictionary<uint, byte[]>();
        int pos = 12;
        while (pos < file.Length)
        {
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos));
            int size = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(pos + 4));
            sections[id] = file[pos..(pos + 12 + size)];
            pos += 12 + size;
        }
        return [.. file[..12], .. order.SelectMany(id => sections[id])];
    }

    [Fact]
    public void Sections_are_found_in_any_order()
    {
        var (c, w) = Sample();
        var bytes = CircomR1cs.ToBytes(c.R1cs);
        foreach (var order in new[] { new uint[] { 1, 2, 3 }, [3, 2, 1], [3, 1, 2] })
            Assert.True(CircomR1cs.Read(Reorder(bytes, order)).IsSatisfied(w));
    }

    [Fact]
    public void Malformed_files_are_rejected_with_the_reason()
    {
        var (c, _) = Sample();
        var good = CircomR1cs.ToBytes(c.R1cs);
        string Reason(byte[] f) => Assert.Throws<R1csFormatException>(() => CircomR1cs.Read(f)).Message;

        var magic = (byte[])good.Clone(); magic[0] = (byte)'x';
        Assert.Contains("wrong magic", Reason(magic));
        var version = (byte[])good.Clone(); version[4] = 2;
        Assert.Contains("version 2", Reason(version));
        Assert.Contains("truncated section", Reason(good[..(good.Length - 1)]));
        Assert.Contains("preamble", Reason(good[..8]));

        // Header prime replaced by BN254's r.
        var headerFirst = Reorder(good, 1, 2, 3);
        var bn = (byte[])headerFirst.Clone();
        var bnR = BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");
        bnR.TryWriteBytes(bn.AsSpan(12 + 12 + 4, 32), out _, isUnsigned: true);
        var msg = Reason(bn);
        Assert.Contains("wrong prime", msg); Assert.Contains("BN254", msg);
        var n8 = (byte[])headerFirst.Clone(); n8[24] = 48;
        Assert.Contains("n8 = 48", Reason(n8));

        // First constraint's first wire beyond nWires, and a coefficient ≥ r.
        int firstTerm = 12 + 12 + 64 + 12 + 4;
        var wire = (byte[])headerFirst.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(firstTerm), 1_000_000);
        Assert.Contains("beyond", Reason(wire));
        var coeff = (byte[])headerFirst.Clone();
        coeff.AsSpan(firstTerm + 4, 32).Fill(0xff);
        Assert.Contains("not below r", Reason(coeff));

        // Drop section 1 (declare 2 sections and keep 2, 3).
        var noHeader = Reorder(good, 2, 3); BinaryPrimitives.WriteUInt32LittleEndian(noHeader.AsSpan(8), 2);
        Assert.Contains("missing section 1", Reason(noHeader));
        var dup = Reorder(good, 1, 2, 3, 3); BinaryPrimitives.WriteUInt32LittleEndian(dup.AsSpan(8), 4);
        Assert.Contains("twice", Reason(dup));
    }

    [Fact]
    public void Witness_file_round_trip()
    {
        var (c, w) = Sample();
        var bytes = CircomWitness.ToBytes(w);
        Assert.Equal(w, CircomWitness.Read(bytes));
        var dump = Environment.GetEnvironmentVariable("SETTLEMENT_DUMP_CIRCOM");
        if (dump != null)
        {   // For a manual check with the real tool: snarkjs wtns check sample.r1cs sample.wtns
            File.WriteAllBytes(Path.Combine(dump, "sample.r1cs"), CircomR1cs.ToBytes(c.R1cs, c.Statistics.SecretInputs));
            File.WriteAllBytes(Path.Combine(dump, "sample.wtns"), bytes);
            var bad = (Fr[])w.Clone(); bad[^1] += Fr.One;
            File.WriteAllBytes(Path.Combine(dump, "sample-bad.wtns"), CircomWitness.ToBytes(bad));
        }
        var wrong = (byte[])bytes.Clone(); wrong[0] = (byte)'x';
        Assert.Throws<R1csFormatException>(() => CircomWitness.Read(wrong));
        Assert.Throws<R1csFormatException>(() => CircomWitness.Read(bytes[..^1]));
    }
}
