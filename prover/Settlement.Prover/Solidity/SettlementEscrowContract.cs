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
        // One data contract of at most 24,576 bytes of code (EIP-170), one byte of which is the leading STOP.
        if (blob.Length + 1 > 24_576) throw new InvalidOperationException("the Poseidon constants do not fit a data contract");
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
        var negG1AtP = new StringBuilder();
        G1(negG1AtP, "p", 0, -G1Affine.Generator, "−G1", "            ");

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
            .Replace("{{NEG_G1_AT_P}}\n", negG1AtP.ToString())
            .Replace("{{ORACLE_KEYS}}\n", KeySwitch(trust.OracleKeys, "oracle member"))
            .Replace("{{RISK_KEYS}}\n", KeySwitch(trust.RiskKeys, "risk member"))
            .Replace("{{ORACLE_QUORUM}}", Int(trust.OracleQuorum))
            .Replace("{{RISK_QUORUM}}", Int(trust.RiskQuorum))
            .Replace("{{DOMAIN_ORACLE_COMMITMENT}}", Int(HashDomain.OracleCommitment))
            .Replace("{{DOMAIN_RISK_COMMITMENT}}", Int(HashDomain.RiskCommitment))
            .Replace("{{ORACLE_TAG}}", $"bytes32(\"{SignedMessages.OracleTag}\")")
            .Replace("{{RISK_TAG}}", $"bytes32(\"{SignedMessages.RiskTag}\")")
            .Replace("{{POSEIDON_BLOB}}", Convert.ToHexStringLower(blob))
            .Replace("{{POSEIDON_WORDS}}", Int(blob.Length / 32))
            .Replace("{{HALF_FULL_ROUNDS}}", Int(p.FullRounds / 2))
            .Replace("{{PARTIAL_ROUNDS}}", Int(p.PartialRounds));
        foreach (var (name, offset) in layout) text = text.Replace("{{" + name + "}}", Int(offset));
        if (text.Contains("{{", StringComparison.Ordinal))
            throw new InvalidOperationException("the escrow template has a placeholder the generator does not fill");
        return text;
    }

    /// <summary>
    /// The x5_255_5 constants as 32-byte words, in the order the template reads them (offsets in words): the first and
    /// last full rounds' constants (the first of those with what the partial rounds' constants leave), the MDS matrix,
    /// the first-half's last matrix (L₀·M), and the sparse partial rounds' constants (one each), rows and columns.
    /// </summary>
    private static (byte[] Blob, (string Name, int Offset)[] Layout) PoseidonBlob(PoseidonParameters p)
    {
        if (p.Width != 5) throw new ArgumentException($"the escrow's Poseidon is written for width 5, not {p.Width}", nameof(p));
        int t = p.Width, half = p.FullRounds / 2;
        var rc = p.RoundConstants.Span;
        var rcLast = rc[((half + p.PartialRounds) * t)..].ToArray();
        var sparse = p._sparse;
        // A partial round's S-box touches only cell 0, so the constants of cells 1..t−1 commute with it: they are
        // pushed through the round's sparse matrix into the next round's constants, leaving one constant per partial
        // round; what is left after the last is added to the next full round's constants.
        var partial = new Fr[p.PartialRounds];
        var carry = new Fr[t];
        for (int r = 0; r < p.PartialRounds; r++)
        {
            var sum = new Fr[t];
            for (int i = 0; i < t; i++) sum[i] = sparse.Constants[r * t + i] + carry[i];
            partial[r] = sum[0];
            carry[0] = Fr.Zero;
            for (int j = 1; j < t; j++) carry[0] += sparse.Row0[r * t + j] * sum[j];
            for (int i = 1; i < t; i++) carry[i] = sum[i];
        }
        for (int i = 0; i < t; i++) rcLast[i] += carry[i];
        var sections = new (string Name, Fr[] Words)[]
        {
            ("RC_FIRST", rc[..(half * t)].ToArray()),
            ("RC_LAST", rcLast),
            ("MDS", p.Mds.ToArray()),
            ("FIRST_MATRIX", sparse.FirstMatrix),
            ("PARTIAL_CONSTANTS", partial),
            ("PARTIAL_ROW", sparse.Row0),
            ("PARTIAL_COLUMN", sparse.Column0),
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

    /// <summary>The cases of a Yul switch on a member index that write the member's key at <c>p</c>.</summary>
    private static string KeySwitch(IReadOnlyList<PublicKey> keys, string role)
    {
        var sb = new StringBuilder();
        for (int j = 0; j < keys.Count; j++)
        {
            sb.Append("            case ").Append(j.ToString(CultureInfo.InvariantCulture)).Append(" {\n");
            G1(sb, "p", 0, keys[j].Point, $"{role} {j}'s public key", "                ");
            sb.Append("            }\n");
        }
        sb.Append("            default { revert(0, 0) }\n");
        return sb.ToString();
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
