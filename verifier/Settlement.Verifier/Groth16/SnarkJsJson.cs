using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// snarkjs's JSON files for Groth16 over BLS12-381: verification_key.json, proof.json and public.json.
/// Coordinates are canonical decimal strings, points are projective triples with z = "1" (G2 coordinates as
/// [c0, c1] pairs, z = ["1", "0"]); the only other z accepted is the canonical infinity ["0", "1", "0"] (G2:
/// [["0","0"],["1","0"],["0","0"]]), which then fails point validation with its own reason. "protocol" must be
/// "groth16" and "curve" "bls12381" (proof.json may leave both out, as some tools do). Every refusal is a <see cref="Groth16Exception"/> naming the field.
/// </summary>
public static class SnarkJsJson
{
    /// <summary>The "protocol" value every file must carry (proof.json may leave it out).</summary>
    public const string Protocol = "groth16";
    /// <summary>The "curve" value every file must carry (proof.json may leave it out).</summary>
    public const string Curve = "bls12381";

    /// <summary>Reads verification_key.json; vk_alphabeta_12 is ignored (e(α, β) is recomputed from α and β).</summary>
    public static VerifyingKey ReadVerifyingKey(string json)
    {
        using var doc = Parse(json, "verification_key.json");
        var root = doc.RootElement;
        CheckHeader(root);
        var ic = Property(root, "IC");
        if (ic.ValueKind != JsonValueKind.Array) throw Malformed("IC", "is not an array");
        var icPoints = new G1Affine[ic.GetArrayLength()];
        int i = 0;
        foreach (var p in ic.EnumerateArray()) { icPoints[i] = ReadG1(p, $"IC[{i}]"); i++; }
        if (root.TryGetProperty("nPublic", out var nPublic)
            && (!nPublic.TryGetInt32(out var n) || n != icPoints.Length - 1))
            throw new Groth16Exception(Groth16Error.PublicInputCountMismatch, "nPublic", $"{nPublic} does not match IC's {icPoints.Length} points");
        return new VerifyingKey(
            ReadG1(Property(root, "vk_alpha_1"), "vk_alpha_1"),
            ReadG2(Property(root, "vk_beta_2"), "vk_beta_2"),
            ReadG2(Property(root, "vk_gamma_2"), "vk_gamma_2"),
            ReadG2(Property(root, "vk_delta_2"), "vk_delta_2"),
            icPoints);
    }

    /// <summary>Reads proof.json (pi_a, pi_b, pi_c). A "publicSignals" array, which some tools add, is not read here: see <see cref="ReadPublicSignalsInProof"/>.</summary>
    public static Proof ReadProof(string json)
    {
        using var doc = Parse(json, "proof.json");
        var root = doc.RootElement;
        CheckHeader(root, optional: true);
        return new Proof(
            ReadG1(Property(root, "pi_a"), "pi_a"),
            ReadG2(Property(root, "pi_b"), "pi_b"),
            ReadG1(Property(root, "pi_c"), "pi_c"));
    }

    /// <summary>Reads public.json: an array of canonical decimal strings below r.</summary>
    public static Fr[] ReadPublicInputs(string json)
    {
        using var doc = Parse(json, "public.json");
        return ReadSignals(doc.RootElement, "public");
    }

    /// <summary>The "publicSignals" array that arkworks- and gnark-made proof.json files carry, or null when absent.</summary>
    public static Fr[]? ReadPublicSignalsInProof(string json)
    {
        using var doc = Parse(json, "proof.json");
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("publicSignals", out var s)
            ? ReadSignals(s, "publicSignals") : null;
    }

