using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Engine;

/// <summary>One operation of a batch (SPEC §4, docs/spec.md §4). Amounts in settlement units, quantities in 10⁻⁸ contracts.</summary>
public abstract record Operation
{
    public abstract string Kind { get; }

    /// <summary>
    /// The venue that submits an account op, whose ops chain (§5.2) takes it and whose signature a submission carries
    /// (docs/spec.md §4 "submitted by"); null for a price tick or a risk update.
    /// </summary>
    public virtual int? SubmittedBy => null;
}

/// <summary>Credits an account; <c>Salt</c> is non-zero exactly when the deposit creates the account.</summary>
public sealed record Deposit(int Venue, ulong Account, long Nonce, int Asset, long Amount, long DepositId, Fr Salt) : Operation
{
    public override string Kind => "Deposit";
    public override int? SubmittedBy => Venue;
}

public sealed record Withdraw(int Venue, ulong Account, long Nonce, int Asset, long Amount, long WithdrawalId) : Operation
{
    public override string Kind => "Withdraw";
    public override int? SubmittedBy => Venue;
}

public sealed record Transfer(ulong Account, long Nonce, int Asset, int FromVenue, int ToVenue, long Amount) : Operation
{
    public override string Kind => "Transfer";
    public override int? SubmittedBy => FromVenue;
}

/// <summary>Delivery versus payment: <c>Price</c> in quote-asset settlement units per contract, fees in the quote asset.</summary>
public sealed record Trade(int Venue, int Instrument, ulong Buyer, long BuyerNonce, ulong Seller, long SellerNonce,
    long Qty, long Price, long BuyerFee, long SellerFee) : Operation
{
    public override string Kind => "Trade";
    public override int? SubmittedBy => Venue;
}

public sealed record Liquidate(int Venue, int Instrument, ulong Account, long Nonce, ulong Liquidator, long LiquidatorNonce,
    long Qty, long Price) : Operation
{
    public override string Kind => "Liquidate";
    public override int? SubmittedBy => Venue;
}

/// <summary>A price report (assetId, price in VU per whole unit, timestamp in ms) by committee member <c>Signer</c>.</summary>
public readonly record struct PriceReport(int Asset, int Signer, long Price, long Timestamp);

/// <summary>
/// Oracle reports for the batch time <c>Time</c>, sorted strictly by (asset, signer), with the aggregate BLS signature
/// of the reporting members over their messages (docs/spec.md §6); the engine checks it through <see cref="IReportAuthenticator"/>.
/// </summary>
public sealed record PriceTick(long Time, IReadOnlyList<PriceReport> Reports, byte[]? AggregateSignature = null) : Operation
{
    public override string Kind => "PriceTick";
}

/// <summary>
/// The risk committee's parameters for epoch <c>Epoch</c>: σ per asset, mark (VU per contract) and Greeks per
/// instrument, with the signing members (increasing) and their aggregate signature.
/// </summary>
public sealed record RiskUpdate(long Epoch, IReadOnlyList<long> Sigmas, IReadOnlyList<InstrumentRisk> Instruments,
    IReadOnlyList<int>? Signers = null, byte[]? AggregateSignature = null) : Operation
{
    public override string Kind => "RiskUpdate";
}

/// <summary>Signature checking of the signed external inputs, plugged in by the prover service (docs/spec.md §6).</summary>
public interface IReportAuthenticator
{
    /// <summary>Whether every signer's reports in the tick carry a valid signature; on false, <paramref name="reason"/> says which.</summary>
    bool VerifyPriceTick(PriceTick tick, out string reason);
    /// <summary>Whether the parameters carry a valid quorum signature of the risk committee.</summary>
    bool VerifyRiskUpdate(RiskUpdate update, out string reason);
}
