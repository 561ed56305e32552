using System.Numerics;
using Settlement.Verifier.Config;

namespace Settlement.Circuits.Native;

/// <summary>
/// The fixed-point scales and bit widths of docs/spec.md §1.1, in one place for the engine and the circuits (here,
/// below both, so the circuit reads the same constants the engine computes with). The configuration ranges come from
/// the verifier library's ConfigLimits, which loads config.json.
/// A value "at scale S" is the integer round(real · S).
/// </summary>
public static class Scales
{
    /// <summary>One value unit (VU) is 10⁻⁸ of the quote currency; prices S_c are VU per whole asset unit.</summary>
    public const long PriceScale = 100_000_000;
    /// <summary>Position quantities count 10⁻⁸ contracts.</summary>
    public const long QtyScale = 100_000_000;
    /// <summary>Haircuts, bands, breaker β and σ step limits are parts per million.</summary>
    public const long Ppm = ConfigLimits.Ppm;
    public const long ZScale = 10_000;
    /// <summary>σ is per √millisecond at scale 10¹².</summary>
    public const long SigmaScale = 1_000_000_000_000;
    public const long DeltaScale = 100_000_000;
    /// <summary>Γ is per VU of underlying price at scale 10²⁰.</summary>
    public static readonly BigInteger GammaScale = BigInteger.Pow(10, 20);
    /// <summary>Grid shocks u_k are in 1/60 (±1/3 = ±20); weights w_k in 1/100.</summary>
    public const long ShockScale = 60;
    public const long WeightScale = 100;
    /// <summary>KSCALE = W_SCALE · U_SCALE²: scenario sums X_{u,k} are in VU · KSCALE.</summary>
    public const long ScenarioScale = WeightScale * ShockScale * ShockScale;
    /// <summary>τ in ms is multiplied by 10⁶ before the square root, so t_v has three decimals of √ms.</summary>
    public const long TimeRootInputScale = 1_000_000;
    public const int MaxAssetDecimals = ConfigLimits.MaxAssetDecimals;

    /// <summary>h = ceil(z·σ·t / 10¹³) in PPM (10¹³ = Z·SIGMA·10³ / PPM).</summary>
    public static readonly BigInteger HaircutDivisor = BigInteger.Pow(10, 13);
    /// <summary>R = ceil(z·σ·S·t / 10¹⁹) in VU (10¹⁹ = Z·SIGMA·10³).</summary>
    public static readonly BigInteger RangeDivisor = BigInteger.Pow(10, 19);
    /// <summary>TV = floor(N / 10²⁶), N's collateral terms at 10^(20−d_c)·PPM, position terms at 10¹²·PPM.</summary>
    public static readonly BigInteger ValueDivisor = BigInteger.Pow(10, 26);
    public const int CollateralExponent = 20;
    public static readonly BigInteger PositionValueFactor = BigInteger.Pow(10, 12) * Ppm;
    /// <summary>D = ND / 10¹⁶ (qty scale · Δ scale).</summary>
    public static readonly BigInteger DeltaDivisor = BigInteger.Pow(10, 16);
    /// <summary>G = floor(NG / (2·10²⁸)) (½ · qty scale · Γ scale).</summary>
    public static readonly BigInteger GammaDivisor = 2 * BigInteger.Pow(10, 28);

    public const int ValueBits = 80;
    public static readonly BigInteger ValueBound = BigInteger.One << ValueBits;
    public static readonly BigInteger RangeBound = BigInteger.One << 64;
    /// <summary>An op's amount or qty is in [1, 2⁶³); a report's price in [1, 2⁵⁶). Exclusive bounds, one definition for engine and circuit.</summary>
    public const int AmountBits = 63;
    public const int PriceBits = 56;
    public const long PriceBound = ConfigLimits.PriceBound;
    public const long MarkBound = 1L << 56;
    public const long GreekBound = 1L << 48;
    public const long SigmaBound = ConfigLimits.SigmaBound;
    public const long TimestampBound = ConfigLimits.TimestampBound;
    public const long NonceBound = 1L << 48;
    public const long SequenceBound = 1L << 48;
    public static readonly Int128 TotalBound = Int128.One << 100;
    public const long ZBound = ConfigLimits.ZBound;
    public const long MillisecondsBound = ConfigLimits.MillisecondsBound;
    public const long ShockBound = ConfigLimits.ShockBound;
    public const long WeightBound = ConfigLimits.WeightBound;
}
