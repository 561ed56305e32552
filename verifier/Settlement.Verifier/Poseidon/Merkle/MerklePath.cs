using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon.Merkle;

/// <summary>
/// A leaf's position and its siblings from the bottom up: what a trader presents in an exit claim. The same rule as
/// <see cref="SparseMerkleTree"/> (docs/spec.md §3.2): at level h the node's position among its parent's four children is
/// <c>(index &gt;&gt; 2h) &amp; 3</c>, and the level's three siblings are the other children in position order.
/// </summary>
public sealed class MerklePath
{
    /// <summary>The leaf index: bits 2h and 2h+1 give the node's position at height h.</summary>
    public ulong Index { get; }
    /// <summary>The sibling hashes, three per level, from the leaf's level up to the root's children.</summary>
    public IReadOnlyList<Fr> Siblings => _siblings;
    /// <summary>The tree depth (number of 4-ary levels: siblings / 3).</summary>
    public int Depth => _siblings.Length / SparseMerkleTree.SiblingsPerLevel;
    private readonly Fr[] _siblings;

    /// <summary>
    /// Copies the siblings; throws <see cref="ArgumentException"/> unless there are three per level for 1 to 32 levels,
    /// and <see cref="ArgumentOutOfRangeException"/> when the index needs more than two bits per level.
    /// </summary>
    public MerklePath(ulong index, Fr[] siblings)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        const int per = SparseMerkleTree.SiblingsPerLevel;
        if (siblings.Length % per != 0 || siblings.Length < per || siblings.Length > per * SparseMerkleTree.MaxDepth)
            throw new ArgumentException($"a path has three siblings per level for 1..{SparseMerkleTree.MaxDepth} levels, got {siblings.Length}", nameof(siblings));
        int depth = siblings.Length / per;
        if (index > SparseMerkleTree.MaxIndexOf(depth))
            throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf index does not fit a depth-{depth} path (at most 4^{depth} − 1)");
        Index = index;
        _siblings = (Fr[])siblings.Clone();
    }

    /// <summary>The root this path yields for <paramref name="leaf"/>.</summary>
    public Fr ComputeRoot(in Fr leaf)
    {
        const int per = SparseMerkleTree.SiblingsPerLevel;
        var cur = leaf;
        ulong i = Index;
        for (int h = 0; h < Depth; h++)
        {
            cur = Parent(cur, (int)(i & 3), _siblings.AsSpan(per * h, per));
            i >>= SparseMerkleTree.BitsPerLevel;
        }
        return cur;
    }

    /// <summary>Whether <paramref name="leaf"/> sits at <see cref="Index"/> under <paramref name="root"/>.</summary>
    public bool Verify(in Fr root, in Fr leaf) => ComputeRoot(leaf) == root;

    /// <summary>
    /// One level: the parent of <paramref name="node"/> at <paramref name="position"/> (0..3) with the other three
    /// children <paramref name="siblings"/> in position order, i.e. Hash4 of the siblings with the node inserted.
    /// </summary>
    internal static Fr Parent(in Fr node, int position, ReadOnlySpan<Fr> siblings) => position switch
    {
        0 => Poseidon.Hash4(node, siblings[0], siblings[1], siblings[2]),
        1 => Poseidon.Hash4(siblings[0], node, siblings[1], siblings[2]),
        2 => Poseidon.Hash4(siblings[0], siblings[1], node, siblings[2]),
        3 => Poseidon.Hash4(siblings[0], siblings[1], siblings[2], node),
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, "a child position is 0..3"),
    };
}
