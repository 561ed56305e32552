using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon.Merkle;

/// <summary>
/// A leaf's position and its siblings from the bottom up: what a trader presents in an exit claim.
/// The same rule as <see cref="SparseMerkleTree"/>: bit h of the index says the node at height h is a right child.
/// </summary>
public sealed class MerklePath
{
    /// <summary>The leaf index: bit h says the node at height h is a right child.</summary>
    public ulong Index { get; }
    /// <summary>The sibling hashes, from the leaf's sibling up to the root's child.</summary>
    public IReadOnlyList<Fr> Siblings => _siblings;
    /// <summary>The tree depth (number of siblings).</summary>
    public int Depth => _siblings.Length;
    private readonly Fr[] _siblings;

    /// <summary>
    /// Copies the siblings; throws <see cref="ArgumentException"/> unless there are 1 to 64, and
    /// <see cref="ArgumentOutOfRangeException"/> when the index needs more bits than the depth.
    /// </summary>
    public MerklePath(ulong index, Fr[] siblings)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        if (siblings.Length < 1 || siblings.Length > 64) throw new ArgumentException($"a path has 1..64 siblings, got {siblings.Length}", nameof(siblings));
        if (siblings.Length < 64 && index >> siblings.Length != 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"leaf index does not fit a depth-{siblings.Length} path");
        Index = index;
        _siblings = (Fr[])siblings.Clone();
    }

    /// <summary>The root this path yields for <paramref name="leaf"/>.</summary>
    public Fr ComputeRoot(in Fr leaf)
    {
        var cur = leaf;
        ulong i = Index;
        for (int h = 0; h < _siblings.Length; h++)
        {
            cur = (i & 1) == 0 ? Poseidon.Hash2(cur, _siblings[h]) : Poseidon.Hash2(_siblings[h], cur);
            i >>= 1;
        }
        return cur;
    }

    /// <summary>Whether <paramref name="leaf"/> sits at <see cref="Index"/> under <paramref name="root"/>.</summary>
    public bool Verify(in Fr root, in Fr leaf) => ComputeRoot(leaf) == root;
}
