namespace Settlement.Verifier.Config;

/// <summary>
/// The ranges of configuration values (docs/spec.md §7). They are also the circuit's range-check widths, so
/// Settlement.Circuits.Native.Scales takes its bounds from here: one definition for the config, the engine and the circuit.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Parts per million: haircuts, bands, breaker and σ step limits.</summary>
    public const long Ppm = 1_000_000;
    /// <summary>Largest settlement decimals of an asset (amounts count 10^−decimals units).</summary>
    public const int MaxAssetDecimals = 18;
    /// <summary>Exclusive bound of prices in VU per whole unit, and of option strikes: 2⁵⁶.</summary>
    public const long PriceBound = 1L << 56;
    /// <summary>Exclusive bound of σ (per √ms at 10¹²) and of the assets' σ caps: 2⁴⁸.</summary>
    public const long SigmaBound = 1L << 48;
    /// <summary>Exclusive bound of timestamps and option expiries, in ms since the Unix epoch: 2⁴⁸.</summary>
    public const long TimestampBound = 1L << 48;
    /// <summary>Exclusive bound of the confidence multipliers z_IM, z_MM (at 10⁴): 2²⁰.</summary>
    public const long ZBound = 1L << 20;
    /// <summary>
    /// Exclusive bound of durations in ms (latency, close-out, freshness window) and of the ppm step, breaker and band
    /// limits: 2³².
    /// </summary>
    public const long MillisecondsBound = 1L << 32;
    /// <summary>Exclusive bound of |shock| of a grid point (in 1/60 of the range): 2¹².</summary>
    public const long ShockBound = 1L << 12;
    /// <summary>Exclusive bound of a grid point's weight (in 1/100): 2¹².</summary>
    public const long WeightBound = 1L << 12;
}
