using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Json;

namespace Settlement.Prover.Service;

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

    public static IReadOnlyList<Operation> Read(string path) => Parse(JsonInput.ReadBytes(path), path);

    /// <summary>Parses a batch file's bytes; errors are <see cref="JsonInputException"/>s naming <paramref name="name"/>.</summary>
    public static IReadOnlyList<Operation> Parse(byte[] utf8, string name = "batch")
    {
        var dto = JsonInput.Parse(name, utf8, b => JsonSerializer.Deserialize<BatchDto>(b, Options), discriminator: "op")
            ?? throw new JsonInputException(name, "$", "the file is 'null', expected an object with \"operations\"");
        return Operations(dto.Operations, name);
    }

    /// <summary>
    /// Parses a venue's submission for the streaming flow (docs/service.md): <c>{"venue": v, "operations": [...],
    /// "signature": "0x…"}</c>, read as strictly as a batch file. Its rules (venue, ops, signature) are
    /// <see cref="Submissions.Check"/>'s.
    /// </summary>
    public static Submission ParseSubmission(byte[] utf8, string name = "submission")
    {
        var dto = JsonInput.Parse(name, utf8, b => JsonSerializer.Deserialize<SubmissionDto>(b, Options), discriminator: "op")
            ?? throw new JsonInputException(name, "$", "the body is 'null', expected an object with \"venue\", \"operations\" and \"signature\"");
        byte[] signature;
        try { signature = ParseBytes(dto.Signature, "signature")!; }
        catch (FieldException e) { throw new JsonInputException(name, "$." + e.Field, e.Problem); }
        return new Submission(dto.Venue, Operations(dto.Operations, name), signature);
    }

    /// <summary>A submission in its wire form (the operations canonical, as <see cref="Write"/>).</summary>
    public static string WriteSubmission(Submission s) =>
        JsonSerializer.Serialize(new SubmissionDto(s.Venue, [.. s.Operations.Select(OpDto.From)], BytesHex(s.Signature)!), Options);

    private static List<Operation> Operations(OpDto[] dtos, string name)
    {
        var ops = new List<Operation>(dtos.Length);
        for (int k = 0; k < dtos.Length; k++)
        {
            try { ops.Add(dtos[k].ToOperation()); }
            catch (FieldException e) { throw new JsonInputException(name, $"$.operations[{k}].{e.Field}", e.Problem); }
        }
        return ops;
    }

    /// <summary>
    /// The canonical form of a batch's operations (fixed property order, lowercase hex, indented): what the store keeps
    /// and what its repeat key hashes, so that a reformatted copy of a batch file is the same batch.
    /// </summary>
    public static string Write(IReadOnlyList<Operation> ops) => JsonSerializer.Serialize(new BatchDto([.. ops.Select(OpDto.From)]), Options);

    private static Fr ParseField(string s, string field)
    {
        if (!s.StartsWith("0x", StringComparison.Ordinal) || s.Length > 66 || s.Length < 3)
            throw new FieldException(field, $"expected a 0x-prefixed hex field element, got \"{s}\"");
        if (!BigInteger.TryParse("0" + s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
            throw new FieldException(field, $"\"{s}\" is not hex");
        if (v >= Fr.Modulus) throw new FieldException(field, $"{s} is not below the field modulus");
        return Fr.FromBigInteger(v);
    }

    private static byte[]? ParseBytes(string? s, string field)
    {
        if (s is null) return null;
        if (!s.StartsWith("0x", StringComparison.Ordinal)) throw new FieldException(field, "expected 0x-prefixed hex");
        try { return Convert.FromHexString(s[2..]); }
        catch (FormatException) { throw new FieldException(field, $"\"{s}\" is not hex (two digits per byte)"); }
    }

    private static string FieldHex(in Fr x) => "0x" + x.ToHex();
    private static string? BytesHex(byte[]? b) => b is null ? null : "0x" + Convert.ToHexString(b).ToLowerInvariant();

    private sealed class FieldException(string field, string problem) : Exception(problem)
    {
        public string Field { get; } = field;
        public string Problem { get; } = problem;
    }

    private sealed record BatchDto(OpDto[] Operations);
    private sealed record SubmissionDto(int Venue, OpDto[] Operations, string Signature);

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
    private sealed record PriceTickDto(long Time, ReportDto[] Reports, string? AggregateSignature = null) : OpDto
    {
        public override Operation ToOperation() => new PriceTick(Time, [.. Reports.Select(r => new PriceReport(r.Asset, r.Signer, r.Price, r.Timestamp))],
            ParseBytes(AggregateSignature, "aggregateSignature"));
    }
    private sealed record InstrumentRiskDto(ulong Mark, long Delta, long Gamma);
    private sealed record RiskUpdateDto(long Epoch, long[] Sigmas, InstrumentRiskDto[] Instruments, int[]? Signers = null, string? AggregateSignature = null) : OpDto
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
