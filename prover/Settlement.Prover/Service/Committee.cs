using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Service;

/// <summary>
/// The committees' side of docs/spec.md §6, one member at a time: an oracle member signs its own price reports, a risk
/// member signs the risk parameters, and whoever assembles the batch aggregates a quorum of them into the batch's price
/// tick or risk update. Every signature is checked against the member's key in the configuration before it is
/// aggregated, so a bad one is named here rather than surfacing as <c>ReportNotAuthentic</c> at proving time.
/// </summary>
public static class Committee
{
    /// <summary>One oracle member's reports (at most one per asset, by asset) and its signature over them.</summary>
    public sealed record SignedReports(int Member, IReadOnlyList<PriceReport> Reports, byte[] Signature);

    /// <summary>One risk member's signature over the risk parameters of <paramref name="Epoch"/> (their commitment).</summary>
    public sealed record RiskSignature(int Member, long Epoch, Fr RiskCommitment, byte[] Signature);

    /// <summary>A quote before signing: the member's price for an asset, observed at <paramref name="Timestamp"/> (ms).</summary>
    public readonly record struct Quote(int Asset, long Price, long Timestamp);

    public static SignedReports SignReports(SettlementConfig config, int member, SecretKey key, IEnumerable<Quote> quotes)
    {
        RequireMemberKey(config.Oracle.Members, "oracle", member, key);
        var reports = new List<PriceReport>();
        foreach (var q in quotes.OrderBy(q => q.Asset))
        {
            if (q.Asset < 0 || q.Asset >= config.C) throw new CommitteeException($"asset {q.Asset}: the deployment has assets 0..{config.C - 1}");
            if (reports.Count > 0 && reports[^1].Asset == q.Asset) throw new CommitteeException($"asset {q.Asset} is quoted twice");
            if (q.Price < 1 || q.Price >= ConfigLimits.PriceBound) throw new CommitteeException($"asset {q.Asset}: price {q.Price} is not in [1, 2^56)");
            if (q.Timestamp < 0) throw new CommitteeException($"asset {q.Asset}: timestamp {q.Timestamp} is negative");
            reports.Add(new PriceReport(q.Asset, member, q.Price, q.Timestamp));
        }
        if (reports.Count == 0) throw new CommitteeException("no quotes to sign");
        return new SignedReports(member, reports, PopScheme.Sign(key, ReportsMessage(config.Hash(), member, reports)).ToBytes());
    }

    /// <summary>
    /// The price tick at <paramref name="time"/> from members' signed reports: each member at most once, each signature
    /// valid for that member's key, every report fresh at <paramref name="time"/>, and every reported asset with a quorum.
    /// </summary>
    public static PriceTick AggregateReports(SettlementConfig config, long time, IEnumerable<SignedReports> members)
    {
        var configHash = config.Hash();
        var seen = new SortedDictionary<int, SignedReports>();
        foreach (var m in members)
        {
            if (m.Member < 0 || m.Member >= config.Oracle.Members.Count) throw new CommitteeException($"oracle member {m.Member}: the committee has members 0..{config.Oracle.Members.Count - 1}");
            if (!seen.TryAdd(m.Member, m)) throw new CommitteeException($"oracle member {m.Member} signed twice");
            if (m.Reports.Any(r => r.Signer != m.Member)) throw new CommitteeException($"oracle member {m.Member}: a report names another signer");
            if (!Signature.TryFromBytes(m.Signature, out var sig, out _) ||
                !PopScheme.Verify(PublicKey.FromBytes(config.Oracle.Members[m.Member].PublicKey), ReportsMessage(configHash, m.Member, m.Reports), sig))
                throw new CommitteeException($"oracle member {m.Member}: the signature does not verify for its key over its reports");
            long earliest = Math.Max(0, time - config.FreshnessWindowMs);
            foreach (var r in m.Reports)
                if (r.Timestamp < earliest || r.Timestamp > time)
                    throw new CommitteeException($"oracle member {m.Member}, asset {r.Asset}: timestamp {r.Timestamp} is outside [{earliest}, {time}] (freshness window {config.FreshnessWindowMs} ms)");
        }
        var reports = seen.Values.SelectMany(m => m.Reports).OrderBy(r => r.Asset).ThenBy(r => r.Signer).ToList();
        foreach (var g in reports.GroupBy(r => r.Asset))
            if (g.Count() < config.Oracle.Quorum)
                throw new CommitteeException($"asset {g.Key} has {g.Count()} report(s); the oracle quorum is {config.Oracle.Quorum}");
        if (reports.Count == 0) throw new CommitteeException("no signed reports");
        var aggregate = PopScheme.Aggregate([.. seen.Values.Select(m => Signature.FromBytes(m.Signature))]);
        return new PriceTick(time, reports, aggregate.ToBytes());
    }

