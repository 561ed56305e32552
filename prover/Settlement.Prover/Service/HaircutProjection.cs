using Settlement.Prover.Engine;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Service;

/// <summary>One venue's margin parameters when <paramref name="ProofLatencyMs"/> is added to its latency τ_v.</summary>
/// <param name="LatencyMs">τ_v + the proof latency: the settlement lag the haircut compensates.</param>
/// <param name="TimeRoot">t_v = csqrt((τ_v + proof latency + τ_close)·10⁶), 10⁻³ √ms (docs/spec.md §2.1).</param>
/// <param name="InitialPpm">h^IM_{c,v} per asset c, PPM.</param>
/// <param name="MaintenancePpm">h^MM_{c,v} per asset c, PPM.</param>
public sealed record VenueHaircuts(long ProofLatencyMs, long LatencyMs, long TimeRoot, IReadOnlyList<long> InitialPpm, IReadOnlyList<long> MaintenancePpm);

/// <summary>The book's margin at the initial level, summed over the stored accounts, for one proof latency.</summary>
/// <param name="TotalValue">Σ TV^IM, VU.</param>
/// <param name="Requirement">Σ Req^IM, VU.</param>
/// <param name="Excess">Σ (TV^IM − Req^IM), VU: what the accounts could withdraw or commit to new risk.</param>
public sealed record BookMargin(long ProofLatencyMs, Int128 TotalValue, Int128 Requirement, Int128 Excess);

/// <summary>
/// What a proof latency costs in margin (issue 13): the service's proof latency is settlement lag on top of each venue's
/// configured τ_v, so the haircut and range of docs/spec.md §2.1 grow with √(τ_v + L + τ_close). Every figure comes from
/// <see cref="MarginRules"/> run on the configuration with L added to every venue's latency; nothing here restates a
/// margin formula.
/// </summary>
public static class HaircutProjection
{
    /// <summary>
    /// The latency model of <see cref="ClusterProofLatencyMs"/>, in words for the output: proof time is taken as
    /// proportional to the ops in a batch (bench/RESULTS-prooftime.md: 16 → 64 ops costs about 4×), so k provers keep the
    /// same throughput by proving k batches of 1/k the size at once, each in L/k.
    /// </summary>
    public const string LatencyModel =
        "proof time proportional to the ops per batch; k provers prove k batches of 1/k the size in parallel at the same " +
        "throughput, so the p99 proof latency becomes L/k (rounded up to a millisecond). Optimistic for batches of a few " +
        "ops, where a fixed cost of a few seconds per proof dominates (bench/RESULTS-prooftime.md)";

    /// <summary>⌈L/k⌉: the proof latency of a k-times larger cluster under <see cref="LatencyModel"/>.</summary>
    public static long ClusterProofLatencyMs(long proofLatencyMs, int clusterFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(proofLatencyMs);
        ArgumentOutOfRangeException.ThrowIfLessThan(clusterFactor, 1);
        return (proofLatencyMs + clusterFactor - 1) / clusterFactor;
    }

    /// <summary>
    /// The configuration with <paramref name="proofLatencyMs"/> added to every venue's latency. Throws
    /// <see cref="ArgumentException"/> when a venue's latency would leave [0, 2³²) (docs/spec.md §1.1).
    /// </summary>
    public static SettlementConfig WithProofLatency(SettlementConfig cfg, long proofLatencyMs)
    {
        var venues = new VenueConfig[cfg.V];
        for (int v = 0; v < cfg.V; v++)
        {
            long lag = cfg.Venues[v].LatencyMs + proofLatencyMs;
            if (proofLatencyMs < 0 || lag >= ConfigLimits.MillisecondsBound)
                throw new ArgumentException($"--proof-latency {proofLatencyMs}: venue {cfg.Venues[v].Name}'s latency plus the proof latency must be in [0, 2^32) ms, got {lag}");
            venues[v] = cfg.Venues[v] with { LatencyMs = lag };
        }
        return cfg with { Venues = venues };
    }

    /// <summary>Per venue, its haircuts when <paramref name="proofLatencyMs"/> is added to its latency.</summary>
    public static IReadOnlyList<VenueHaircuts> Venues(SettlementConfig cfg, EpochState epoch, long proofLatencyMs)
    {
        var shifted = WithProofLatency(cfg, proofLatencyMs);
        var p = MarginRules.ComputeParameters(shifted, epoch);
        var rows = new VenueHaircuts[cfg.V];
        for (int v = 0; v < cfg.V; v++)
        {
            var im = new long[cfg.C];
            var mm = new long[cfg.C];
            for (int c = 0; c < cfg.C; c++)
            {
                im[c] = p.Haircut(MarginLevel.Initial, c, v);
                mm[c] = p.Haircut(MarginLevel.Maintenance, c, v);
            }
            rows[v] = new VenueHaircuts(proofLatencyMs, shifted.Venues[v].LatencyMs, p.TimeRoots[v], im, mm);
        }
        return rows;
    }

    /// <summary>The initial-level margin of every account of <paramref name="state"/> with the proof latency added.</summary>
    public static BookMargin Book(SettlementConfig cfg, SettlementState state, long proofLatencyMs)
    {
        var p = MarginRules.ComputeParameters(WithProofLatency(cfg, proofLatencyMs), state.Epoch);
        Int128 tv = 0, req = 0;
        foreach (var a in state.Accounts)
        {
            var m = MarginRules.Evaluate(a, p, MarginLevel.Initial);
            tv += m.TotalValue;
            req += m.Requirement;
        }
        return new BookMargin(proofLatencyMs, tv, req, tv - req);
    }
}
