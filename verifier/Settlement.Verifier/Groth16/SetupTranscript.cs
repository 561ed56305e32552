using System.Buffers.Binary;
using System.Text;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// The phase-2 transcript of a ceremony key, in snarkjs's layout (section 10 of a <c>.zkey</c>; docs/key-formats.md):
/// the 64-byte circuit hash and, per contribution, δ after it and a proof of knowledge of its secret x: g1_s,
/// g1_sx = x·g1_s, and g2_spx = x·g2_sp, where g2_sp is snarkjs's hash to G2 of the contribution's transcript hash
/// (BLAKE2b-512 of the circuit hash, the earlier contributions and g1_s, g1_sx). A beacon contribution (type 1) also
/// names the beacon, from which anyone re-derives its secret. snarkjs verifies our contributions and we verify its.
/// </summary>
/// <remarks>
/// <see cref="VerifyDeltaChain"/> is what a verifying key alone can show: its δ is the product of secrets whose holders
/// each proved knowledge of theirs, in order, starting from δ = 1. That the C and H tables were divided by the same
/// secrets, and that the circuit hash is this circuit's, needs the circuit and the powers of tau: <c>settle setup
/// --install</c> and <c>settle groth16 verify-setup</c> check those, and anyone can re-run them from public files.
/// </remarks>
public sealed class SetupTranscript
{
    /// <summary>Bytes in the circuit hash (snarkjs's BLAKE2b-512 of the initial key, binding the transcript to the circuit and the ptau).</summary>
    public const int CircuitHashSize = 64;
    /// <summary>Bytes in a contribution's transcript hash.</summary>
    public const int TranscriptHashSize = 64;
    /// <summary>The longest contribution name snarkjs writes, in characters (it truncates longer ones).</summary>
    public const int MaxNameLength = 64;
    /// <summary>
    /// The largest beacon iteration exponent <see cref="VerifyDeltaChain"/> re-derives (2^28 SHA-256 calls, about a minute);
    /// snarkjs allows 63, whose check would never end. snarkjs's guide uses 10.
    /// </summary>
    public const int MaxBeaconIterationsExponent = 28;
    private const int G1Size = SnarkJsPoints.G1Size, G2Size = SnarkJsPoints.G2Size, FixedSize = 3 * G1Size + G2Size + TranscriptHashSize + 8;
    private const byte ParamName = 1, ParamIterations = 2, ParamBeaconHash = 3;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>A beacon contribution's public randomness: its secret is drawn from SHA-256 applied 2^<paramref name="IterationsExponent"/> times to <paramref name="Hash"/>.</summary>
    public sealed record BeaconParameters(byte[] Hash, int IterationsExponent);

