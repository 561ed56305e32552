using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon.Merkle;
using P = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Verifier.Tests.Poseidon;

public class SparseMerkleTreeTests
{
    [Fact]
    public void Empty_tree_root_is_the_empty_subtree_hash()
    {
        var t = new SparseMerkleTree(4);
        var e = Fr.Zero;
        for (int i = 0; i < 4; i++) e = P.Hash4(e, e, e, e);
        Assert.Equal(e, t.Root);
        Assert.Equal(e, SparseMerkleTree.EmptyRoots(4)[4]);
        Assert.Equal(255UL, t.MaxIndex);
    }

    /// <summary>The tree against a dense level-by-level recomputation: children 4k..4k+3 hash to node k.</summary>
    [Fact]
    public void Root_matches_a_dense_recomputation()
    {
        var t = new SparseMerkleTree(3);
        var leaves = new Fr[64];
        var rng = new Random(5);
        foreach (var i in new ulong[] { 0, 3, 6, 17, 42, 63 }) { leaves[i] = Fr.Random(rng); t.Set(i, leaves[i]); }
        var level = leaves;
        while (level.Length > 1)
            level = Enumerable.Range(0, level.Length / 4).Select(k => P.Hash4(level[4 * k], level[4 * k + 1], level[4 * k + 2], level[4 * k + 3])).ToArray();
        Assert.Equal(level[0], t.Root);
        Assert.Equal(leaves[42], t.Get(42));
    }

    /// <summary>
    /// docs/spec.md §3.2's path layout: at level h the position is (id >> 2h) &amp; 3 and the three siblings are the other
    /// children in position order; checked for every position at every level of a depth-3 tree.
    /// </summary>
    [Fact]
    public void Path_siblings_are_the_other_children_in_position_order()
    {
        var t = new SparseMerkleTree(3);
        var rng = new Random(8);
        for (ulong i = 0; i < 64; i++) t.Set(i, Fr.Random(rng));
        var nodes = new Fr[4][];
        nodes[0] = Enumerable.Range(0, 64).Select(i => t.Get((ulong)i)).ToArray();
        for (int h = 1; h <= 3; h++)
            nodes[h] = Enumerable.Range(0, nodes[h - 1].Length / 4).Select(k => P.Hash4(nodes[h - 1][4 * k], nodes[h - 1][4 * k + 1], nodes[h - 1][4 * k + 2], nodes[h - 1][4 * k + 3])).ToArray();
        for (ulong id = 0; id < 64; id++)
        {
            var path = t.Path(id);
            Assert.Equal(9, path.Siblings.Count);
            Assert.Equal(3, path.Depth);
            for (int h = 0; h < 3; h++)
            {
                ulong node = id >> (2 * h);
                ulong first = node & ~3UL;
                var expected = Enumerable.Range(0, 4).Where(k => first + (ulong)k != node).Select(k => nodes[h][first + (ulong)k]);
                Assert.Equal(expected, path.Siblings.Skip(3 * h).Take(3));
            }
            Assert.True(path.Verify(t.Root, t.Get(id)));
        }
    }

    [Fact]
    public void Paths_verify_and_wrong_data_fails()
    {
        var t = new SparseMerkleTree(16);
        var rng = new Random(1);
        var leaf = Fr.Random(rng);
        t.Set(3_123_456_789, leaf);
        t.Set(3_123_456_788, Fr.Random(rng));
        t.Set(7, Fr.Random(rng));
        var path = t.Path(3_123_456_789);
        Assert.True(path.Verify(t.Root, leaf));
        Assert.False(path.Verify(t.Root, leaf + Fr.One));
        for (int k = 0; k < path.Siblings.Count; k++)
        {
            var sib = path.Siblings.ToArray(); sib[k] += Fr.One;
            Assert.False(new MerklePath(3_123_456_789, sib).Verify(t.Root, leaf));
        }
        Assert.False(new MerklePath(3_123_456_788, path.Siblings.ToArray()).Verify(t.Root, leaf));
        // Clearing a leaf restores the previous root.
        var before = t.Root;
        t.Set(99, Fr.One);
        Assert.NotEqual(before, t.Root);
        t.Set(99, Fr.Zero);
        Assert.Equal(before, t.Root);
    }

    [Fact]
    public void Out_of_range_indices_and_malformed_paths_are_rejected()
    {
        var t = new SparseMerkleTree(4);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Set(256, Fr.One));
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Path(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerklePath(256, new Fr[12]));   // index beyond 4^4
        Assert.Throws<ArgumentException>(() => new MerklePath(1, new Fr[13]));               // not three per level
        Assert.Throws<ArgumentException>(() => new MerklePath(1, new Fr[0]));
        Assert.Throws<ArgumentException>(() => new MerklePath(1, new Fr[3 * 33]));          // deeper than 32 levels
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMerkleTree(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMerkleTree(33));
        Assert.Equal(ulong.MaxValue, SparseMerkleTree.MaxIndexOf(32));
    }
}
