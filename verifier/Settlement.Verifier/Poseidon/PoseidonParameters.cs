using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon;

/// <summary>
/// One hadeshash Poseidon instance over BLS12-381 Fr: width t, S-box x⁵, R_F full rounds split evenly around
/// R_P partial rounds, round constants in round order (t per round) and the MDS matrix (row-major, state as a column).
/// The two instances the project uses are embedded in this assembly from <c>tests/vectors/poseidon/</c>
/// (see docs/poseidon.md); constants are held in Montgomery form so a permutation never converts.
/// </summary>
public sealed class PoseidonParameters
{
    /// <summary>The instance's name, e.g. "poseidonperm_x5_255_5".</summary>
    public string Name { get; }
    /// <summary>The state width t (rate t − 1 plus one capacity element).</summary>
    public int Width { get; }
    /// <summary>R_F, the number of full rounds (even; half before the partial rounds, half after).</summary>
    public int FullRounds { get; }
    /// <summary>R_P, the number of partial rounds (S-box on the first state element only).</summary>
    public int PartialRounds { get; }
    /// <summary>R_F + R_P.</summary>
    public int Rounds => FullRounds + PartialRounds;
    /// <summary>Round constants, <see cref="Width"/> per round, round after round.</summary>
    public ReadOnlyMemory<Fr> RoundConstants => _rc;
    /// <summary>MDS matrix, row-major: <c>Mds[row * Width + col]</c>.</summary>
    public ReadOnlyMemory<Fr> Mds => _mds;

    internal readonly Fr[] _rc;
    internal readonly Fr[] _mds;
    internal readonly SparsePartialRounds _sparse;

    /// <summary>hadeshash <c>poseidonperm_x5_255_3</c>: t = 3, R_F = 8, R_P = 57. The generic <see cref="Poseidon.Permute(Span{Fr})"/> of a width-3 state; no settlement hash uses it since the account tree became arity 4.</summary>
    public static PoseidonParameters X5_255_3 { get; } = LoadEmbedded("Settlement.Verifier.Poseidon.x5_255_3.json", 3);
    /// <summary>hadeshash <c>poseidonperm_x5_255_5</c>: t = 5, R_F = 8, R_P = 60. Used for the rate-4 sponge and the arity-4 Merkle nodes.</summary>
    public static PoseidonParameters X5_255_5 { get; } = LoadEmbedded("Settlement.Verifier.Poseidon.x5_255_5.json", 5);

    /// <summary>
    /// Builds an instance from its round constants (t per round, in round order) and row-major MDS matrix; throws
    /// <see cref="ArgumentException"/> when the width is below 2, R_F is not positive and even, R_P is negative, or the
    /// constant or MDS counts do not match.
    /// </summary>
    public PoseidonParameters(string name, int width, int fullRounds, int partialRounds, Fr[] roundConstants, Fr[] mds)
    {
        if (width < 2) throw new ArgumentException($"Poseidon width {width} must be at least 2", nameof(width));
        if (fullRounds <= 0 || fullRounds % 2 != 0) throw new ArgumentException($"full round count {fullRounds} must be positive and even", nameof(fullRounds));
        if (partialRounds < 0) throw new ArgumentException($"partial round count {partialRounds} must not be negative", nameof(partialRounds));
        if (roundConstants.Length != width * (fullRounds + partialRounds))
            throw new ArgumentException($"{name}: {roundConstants.Length} round constants, expected t·(R_F+R_P) = {width * (fullRounds + partialRounds)}", nameof(roundConstants));
        if (mds.Length != width * width) throw new ArgumentException($"{name}: MDS has {mds.Length} entries, expected {width * width}", nameof(mds));
        Name = name; Width = width; FullRounds = fullRounds; PartialRounds = partialRounds;
        _rc = roundConstants; _mds = mds;
        _sparse = new SparsePartialRounds(width, fullRounds, partialRounds, roundConstants, mds);
    }

    /// <summary>Parses the params JSON layout of tests/vectors/poseidon (hex strings below r).</summary>
    public static PoseidonParameters FromJson(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        string name = root.GetProperty("name").GetString() ?? "poseidon";
        var modulus = ParseHex(root.GetProperty("field_modulus").GetString(), "field_modulus", checkRange: false);
        if (modulus != Fr.Modulus) throw new FormatException($"{name}: field_modulus is not the BLS12-381 scalar field order r");
        if (root.GetProperty("alpha").GetInt32() != 5) throw new FormatException($"{name}: only the x⁵ S-box is supported");
        if (root.GetProperty("partial_round_sbox_index").GetInt32() != 0) throw new FormatException($"{name}: partial rounds must apply the S-box to cell 0");
        int t = root.GetProperty("t").GetInt32();
        int rf = root.GetProperty("R_F").GetInt32();
        int rp = root.GetProperty("R_P").GetInt32();
        var rc = new List<Fr>();
        foreach (var e in root.GetProperty("round_constants").EnumerateArray())
            rc.Add(Fr.FromBigInteger(ParseHex(e.GetString(), "round_constants", checkRange: true)));
        var mds = new List<Fr>();
        foreach (var row in root.GetProperty("mds_matrix").EnumerateArray())
        {
            if (row.GetArrayLength() != t) throw new FormatException($"{name}: MDS row has {row.GetArrayLength()} entries, expected {t}");
            foreach (var e in row.EnumerateArray()) mds.Add(Fr.FromBigInteger(ParseHex(e.GetString(), "mds_matrix", checkRange: true)));
        }
        return new PoseidonParameters(name, t, rf, rp, [.. rc], [.. mds]);
    }

    private static BigInteger ParseHex(string? s, string field, bool checkRange)
    {
        if (s is null || !s.StartsWith("0x", StringComparison.Ordinal))
            throw new FormatException($"{field}: expected a 0x-prefixed hex string, got '{s}'");
        var v = BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (checkRange && v >= Fr.Modulus) throw new FormatException($"{field}: {s} is not below r");
        return v;
    }

    private static PoseidonParameters LoadEmbedded(string resource, int expectedWidth)
    {
        using var stream = typeof(PoseidonParameters).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded Poseidon constants '{resource}' are missing from {typeof(PoseidonParameters).Assembly.GetName().Name}");
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        var p = FromJson(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        if (p.Width != expectedWidth) throw new InvalidOperationException($"embedded '{resource}' has width {p.Width}, expected {expectedWidth}");
        return p;
    }

    /// <summary>The instance for a state of this width (3 or 5).</summary>
    public static PoseidonParameters ForWidth(int width) => width switch
    {
        3 => X5_255_3,
        5 => X5_255_5,
        _ => throw new ArgumentException($"no Poseidon instance for state width {width}; the project uses t = 3 (x5_255_3) and t = 5 (x5_255_5)", nameof(width)),
    };
}