    /// <summary>
    /// One contribution: δ after it (G1), the proof of knowledge of its secret, the transcript hash its challenge was
    /// derived from, its name, and for a beacon contribution the beacon.
    /// </summary>
    public sealed record Contribution(G1Affine DeltaAfter, G1Affine G1S, G1Affine G1SX, G2Affine G2SPX, byte[] TranscriptHash, string Name, BeaconParameters? Beacon = null);

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
            int at = 3 * G1Size + G2Size;
            var transcriptHash = b.Slice(at, TranscriptHashSize).ToArray();
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(b[(at + TranscriptHashSize)..]);
            uint paramLength = BinaryPrimitives.ReadUInt32LittleEndian(b[(at + TranscriptHashSize + 4)..]);
            if (type > 1) throw new FormatException($"contribution {i + 1}: type {type} is neither 0 (contribution) nor 1 (beacon)");
            if (paramLength > (uint)(bytes.Length - o - FixedSize)) throw new FormatException($"contribution {i + 1}: its parameters run past the end");
            var (name, beacon) = ReadParameters(b.Slice(FixedSize, (int)paramLength), i + 1);
            if ((type == 1) != (beacon is not null)) throw new FormatException($"contribution {i + 1}: type {type} {(type == 1 ? "without" : "with")} beacon parameters");
            list.Add(new Contribution(delta, s, sx, spx, transcriptHash, name, beacon));
            o += FixedSize + (int)paramLength;
        }
        if (o != bytes.Length) throw new FormatException("trailing bytes after the last contribution");
        return new SetupTranscript(bytes[..CircuitHashSize], list);
    }

    // Parameters are (id, value) pairs with strictly increasing ids: 1 name (length byte, UTF-8), 2 the beacon's
    // iteration exponent (one byte), 3 the beacon hash (length byte, bytes).
    private static (string Name, BeaconParameters? Beacon) ReadParameters(ReadOnlySpan<byte> p, uint index)
    {
        string name = "";
        int? exponent = null;
        byte[]? hash = null;
        int last = 0, o = 0;
        while (o < p.Length)
        {
            byte id = p[o++];
            if (id <= last) throw new FormatException($"contribution {index}: parameter {id} after {last} (they must be sorted and not repeat)");
            last = id;
            if (id == ParamIterations)
            {
                if (o >= p.Length) throw new FormatException($"contribution {index}: the beacon's iteration exponent is missing");
                exponent = p[o++];
                if (exponent > 63) throw new FormatException($"contribution {index}: beacon iteration exponent {exponent} is above 63");
                continue;
            }
            if (id is not (ParamName or ParamBeaconHash)) throw new FormatException($"contribution {index}: unknown parameter {id}");
            if (o >= p.Length || p[o] > p.Length - o - 1) throw new FormatException($"contribution {index}: parameter {id} runs past the end");
            var value = p.Slice(o + 1, p[o]);
            o += 1 + p[o];
            if (id == ParamBeaconHash) { hash = value.ToArray(); continue; }
            try { name = StrictUtf8.GetString(value); }
            catch (DecoderFallbackException) { throw new FormatException($"contribution {index}: its name is not UTF-8"); }
        }
        if ((exponent is null) != (hash is null)) throw new FormatException($"contribution {index}: a beacon needs both its hash and its iteration exponent");
        return (name, hash is null ? null : new BeaconParameters(hash, exponent!.Value));
    }

    /// <summary>The binary encoding that <see cref="Parse"/> reads (and snarkjs writes in section 10).</summary>
    public byte[] ToBytes()
    {
        using var ms = new MemoryStream();
        ms.Write(_circuitHash);
        Span<byte> u = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)Contributions.Count);
        ms.Write(u);
        var buf = new byte[3 * G1Size + G2Size];
        foreach (var c in Contributions)
        {
            SnarkJsPoints.WriteG1(buf, c.DeltaAfter);
            SnarkJsPoints.WriteG1(buf.AsSpan(G1Size), c.G1S);
            SnarkJsPoints.WriteG1(buf.AsSpan(2 * G1Size), c.G1SX);
            SnarkJsPoints.WriteG2(buf.AsSpan(3 * G1Size), c.G2SPX);
            ms.Write(buf);
            ms.Write(c.TranscriptHash);
            var parameters = new List<byte>();
            if (c.Name.Length > 0)
            {
                var name = Encoding.UTF8.GetBytes(c.Name);
                if (name.Length > 255) throw new InvalidOperationException($"contribution name of {name.Length} UTF-8 bytes: at most 255");
                parameters.AddRange([ParamName, (byte)name.Length, .. name]);
            }
            if (c.Beacon is { } beacon)
            {
                if (beacon.Hash.Length > 255) throw new InvalidOperationException("a beacon hash has at most 255 bytes");
                parameters.AddRange([ParamIterations, (byte)beacon.IterationsExponent, ParamBeaconHash, (byte)beacon.Hash.Length, .. beacon.Hash]);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(u, c.Beacon is null ? 0u : 1u);
            ms.Write(u);
            BinaryPrimitives.WriteUInt32LittleEndian(u, (uint)parameters.Count);
            ms.Write(u);
            ms.Write(parameters.ToArray());
        }
        return ms.ToArray();
    }

    /// <summary>The transcript with one more contribution appended.</summary>
    public SetupTranscript Append(Contribution c) => new(_circuitHash, [.. Contributions, c]);

    /// <summary>
    /// The transcript hash of the contribution that would follow the current ones with this g1_s and g1_sx; its challenge
    /// point g2_sp is <see cref="HashToG2"/> of it.
    /// </summary>
    public byte[] NextTranscriptHash(in G1Affine g1s, in G1Affine g1sx) => TranscriptHashAfter(Contributions.Count, g1s, g1sx);

    /// <summary>snarkjs's map from a transcript hash to the challenge point g2_sp (its seeded sampler; see <see cref="SetupTranscript"/>).</summary>
    public static G2Affine HashToG2(ReadOnlySpan<byte> transcriptHash) => SnarkJsRng.HashToG2(transcriptHash);

    /// <summary>
    /// The hash snarkjs prints for contribution <paramref name="index"/> (0-based), which its contributor can compare
    /// with the one shown when contributing: BLAKE2b-512 of its public key and transcript hash.
    /// </summary>
    public byte[] ContributionHash(int index)
    {
        var h = new Blake2b();
        HashPublicKey(h, Contributions[index]);
        return h.Final();
    }

    private byte[] TranscriptHashAfter(int count, in G1Affine g1s, in G1Affine g1sx)
    {
        var h = new Blake2b();
        h.Update(_circuitHash);
        for (int i = 0; i < count; i++) HashPublicKey(h, Contributions[i]);
        HashPoint(h, g1s);
        HashPoint(h, g1sx);
        return h.Final();
    }

    private static void HashPublicKey(Blake2b h, Contribution c)
    {
        HashPoint(h, c.DeltaAfter);
        HashPoint(h, c.G1S);
        HashPoint(h, c.G1SX);
        HashPoint(h, c.G2SPX);
        h.Update(c.TranscriptHash);
    }

    /// <summary>snarkjs hashes points uncompressed, big-endian, the point at infinity as zeros.</summary>
    internal static void HashPoint(Blake2b h, in G1Affine p) => h.Update(p.IsInfinity ? new byte[G1Size] : G1Encoding.Serialize(p));

    /// <inheritdoc cref="HashPoint(Blake2b, in G1Affine)"/>
    internal static void HashPoint(Blake2b h, in G2Affine p) => h.Update(p.IsInfinity ? new byte[G2Size] : G2Encoding.Serialize(p));

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
            if (!TranscriptHashAfter(i, c.G1S, c.G1SX).AsSpan().SequenceEqual(c.TranscriptHash))
                throw new FormatException($"contribution {i + 1} ({c.Name}): its transcript hash is not that of the transcript before it");
            var g2sp = HashToG2(c.TranscriptHash);
            if (!SameRatio(c.G1S, c.G1SX, g2sp, c.G2SPX))
                throw new FormatException($"contribution {i + 1} ({c.Name}): the proof of knowledge of the secret does not verify");
            if (!SameRatio(prev, c.DeltaAfter, g2sp, c.G2SPX))
                throw new FormatException($"contribution {i + 1} ({c.Name}): δ did not move by the proven secret");
            if (c.Beacon is { } beacon)
            {
                if (beacon.IterationsExponent > MaxBeaconIterationsExponent)
                    throw new FormatException($"contribution {i + 1} ({c.Name}): beacon of 2^{beacon.IterationsExponent} iterations; at most 2^{MaxBeaconIterationsExponent} are re-derived");
                var rng = SnarkJsRng.FromBeacon(beacon.Hash, beacon.IterationsExponent);
                var x = rng.NextFr();
                var s = rng.NextG1();
                if (s != c.G1S || (s.ToJacobian() * x).ToAffine() != c.G1SX)
                    throw new FormatException($"contribution {i + 1} ({c.Name}): its key is not the one its beacon gives");
            }
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
