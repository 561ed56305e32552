using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Soundness;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon.Merkle;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class MerkleGadgetTests
{
    private const int Depth = 4;                 // 4-ary levels: 256 leaves
    private const int Siblings = 3 * Depth;

    private static (SparseMerkleTree Tree, Fr Leaf, ulong Index) Sample()
    {
        var t = new SparseMerkleTree(Depth);
        var rng = new Random(9);
        for (int i = 0; i < 40; i++) t.Set((ulong)rng.Next(0, 256), Fr.Random(rng));
        var leaf = Fr.Random(rng);
        t.Set(77, leaf);                         // 77 = 1·64 + 0·16 + 3·4 + 1: positions 1, 3, 0, 1 from the leaf up
        return (t, leaf, 77);
    }

    private static CompiledCircuit Membership() => Compile(api =>
        MerkleGadget.AssertMembership(api, api.PublicInput("root"), api.SecretInput("leaf"), api.SecretInput("index"), api.SecretInputs("sib", Siblings)));

    private static Assignment Member(Fr root, Fr leaf, ulong index, IReadOnlyList<Fr> sib) =>
        new Assignment().Set("root", root).Set("leaf", leaf).Set("index", (long)index).Set("sib", sib.ToArray());

    [Fact]
    public void Membership_accepts_a_path_and_rejects_wrong_data()
    {
        var (t, leaf, index) = Sample();
        var c = Membership();
        var path = t.Path(index);
        var ok = Member(t.Root, leaf, index, path.Siblings);
        Accepts(c, ok);
        for (int k = 0; k < Siblings; k++)
        {
            var sib = path.Siblings.ToArray(); sib[k] += Fr.One;
            Assert.Contains("MerkleMembership", Rejects(c, Member(t.Root, leaf, index, sib)).Message);
        }
        Rejects(c, Member(t.Root, leaf + Fr.One, index, path.Siblings));
        for (ulong p = 1; p < 4; p++) Rejects(c, Member(t.Root, leaf, index ^ p, path.Siblings));   // another position at the leaf level
        Rejects(c, Member(t.Root, leaf, index ^ (2UL << 6), path.Siblings));                        // another position at the top level
        Rejects(c, Member(t.Root, leaf, index + 256, path.Siblings));                               // index beyond 4^D
        var swapped = path.Siblings.ToArray(); (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Rejects(c, Member(t.Root, leaf, index, swapped));
        MutationClean(c, ok);
        // Per level Hash4 (297) and 3 products; the index: 2D bits, one recomposition and b₀·b₁ per level; the root equality.
        Assert.Equal(Depth * (297 + 3) + (2 * Depth + 1 + Depth) + 1, c.Statistics.Constraints);
    }

    /// <summary>
    /// The gadget computes the native tree's root for every child position at every level: ids 0x00, 0x55, 0xAA, 0xFF
    /// put the node at the same position (0, 1, 2, 3) on every level, and random ids mix them.
    /// </summary>
    [Fact]
    public void Gadget_and_native_tree_agree_on_every_child_position()
    {
        var c = Compile(api => api.AssertEqual(MerkleGadget.Root(api, api.SecretInput("leaf"),
            MerkleGadget.Index(api, api.SecretInput("index"), Depth), api.SecretInputs("sib", Siblings)), api.PublicInput("root")));
        var rng = new Random(21);
        var t = new SparseMerkleTree(Depth);
        for (int i = 0; i < 120; i++) t.Set((ulong)rng.Next(0, 256), Fr.Random(rng));
        var ids = new ulong[] { 0x00, 0x55, 0xAA, 0xFF }.Concat(Enumerable.Range(0, 12).Select(_ => (ulong)rng.Next(0, 256))).ToArray();
        var seen = new bool[Depth, 4];
        foreach (var id in ids)
        {
            var leaf = t.Get(id);
            var path = t.Path(id);
            Accepts(c, Member(t.Root, leaf, id, path.Siblings));
            Assert.Equal(t.Root, path.ComputeRoot(leaf));
            Rejects(c, Member(t.Root, leaf + Fr.One, id, path.Siblings));
            for (int h = 0; h < Depth; h++) seen[h, (id >> (2 * h)) & 3] = true;
        }
        foreach (var s in seen) Assert.True(s);
    }

    [Fact]
    public void Update_moves_old_root_to_new_root_on_the_same_path()
    {
        var (t, leaf, index) = Sample();
        var c = Compile(api =>
        {
            var newRoot = MerkleGadget.Update(api, api.PublicInput("oldRoot"), api.SecretInput("oldLeaf"), api.SecretInput("newLeaf"),
                api.SecretInput("index"), api.SecretInputs("sib", Siblings));
            api.AssertEqual(newRoot, api.PublicInput("newRoot"));
        });
        var oldRoot = t.Root;
        var path = t.Path(index);
        var newLeaf = leaf + Fr.FromUInt64(1000);
        t.Set(index, newLeaf);
        Assignment A(Fr oldR, Fr oldL, Fr newL, ulong i, Fr[] sib, Fr newR) => new Assignment()
            .Set("oldRoot", oldR).Set("oldLeaf", oldL).Set("newLeaf", newL).Set("index", (long)i).Set("sib", sib).Set("newRoot", newR);
        var sib = path.Siblings.ToArray();
        var ok = A(oldRoot, leaf, newLeaf, index, sib, t.Root);
        Accepts(c, ok);
        Rejects(c, A(oldRoot, leaf, newLeaf, index, sib, oldRoot));                  // root did not move
        Rejects(c, A(oldRoot, leaf + Fr.One, newLeaf, index, sib, t.Root));          // wrong old leaf
        var other = new SparseMerkleTree(Depth); other.Set(index, newLeaf);
        Rejects(c, A(other.Root, Fr.Zero, newLeaf, index, other.Path(index).Siblings.ToArray(), t.Root)); // other tree
        var badSib = (Fr[])sib.Clone(); badSib[Siblings - 1] = Fr.Zero;
        Rejects(c, A(oldRoot, leaf, newLeaf, index, badSib, t.Root));
        MutationClean(c, ok);
    }

    [Fact]
    public void Production_depth_16_update_costs()
    {
        var c = Compile(api =>
        {
            var newRoot = MerkleGadget.Update(api, api.PublicInput("oldRoot"), api.SecretInput("oldLeaf"), api.SecretInput("newLeaf"),
                api.SecretInput("index"), api.SecretInputs("sib", 3 * 16));
            api.AssertEqual(newRoot, api.PublicInput("newRoot"));
        });
        // Two roots of 16·(297 + 3) (Hash4's constant capacity cell saves one S-box), the 32-bit index with its 16
        // b₀·b₁ products (49), the old-root equality (1) and the new-root equality (1).
        Assert.Equal(2 * 16 * 300 + 49 + 1 + 1, c.Statistics.Constraints);
        var t = new SparseMerkleTree(16);
        t.Set(3_000_000_000, Fr.FromUInt64(5));
        var oldRoot = t.Root; var sib = t.Path(3_000_000_000).Siblings.ToArray();
        t.Set(3_000_000_000, Fr.FromUInt64(6));
        Assignment A(long index) => new Assignment().Set("oldRoot", oldRoot).Set("oldLeaf", 5).Set("newLeaf", 6).Set("index", index).Set("sib", sib).Set("newRoot", t.Root);
        var ok = A(3_000_000_000);
        Accepts(c, ok);
        Rejects(c, A(3_000_000_000L + (1L << 32)));                                  // a 33-bit id: beyond 2·16 bits
        var r = MutationChecker.Check(c, ok, new MutationOptions { SampleSize = 3000, MaxPropagated = 40 });
        Assert.True(r.IsClean, r.ToString());
    }
}
