using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon.Merkle;

namespace Settlement.Prover.Engine;

/// <summary>
/// The global margin state: account leaves by id in a sparse Merkle tree of the configured depth, and the epoch state.
/// Changed only by <see cref="SettlementEngine"/>. <see cref="Root"/> is docs/spec.md §3.3's state root.
/// </summary>
public sealed class SettlementState
{
    internal readonly Dictionary<ulong, Account> AccountsById = [];
    private readonly SparseMerkleTree _tree;
    private readonly SettlementConfig _config;
    private EpochState _epoch;
    private Fr? _root;

    public EpochState Epoch
    {
        get => _epoch;
        internal set { _epoch = value; _root = null; }
    }

    public SettlementState(SettlementConfig config)
    {
        _config = config;
        _epoch = new EpochState(config);
        _tree = new SparseMerkleTree(config.TreeDepth);
    }

    public Account? Account(ulong id) => AccountsById.GetValueOrDefault(id);
    public IEnumerable<Account> Accounts => AccountsById.Values;
    public int AccountCount => AccountsById.Count;

    public Fr AccountRoot => _tree.Root;
    /// <summary>Hash([accountRoot, epochHash], StateRoot), cached until the state changes.</summary>
    public Fr Root => _root ??= Commitments.Root(_tree.Root, Commitments.Epoch(_epoch));

    /// <summary>The authentication path of an account's leaf (for exit claims and witnesses).</summary>
    public MerklePath Path(ulong id) => _tree.Path(id);

    /// <summary>Writes one leaf and returns the update with the path it was made on (the witness of one Merkle update).</summary>
    internal LeafUpdate Store(int opIndex, Account a)
    {
        var path = _tree.Path(a.Id);
        var oldLeaf = _tree.Get(a.Id);
        var newLeaf = Commitments.Leaf(a, _config);
        AccountsById[a.Id] = a;
        _root = null;
        _tree.Set(a.Id, newLeaf);
        return new LeafUpdate(opIndex, a.Id, oldLeaf, newLeaf, path);
    }
}
