using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon.Merkle;

/// <summary>
/// A sparse binary Merkle tree of fixed depth over <see cref="Poseidon.Hash2"/>. Leaf <c>i</c> sits at the bottom;
/// bit <c>k</c> of <c>i</c> (least significant first) says whether the node at height <c>k</c> is a right child.
/// An absent leaf is zero, and an empty subtree of height h hashes to <see cref="EmptyRoots"/>[h], so only set leaves
/// and their ancestors are stored. The circuit gadget (Settlement.Circuits.Gadgets.MerkleGadget) computes the same root.
/// </summary>
public sealed class SparseMerkleTree
{
    /// <summary>The number of levels between a leaf and the root (1 to 64).</summary>
    public int Depth { get; }
    private readonly Fr[] _empty;
    // Node storage per height: index at that height → hash. Height 0 holds leaves.
    private readonly Dictionary<ulong, Fr>[] _levels;

    /// <summary>
    /// An empty tree (every leaf zero); throws <see cref="ArgumentOutOfRangeException"/> unless 1 ≤ depth ≤ 64.
    /// </summary>
    public SparseMerkleTree(int depth)
    {
        if (depth < 1 || depth > 64) throw new ArgumentOutOfRangeException(nameof(depth), depth, "tree depth must be between 1 and 64");
        Depth = depth;
        _empty = EmptyRoots(depth);
        _levels = new Dictionary<ulong, Fr>[depth + 1];
        for (int i = 0; i <= depth; i++) _levels[i] = [];
    }

    /// <summary>Hashes of empty subtrees: [0] = 0 (empty leaf), [h+1] = Hash2([h], [h]).</summary>
    public static Fr[] EmptyRoots(int depth)
    {
        var e = new Fr[depth + 1];
        for (int h = 0; h < depth; h++) e[h + 1] = Poseidon.Hash2(e[h], e[h]);
        return e;
    }

    /// <summary>The root over all leaves (absent leaves are zero).</summary>
    public Fr Root => Node(Depth, 0);

    /// <summary>Leaf capacity: 2^Depth (as far as a ulong index reaches).</summary>
    public ulong MaxIndex => Depth == 64 ? ulong.MaxValue : (1UL << Depth) - 1;

    /// <summary>
    /// Leaf <paramref name="index"/> (zero when never set); throws <see cref="ArgumentOutOfRangeException"/> when it is
    /// above <see cref="MaxIndex"/>.
    /// </summary>
    public Fr Get(ulong index)
    {
        CheckIndex(index);
        return Node(0, index);
    }

    /// <summary>Sets a leaf and rehashes its path to the root.</summary>
    public void Set(ulong index, Fr leaf)
    {
        CheckIndex(index);
        Store(0, index, leaf);
        var cur = leaf;
        ulong i = index;
        for (int h = 0; h < Depth; h++)
        {
            var sib = Node(h, i ^ 1);
            cur = (i & 1) == 0 ? Poseidon.Hash2(cur, sib) : Poseidon.Hash2(sib, cur);
            i >>= 1;
            Store(h + 1, i, cur);
        }
    }

    /// <summary>The authentication path of a leaf: siblings from the bottom up.</summary>
    public MerklePath Path(ulong index)
    {
        CheckIndex(index);
        var sib = new Fr[Depth];
        ulong i = index;
        for (int h = 0; h < Depth; h++) { sib[h] = Node(h, i ^ 1); i >>= 1; }
        return new MerklePath(index, sib);
    }

    private Fr Node(int height, ulong index) => _levels[height].TryGetValue(index, out var v) ? v : _empty[height];

    private void Store(int height, ulong index, Fr value)
    {
        if (value == _empty[height]) _levels[height].Remove(index); else _levels[height][index] = value;
    }

    private void CheckIndex(ulong index)
    {
        if (index > MaxIndex) throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf index does not fit a depth-{Depth} tree");
    }
}
