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
        for (int i = 0; i < 4; i++) e = P.Hash2(e, e);
        Assert.Equal(e, t.Root);
    }

    [Fact]
    public void Root_matches_a_dense_recomputation()
    {
        var t = new SparseMerkleTree(3);
        var leaves = new Fr[8];
        var rng = new Random(5);
        foreach (var i in new ulong[] { 0, 3, 6 }) { leaves[i] = Fr.Random(rng); t.Set(i, leaves[i]); }
        var level = leaves;
        while (level.Length > 1)
            level = Enumerable.Range(0, level.Length / 2).Select(k => P.Hash2(level[2 * k], level[2 * k + 1])).ToArray();
        Assert.Equal(level[0], t.Root);
        Assert.Equal(leaves[3], t.Get(3));
    }

    [Fact]
    public void Paths_verify_and_wrong_data_fails()
    {
        var t = new SparseMerkleTree(32);
        var rng = new Random(1);
        var leaf = Fr.Random(rng);
        t.Set(123456789, leaf);
        t.Set(123456788, Fr.Random(rng));
        t.Set(7, Fr.Random(rng));
        var path = t.Path(123456789);
        Assert.True(path.Verify(t.Root, leaf));
        Assert.False(path.Verify(t.Root, leaf + Fr.One));
        var sib = path.Siblings.ToArray(); sib[0] += Fr.One;
        Assert.False(new MerklePath(123456789, sib).Verify(t.Root, leaf));
        Assert.False(new MerklePath(123456788, path.Siblings.ToArray()).Verify(t.Root, leaf));
        // Clearing a leaf restores the previous root.
        var before = t.Root;
        t.Set(99, Fr.One);
        Assert.NotEqual(before, t.Root);
        t.Set(99, Fr.Zero);
        Assert.Equal(before, t.Root);
    }

    [Fact]
    public void Out_of_range_indices_are_rejected()
    {
        var t = new SparseMerkleTree(8);
        Assert.Throws<ArgumentOutOfRangeException>(() => t.Set(256, Fr.One));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerklePath(256, new Fr[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMerkleTree(0));
    }
}
