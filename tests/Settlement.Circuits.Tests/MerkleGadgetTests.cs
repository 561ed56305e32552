using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Soundness;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon.Merkle;
using static Settlement.Circuits.Tests.Harness;

namespace Settlement.Circuits.Tests;

public class MerkleGadgetTests
{
    private const int Depth = 8;

    private static (SparseMerkleTree Tree, Fr Leaf, ulong Index) Sample()
    {
        var t = new SparseMerkleTree(Depth);
        var rng = new Random(9);
        for (int i = 0; i < 20; i++) t.Set((ulong)rng.Next(0, 256), Fr.Random(rng));
        var leaf = Fr.Random(rng);
        t.Set(77, leaf);
        return (t, leaf, 77);
    }

    private static CompiledCircuit Membership() => Compile(api =>
        MerkleGadget.AssertMembership(api, api.PublicInput("root"), api.SecretInput("leaf"), api.SecretInput("index"), api.SecretInputs("sib", Depth)));

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
        for (int h = 0; h < Depth; h += 3)
        {
            var sib = path.Siblings.ToArray(); sib[h] += Fr.One;
            Assert.Contains("MerkleMembership", Rejects(c, Member(t.Root, leaf, index, sib)).Message);
        }
        Rejects(c, Member(t.Root, leaf + Fr.One, index, path.Siblings));
        Rejects(c, Member(t.Root, leaf, index ^ 1, path.Siblings));             // wrong position
        Rejects(c, Member(t.Root, leaf, index + 256, path.Siblings));           // index beyond 2^D
        var swapped = path.Siblings.ToArray(); (swapped[0], swapped[1]) = (swapped[1], swapped[0]);
        Rejects(c, Member(t.Root, leaf, index, swapped));
        MutationClean(c, ok);
        Assert.Equal(Depth * (240 + 1) + Depth + 1 + 1, c.Statistics.Constraints);
    }

    [Fact]
    public void Update_moves_old_root_to_new_root_on_the_same_path()
    {
        var (t, leaf, index) = Sample();
        var c = Compile(api =>
        {
            var newRoot = MerkleGadget.Update(api, api.PublicInput("oldRoot"), api.SecretInput("oldLeaf"), api.SecretInput("newLeaf"),
                api.SecretInput("index"), api.SecretInputs("sib", Depth));
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
        var badSib = (Fr[])sib.Clone(); badSib[Depth - 1] = Fr.Zero;
        Rejects(c, A(oldRoot, leaf, newLeaf, index, badSib, t.Root));
        MutationClean(c, ok);
    }

    [Fact]
    public void Depth_32_update_costs()
    {
        var c = Compile(api =>
        {
            var newRoot = MerkleGadget.Update(api, api.PublicInput("oldRoot"), api.SecretInput("oldLeaf"), api.SecretInput("newLeaf"),
                api.SecretInput("index"), api.SecretInputs("sib", 32));
            api.AssertEqual(newRoot, api.PublicInput("newRoot"));
        });
        // Two roots of 32·(240 + 1) (Hash2's constant capacity cell saves one S-box), the 32-bit index (33), the old-root equality (1) and the new-root equality (1).
        Assert.Equal(2 * 32 * 241 + 33 + 1 + 1, c.Statistics.Constraints);
        var t = new SparseMerkleTree(32);
        t.Set(3_000_000_000, Fr.FromUInt64(5));
        var oldRoot = t.Root; var sib = t.Path(3_000_000_000).Siblings.ToArray();
        t.Set(3_000_000_000, Fr.FromUInt64(6));
        var ok = new Assignment().Set("oldRoot", oldRoot).Set("oldLeaf", 5).Set("newLeaf", 6).Set("index", 3_000_000_000).Set("sib", sib).Set("newRoot", t.Root);
        Accepts(c, ok);
        var r = MutationChecker.Check(c, ok, new MutationOptions { SampleSize = 3000, MaxPropagated = 40 });
        Assert.True(r.IsClean, r.ToString());
    }
}