    public static RiskSignature SignRisk(SettlementConfig config, int member, SecretKey key, RiskUpdate update)
    {
        RequireMemberKey(config.RiskCommittee.Members, "risk committee", member, key);
        var commitment = RiskCommitment(update);
        return new RiskSignature(member, update.Epoch, commitment, PopScheme.Sign(key, RiskParameters.Message(config.Hash(), (ulong)update.Epoch, commitment)).ToBytes());
    }

    /// <summary>The update signed by a quorum: each signature for these parameters, from a distinct member, valid for its key.</summary>
    public static RiskUpdate AggregateRisk(SettlementConfig config, RiskUpdate update, IEnumerable<RiskSignature> signatures)
    {
        var commitment = RiskCommitment(update);
        var message = RiskParameters.Message(config.Hash(), (ulong)update.Epoch, commitment);
        var seen = new SortedDictionary<int, Signature>();
        foreach (var s in signatures)
        {
            if (s.Member < 0 || s.Member >= config.RiskCommittee.Members.Count) throw new CommitteeException($"risk member {s.Member}: the committee has members 0..{config.RiskCommittee.Members.Count - 1}");
            if (s.Epoch != update.Epoch || s.RiskCommitment != commitment)
                throw new CommitteeException($"risk member {s.Member} signed other parameters (epoch {s.Epoch}) than this update (epoch {update.Epoch})");
            if (!Signature.TryFromBytes(s.Signature, out var sig, out _) || !PopScheme.Verify(PublicKey.FromBytes(config.RiskCommittee.Members[s.Member].PublicKey), message, sig))
                throw new CommitteeException($"risk member {s.Member}: the signature does not verify for its key over this update");
            if (!seen.TryAdd(s.Member, sig)) throw new CommitteeException($"risk member {s.Member} signed twice");
        }
        if (seen.Count < config.RiskCommittee.Quorum)
            throw new CommitteeException($"{seen.Count} risk signature(s); the risk committee's quorum is {config.RiskCommittee.Quorum}");
        return update with { Signers = [.. seen.Keys], AggregateSignature = PopScheme.Aggregate([.. seen.Values]).ToBytes() };
    }

    /// <summary>Puts <paramref name="op"/> (a price tick or risk update) into a batch, replacing one of its kind, tick first, then risk.</summary>
    public static IReadOnlyList<Operation> Into(IReadOnlyList<Operation> batch, Operation op)
    {
        var rest = batch.Where(o => o.GetType() != op.GetType()).ToList();
        int at = op is PriceTick ? 0 : rest.TakeWhile(o => o is PriceTick).Count();
        rest.Insert(at, op);
        return rest;
    }

    private static Fr RiskCommitment(RiskUpdate update)
    {
        if (update.Epoch < 1 || update.Sigmas.Any(s => s < 0)) throw new CommitteeException($"epoch {update.Epoch} and volatilities must be positive and non-negative");
        return Commitments.Risk(update);
    }

    private static byte[] ReportsMessage(in Fr configHash, int member, IReadOnlyList<PriceReport> reports) =>
        OracleTick.Message(configHash, member, [.. reports.Select(r => new OracleReport((ushort)r.Asset, (ulong)r.Price, (ulong)r.Timestamp))]);

    private static void RequireMemberKey(IReadOnlyList<RegisteredKey> members, string committee, int member, SecretKey key)
    {
        if (member < 0 || member >= members.Count) throw new CommitteeException($"{committee} member {member}: the committee has members 0..{members.Count - 1}");
        if (!PopScheme.SkToPk(key).ToBytes().AsSpan().SequenceEqual(members[member].PublicKey))
            throw new CommitteeException($"the key is not {committee} member {member}'s: its public key differs from config.json's");
    }
}

/// <summary>A committee input that cannot be signed or aggregated; the message names the member, asset or rule.</summary>
public sealed class CommitteeException(string message) : Exception(message);

