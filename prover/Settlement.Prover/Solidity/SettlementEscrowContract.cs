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
        var (blob, permutation) = PoseidonBlob(p);
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
            .Replace("{{POSEIDON_AT}}", Addr(0))
            .Replace("{{POSEIDON_PERMUTATION}}\n", permutation)
            .Replace("{{G2MSM_VENUES_GAS}}", Int(G2MsmGas(trust.VenueCount)))
            .Replace("{{G2MSM_VENUES_RISK_GAS}}", Int(G2MsmGas(trust.VenueCount + 1)));
        if (text.Contains("{{", StringComparison.Ordinal))
            throw new InvalidOperationException("the escrow template has a placeholder the generator does not fill");
        return text;
    }

    /// <summary>Where the escrow copies the Poseidon constants: the first free memory of a call (Solidity's layout).</summary>
    private const int PoseidonAt = 0x80;

    /// <summary>Partial rounds per iteration of the generated loop: all 60 unrolled would not fit the code limit.</summary>
    private const int PartialRoundsPerIteration = 4;

    /// <summary>
    /// The x5_255_5 constants as 32-byte words, and the Yul of the permutation that reads them at POSEIDON_AT. Words:
    /// the first half's full-round constants, the second half's (with what the partial rounds' constants leave), the MDS
    /// matrix, the first half's last matrix (L₀·M), then per partial round its one constant, its sparse matrix's row 0
    /// after m₀₀ and column 0 (below the diagonal). The Yul keeps the state in s0..s4, the modulus in q and m₀₀ in m00
    /// during the partial rounds; the first half's full rounds are unrolled, the second half's a loop.
    /// </summary>
    private static (byte[] Blob, string Permutation) PoseidonBlob(PoseidonParameters p)
    {
        if (p.Width != 5) throw new ArgumentException($"the escrow's Poseidon is written for width 5, not {p.Width}", nameof(p));
        if (p.PartialRounds % PartialRoundsPerIteration != 0)
            throw new ArgumentException($"{p.PartialRounds} partial rounds are not a multiple of {PartialRoundsPerIteration}", nameof(p));
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

        var words = new List<Fr>();
        int rcFirstAt = words.Count;
        words.AddRange(rc[..(half * t)].ToArray());
        int rcLastAt = words.Count;
        words.AddRange(rcLast);
        int mdsAt = words.Count;
        words.AddRange(p.Mds.ToArray());
        int firstMatrixAt = words.Count;
        words.AddRange(sparse.FirstMatrix);
        int partialAt = words.Count;
        // Row 0 of every sparse matrix starts with the MDS matrix's m₀₀ (SparsePartialRounds): the permutation keeps
        // it on the stack, so a round's words are its constant, row 0 after m₀₀ (4) and column 0 (4).
        const int partialWords = 9;
        for (int r = 0; r < p.PartialRounds; r++)
        {
            if (sparse.Row0[r * t] != p.Mds.Span[0]) throw new InvalidOperationException($"partial round {r}'s sparse matrix does not start with m₀₀");
            words.Add(partial[r]);
            words.AddRange(sparse.Row0.AsSpan(r * t + 1, t - 1).ToArray());
            words.AddRange(sparse.Column0.AsSpan(r * (t - 1), t - 1).ToArray());
        }
        var blob = new byte[words.Count * 32];
        for (int w = 0; w < words.Count; w++) words[w].ToBytesBE().CopyTo(blob, 32 * w);

        var yul = new StringBuilder();
        const string indent = "            ";
        for (int r = 0; r < half; r++)
        {
            yul.Append(indent).Append($"// full round {r}\n");
            int rcAt = rcFirstAt + r * t;
            FullRound(yul, indent, i => $"mload({Addr(rcAt + i)})", r == half - 1 ? firstMatrixAt : mdsAt);
        }
        int step = PartialRoundsPerIteration * partialWords * 32;
        yul.Append(indent).Append($"// {p.PartialRounds} partial rounds, {PartialRoundsPerIteration} per iteration; at p: each one's constant, row 0 after m00, column 0\n");
        yul.Append(indent).Append($"let m00 := mload({Addr(mdsAt)})\n");
        yul.Append(indent).Append($"for {{ let p := {Addr(partialAt)} }} lt(p, {Addr(partialAt + p.PartialRounds * partialWords)}) {{ p := add(p, {step}) }} {{\n");
        string inner = indent + "    ";
        for (int j = 0; j < PartialRoundsPerIteration; j++)
        {
            int o = j * partialWords * 32;
            string At(int word) => o + 32 * word == 0 ? "mload(p)" : $"mload(add(p, {o + 32 * word}))";
            // s0 is reduced, so s0 + constant < 2R < 2²⁵⁶: the S-box's MULMOD reduces it.
            yul.Append(inner).Append(j == 0 ? "let " : "").Append($"x := add(s0, {At(0)})\n");
            yul.Append(inner).Append("{ let t := mulmod(x, x, q) x := mulmod(mulmod(t, t, q), x, q) }\n");
            yul.Append(inner).Append($"s0 := addmod(addmod(add(mulmod(m00, x, q), mulmod({At(1)}, s1, q)), add(mulmod({At(2)}, s2, q), mulmod({At(3)}, s3, q)), q), mulmod({At(4)}, s4, q), q)\n");
            // Cells 1..4 stay below 2R < 2²⁵⁶ after one unreduced addition; every other round reduces them (ADDMOD and
            // MULMOD take any 256-bit operand), and the loop ends on a reducing round.
            bool lazy = j % 2 == 0 && PartialRoundsPerIteration % 2 == 0;
            for (int i = 1; i < t; i++)
                yul.Append(inner).Append(lazy ? $"s{i} := add(s{i}, mulmod({At(4 + i)}, x, q))\n" : $"s{i} := addmod(s{i}, mulmod({At(4 + i)}, x, q), q)\n");
        }
        yul.Append(indent).Append("}\n");
        // The second half's full rounds share one matrix: a loop over their constants keeps the code within the limit.
        yul.Append(indent).Append($"// full rounds {half + p.PartialRounds} to {p.FullRounds + p.PartialRounds - 1}; at p: each one's constants\n");
        yul.Append(indent).Append($"for {{ let p := {Addr(rcLastAt)} }} lt(p, {Addr(rcLastAt + half * t)}) {{ p := add(p, {32 * t}) }} {{\n");
        FullRound(yul, indent + "    ", i => i == 0 ? "mload(p)" : $"mload(add(p, {32 * i}))", mdsAt);
        yul.Append(indent).Append("}\n");
        return (blob, yul.ToString());
    }

    /// <summary>One full round in Yul: constants read by <paramref name="constant"/>(cell), S-boxes, the matrix at <paramref name="matrixAt"/>.</summary>
    private static void FullRound(StringBuilder yul, string indent, Func<int, string> constant, int matrixAt)
    {
        const string cells = "abcde";
        yul.Append(indent).Append("{\n");
        string inner = indent + "    ";
        // Each cell enters reduced, so cell + constant < 2R < 2²⁵⁶: the S-box's MULMOD reduces it.
        for (int i = 0; i < 5; i++)
            yul.Append(inner).Append($"let {cells[i]} := add(s{i}, {constant(i)})\n");
        for (int i = 0; i < 5; i++)
            yul.Append(inner).Append($"{{ let t := mulmod({cells[i]}, {cells[i]}, q) {cells[i]} := mulmod(mulmod(t, t, q), {cells[i]}, q) }}\n");
        for (int i = 0; i < 5; i++)
        {
            string M(int j) => $"mulmod(mload({Addr(matrixAt + 5 * i + j)}), {cells[j]}, q)";
            // Two reduced products add below 2R < 2²⁵⁶ before a reduction.
            yul.Append(inner).Append($"s{i} := addmod(addmod(add({M(0)}, {M(1)}), add({M(2)}, {M(3)}), q), {M(4)}, q)\n");
        }
        yul.Append(indent).Append("}\n");
    }

    /// <summary>
    /// EIP-2537's price of a G2MSM of <paramref name="k"/> terms: k · 22,500 · discount(k) / 1000. The contract gives
    /// G2MSM exactly this much gas, since a failing precompile (a point outside G2) consumes all it was given.
    /// </summary>
    internal static long G2MsmGas(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int discount = k <= G2MsmDiscount.Length ? G2MsmDiscount[k - 1] : G2MsmDiscount[^1];
        return (long)k * 22_500 * discount / 1000;
    }

    /// <summary>EIP-2537's G2MSM discount table (per mille) for 1 to 128 terms; more terms take the last entry.</summary>
    private static readonly int[] G2MsmDiscount =
    [
        1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693, 688, 683, 679, 674,
        670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615, 613, 611, 609, 607,
        606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571,
        570, 569, 568, 567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548, 547,
        546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533, 532, 532, 531, 530, 530, 529,
        528, 528, 527, 526, 526, 525, 524, 524,
    ];

    /// <summary>The memory address of constant word <paramref name="word"/>.</summary>
    private static string Addr(int word) => $"0x{PoseidonAt + 32 * word:x4}";

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

    private static string Word(in Fr x) => "0x" + x.ToHex();
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
