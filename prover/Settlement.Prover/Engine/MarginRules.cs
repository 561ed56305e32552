using System.Globalization;
using System.Numerics;
using Settlement.Circuits.Native;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Engine;

public enum MarginLevel { Initial, Maintenance }

/// <summary>
/// The per-batch margin parameters (docs/spec.md §2.1): √time t_v per venue, haircuts h_{c,v} and ranges R_{u,v} per
/// level, and a snapshot of the prices and risk parameters they were computed from. Computed once per batch.
/// </summary>
public sealed class BatchParameters
{
    public SettlementConfig Config { get; }
    /// <summary>t_v = csqrt((τ_v + τ_close)·10⁶), 10⁻³ √ms.</summary>
    public IReadOnlyList<long> TimeRoots { get; }
    public IReadOnlyList<long> Prices { get; }
    public IReadOnlyList<long> Marks { get; }
    public IReadOnlyList<long> Deltas { get; }
    public IReadOnlyList<long> Gammas { get; }
    private readonly long[][] _haircut;  // [level][c·V + v], PPM
    private readonly ulong[][] _range;   // [level][u·V + v], VU

    internal BatchParameters(SettlementConfig config, long[] timeRoots, long[] prices, long[] marks, long[] deltas, long[] gammas, long[][] haircut, ulong[][] range)
    {
        Config = config; TimeRoots = timeRoots; Prices = prices; Marks = marks; Deltas = deltas; Gammas = gammas;
        _haircut = haircut; _range = range;
    }

    public long Haircut(MarginLevel level, int asset, int venue) => _haircut[(int)level][asset * Config.V + venue];
    public ulong Range(MarginLevel level, int underlying, int venue) => _range[(int)level][underlying * Config.V + venue];
}

/// <summary>The requirement of one underlying (docs/spec.md §2.3) with the intermediate values a witness needs.</summary>
public sealed record UnderlyingRisk(
    int Underlying, BigInteger DeltaNumerator, BigInteger GammaNumerator, BigInteger DeltaLow, BigInteger DeltaHigh,
    BigInteger Gamma, IReadOnlyList<BigInteger> Scenarios, Int128 Requirement);

/// <summary>An account's margin at one level: TV = floor(ValueNumerator / 10²⁶), Req = Σ m_u.</summary>
public sealed record MarginResult(MarginLevel Level, BigInteger ValueNumerator, Int128 TotalValue, Int128 Requirement, IReadOnlyList<UnderlyingRisk> Underlyings)
{
    /// <summary>TV ≥ Req (healthy at the initial level).</summary>
    public bool Covered => TotalValue >= Requirement;
}

/// <summary>A margin quantity exceeded its bit width (docs/spec.md §1.1): the op that caused it is rejected.</summary>
public sealed class MarginOverflowException(string what, BigInteger value, int bits)
    : Exception($"{what} {value} does not fit {bits} bits")
{
    public string What { get; } = what;
}

/// <summary>
/// The margin rules of SPEC §3 exactly as docs/spec.md §2 fixes them: the engine's copy of the formulas, which the
/// circuit's MarginGadget proves (docs/spec.md §11 lists both sides). Integer fixed point; value rounds down,
/// requirement rounds up. The integer primitives (⌊n/d⌋, ⌈n/d⌉, √) are Native.FixedPointMath, shared with the circuit's hints.
/// </summary>
public static class MarginRules
{
    /// <summary>The haircut h = clamp(ceil(z·σ·t / 10¹³), floor, cap) in PPM.</summary>
    public static long Haircut(long z, long sigma, long timeRoot, long floor, long cap)
    {
        var raw = FixedPointMath.CeilDiv((BigInteger)z * sigma * timeRoot, Scales.HaircutDivisor);
        return raw < floor ? floor : raw > cap ? cap : (long)raw;
    }

    /// <summary>The range R = ceil(z·σ·S·t / 10¹⁹) in VU; must stay below 2⁶⁴.</summary>
    public static ulong Range(long z, long sigma, long price, long timeRoot)
    {
        var r = FixedPointMath.CeilDiv((BigInteger)z * sigma * price * timeRoot, Scales.RangeDivisor);
        if (r >= Scales.RangeBound) throw new MarginOverflowException("range R", r, 64);
        return (ulong)r;
    }

    /// <summary>The batch parameters from the configuration and the epoch state after the batch's tick and update.</summary>
    public static BatchParameters ComputeParameters(SettlementConfig cfg, EpochState s)
    {
        int V = cfg.V, C = cfg.C;
        var m = cfg.Margin;
        var t = new long[V];
        for (int v = 0; v < V; v++) t[v] = FixedPointMath.TimeRoot(cfg.Venues[v].LatencyMs, m.CloseOutMs);
        var h = new long[2][];
        var r = new ulong[2][];
        foreach (var level in new[] { MarginLevel.Initial, MarginLevel.Maintenance })
        {
            long z = level == MarginLevel.Initial ? m.ZIm : m.ZMm;
            var hl = h[(int)level] = new long[C * V];
            var rl = r[(int)level] = new ulong[C * V];
            for (int c = 0; c < C; c++)
                for (int v = 0; v < V; v++)
                {
                    hl[c * V + v] = Haircut(z, s.Sigmas[c], t[v], m.HaircutFloor, m.HaircutCap);
                    rl[c * V + v] = Range(z, s.Sigmas[c], s.Prices[c], t[v]);
                }
        }
        return new BatchParameters(cfg, t, [.. s.Prices], [.. s.Marks], [.. s.Deltas], [.. s.Gammas], h, r);
    }

