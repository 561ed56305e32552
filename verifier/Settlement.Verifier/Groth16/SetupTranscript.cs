using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// The phase-2 transcript of a ceremony key (docs/key-formats.md, section 10 of the key file): the 64-byte circuit hash
/// and, per contribution, δ after it and a proof of knowledge of its secret x: a random g1_s, g1_sx = x·g1_s, and
/// g2_spx = x·g2_sp where g2_sp hashes the transcript so far to G2. Points are snarkjs's uncompressed Montgomery
/// little-endian encoding.
/// </summary>
/// <remarks>
/// <see cref="VerifyDeltaChain"/> is what a verifying key alone can show: its δ is the product of secrets whose holders
/// each proved knowledge of theirs, in order, starting from δ = 1. That the C and H tables were divided by the same
/// secrets, and that the circuit hash is this circuit's, needs the circuit and the powers of tau: <c>settle setup
/// --install</c> and <c>settle groth16 verify-setup</c> check those, and anyone can re-run them from public files.
/// </remarks>
public sealed class SetupTranscript
{
    /// <summary>
    /// Bytes in the circuit hash (SHA-512 of the initial key, which binds the transcript to the circuit and the ptau).
    /// </summary>
    public const int CircuitHashSize = 64;
    private const int G1Size = SnarkJsPoints.G1Size, G2Size = SnarkJsPoints.G2Size, FixedSize = 3 * G1Size + G2Size + 4;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly byte[] Dst = "SETTLEMENT-GROTH16-PHASE2-V1_BLS12381G2_XMD:SHA-256_SSWU_RO_"u8.ToArray();

    /// <summary>One contribution: δ after it (G1), and the proof of knowledge of its secret.</summary>
    public sealed record Contribution(G1Affine DeltaAfter, G1Affine G1S, G1Affine G1SX, G2Affine G2SPX, string Name);

    private readonly byte[] _circuitHash;

    /// <summary>The 64-byte circuit hash the contributions are bound to.</summary>
    public ReadOnlySpan<byte> CircuitHash => _circuitHash;
    /// <summary>The contributions in order, the first applied to δ = 1.</summary>
    public IReadOnlyList<Contribution> Contributions { get; }

    /// <summary>
    /// Holds a transcript without verifying it; throws <see cref="ArgumentException"/> unless the circuit hash is 64 bytes.
    /// </summary>
    public SetupTranscript(ReadOnlySpan<byte> circuitHash, IReadOnlyList<Contribution> contributions)
    {
        if (circuitHash.Length != CircuitHashSize) throw new ArgumentException($"a circuit hash has {CircuitHashSize} bytes", nameof(circuitHash));
        _circuitHash = circuitHash.ToArray();
        Contributions = [.. contributions];
    }

