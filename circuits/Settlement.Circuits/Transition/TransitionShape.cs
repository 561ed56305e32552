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

    /// <summary>
    /// What an account register holds (docs/spec.md §10): the leaf's packed elements and whether the account exists (an
    /// op then compares elements and hashes no leaf; a register hashes twice), or the leaf hash (each op hashes its
    /// accounts' leaves before and after; a register hashes none). Elements cost 2·E more register reads and writes per
    /// account of an op (one product per register each), hashes 4 leaf hashes per op against 2 per register, so unless
    /// set it is elements exactly when MaxOps·(2·H − 2·E·MaxAccounts) &gt; MaxAccounts·H, with E = <see cref="LeafElements"/>
    /// and H = 300·ceil(E/4) the constraints of a leaf hash (one t = 5 permutation per four elements): batches with
    /// few accounts per op choose elements, batches where most ops bring new accounts choose hashes.
    /// </summary>
    public bool RegistersHoldElements
    {
        get
        {
            if (_registersHoldElements is { } set) return set;
            long e = LeafElements, h = 300L * ((e + 3) / 4);
            return (long)MaxOps * (2 * h - 2 * e * MaxAccounts) > MaxAccounts * h;
        }
        init => _registersHoldElements = value;
    }
    private readonly bool? _registersHoldElements;

    /// <summary>The number of field elements a register holds for its account: 1 + E with elements (exists, then the elements), 1 with hashes.</summary>
    public int RegisterStateLength => RegistersHoldElements ? 1 + LeafElements : 1;

    public TransitionShape WithMaxOps(int maxOps) => this with { MaxOps = maxOps };

    /// <summary>The same shape with the register layout fixed (the budget measures sub-shapes of one layout; tests run both).</summary>
    public TransitionShape WithRegistersHoldingElements(bool elements) => this with { RegistersHoldElements = elements };

    public TransitionShape WithMaxAccounts(int maxAccounts) => this with { MaxAccounts = maxAccounts };
}
