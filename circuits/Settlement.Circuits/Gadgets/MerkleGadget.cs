using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Sparse Merkle tree of depth D over Poseidon Hash2, the same tree as Settlement.Verifier.Poseidon.Merkle.SparseMerkleTree:
/// bit h of the leaf index (least significant first) says the node at height h is a right child.
/// A level costs one multiplication (the ordered pair (left, right) = cur + bit·(sib − cur), sib + cur − left) and one
/// Poseidon Hash2 (240: the constant capacity cell folds its first S-box), so a root costs 241·D; the index
/// decomposition costs D + 1.
/// </summary>
public static class MerkleGadget
{
    /// <summary>The root reached from <paramref name="leaf"/> along a path (index bits must be boolean; they are asserted).</summary>
    public static Variable Root(Api api, Variable leaf, ReadOnlySpan<Variable> indexBits, ReadOnlySpan<Variable> siblings)
    {
        if (indexBits.Length != siblings.Length) throw new ArgumentException($"{indexBits.Length} index bits but {siblings.Length} siblings");
        using var _ = api.Scope("MerkleRoot");
        var cur = leaf;
        for (int h = 0; h < siblings.Length; h++)
        {
            api.AssertBoolean(indexBits[h]);
            var left = cur + api.Mul(indexBits[h], siblings[h] - cur);
            var right = siblings[h] + cur - left;
            cur = PoseidonGadget.Hash2(api, left, right);
        }
        return cur;
    }

    /// <summary>Proves leaf sits at index (a value below 2^D) under root.</summary>
    public static void AssertMembership(Api api, Variable root, Variable leaf, Variable index, ReadOnlySpan<Variable> siblings)
    {
        using var _ = api.Scope("MerkleMembership");
        var bits = Bits.ToBinary(api, index, siblings.Length);
        api.AssertEqual(Root(api, leaf, bits, siblings), root);
    }

    /// <summary>
    /// One-leaf update sharing the path: proves oldLeaf is at index under oldRoot and returns the root with newLeaf
    /// there instead (same index bits and siblings).
    /// </summary>
    public static Variable Update(Api api, Variable oldRoot, Variable oldLeaf, Variable newLeaf, Variable index, ReadOnlySpan<Variable> siblings)
    {
        using var _ = api.Scope("MerkleUpdate");
        var bits = Bits.ToBinary(api, index, siblings.Length);
        api.AssertEqual(Root(api, oldLeaf, bits, siblings), oldRoot);
        return Root(api, newLeaf, bits, siblings);
    }
}