    /// <summary>proof.json in snarkjs's layout.</summary>
    public static string WriteProof(Proof proof)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WritePropertyName("pi_a"); WriteG1(w, proof.A);
            w.WritePropertyName("pi_b"); WriteG2(w, proof.B);
            w.WritePropertyName("pi_c"); WriteG1(w, proof.C);
            w.WriteString("protocol", Protocol);
            w.WriteString("curve", Curve);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>
    /// verification_key.json in snarkjs's layout, with vk_alphabeta_12 = e(α, β) (snarkjs uses the same GT convention,
    /// checked against a published key).
    /// </summary>
    public static string WriteVerifyingKey(VerifyingKey vk)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("protocol", Protocol);
            w.WriteString("curve", Curve);
            w.WriteNumber("nPublic", vk.PublicInputCount);
            w.WritePropertyName("vk_alpha_1"); WriteG1(w, vk.Alpha);
            w.WritePropertyName("vk_beta_2"); WriteG2(w, vk.Beta);
            w.WritePropertyName("vk_gamma_2"); WriteG2(w, vk.Gamma);
            w.WritePropertyName("vk_delta_2"); WriteG2(w, vk.Delta);
            var ab = Pairing.Pair(vk.Alpha, vk.Beta).ToFp12();
            w.WritePropertyName("vk_alphabeta_12");
            w.WriteStartArray();
            foreach (var half in (ReadOnlySpan<Fp6>)[ab.C0, ab.C1])
            {
                w.WriteStartArray();
                foreach (var c in (ReadOnlySpan<Fp2>)[half.C0, half.C1, half.C2])
                {
                    w.WriteStartArray(); w.WriteStringValue(Dec(c.C0)); w.WriteStringValue(Dec(c.C1)); w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WritePropertyName("IC");
            w.WriteStartArray();
            foreach (var p in vk.IC) WriteG1(w, p);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>public.json: the inputs as decimal strings.</summary>
    public static string WritePublicInputs(ReadOnlySpan<Fr> inputs)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var x in inputs) w.WriteStringValue(x.ToDecimalString());
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static JsonDocument Parse(string json, string file)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new Groth16Exception(Groth16Error.UnsupportedFile, file, "not valid JSON: " + e.Message); }
    }

    /// <summary>
    /// Checks "protocol" and "curve". With <paramref name="optional"/> (proof.json, which several tools write without
    /// them) an absent field means groth16 / bls12381; a present one must still say so.
    /// </summary>
    private static void CheckHeader(JsonElement root, bool optional = false)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new Groth16Exception(Groth16Error.UnsupportedFile, "(root)", "is not a JSON object");
        foreach (var (name, expected) in (ReadOnlySpan<(string, string)>)[("protocol", Protocol), ("curve", Curve)])
        {
            if (optional && !root.TryGetProperty(name, out _)) continue;
            var value = Property(root, name);
            if (value.ValueKind != JsonValueKind.String || value.GetString() != expected)
                throw new Groth16Exception(Groth16Error.UnsupportedFile, name, $"{value.GetRawText()} is not \"{expected}\"");
        }
    }

    private static JsonElement Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v
            : throw new Groth16Exception(Groth16Error.UnsupportedFile, name, "is missing");

    private static Fr[] ReadSignals(JsonElement array, string field)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new Groth16Exception(Groth16Error.PublicInputNotCanonical, field, "is not an array of decimal strings");
        var s = new List<string>();
        int i = 0;
        foreach (var e in array.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String)
                throw new Groth16Exception(Groth16Error.PublicInputNotCanonical, $"{field}[{i}]", $"{e.GetRawText()} is not a decimal string");
            s.Add(e.GetString()!);
            i++;
        }
        return PublicInputs.FromDecimal(s);
    }

    private static Groth16Exception Malformed(string field, string what) => new(Groth16Error.MalformedEncoding, field, what);

    private static JsonElement[] Items(JsonElement e, int count, string field)
    {
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != count) throw Malformed(field, $"is not an array of {count} items");
        var r = new JsonElement[count];
        int i = 0;
        foreach (var x in e.EnumerateArray()) r[i++] = x;
        return r;
    }

    /// <summary>A canonical decimal below p: digits only, no leading zero, no sign.</summary>
    private static Fp ReadFp(JsonElement e, string field)
    {
        var s = e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Malformed(field, $"{e.GetRawText()} is not a decimal string");
        if (s.Length == 0 || s.Length > 116 || (s.Length > 1 && s[0] == '0'))
            throw Malformed(field, $"'{PublicInputs.Shorten(s)}' is not a canonical decimal");
        foreach (var ch in s)
            if (ch < '0' || ch > '9') throw Malformed(field, $"'{PublicInputs.Shorten(s)}' is not a canonical decimal");
        var v = BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        if (v >= Fp.Modulus) throw Malformed(field, $"{s} is not below p");
        return Fp.FromBigInteger(v);
    }

    private static Fp2 ReadFp2(JsonElement e, string field)
    {
        var c = Items(e, 2, field);
        return new Fp2(ReadFp(c[0], field + ".c0"), ReadFp(c[1], field + ".c1"));
    }

    private static G1Affine ReadG1(JsonElement e, string field)
    {
        var c = Items(e, 3, field);
        var x = ReadFp(c[0], field + ".x");
        var y = ReadFp(c[1], field + ".y");
        var z = ReadFp(c[2], field + ".z");
        if (z.IsOne) return G1Affine.FromCoordinatesUnchecked(x, y);
        if (z.IsZero && x.IsZero && y.IsOne) return G1Affine.Infinity;
        throw Malformed(field, "z must be 1 (or the point must be the canonical infinity [0, 1, 0])");
    }

    private static G2Affine ReadG2(JsonElement e, string field)
    {
        var c = Items(e, 3, field);
        var x = ReadFp2(c[0], field + ".x");
        var y = ReadFp2(c[1], field + ".y");
        var z = ReadFp2(c[2], field + ".z");
        if (z.IsOne) return G2Affine.FromCoordinatesUnchecked(x, y);
        if (z.IsZero && x.IsZero && y.IsOne) return G2Affine.Infinity;
        throw Malformed(field, "z must be [1, 0] (or the point must be the canonical infinity [[0,0],[1,0],[0,0]])");
    }

    private static string Dec(in Fp x) => x.ToBigInteger().ToString(CultureInfo.InvariantCulture);

    private static void WriteG1(Utf8JsonWriter w, in G1Affine p)
    {
        w.WriteStartArray();
        w.WriteStringValue(Dec(p.X)); w.WriteStringValue(Dec(p.Y)); w.WriteStringValue("1");
        w.WriteEndArray();
    }

    private static void WriteG2(Utf8JsonWriter w, in G2Affine q)
    {
        w.WriteStartArray();
        w.WriteStartArray(); w.WriteStringValue(Dec(q.X.C0)); w.WriteStringValue(Dec(q.X.C1)); w.WriteEndArray();
        w.WriteStartArray(); w.WriteStringValue(Dec(q.Y.C0)); w.WriteStringValue(Dec(q.Y.C1)); w.WriteEndArray();
        w.WriteStartArray(); w.WriteStringValue("1"); w.WriteStringValue("0"); w.WriteEndArray();
        w.WriteEndArray();
    }
}