    /// <summary>TV and the requirement of an account at one level (docs/spec.md §2.2–2.3).</summary>
    public static MarginResult Evaluate(Account a, BatchParameters p, MarginLevel level)
    {
        var cfg = p.Config;
        int V = cfg.V, C = cfg.C;
        BigInteger n = BigInteger.Zero;
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                long b = a.Balance(v, c);
                if (b == 0) continue;
                long h = p.Haircut(level, c, v);
                long factor = b >= 0 ? Scales.Ppm - h : Scales.Ppm + h;
                n += (BigInteger)b * p.Prices[c] * BigInteger.Pow(10, Scales.CollateralExponent - cfg.Assets[c].Decimals) * factor;
            }
        var nd = new BigInteger[C];
        var ng = new BigInteger[C];
        var has = new bool[C];
        foreach (var s in a.Slots)
        {
            if (s.IsEmpty) continue;
            int u = cfg.Instruments[s.Instrument].Underlying;
            BigInteger range = p.Range(level, u, s.Venue);
            n += (BigInteger)s.Qty * p.Marks[s.Instrument] * Scales.PositionValueFactor;
            nd[u] += (BigInteger)s.Qty * p.Deltas[s.Instrument] * range;
            ng[u] += (BigInteger)s.Qty * p.Gammas[s.Instrument] * range * range;
            has[u] = true;
        }
        var tv = Bounded("TV", FixedPointMath.FloorDiv(n, Scales.ValueDivisor));
        var grid = cfg.Margin.Grid;
        var risks = new List<UnderlyingRisk>();
        Int128 req = 0;
        for (int u = 0; u < C; u++)
        {
            if (!has[u]) continue;
            var dLo = FixedPointMath.FloorDiv(nd[u], Scales.DeltaDivisor);
            var dHi = FixedPointMath.CeilDiv(nd[u], Scales.DeltaDivisor);
            var g = FixedPointMath.FloorDiv(ng[u], Scales.GammaDivisor);
            Bounded("delta exposure D", dLo); Bounded("delta exposure D", dHi); Bounded("gamma exposure G", g);
            var x = new BigInteger[grid.Count];
            BigInteger max = BigInteger.Zero;
            for (int k = 0; k < grid.Count; k++)
            {
                long uk = grid[k].Shock;
                var d = uk > 0 ? dLo : uk < 0 ? dHi : BigInteger.Zero;
                x[k] = -(BigInteger)grid[k].Weight * ((BigInteger)uk * Scales.ShockScale * d + (BigInteger)uk * uk * g);
                if (x[k] > max) max = x[k];
            }
            var mu = Bounded("requirement m_u", FixedPointMath.CeilDiv(max, Scales.ScenarioScale));
            req = Bounded("requirement", (BigInteger)req + (BigInteger)mu);
            risks.Add(new UnderlyingRisk(u, nd[u], ng[u], dLo, dHi, g, x, mu));
        }
        return new MarginResult(level, n, tv, req, risks);
    }

    private static Int128 Bounded(string what, BigInteger x)
    {
        if (BigInteger.Abs(x) >= Scales.ValueBound) throw new MarginOverflowException(what, x, Scales.ValueBits);
        return (Int128)x;
    }

    /// <summary>
    /// Whether the change before → after is risk-reducing (docs/spec.md §2.4): no position grew or flipped or appeared,
    /// TV/Req did not fall (cross-multiplied, at the initial level), and TV did not fall when Req before was 0.
    /// </summary>
    public static bool IsRiskReducing(Account before, MarginResult b, Account after, MarginResult a, out string why)
    {
        foreach (var s in after.Slots)
        {
            if (s.IsEmpty) continue;
            long q = before.Position(s.Instrument, s.Venue);
            if (q == 0 || Math.Sign(q) != Math.Sign(s.Qty) || Int128.Abs(s.Qty) > Int128.Abs(q))
            {
                why = $"position in instrument {s.Instrument} at venue {s.Venue} went from {q} to {s.Qty}";
                return false;
            }
        }
        if ((BigInteger)a.TotalValue * (BigInteger)b.Requirement < (BigInteger)b.TotalValue * (BigInteger)a.Requirement)
        {
            why = $"TV/Req fell from {FormatValue(b.TotalValue)}/{FormatValue(b.Requirement)} to {FormatValue(a.TotalValue)}/{FormatValue(a.Requirement)}";
            return false;
        }
        if (b.Requirement == 0 && a.TotalValue < b.TotalValue)
        {
            why = $"TV fell from {FormatValue(b.TotalValue)} to {FormatValue(a.TotalValue)} with no requirement";
            return false;
        }
        why = "";
        return true;
    }

    /// <summary>A value in VU as quote currency, e.g. 102050000000 → "1,020.50".</summary>
    public static string FormatValue(Int128 vu)
    {
        bool neg = vu < 0;
        var abs = neg ? -(BigInteger)vu : (BigInteger)vu;
        var whole = BigInteger.DivRem(abs, Scales.PriceScale, out var frac);
        string f = ((long)frac).ToString("D8", CultureInfo.InvariantCulture).TrimEnd('0');
        if (f.Length < 2) f = f.PadRight(2, '0');
        return (neg ? "-" : "") + whole.ToString("N0", CultureInfo.InvariantCulture) + "." + f;
    }
}