    /// <summary>Decodes a transcript; every point must be on the curve and in its subgroup. Throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static SetupTranscript Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < CircuitHashSize + 4) throw new FormatException($"{bytes.Length} bytes, expected at least {CircuitHashSize + 4}");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CircuitHashSize..]);
        var list = new List<Contribution>();
        int o = CircuitHashSize + 4;
        for (uint i = 0; i < count; i++)
        {
            if (bytes.Length - o < FixedSize) throw new FormatException($"contribution {i + 1} of {count} is truncated");
            var b = bytes[o..];
            if (!TryReadG1(b, out var delta) || !TryReadG1(b[G1Size..], out var s) || !TryReadG1(b[(2 * G1Size)..], out var sx) || !TryReadG2(b[(3 * G1Size)..], out var spx))
                throw new FormatException($"contribution {i + 1} has a point off the curve or outside the subgroup");
            uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(b[(3 * G1Size + G2Size)..]);
            if (nameLength > (uint)(bytes.Length - o - FixedSize)) throw new FormatException($"contribution {i + 1}: its name runs past the end");
            string name;
            try { name = StrictUtf8.GetString(b.Slice(FixedSize, (int)nameLength)); }
            catch (DecoderFallbackException) { throw new FormatException($"contribution {i + 1}: its name is not UTF-8"); }
            list.Add(new Contribution(delta, s, sx, spx, name));
            o += FixedSize + (int)nameLength;
        }
        if (o != bytes.Length) throw new FormatException("trailing bytes after the last contribution");
        return new SetupTranscript(bytes[..CircuitHashSize], list);
    }

    /// <summary>The binary encoding that <see cref="Parse"/> reads.</summary>
    public byte[] ToBytes() => Encode(Contributions.Count);

    /// <summary>The transcript with its first <paramref name="count"/> contributions: what contribution count + 1 hashes.</summary>
    private byte[] Encode(int count)
    {
        using var ms = new MemoryStream();
        ms.Write(_circuitHash);
        Span<byte> u = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)count);
        ms.Write(u);
        var buf = new byte[3 * G1Size + G2Size];
        foreach (var c in Contributions.Take(count))
        {
            SnarkJsPoints.WriteG1(buf, c.DeltaAfter);
            SnarkJsPoints.WriteG1(buf.AsSpan(G1Size), c.G1S);
            SnarkJsPoints.WriteG1(buf.AsSpan(2 * G1Size), c.G1SX);
            SnarkJsPoints.WriteG2(buf.AsSpan(3 * G1Size), c.G2SPX);
            ms.Write(buf);
            var name = Encoding.UTF8.GetBytes(c.Name);
            BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)name.Length);
            ms.Write(u);
            ms.Write(name);
        }
        return ms.ToArray();
    }

    /// <summary>The transcript with one more contribution appended.</summary>
    public SetupTranscript Append(Contribution c) => new(_circuitHash, [.. Contributions, c]);

    /// <summary>g2_sp for the next contribution: the transcript so far and the contributor's g1_s, g1_sx, hashed to G2.</summary>
    public G2Affine Challenge(in G1Affine g1s, in G1Affine g1sx) => Challenge(Contributions.Count, g1s, g1sx);

    /// <summary>g2_sp of the contribution that follows the first <paramref name="after"/> ones.</summary>
    private G2Affine Challenge(int after, in G1Affine g1s, in G1Affine g1sx)
    {
        var soFar = Encode(after);
        var m = new byte[soFar.Length + 2 * G1Size];
        soFar.CopyTo(m, 0);
        SnarkJsPoints.WriteG1(m.AsSpan(soFar.Length), g1s);
        SnarkJsPoints.WriteG1(m.AsSpan(soFar.Length + G1Size), g1sx);
        return HashToCurve.HashToG2(SHA512.HashData(m), Dst);
    }

    /// <summary>
    /// Checks, with pairings, that every contribution proves knowledge of its secret and moved δ by exactly that secret,
    /// from δ = 1, and that the last δ is <paramref name="delta2"/> (the verifying key's, in G2). Throws
    /// <see cref="FormatException"/> naming the first contribution that does not check. At least one contribution is
    /// required: δ = 1 is public and anyone could forge proofs.
    /// </summary>
    public void VerifyDeltaChain(in G2Affine delta2)
    {
        if (Contributions.Count == 0) throw new FormatException("no contributions: δ = 1 is public and anyone could forge proofs");
        var prev = G1Affine.Generator;
        for (int i = 0; i < Contributions.Count; i++)
        {
            var c = Contributions[i];
            if (c.G1S.IsInfinity || c.G1SX.IsInfinity || c.DeltaAfter.IsInfinity || c.G2SPX.IsInfinity)
                throw new FormatException($"contribution {i + 1} ({c.Name}): a point at infinity");
            var g2sp = Challenge(i, c.G1S, c.G1SX);
            if (!SameRatio(c.G1S, c.G1SX, g2sp, c.G2SPX))
                throw new FormatException($"contribution {i + 1} ({c.Name}): the proof of knowledge of the secret does not verify");
            if (!SameRatio(prev, c.DeltaAfter, g2sp, c.G2SPX))
                throw new FormatException($"contribution {i + 1} ({c.Name}): δ did not move by the proven secret");
            prev = c.DeltaAfter;
        }
        if (!SameRatio(G1Affine.Generator, prev, G2Affine.Generator, delta2))
            throw new FormatException("the key's δ is not the last contribution's");
    }

    /// <summary>e(a, d) = e(b, c): b/a = d/c as discrete logarithms.</summary>
    public static bool SameRatio(in G1Affine a, in G1Affine b, in G2Affine c, in G2Affine d) =>
        Pairing.PairingCheck([(a, d), ((-b.ToJacobian()).ToAffine(), c)]);

    private static bool TryReadG1(ReadOnlySpan<byte> b, out G1Affine p) => SnarkJsPoints.TryReadG1(b, true, out p) && G1.IsInSubgroup(p);

    private static bool TryReadG2(ReadOnlySpan<byte> b, out G2Affine p) => SnarkJsPoints.TryReadG2(b, true, out p) && G2.IsInSubgroup(p);
}