/// <summary>
/// The committee tools' files (docs/batch-format.md, "Signing a batch"): quotes to sign (JSON or CSV), one member's
/// signed reports, one risk member's signature, and a member's secret key. Errors are <see cref="JsonInputException"/>s
/// naming the file, line and field.
/// </summary>
public static class CommitteeFiles
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true, WriteIndented = true,
    };

    private sealed record QuoteDto(int Asset, long Price, long Timestamp);
    private sealed record QuotesDto(QuoteDto[] Quotes);
    private sealed record SignedReportsDto(int Member, QuoteDto[] Reports, string Signature);
    private sealed record RiskSignatureDto(int Member, long Epoch, string RiskCommitment, string Signature);

    /// <summary>Quotes from <c>{"quotes": [{"asset", "price", "timestamp"}]}</c>, or from a CSV with the header <c>asset,price,timestamp</c>.</summary>
    public static IReadOnlyList<Committee.Quote> ReadQuotes(string path)
    {
        var bytes = JsonInput.ReadBytes(path);
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            return [.. JsonInput.Parse(path, bytes, b => JsonSerializer.Deserialize<QuotesDto>(b, Options))!.Quotes.Select(q => new Committee.Quote(q.Asset, q.Price, q.Timestamp))];
        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        if (lines.Length == 0 || lines[0].Replace(" ", "") != "asset,price,timestamp")
            throw new JsonInputException(path, "", "the first line must be the header asset,price,timestamp", 1);
        var quotes = new List<Committee.Quote>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var cells = lines[i].Split(',');
            if (cells.Length != 3) throw new JsonInputException(path, "", $"expected 3 cells (asset,price,timestamp), got {cells.Length}", i + 1);
            long Cell(int c, string name) => long.TryParse(cells[c].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v)
                ? v : throw new JsonInputException(path, "", $"column {c + 1} ({name}): \"{cells[c].Trim()}\" is not an integer", i + 1);
            long asset = Cell(0, "asset");
            if (asset is < 0 or > int.MaxValue) throw new JsonInputException(path, "", $"column 1 (asset): {asset} is not an asset index", i + 1);
            quotes.Add(new Committee.Quote((int)asset, Cell(1, "price"), Cell(2, "timestamp")));
        }
        return quotes;
    }

    public static void Write(string path, Committee.SignedReports s) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(
        new SignedReportsDto(s.Member, [.. s.Reports.Select(r => new QuoteDto(r.Asset, r.Price, r.Timestamp))], Hex(s.Signature)), Options));

    public static Committee.SignedReports ReadSignedReports(string path)
    {
        var d = JsonInput.Load(path, b => JsonSerializer.Deserialize<SignedReportsDto>(b, Options))!;
        return new Committee.SignedReports(d.Member, [.. d.Reports.Select(r => new PriceReport(r.Asset, d.Member, r.Price, r.Timestamp))], Bytes(path, "$.signature", d.Signature));
    }

    public static void Write(string path, Committee.RiskSignature s) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(
        new RiskSignatureDto(s.Member, s.Epoch, "0x" + s.RiskCommitment.ToHex(), Hex(s.Signature)), Options));

    public static Committee.RiskSignature ReadRiskSignature(string path)
    {
        var d = JsonInput.Load(path, b => JsonSerializer.Deserialize<RiskSignatureDto>(b, Options))!;
        var c = Bytes(path, "$.riskCommitment", d.RiskCommitment);
        if (c.Length != 32 || !Fr.TryFromBytesBE(c, out var commitment)) throw new JsonInputException(path, "$.riskCommitment", "expected 32 bytes, a canonical field element");
        return new Committee.RiskSignature(d.Member, d.Epoch, commitment, Bytes(path, "$.signature", d.Signature));
    }

    /// <summary>A member's secret key: a file holding its 32 bytes as hex (I2OSP, as KeyGen writes it).</summary>
    public static SecretKey ReadSecretKey(string path)
    {
        var text = Encoding.UTF8.GetString(JsonInput.ReadBytes(path)).Trim();
        var hex = text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text;
        if (hex.Length != 2 * SecretKey.ByteLength || !hex.All(Uri.IsHexDigit))
            throw new JsonInputException(path, "", $"expected a secret key: {SecretKey.ByteLength} bytes as hex");
        if (!SecretKey.TryFromBytes(Convert.FromHexString(hex), out var key, out var error))
            throw new JsonInputException(path, "", $"not a secret key ({error}): it must be in [1, r)");
        return key;
    }

    private static string Hex(byte[] b) => "0x" + Convert.ToHexStringLower(b);

    private static byte[] Bytes(string file, string field, string hex)
    {
        if (!hex.StartsWith("0x", StringComparison.Ordinal)) throw new JsonInputException(file, field, "expected 0x-prefixed hex");
        try { return Convert.FromHexString(hex.AsSpan(2)); }
        catch (FormatException) { throw new JsonInputException(file, field, $"\"{hex}\" is not hex"); }
    }
}
