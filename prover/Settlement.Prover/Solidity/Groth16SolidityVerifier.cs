using System.Globalization;
using System.Text;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Solidity;

/// <summary>
/// Writes the Solidity Groth16 verifier for one verifying key from the embedded template
/// <c>Groth16Verifier.sol.template</c>: the key's points become constants written into the pairing input, already
/// negated where the equation needs (−β, −γ, −δ), so the contract negates nothing at run time. What the contract
/// checks, its encodings and its gas: docs/evm.md. The calldata it takes: <see cref="VerifierCalldata"/>.
/// </summary>
public static class Groth16SolidityVerifier
{
    /// <summary>The contract the deployment's verifier is named.</summary>
    public const string SettlementContractName = "SettlementVerifier";

    private const string TemplateResource = "Settlement.Prover.Solidity.Groth16Verifier.sol.template";
    private const int Word = 32;

    // Offsets of the pairing input in memory, as laid out by the template: (A, B), (vk_x, −γ), (C, −δ), (α, −β).
    private const int NegGammaAt = 0x200, NegDeltaAt = 0x380, AlphaAt = 0x480, NegBetaAt = 0x500;
    private const int MsmTermSize = Eip2537.G1MsmPairSize;

    /// <summary>
    /// The contract's source. <paramref name="contractName"/> must be a Solidity identifier; <paramref name="command"/>,
    /// <paramref name="source"/> and <paramref name="keyNote"/> go into its header (the command that wrote it, the key's
    /// file, and where the key came from, e.g. <see cref="Verifier.Groth16.KeyProvenance.Describe"/>). Throws
    /// <see cref="ArgumentException"/> for a key without public inputs (Solidity has no zero-length array parameter).
    /// </summary>
    public static string Generate(VerifyingKey vk, string contractName, string command, string source, string keyNote)
    {
        if (vk.PublicInputCount < 1)
            throw new ArgumentException("the Solidity verifier needs a key with at least one public input (IC has one point)", nameof(vk));
        if (!IsIdentifier(contractName))
            throw new ArgumentException($"'{contractName}' is not a Solidity identifier", nameof(contractName));
        // They go into one-line comments: a line break would end the comment and let the text become code.
        foreach (var (text, name) in new[] { (command, nameof(command)), (source, nameof(source)), (keyNote, nameof(keyNote)) })
            if (text.Any(char.IsControl))
                throw new ArgumentException($"the {name} named in the header contains a control character: '{text.ReplaceLineEndings(" ")}'", name);
        int n = vk.PublicInputCount;
        int proofStart = 4 + Word + Word * n + Word;

        var key = new StringBuilder();
        G2(key, "p", NegGammaAt, -vk.Gamma, "−γ");
        G2(key, "p", NegDeltaAt, -vk.Delta, "−δ");
        G1(key, "p", AlphaAt, vk.Alpha, "α");
        G2(key, "p", NegBetaAt, -vk.Beta, "−β");

        var msm = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            G1(msm, "m", i * MsmTermSize, vk.IC[i + 1], $"IC{Subscript(i + 1)}");
            Line(msm, $"mstore(add(m, 0x{i * MsmTermSize + Eip2537.G1PointSize:x3}), calldataload(add(input, 0x{i * Word:x2}))) // x{Subscript(i)}");
        }
        var ic0 = new StringBuilder();
        G1(ic0, "m", Eip2537.G1PointSize, vk.IC[0], "IC₀");

        return LoadTemplate()
            .Replace("{{COMMAND}}", command)
            .Replace("{{SOURCE}}", source)
            .Replace("{{KEY_NOTE}}", keyNote)
            .Replace("{{CONTRACT}}", contractName)
            .Replace("{{N}}", n.ToString(CultureInfo.InvariantCulture))
            .Replace("{{PROOF_START}}", proofStart.ToString(CultureInfo.InvariantCulture))
            .Replace("{{CALLDATA_SIZE}}", (proofStart + Eip2537Proof.Size).ToString(CultureInfo.InvariantCulture))
            .Replace("{{KEY}}\n", key.ToString())
            .Replace("{{MSM_INPUT}}\n", msm.ToString())
            .Replace("{{MSM_SIZE}}", (n * MsmTermSize).ToString(CultureInfo.InvariantCulture))
            .Replace("{{IC0}}\n", ic0.ToString());
    }

    private static void G1(StringBuilder sb, string baseVar, int at, in G1Affine point, string name)
    {
        var bytes = new byte[Eip2537.G1PointSize];
        Eip2537.EncodeG1(point, bytes);
        Words(sb, baseVar, at, bytes, name, ["x", "y"]);
    }

    private static void G2(StringBuilder sb, string baseVar, int at, in G2Affine point, string name)
    {
        var bytes = new byte[Eip2537.G2PointSize];
        Eip2537.EncodeG2(point, bytes);
        Words(sb, baseVar, at, bytes, name, ["x.c0", "x.c1", "y.c0", "y.c1"]);
    }

    /// <summary>One mstore per 32-byte word of an encoded point; each 64-byte coordinate is two words (high, low).</summary>
    private static void Words(StringBuilder sb, string baseVar, int at, byte[] bytes, string name, string[] coordinates)
    {
        for (int w = 0; w < bytes.Length / Word; w++)
        {
            var hex = Convert.ToHexString(bytes, w * Word, Word).ToLowerInvariant();
            var part = w % 2 == 0 ? "high" : "low";
            Line(sb, $"mstore(add({baseVar}, 0x{at + w * Word:x3}), 0x{hex}) // {name}.{coordinates[w / 2]} {part}");
        }
    }

    private static void Line(StringBuilder sb, string code) => sb.Append("            ").Append(code).Append('\n');

    private static string Subscript(int i) =>
        string.Concat(i.ToString(CultureInfo.InvariantCulture).Select(d => (char)('₀' + (d - '0'))));

    private static bool IsIdentifier(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] is '_' or '$') && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');

    private static string LoadTemplate()
    {
        using var stream = typeof(Groth16SolidityVerifier).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"embedded resource {TemplateResource} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
