using System.Numerics;
using Settlement.Verifier.Bls12381;
using Settlement.Circuits.Native;
using Settlement.Verifier.Config;
using Settlement.Verifier.Poseidon.Merkle;

namespace Settlement.Circuits.Transition;

/// <summary>An instrument as the circuit needs it: kind, underlying, quote asset, and an option's strike (VU) and expiry (0 for a perpetual).</summary>
public readonly record struct InstrumentShape(InstrumentKind Kind, int Underlying, int QuoteAsset, long Strike, long Expiry)
{
    public bool IsOption => Kind != InstrumentKind.Perpetual;
}

/// <summary>
/// Everything the transition circuit fixes at compile time (docs/spec.md §7, §10): sizes, the deployment's margin and
/// oracle constants, the grid, and the configuration hash (a constant of the circuit: a circuit serves one deployment).
/// Plain data, built from the engine's SettlementConfig by the prover (prover/Settlement.Prover/Witness).
/// </summary>
public sealed record TransitionShape(
    int Depth, int MaxOps, int MaxPositions, int MaxReports,
    IReadOnlyList<long> VenueLatencyMs, IReadOnlyList<int> AssetDecimals, IReadOnlyList<long> SigmaMin, IReadOnlyList<long> SigmaMax,
    IReadOnlyList<InstrumentShape> Instruments,
    long ZIm, long ZMm, long CloseOutMs, long HaircutFloor, long HaircutCap, long SigmaStep, long Breaker,
    long TradeBand, long LiquidationBand, long MarkBand, long FreshnessWindowMs, int OracleSize, int OracleQuorum,
    IReadOnlyList<(int Shock, int Weight)> Grid, Fr ConfigHash)
{
    public int V => VenueLatencyMs.Count;
    public int C => AssetDecimals.Count;
    public int NI => Instruments.Count;
    public int K => Grid.Count;
    /// <summary>Merkle siblings of an account path: three per level of the arity-4 tree (<see cref="Depth"/> levels, ids below 4^Depth).</summary>
    public int PathSiblings => SparseMerkleTree.SiblingsPerLevel * Depth;

    /// <summary>The assets that are the underlying of some instrument (only these carry a requirement m_u), ascending.</summary>
    public int[] Underlyings => Instruments.Select(i => i.Underlying).Distinct().Order().ToArray();

    /// <summary>Leaf elements: 2 + ceil(V·C/3) + ceil(MaxPositions/2) (docs/spec.md §3.1).</summary>
    public int LeafElements => 2 + (V * C + 2) / 3 + (MaxPositions + 1) / 2;

    /// <summary>t_v = csqrt((τ_v + τ_close)·10⁶): configuration constants, so the circuit computes them at compile time (the engine's rule).</summary>
    public BigInteger TimeRoot(int v) => FixedPointMath.TimeRoot(VenueLatencyMs[v], CloseOutMs);

    /// <summary>
    /// Account registers of a batch (docs/spec.md §10): each account the batch touches takes one, is opened once against the
    /// running root and written back once. Unless set, 2·MaxOps, so that any batch the engine accepts fits.
    /// </summary>
    public int MaxAccounts { get => _maxAccounts ?? 2 * MaxOps; init => _maxAccounts = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxAccounts), value, "a register count is not negative"); }
    private readonly int? _maxAccounts;

    public TransitionShape WithMaxOps(int maxOps) => this with { MaxOps = maxOps };

    public TransitionShape WithMaxAccounts(int maxAccounts) => this with { MaxAccounts = maxAccounts };
}
