using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon.Merkle;

/// <summary>
/// A sparse Merkle tree of arity 4 and fixed depth over <see cref="Poseidon.Hash4"/> (docs/spec.md §3.2). Leaf <c>i</c>
/// sits at the bottom; its ancestor at height h has index <c>i &gt;&gt; 2h</c>, and that node's position among its parent's
/// four children is bits 2h and 2h+1 of <c>i</c>, <c>(i &gt;&gt; 2h) &amp; 3</c>. An absent leaf is zero, and an empty
/// subtree of height h hashes to <see cref="EmptyRoots"/>[h], so only set leaves and their ancestors are stored.
/// The circuit gadget (Settlement.Circuits.Gadgets.MerkleGadget) computes the same root.
/// </summary>
public sealed class SparseMerkleTree
{
    /// <summary>Children per node.</summary>
    public const int Arity = 4;
    /// <summary>Siblings per level of a path: the other three children of the parent.</summary>
    public const int SiblingsPerLevel = Arity - 1;
    /// <summary>Index bits per level: log2(<see cref="Arity"/>).</summary>
    public const int BitsPerLevel = 2;
    /// <summary>The deepest tree whose leaf indices fit a ulong (2·32 = 64 bits).</summary>
    public const int MaxDepth = 32;

    /// <summary>The number of 4-ary levels between a leaf and the root (1 to <see cref="MaxDepth"/>).</summary>
    public int Depth { get; }
    private readonly Fr[] _empty;
    // Node storage per height: index at that height → hash. Height 0 holds leaves.
    private readonly Dictionary<ulong, Fr>[] _levels;

    /// <summary>
    /// An empty tree (every leaf zero); throws <see cref="ArgumentOutOfRangeException"/> unless 1 ≤ depth ≤ 32.
    /// </summary>
    public SparseMerkleTree(int depth)
    {
        CheckDepth(depth, nameof(depth));
        Depth = depth;
        _empty = EmptyRoots(depth);
        _levels = new Dictionary<ulong, Fr>[depth + 1];
        for (int i = 0; i <= depth; i++) _levels[i] = [];
    }

    /// <summary>Hashes of empty subtrees: [0] = 0 (empty leaf), [h+1] = Hash4([h], [h], [h], [h]).</summary>
    public static Fr[] EmptyRoots(int depth)
    {
        CheckDepth(depth, nameof(depth));
        var e = new Fr[depth + 1];
        for (int h = 0; h < depth; h++) e[h + 1] = Poseidon.Hash4(e[h], e[h], e[h], e[h]);
        return e;
    }

    /// <summary>The largest leaf index of a tree of <paramref name="depth"/> levels: 4^depth − 1.</summary>
    public static ulong MaxIndexOf(int depth)
    {
        CheckDepth(depth, nameof(depth));
        return depth == MaxDepth ? ulong.MaxValue : (1UL << (BitsPerLevel * depth)) - 1;
    }

    /// <summary>The root over all leaves (absent leaves are zero).</summary>
    public Fr Root => Node(Depth, 0);

    /// <summary>The largest leaf index: 4^Depth − 1.</summary>
    public ulong MaxIndex => MaxIndexOf(Depth);

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
        Span<Fr> sib = stackalloc Fr[SiblingsPerLevel];
        for (int h = 0; h < Depth; h++)
        {
            Siblings(h, i, sib);
            cur = MerklePath.Parent(cur, (int)(i & 3), sib);
            i >>= BitsPerLevel;
            Store(h + 1, i, cur);
        }
    }

    /// <summary>The authentication path of a leaf: three siblings per level from the bottom up (docs/spec.md §3.2).</summary>
    public MerklePath Path(ulong index)
    {
        CheckIndex(index);
        var sib = new Fr[SiblingsPerLevel * Depth];
        ulong i = index;
        for (int h = 0; h < Depth; h++)
        {
            Siblings(h, i, sib.AsSpan(SiblingsPerLevel * h, SiblingsPerLevel));
            i >>= BitsPerLevel;
        }
        return new MerklePath(index, sib);
    }

    /// <summary>The other three children of node <paramref name="i"/>'s parent at <paramref name="height"/>, in position order.</summary>
    private void Siblings(int height, ulong i, Span<Fr> into)
    {
        ulong first = i & ~3UL;
        for (int k = 0, j = 0; k < Arity; k++)
            if (first + (ulong)k != i) into[j++] = Node(height, first + (ulong)k);
    }

    private Fr Node(int height, ulong index) => _levels[height].TryGetValue(index, out var v) ? v : _empty[height];

    private void Store(int height, ulong index, Fr value)
    {
        if (value == _empty[height]) _levels[height].Remove(index); else _levels[height][index] = value;
    }

    private void CheckIndex(ulong index)
    {
        if (index > MaxIndex) throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf index does not fit a depth-{Depth} tree (at most 4^{Depth} − 1)");
    }

    internal static void CheckDepth(int depth, string name)
    {
        if (depth < 1 || depth > MaxDepth) throw new ArgumentOutOfRangeException(name, depth, $"tree depth must be between 1 and {MaxDepth} (4-ary levels)");
    }
}
