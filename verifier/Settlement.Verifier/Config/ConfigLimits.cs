namespace Settlement.Verifier.Config;

/// <summary>
/// The ranges of configuration values (docs/spec.md §7). They are also the circuit's range-check widths, so
/// Settlement.Circuits.Native.Scales takes its bounds from here: one definition for the config, the engine and the circuit.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Parts per million: haircuts, bands, breaker and σ step limits.</summary>
    public const long Ppm = 1_000_000;
    public const int MaxAssetDecimals = 18;
    public const long PriceBound = 1L << 56;
    public const long SigmaBound = 1L << 48;
    public const long TimestampBound = 1L << 48;
    public const long ZBound = 1L << 20;
    public const long MillisecondsBound = 1L << 32;
    public const long ShockBound = 1L << 12;
    public const long WeightBound = 1L << 12;
}
