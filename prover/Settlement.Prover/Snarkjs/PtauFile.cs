using System.Buffers.Binary;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// snarkjs powers-of-tau files (.ptau, version 1) for bls12381, prepared for phase 2: section 1 header (n8q, q, power,
/// ceremony power), 4 α·τ^i·G1, 5 β·τ^i·G1, 6 β·G2, and the Lagrange sections 12 (G1, blocks 2^0..2^(power+1)),
/// 13 (G2), 14 (α·L G1), 15 (β·L G1), blocks 2^0..2^power. The block of size 2^k starts at point 2^k − 1.
/// </summary>
public sealed class PtauFile : IDisposable
{
    private readonly BinFileReader _f;
    public int Power { get; }
    public string Name => _f.Name;

    public const int LagrangeG1 = 12, LagrangeG2 = 13, AlphaLagrangeG1 = 14, BetaLagrangeG1 = 15;

    public PtauFile(string path)
    {
        _f = new BinFileReader(path, "ptau", 1);
        var h = _f.ReadSection(1, "header");
        if (h.Length < 4 || BinaryPrimitives.ReadUInt32LittleEndian(h) != 48 || h.Length != 4 + 48 + 8)
            throw _f.Fail("section 1 (header)", "base field is not 48 bytes: this is not a bls12381 ptau (bn128?)");
        if (new System.Numerics.BigInteger(h.AsSpan(4, 48), isUnsigned: true) != Fp.Modulus)
            throw _f.Fail("section 1 (header)", "q is not the BLS12-381 base field");
        Power = (int)BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(52));
        if (Power < 1 || Power > 28) throw _f.Fail("section 1 (header)", $"power {Power} out of range");
        foreach (var s in new[] { LagrangeG1, LagrangeG2, AlphaLagrangeG1, BetaLagrangeG1 })
            if (!_f.HasSection(s)) throw _f.Fail($"section {s}", "missing: run 'snarkjs powersoftau prepare phase2' first");
    }

    /// <summary>The Lagrange block for a domain of size 2^k from a Lagrange G1 section.</summary>
    public G1Affine[] LagrangeBlockG1(int section, int size, string what) =>
        CurveIo.ReadG1Table(_f, section, what, (long)(size - 1) * CurveIo.G1Size, size, true);

    public G2Affine[] LagrangeBlockG2(int size) =>
        CurveIo.ReadG2Table(_f, LagrangeG2, "Lagrange G2", (long)(size - 1) * CurveIo.G2Size, size, true);

    /// <summary>τ^i·G1 for i in [start, start + count), from section 2 (which holds 2^(power+1) − 1 powers).</summary>
    public G1Affine[] TauG1(int start, int count)
    {
        long available = (2L << Power) - 1;
        if (start + (long)count > available)
            throw _f.Fail("section 2 (tau G1)", $"power {Power} holds {available} powers of tau, {start + (long)count} needed");
        return CurveIo.ReadG1Table(_f, 2, "tau^i G1", (long)start * CurveIo.G1Size, count, true);
    }

    public G1Affine AlphaG1 => CurveIo.ReadG1Table(_f, 4, "alpha·tau^i G1", 0, 1, true)[0];
    public G1Affine BetaG1 => CurveIo.ReadG1Table(_f, 5, "beta·tau^i G1", 0, 1, true)[0];
    public G2Affine BetaG2 => CurveIo.ReadG2Table(_f, 6, "beta G2", 0, 1, true)[0];

    public SnarkjsFormatException Fail(string where, string message) => _f.Fail(where, message);

    public void Dispose() => _f.Dispose();
}
