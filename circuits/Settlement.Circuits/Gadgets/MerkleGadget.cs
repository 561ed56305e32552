using Settlement.Circuits.Frontend;

namespace Settlement.Circuits.Gadgets;

/// <summary>
/// Sparse Merkle tree of arity 4 and depth D over Poseidon Hash4, the same tree as
/// Settlement.Verifier.Poseidon.Merkle.SparseMerkleTree (docs/spec.md §3.2): at height h the node's position among its
/// parent's four children is p = b₀ + 2b₁ with b₀, b₁ bits 2h and 2h+1 of the leaf index, and the level's three
/// siblings s₀, s₁, s₂ are the other children in position order. Costs: the index <see cref="Index"/> 3D + 1 (2D bits,
/// one recomposition, b₀·b₁ per level), then each root 300·D (Hash4 297 and 3 products per level, see <see cref="Parent"/>).
/// </summary>
public static class MerkleGadget
{
    /// <summary>
    /// A leaf index split into its per-level positions (bits least significant first); built by <see cref="Index"/>,
    /// which proves the index is below 4^D. One index serves any number of roots on the same path.
    /// </summary>
    public sealed class PathIndex
    {
        internal readonly Variable[] Bits;
        internal readonly Variable[] Both;
        internal PathIndex(Variable[] bits, Variable[] both) { Bits = bits; Both = both; }
        /// <summary>The number of 4-ary levels.</summary>
        public int Depth => Both.Length;
    }

    /// <summary>Decomposes <paramref name="index"/> into 2·depth boolean bits (so index &lt; 4^depth) and b₀·b₁ per level.</summary>
    public static PathIndex Index(Api api, Variable index, int depth)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "a tree has at least one level");
        using var _ = api.Scope("MerkleIndex");
        var bits = Gadgets.Bits.ToBinary(api, index, 2 * depth);
        var both = new Variable[depth];
        for (int h = 0; h < depth; h++) both[h] = api.Mul(bits[2 * h], bits[2 * h + 1]);
        return new PathIndex(bits, both);
    }

    /// <summary>The root reached from <paramref name="leaf"/> along a path: three siblings per level, leaf level first.</summary>
    public static Variable Root(Api api, Variable leaf, PathIndex index, ReadOnlySpan<Variable> siblings)
    {
        if (siblings.Length != 3 * index.Depth) throw new ArgumentException($"{siblings.Length} siblings for a path of depth {index.Depth} (three per level)");
        using var _ = api.Scope("MerkleRoot");
        var cur = leaf;
        for (int h = 0; h < index.Depth; h++)
            cur = Parent(api, cur, index.Bits[2 * h], index.Bits[2 * h + 1], index.Both[h], siblings[3 * h], siblings[3 * h + 1], siblings[3 * h + 2]);
        return cur;
    }

    /// <summary>
    /// One level: Hash4 of (s₀, s₁, s₂) with <paramref name="cur"/> inserted at p = b₀ + 2b₁, with t = b₀·b₁, in 3 products:
    /// c₀ = s₀ + [p = 0]·(cur − s₀) where [p = 0] = 1 − b₀ − b₁ + t; c₃ = s₂ + t·(cur − s₂);
    /// c₀ + c₁ = cur + s₀ + u with u = b₁·(s₁ − cur) (the pair {cur, s₀} for p &lt; 2, {s₀, s₁} otherwise);
    /// c₂ = (cur + s₀ + s₁ + s₂) − c₀ − c₁ − c₃, free. Each c is the child the native tree places there for every p.
    /// </summary>
    private static Variable Parent(Api api, Variable cur, Variable b0, Variable b1, Variable t, Variable s0, Variable s1, Variable s2)
    {
        var c0 = s0 + api.Mul(Api.Constant(1) - b0 - b1 + t, cur - s0);
        var c3 = s2 + api.Mul(t, cur - s2);
        var u = api.Mul(b1, s1 - cur);
        var c1 = cur + s0 + u - c0;
        var c2 = s1 + s2 - u - c3;
        return PoseidonGadget.Hash4(api, c0, c1, c2, c3);
    }

    /// <summary>Proves leaf sits at index (a value below 4^D) under root.</summary>
    public static void AssertMembership(Api api, Variable root, Variable leaf, Variable index, ReadOnlySpan<Variable> siblings)
    {
        using var _ = api.Scope("MerkleMembership");
        api.AssertEqual(Root(api, leaf, Index(api, index, siblings.Length / 3), siblings), root);
    }

    /// <summary>
    /// One-leaf update sharing the path: proves oldLeaf is at index under oldRoot and returns the root with newLeaf
    /// there instead (same index and siblings).
    /// </summary>
    public static Variable Update(Api api, Variable oldRoot, Variable oldLeaf, Variable newLeaf, Variable index, ReadOnlySpan<Variable> siblings)
    {
        using var _ = api.Scope("MerkleUpdate");
        var at = Index(api, index, siblings.Length / 3);
        api.AssertEqual(Root(api, oldLeaf, at, siblings), oldRoot);
        return Root(api, newLeaf, at, siblings);
    }
}
