using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Json;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// The JSON view of a bundle (docs/spec.md §8.2): the binary fields in the same order, camelCase, field elements and
/// byte strings as 0x-prefixed lowercase hex, integers as numbers below 2^53 and decimal strings above. Reading is
/// strict (unknown, duplicated or missing properties, wrong types, non-canonical numbers are errors) and then runs the binary
/// decoder's checks, so both views accept exactly the same bundles.
/// </summary>
public static class BundleJson
{
    private const long MaxSafeInteger = (1L << 53) - 1;

    /// <summary>The JSON view of <paramref name="b"/> (UTF-8 text, camelCase properties).</summary>
    public static string Write(SettlementBundle b)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", SettlementBundle.Version);
            w.WriteNumber("venueCount", b.VenueCount);
            w.WriteNumber("assetCount", b.AssetCount);
            w.WriteNumber("instrumentCount", b.InstrumentCount);
            w.WriteNumber("oracleMembers", b.OracleMembers);
            w.WriteNumber("riskMembers", b.RiskMembers);
            var s = b.Statement;
            w.WriteStartObject("statement");
            w.WriteString("configHash", Hex(s.ConfigHash));
            Int(w, "epoch", s.Epoch); Int(w, "batchIndex", s.BatchIndex);
            w.WriteString("oldRoot", Hex(s.OldRoot)); w.WriteString("newRoot", Hex(s.NewRoot));
            w.WriteString("oracleCommitment", Hex(s.OracleCommitment)); w.WriteString("riskCommitment", Hex(s.RiskCommitment));
            w.WriteStartArray("opsCommitments"); foreach (var x in s.OpsCommitments) w.WriteStringValue(Hex(x)); w.WriteEndArray();
            w.WriteStartArray("outputsCommitments"); foreach (var x in s.OutputsCommitments) w.WriteStringValue(Hex(x)); w.WriteEndArray();
            Int(w, "haltedMask", s.HaltedMask);
            w.WriteEndObject();
            w.WriteString("proof", Hex(b.Proof));
            if (b.Oracle is { } o)
            {
                w.WriteStartObject("oracle");
                Int(w, "time", o.Time);
                w.WriteStartArray("signers");
                foreach (var sr in o.Signers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("signer", sr.Signer);
                    w.WriteStartArray("reports");
                    foreach (var r in sr.Reports)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("assetId", r.AssetId); Int(w, "price", r.Price); Int(w, "timestamp", r.Timestamp);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteString("aggregateSignature", Hex(o.AggregateSignature));
                w.WriteEndObject();
            }
            else w.WriteNull("oracle");
            if (b.Risk is { } rk)
            {
                w.WriteStartObject("risk");
                Int(w, "epoch", rk.Epoch);
                w.WriteStartArray("sigmas"); foreach (var x in rk.Sigmas) IntValue(w, x); w.WriteEndArray();
                w.WriteStartArray("instruments");
                foreach (var i in rk.Instruments)
                {
                    w.WriteStartObject();
                    Int(w, "mark", i.Mark); SignedInt(w, "delta", i.Delta); SignedInt(w, "gamma", i.Gamma);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("signers"); foreach (var j in rk.Signers) w.WriteNumberValue(j); w.WriteEndArray();
                w.WriteString("aggregateSignature", Hex(rk.AggregateSignature));
                w.WriteEndObject();
            }
            else w.WriteNull("risk");
            w.WriteStartArray("venueSignatures"); foreach (var x in b.VenueSignatures) w.WriteStringValue(Hex(x)); w.WriteEndArray();
            w.WriteStartArray("outputs");
            foreach (var ou in b.Outputs)
            {
                w.WriteStartObject();
                Int(w, "depositFirst", ou.DepositFirst); Int(w, "depositNext", ou.DepositNext);
                Int(w, "withdrawalFirst", ou.WithdrawalFirst); Int(w, "withdrawalNext", ou.WithdrawalNext);
                w.WriteStartArray("withdrawals");
                foreach (var x in ou.Withdrawals)
                {
                    w.WriteStartObject();
                    Int(w, "withdrawalId", x.WithdrawalId); w.WriteNumber("accountId", x.AccountId); w.WriteNumber("asset", x.Asset); Int(w, "amount", x.Amount);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("flowsOut"); foreach (var f in ou.FlowsOut) Big(w, f); w.WriteEndArray();
                w.WriteStartArray("flowsIn"); foreach (var f in ou.FlowsIn) Big(w, f); w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>
    /// Reads the JSON view strictly, then applies the binary decoder's checks; throws <see cref="BundleFormatException"/>
    /// naming the field on any bad input.
    /// </summary>
    public static SettlementBundle Read(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new BundleFormatException("json", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}"); }
        using (doc)
        {
            if (DuplicateKeys.Find(doc.RootElement) is { } dup) throw new BundleFormatException($"{dup.Path}.{dup.Key}", DuplicateKeys.Describe(dup));
            var root = new Obj(doc.RootElement, "$");
            int version = root.Small("version");
            if (version != SettlementBundle.Version) throw SettlementBundle.UnsupportedVersion(version);
            int v = root.Small("venueCount"), c = root.Small("assetCount"), ni = root.Small("instrumentCount"), nO = root.Small("oracleMembers"), nR = root.Small("riskMembers");
            var st = root.Object("statement");
            var statement = new Statement(st.Field("configHash"), st.U64("epoch"), st.U64("batchIndex"), st.Field("oldRoot"), st.Field("newRoot"),
                st.Field("oracleCommitment"), st.Field("riskCommitment"), st.Array("opsCommitments", (e, p) => Obj.FieldOf(e, p)),
                st.Array("outputsCommitments", (e, p) => Obj.FieldOf(e, p)), st.U64("haltedMask"));
            st.Done();
            if (statement.OpsCommitments.Count != v || statement.OutputsCommitments.Count != v)
                throw new BundleFormatException("statement", $"commitment lists do not have venueCount = {v} entries");
            var proof = root.Bytes("proof");
            OracleTick? oracle = root.Nullable("oracle", o => new OracleTick(o.U64("time"),
                o.Array("signers", (e, p) =>
                {
                    var s = new Obj(e, p);
                    var r = new SignerReports(s.Small("signer"), s.Array("reports", (e2, p2) =>
                    {
                        var q = new Obj(e2, p2);
                        var rep = new OracleReport(q.U16("assetId"), q.U64("price"), q.U64("timestamp"));
                        q.Done();
                        return rep;
                    }));
                    s.Done();
                    return r;
                }), o.Bytes("aggregateSignature")));
            RiskParameters? risk = root.Nullable("risk", o => new RiskParameters(o.U64("epoch"), o.Array("sigmas", (e, p) => Obj.U64Of(e, p)),
                o.Array("instruments", (e, p) =>
                {
                    var q = new Obj(e, p);
                    var x = new InstrumentRisk(q.U64("mark"), q.I64("delta"), q.I64("gamma"));
                    q.Done();
                    return x;
                }), o.Array("signers", (e, p) => Obj.SmallOf(e, p)), o.Bytes("aggregateSignature")));
            var sigs = root.Array("venueSignatures", (e, p) => Obj.BytesOf(e, p));
            var outputs = root.Array("outputs", (e, p) =>
            {
                var q = new Obj(e, p);
                var x = new VenueOutputs(q.U64("depositFirst"), q.U64("depositNext"), q.U64("withdrawalFirst"), q.U64("withdrawalNext"),
                    q.Array("withdrawals", (e2, p2) =>
                    {
                        var t = new Obj(e2, p2);
                        var wd = new WithdrawalOutput(t.U64("withdrawalId"), t.U32("accountId"), t.U16("asset"), t.U64("amount"));
                        t.Done();
                        return wd;
                    }),
                    q.Array("flowsOut", (e2, p2) => Obj.U128Of(e2, p2)), q.Array("flowsIn", (e2, p2) => Obj.U128Of(e2, p2)));
                q.Done();
                return x;
            });
            root.Done();
            if (sigs.Count != v || outputs.Count != v) throw new BundleFormatException("venues", $"venueSignatures and outputs need venueCount = {v} entries");
            foreach (var o in outputs)
                if (o.FlowsOut.Count != v * c || o.FlowsIn.Count != v * c) throw new BundleFormatException("outputs", $"flows need venueCount × assetCount = {v * c} entries");
            var bundle = new SettlementBundle(c, ni, nO, nR, statement, proof, oracle, risk, sigs, outputs);
            // One set of rules: the binary decoder checks everything else (points, ranges, ordering).
            return BundleCodec.Decode(BundleCodec.Encode(bundle));
        }
    }

    private static string Hex(in Fr x) => "0x" + x.ToHex();
    private static string Hex(byte[] b) => "0x" + Convert.ToHexString(b).ToLowerInvariant();

    private static void Int(Utf8JsonWriter w, string name, ulong x)
    {
        if (x <= MaxSafeInteger) w.WriteNumber(name, x); else w.WriteString(name, x.ToString(CultureInfo.InvariantCulture));
    }

    private static void IntValue(Utf8JsonWriter w, ulong x)
    {
        if (x <= MaxSafeInteger) w.WriteNumberValue(x); else w.WriteStringValue(x.ToString(CultureInfo.InvariantCulture));
    }

    private static void SignedInt(Utf8JsonWriter w, string name, long x)
    {
        if (x >= -MaxSafeInteger && x <= MaxSafeInteger) w.WriteNumber(name, x); else w.WriteString(name, x.ToString(CultureInfo.InvariantCulture));
    }

    private static void Big(Utf8JsonWriter w, UInt128 x)
    {
        if (x <= (UInt128)MaxSafeInteger) w.WriteNumberValue((ulong)x); else w.WriteStringValue(x.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A JSON object read property by property; <see cref="Done"/> refuses properties nobody read.</summary>
    private sealed class Obj
    {
        private readonly JsonElement _e;
        private readonly string _path;
        private readonly HashSet<string> _read = [];

        public Obj(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new BundleFormatException(path, "expected an object");
            _e = e; _path = path;
        }

        private JsonElement Get(string name)
        {
            _read.Add(name);
            if (!_e.TryGetProperty(name, out var x)) throw new BundleFormatException($"{_path}.{name}", "missing");
            return x;
        }

        public void Done()
        {
            foreach (var p in _e.EnumerateObject())
                if (!_read.Contains(p.Name)) throw new BundleFormatException($"{_path}.{p.Name}", "unknown property");
        }

        public Obj Object(string name) => new(Get(name), $"{_path}.{name}");
        public T? Nullable<T>(string name, Func<Obj, T> read) where T : class
        {
            var x = Get(name);
            if (x.ValueKind == JsonValueKind.Null) return null;
            var o = new Obj(x, $"{_path}.{name}");
            var r = read(o);
            o.Done();
            return r;
        }

        public List<T> Array<T>(string name, Func<JsonElement, string, T> read)
        {
            var x = Get(name);
            string p = $"{_path}.{name}";
            if (x.ValueKind != JsonValueKind.Array) throw new BundleFormatException(p, "expected an array");
            var list = new List<T>();
            int i = 0;
            foreach (var e in x.EnumerateArray()) list.Add(read(e, $"{p}[{i++}]"));
            return list;
        }

        public int Small(string name) => SmallOf(Get(name), $"{_path}.{name}");
        public ulong U64(string name) => U64Of(Get(name), $"{_path}.{name}");
        // Fields of the binary form's u16 / u32 width: out of range is a format error, not an overflow.
        public ushort U16(string name) => (ushort)Integer(Get(name), $"{_path}.{name}", 0, ushort.MaxValue);
        public uint U32(string name) => (uint)Integer(Get(name), $"{_path}.{name}", 0, uint.MaxValue);
        public long I64(string name) => (long)Integer(Get(name), $"{_path}.{name}", long.MinValue, long.MaxValue);
        public Fr Field(string name) => FieldOf(Get(name), $"{_path}.{name}");
        public byte[] Bytes(string name) => BytesOf(Get(name), $"{_path}.{name}");

        public static int SmallOf(JsonElement e, string p) => (int)Integer(e, p, 0, int.MaxValue);
        public static ulong U64Of(JsonElement e, string p) => (ulong)Integer(e, p, 0, ulong.MaxValue);
        public static UInt128 U128Of(JsonElement e, string p) => (UInt128)Integer(e, p, 0, (BigInteger)UInt128.MaxValue);

        /// <summary>A number when |x| &lt; 2^53, a decimal string otherwise: the one canonical form.</summary>
        private static BigInteger Integer(JsonElement e, string p, BigInteger min, BigInteger max)
        {
            BigInteger x;
            if (e.ValueKind == JsonValueKind.Number)
            {
                if (!e.TryGetInt64(out long l) || e.GetRawText().Contains('.') || e.GetRawText().Contains('e') || e.GetRawText().Contains('E'))
                    throw new BundleFormatException(p, $"{e.GetRawText()} is not an integer");
                x = l;
                if (BigInteger.Abs(x) > MaxSafeInteger) throw new BundleFormatException(p, "integers beyond 2^53 must be decimal strings");
            }
            else if (e.ValueKind == JsonValueKind.String)
            {
                var s = e.GetString()!;
                if (s.Length == 0 || s.Length > 50 || !(s[0] == '-' ? s.Length > 1 && s.Skip(1).All(char.IsAsciiDigit) : s.All(char.IsAsciiDigit)))
                    throw new BundleFormatException(p, $"\"{s}\" is not a decimal integer");
                x = BigInteger.Parse(s, CultureInfo.InvariantCulture);
                if (BigInteger.Abs(x) <= MaxSafeInteger) throw new BundleFormatException(p, "integers below 2^53 must be JSON numbers");
                if (s != x.ToString(CultureInfo.InvariantCulture)) throw new BundleFormatException(p, $"\"{s}\" is not canonical");
            }
            else throw new BundleFormatException(p, "expected an integer");
            if (x < min || x > max) throw new BundleFormatException(p, $"{x} is out of range [{min}, {max}]");
            return x;
        }

        public static byte[] BytesOf(JsonElement e, string p)
        {
            if (e.ValueKind != JsonValueKind.String) throw new BundleFormatException(p, "expected a 0x hex string");
            var s = e.GetString()!;
            if (!s.StartsWith("0x", StringComparison.Ordinal) || s.Length % 2 != 0 || s.Skip(2).Any(ch => !(char.IsAsciiDigit(ch) || (ch >= 'a' && ch <= 'f'))))
                throw new BundleFormatException(p, "expected 0x followed by lowercase hex digits, two per byte");
            return Convert.FromHexString(s.AsSpan(2));
        }

        public static Fr FieldOf(JsonElement e, string p) =>
            Fr.TryParseHex(e.ValueKind == JsonValueKind.String ? e.GetString() : null, out var x, out var error) ? x : throw new BundleFormatException(p, error);
    }
}
