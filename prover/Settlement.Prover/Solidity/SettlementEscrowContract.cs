using System.Globalization;
using System.Numerics;
using System.Text;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Poseidon;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Solidity;

/// <summary>
/// Writes <c>SettlementEscrow.sol</c> for one deployment from the embedded template <c>SettlementEscrow.sol.template</c>:
/// the configuration's sizes, hash, genesis root and venue keys, and the Poseidon constants, become constants of the
/// contract. What it checks and in which order: docs/evm.md. The calldata it takes: <see cref="EscrowCalldata"/>.
/// </summary>
public static class SettlementEscrowContract
{
    /// <summary>The contract's name (and file name without .sol).</summary>
    public const string ContractName = "SettlementEscrow";

    private const string TemplateResource = "Settlement.Prover.Solidity.SettlementEscrow.sol.template";

    /// <summary>
    /// The contract's source for <paramref name="trust"/>'s deployment; <paramref name="command"/> and
    /// <paramref name="source"/> go into its header (no control characters).
    /// </summary>
    public static string Generate(VenueTrust trust, string command, string source)
    {
        foreach (var (header, name) in new[] { (command, nameof(command)), (source, nameof(source)) })
            if (header.Any(char.IsControl))
                throw new ArgumentException($"the {name} named in the header contains a control character: '{header.ReplaceLineEndings(" ")}'", name);
        var p = PoseidonParameters.X5_255_5;
        var (blob, layout) = PoseidonBlob(p);
        // Two data contracts of at most 24,576 bytes of code each (EIP-170), one byte of which is the leading STOP.
        const int maxWords = (24_576 - 1) / 32;
        int split = Math.Min(maxWords, blob.Length / 32);
        if (blob.Length / 32 - split > maxWords) throw new InvalidOperationException("the Poseidon constants do not fit two data contracts");
        var half = Fp.Modulus >> 1;

        var keys = new StringBuilder();
        for (int v = 0; v < trust.VenueCount; v++)
        {
            keys.Append("            case ").Append(v.ToString(CultureInfo.InvariantCulture)).Append(" {\n");
            G1(keys, "p", 0, trust.VenueKeys[v].Point, $"venue {v}'s public key", "                ");
            keys.Append("            }\n");
        }
        keys.Append("            default { revert(0, 0) }\n");
        var negG1 = new StringBuilder();
        G1(negG1, "p", 0x180, -G1Affine.Generator, "−G1", "            ");

        var text = LoadTemplate()
            .Replace("{{COMMAND}}", command)
            .Replace("{{SOURCE}}", source)
            .Replace("{{CONTRACT}}", ContractName)
            .Replace("{{CONFIG_HASH}}", Word(trust.ConfigHash))
            .Replace("{{GENESIS_ROOT}}", Word(trust.GenesisRoot))
            .Replace("{{V}}", Int(trust.VenueCount))
            .Replace("{{C}}", Int(trust.AssetCount))
            .Replace("{{NI}}", Int(trust.InstrumentCount))
            .Replace("{{ORACLE_MEMBERS}}", Int(trust.OracleKeys.Count))
            .Replace("{{RISK_MEMBERS}}", Int(trust.RiskKeys.Count))
            .Replace("{{TREE_DEPTH}}", Int(trust.TreeDepth))
            .Replace("{{MAX_POSITIONS}}", Int(trust.MaxPositions))
            .Replace("{{DOMAIN_ACCOUNT_LEAF}}", Int(HashDomain.AccountLeaf))
            .Replace("{{DOMAIN_STATEMENT}}", Int(HashDomain.Statement))
            .Replace("{{DOMAIN_STATE_ROOT}}", Int(HashDomain.StateRoot))
            .Replace("{{DOMAIN_OUTPUTS}}", Int(HashDomain.Outputs))
            .Replace("{{DOMAIN_WITHDRAWALS}}", Int(HashDomain.Withdrawals))
            .Replace("{{DOMAIN_BATCH_DIGEST}}", Int(HashDomain.BatchDigest))
            .Replace("{{P_HI}}", Hex(Fp.Modulus >> 256))
            .Replace("{{P_LO}}", Hex(Fp.Modulus & ((BigInteger.One << 256) - 1)))
            .Replace("{{HALF_HI}}", Hex(half >> 256))
            .Replace("{{HALF_LO}}", Hex(half & ((BigInteger.One << 256) - 1)))
            .Replace("{{DST}}", PopScheme.Ciphersuite)
            .Replace("{{DST_LENGTH}}", Int(PopScheme.Ciphersuite.Length))
            .Replace("{{BATCH_DIGEST_TAG}}", $"bytes32(\"{SignedMessages.BatchDigestTag}\")")
            .Replace("{{VENUE_KEYS}}\n", keys.ToString())
            .Replace("{{NEG_G1}}\n", negG1.ToString())
            .Replace("{{POSEIDON_BLOB_0}}", Convert.ToHexStringLower(blob, 0, split * 32))
            .Replace("{{POSEIDON_BLOB_1}}", Convert.ToHexStringLower(blob, split * 32, blob.Length - split * 32))
            .Replace("{{POSEIDON_WORDS}}", Int(blob.Length / 32))
            .Replace("{{POSEIDON_SPLIT}}", Int(split))
            .Replace("{{HALF_FULL_ROUNDS}}", Int(p.FullRounds / 2))
            .Replace("{{PARTIAL_ROUNDS}}", Int(p.PartialRounds));
        foreach (var (name, offset) in layout) text = text.Replace("{{" + name + "}}", Int(offset));
        if (text.Contains("{{", StringComparison.Ordinal))
            throw new InvalidOperationException("the escrow template has a placeholder the generator does not fill");
        return text;
    }

