namespace Settlement.Risk;

/// <summary>
/// Black–Scholes with zero rates and no dividends (a contract settles in the quote currency at expiry; the deployment's
/// margin horizon is minutes, where the carry is negligible): price, Δ and Γ in real numbers, with
/// d₁ = (ln(S/K) + v²/2)/v, d₂ = d₁ − v, v = σ√τ the total volatility to expiry.
/// </summary>
public static class BlackScholes
{
    public readonly record struct Value(double Price, double Delta, double Gamma);

    /// <summary>A call (or put) on one unit at spot S, strike K and total volatility v = σ√τ; at v = 0 the intrinsic value.</summary>
    public static Value Option(bool call, double spot, double strike, double totalVolatility)
    {
        if (!(spot > 0) || !(strike > 0) || !(totalVolatility >= 0)) throw new ArgumentOutOfRangeException(nameof(spot), $"S = {spot}, K = {strike}, σ√τ = {totalVolatility}");
        if (totalVolatility == 0)
            return call ? new Value(Math.Max(spot - strike, 0), spot > strike ? 1 : 0, 0) : new Value(Math.Max(strike - spot, 0), spot < strike ? -1 : 0, 0);
        double d1 = (Math.Log(spot / strike) + totalVolatility * totalVolatility / 2) / totalVolatility, d2 = d1 - totalVolatility;
        double gamma = Statistics.NormalPdf(d1) / (spot * totalVolatility);
        return call
            ? new Value(spot * Statistics.NormalCdf(d1) - strike * Statistics.NormalCdf(d2), Statistics.NormalCdf(d1), gamma)
            : new Value(strike * Statistics.NormalCdf(-d2) - spot * Statistics.NormalCdf(-d1), Statistics.NormalCdf(d1) - 1, gamma);
    }
}
