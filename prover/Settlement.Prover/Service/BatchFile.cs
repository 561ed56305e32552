using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Json;

namespace Settlement.Prover.Service;

/// <summary>A batch file that cannot be read: the line (1-based, 0 when unknown), the JSON path and what was wrong.</summary>
public sealed class BatchFileException(string file, long line, string field, string problem)
    : Exception($"{file}:{(line > 0 ? line.ToString(CultureInfo.InvariantCulture) : "?")}: {field}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>
/// The batch file of docs/batch-format.md: <c>{"operations": [ {"op": "priceTick", …}, {"op": "deposit", …}, … ]}</c>.
/// Reading is strict (unknown, duplicated or missing fields and wrong types are errors naming line and path); the rules of the
/// operations themselves are the engine's (it names the op index and the rule).
/// </summary>
public static class BatchFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>SHA-256 of the file bytes, lowercase hex: the store's idempotency key.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    public static IReadOnlyList<Operation> Read(string path)
    {
        byte[] bytes;
        try { bytes = System.IO.File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BatchFileException(path, 0, "$", e.Message); }
        return Parse(bytes, path);
    }

    public static IReadOnlyList<Operation> Parse(byte[] utf8, string name = "batch")
    {
        BatchDto? dto;
        try
        {
            // The serializer keeps the last of two equal keys ("venue": 1, "venue": 2 would deposit at venue 2).
            using (var doc = JsonDocument.Parse(utf8))
                if (DuplicateKeys.Find(doc.RootElement) is { } dup)
                    throw new BatchFileException(name, 0, $"{dup.Path}.{dup.Key}", DuplicateKeys.Describe(dup));
            dto = JsonSerializer.Deserialize<BatchDto>(utf8, Options);
        }
        catch (JsonException e)
        {
            // System.Text.Json's LineNumber is 0-based; its message repeats path and line, keep only the first sentence.
            string msg = e.Message.Split(" Path:")[0];
            throw new BatchFileException(name, (e.LineNumber ?? -1) + 1, e.Path ?? "$", msg);
        }
        catch (NotSupportedException e)
        {
            // The serializer reports an object without its "op" discriminator this way; its message carries the
            // position as "Path: … | LineNumber: n |".
            var at = System.Text.RegularExpressions.Regex.Match(e.Message, @"Path: (\S+) \| LineNumber: (\d+)");
            throw new BatchFileException(name, at.Success ? long.Parse(at.Groups[2].Value, CultureInfo.InvariantCulture) + 1 : 0,
                at.Success ? at.Groups[1].Value : "$.operations",
                "the operation has no \"op\" field (one of priceTick, riskUpdate, deposit, withdraw, transfer, trade, liquidate)");
        }
        if (dto is null) throw new BatchFileException(name, 1, "$", "the file is 'null', expected an object with \"operations\"");
        var ops = new List<Operation>(dto.Operations.Length);
        for (int k = 0; k < dto.Operations.Length; k++)
        {
            string at = $"$.operations[{k}]";
            try { ops.Add(dto.Operations[k].ToOperation()); }
            catch (FormatException e) { throw new BatchFileException(name, 0, at, e.Message); }
        }
        return ops;
    }

    public static string Write(IReadOnlyList<Operation> ops) => JsonSerializer.Serialize(new BatchDto([.. ops.Select(OpDto.From)]), Options);

    private static Fr ParseField(string s, string field)
    {
        if (!s.StartsWith("0x", StringComparison.Ordinal) || s.Length > 66 || s.Length < 3)
            throw new FormatException($"{field}: expected a 0x-prefixed hex field element, got \"{s}\"");
        var v = BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (v >= Fr.Modulus) throw new FormatException($"{field}: {s} is not below the field modulus");
        return Fr.FromBigInteger(v);
    }

    private static byte[]? ParseBytes(string? s, string field)
    {
        if (s is null) return null;
        if (!s.StartsWith("0x", StringComparison.Ordinal)) throw new FormatException($"{field}: expected 0x-prefixed hex");
        try { return Convert.FromHexString(s[2..]); }
        catch (FormatException) { throw new FormatException($"{field}: \"{s}\" is not hex"); }
    }

    private static string FieldHex(in Fr x) => "0x" + Convert.ToHexString(x.ToBytesBE()).ToLowerInvariant();
    private static string? BytesHex(byte[]? b) => b is null ? null : "0x" + Convert.ToHexString(b).ToLowerInvariant();

    private sealed record BatchDto(OpDto[] Operations);

    [JsonPolymorphic(TypeDiscriminatorPropertyName = "op", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
    [JsonDerivedType(typeof(PriceTickDto), "priceTick")]
    [JsonDerivedType(typeof(RiskUpdateDto), "riskUpdate")]
    [JsonDerivedType(typeof(DepositDto), "deposit")]
    [JsonDerivedType(typeof(WithdrawDto), "withdraw")]
    [JsonDerivedType(typeof(TransferDto), "transfer")]
    [JsonDerivedType(typeof(TradeDto), "trade")]
    [JsonDerivedType(typeof(LiquidateDto), "liquidate")]
    private abstract record OpDto
    {
        public abstract Operation ToOperation();

        public static OpDto From(Operation op) => op switch
        {
            PriceTick t => new PriceTickDto(t.Time, [.. t.Reports.Select(r => new ReportDto(r.Asset, r.Signer, r.Price, r.Timestamp))], BytesHex(t.AggregateSignature)),
            RiskUpdate u => new RiskUpdateDto(u.Epoch, [.. u.Sigmas], [.. u.Instruments.Select(i => new InstrumentRiskDto(i.Mark, i.Delta, i.Gamma))],
                u.Signers is null ? null : [.. u.Signers], BytesHex(u.AggregateSignature)),
            Deposit d => new DepositDto(d.Venue, d.Account, d.Nonce, d.Asset, d.Amount, d.DepositId, FieldHex(d.Salt)),
            Withdraw w => new WithdrawDto(w.Venue, w.Account, w.Nonce, w.Asset, w.Amount, w.WithdrawalId),
            Transfer t => new TransferDto(t.Account, t.Nonce, t.Asset, t.FromVenue, t.ToVenue, t.Amount),
            Trade t => new TradeDto(t.Venue, t.Instrument, t.Buyer, t.BuyerNonce, t.Seller, t.SellerNonce, t.Qty, t.Price, t.BuyerFee, t.SellerFee),
            Liquidate l => new LiquidateDto(l.Venue, l.Instrument, l.Account, l.Nonce, l.Liquidator, l.LiquidatorNonce, l.Qty, l.Price),
            _ => throw new ArgumentException($"no batch-file form for {op.Kind}"),
        };
    }

    private sealed record ReportDto(int Asset, int Signer, long Price, long Timestamp);
    private sealed record PriceTickDto(long Time, ReportDto[] Reports, string? AggregateSignature) : OpDto
    {
        public override Operation ToOperation() => new PriceTick(Time, [.. Reports.Select(r => new PriceReport(r.Asset, r.Signer, r.Price, r.Timestamp))],
            ParseBytes(AggregateSignature, "aggregateSignature"));
    }
    private sealed record InstrumentRiskDto(ulong Mark, long Delta, long Gamma);
    private sealed record RiskUpdateDto(long Epoch, long[] Sigmas, InstrumentRiskDto[] Instruments, int[]? Signers, string? AggregateSignature) : OpDto
    {
        public override Operation ToOperation() => new RiskUpdate(Epoch, Sigmas, [.. Instruments.Select(i => new InstrumentRisk(i.Mark, i.Delta, i.Gamma))],
            Signers, ParseBytes(AggregateSignature, "aggregateSignature"));
    }
    private sealed record DepositDto(int Venue, ulong Account, long Nonce, int Asset, long Amount, long DepositId, string Salt) : OpDto
    {
        public override Operation ToOperation() => new Deposit(Venue, Account, Nonce, Asset, Amount, DepositId, ParseField(Salt, "salt"));
    }
    private sealed record WithdrawDto(int Venue, ulong Account, long Nonce, int Asset, long Amount, long WithdrawalId) : OpDto
    {
        public override Operation ToOperation() => new Withdraw(Venue, Account, Nonce, Asset, Amount, WithdrawalId);
    }
    private sealed record TransferDto(ulong Account, long Nonce, int Asset, int FromVenue, int ToVenue, long Amount) : OpDto
    {
        public override Operation ToOperation() => new Transfer(Account, Nonce, Asset, FromVenue, ToVenue, Amount);
    }
    private sealed record TradeDto(int Venue, int Instrument, ulong Buyer, long BuyerNonce, ulong Seller, long SellerNonce, long Qty, long Price,
        long BuyerFee, long SellerFee) : OpDto
    {
        public override Operation ToOperation() => new Trade(Venue, Instrument, Buyer, BuyerNonce, Seller, SellerNonce, Qty, Price, BuyerFee, SellerFee);
    }
    private sealed record LiquidateDto(int Venue, int Instrument, ulong Account, long Nonce, ulong Liquidator, long LiquidatorNonce, long Qty, long Price) : OpDto
    {
        public override Operation ToOperation() => new Liquidate(Venue, Instrument, Account, Nonce, Liquidator, LiquidatorNonce, Qty, Price);
    }
}