    /// <summary>
    /// The x5_255_5 constants as 32-byte words, in the order the template reads them (offsets in words): the first and
    /// last full rounds' constants, the MDS matrix, the first-half's last matrix (L₀·M), and the sparse partial rounds'
    /// constants, rows and columns.
    /// </summary>
    private static (byte[] Blob, (string Name, int Offset)[] Layout) PoseidonBlob(PoseidonParameters p)
    {
        if (p.Width != 5) throw new ArgumentException($"the escrow's Poseidon is written for width 5, not {p.Width}", nameof(p));
        int t = p.Width, half = p.FullRounds / 2;
        var rc = p.RoundConstants.Span;
        var sections = new (string Name, Fr[] Words)[]
        {
            ("RC_FIRST", rc[..(half * t)].ToArray()),
            ("RC_LAST", rc[((half + p.PartialRounds) * t)..].ToArray()),
            ("MDS", p.Mds.ToArray()),
            ("FIRST_MATRIX", p._sparse.FirstMatrix),
            ("PARTIAL_CONSTANTS", p._sparse.Constants),
            ("PARTIAL_ROW", p._sparse.Row0),
            ("PARTIAL_COLUMN", p._sparse.Column0),
        };
        var blob = new List<byte>();
        var layout = new List<(string, int)>();
        foreach (var (name, words) in sections)
        {
            layout.Add((name, blob.Count / 32));
            foreach (var w in words) blob.AddRange(w.ToBytesBE());
        }
        return (blob.ToArray(), layout.ToArray());
    }

    private static void G1(StringBuilder sb, string baseVar, int at, in G1Affine point, string name, string indent)
    {
        var bytes = new byte[Eip2537.G1PointSize];
        Eip2537.EncodeG1(point, bytes);
        for (int w = 0; w < bytes.Length / 32; w++)
            sb.Append(indent).Append($"mstore(add({baseVar}, 0x{at + w * 32:x3}), 0x{Convert.ToHexStringLower(bytes, w * 32, 32)}) // {name}, {(w < 2 ? "x" : "y")} {(w % 2 == 0 ? "high" : "low")}\n");
    }

    private static string Word(in Fr x) => "0x" + Convert.ToHexStringLower(x.ToBytesBE());
    private static string Hex(BigInteger x) => "0x" + x.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');
    private static string Int(long x) => x.ToString(CultureInfo.InvariantCulture);
    private static string Int(ulong x) => x.ToString(CultureInfo.InvariantCulture);

    private static string LoadTemplate()
    {
        using var stream = typeof(SettlementEscrowContract).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResource} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
