using System.Text;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// Writes snarkjs's proof.json and public.json: decimal strings in normal form, points as projective triples with
/// z = 1, G2 as [[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]], curve "bls12381".
/// (Kept minimal until the verifier library's snarkjs JSON support is on main; then this delegates to it.)
/// </summary>
public static class ProofJson
{
    public static string Proof(in ProofPoints p)
    {
        var sb = new StringBuilder();
        sb.Append("{\n \"pi_a\": [\n  ").Append(G1(p.A)).Append("\n ],\n");
        sb.Append(" \"pi_b\": [\n  ").Append(G2(p.B)).Append("\n ],\n");
        sb.Append(" \"pi_c\": [\n  ").Append(G1(p.C)).Append("\n ],\n");
        sb.Append(" \"protocol\": \"groth16\",\n \"curve\": \"bls12381\"\n}");
        return sb.ToString();
    }

    public static string Public(ReadOnlySpan<Fr> publicSignals)
    {
        var sb = new StringBuilder("[\n");
        for (int i = 0; i < publicSignals.Length; i++)
            sb.Append(" \"").Append(publicSignals[i].ToDecimalString()).Append('"').Append(i + 1 < publicSignals.Length ? ",\n" : "\n");
        return sb.Append(']').ToString();
    }

    private static string D(in Fp x) => "\"" + x.ToBigInteger().ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";

    private static string G1(in G1Affine p) => p.IsInfinity
        ? "\"0\",\n  \"1\",\n  \"0\""
        : $"{D(p.X)},\n  {D(p.Y)},\n  \"1\"";

    private static string G2(in G2Affine p) => p.IsInfinity
        ? "[\n   \"0\",\n   \"0\"\n  ],\n  [\n   \"1\",\n   \"0\"\n  ],\n  [\n   \"0\",\n   \"0\"\n  ]"
        : $"[\n   {D(p.X.C0)},\n   {D(p.X.C1)}\n  ],\n  [\n   {D(p.Y.C0)},\n   {D(p.Y.C1)}\n  ],\n  [\n   \"1\",\n   \"0\"\n  ]";
}
