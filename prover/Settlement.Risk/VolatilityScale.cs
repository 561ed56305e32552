namespace Settlement.Risk;

/// <summary>
/// From a daily variance forecast to the deployment's σ and haircut (docs/risk-model.md, "Horizon"). Square-root-of-time
/// both ways: a trading day's σ is annualised with 252 trading days, and the year is then spread over calendar time
/// (365.25 days of 24 h) to give σ per √ms, the convention of docs/spec.md §1.1 (60 %/√year ≈ 3.38·10⁻⁶/√ms). The
/// haircut horizon is τ_v + τ_close: h = z·σ·√(τ_v + τ_close), the rule of §2.1 before its integer rounding.
/// </summary>
public static class VolatilityScale
{
    public const double TradingDaysPerYear = 252, MsPerYear = 365.25 * 86_400_000;
    private const double SigmaScale = Settlement.Circuits.Native.Scales.SigmaScale;

    public static double SigmaPerSqrtMs(double dailyVariance) => Math.Sqrt(dailyVariance * TradingDaysPerYear / MsPerYear);

    /// <summary>σ at SIGMA_SCALE (per √ms, 10¹²), rounded to the nearest integer.</summary>
    public static long Scaled(double dailyVariance) => (long)Math.Round(SigmaPerSqrtMs(dailyVariance) * SigmaScale);

    /// <summary>The daily σ a scaled σ stands for.</summary>
    public static double DailySigma(long scaled) => scaled / SigmaScale * Math.Sqrt(MsPerYear / TradingDaysPerYear);

    /// <summary>Haircut in ppm at confidence multiplier z over <paramref name="horizonMs"/> (no floor, cap or rounding).</summary>
    public static double HaircutPpm(double z, double dailyVariance, double horizonMs) => z * SigmaPerSqrtMs(dailyVariance) * Math.Sqrt(horizonMs) * 1e6;

    public static double AnnualisedPercent(double dailyVariance) => 100 * Math.Sqrt(dailyVariance * TradingDaysPerYear);
}
