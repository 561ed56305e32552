using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;
using PoseidonHash = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Prover.Tests.Engine;

/// <summary>The statement, roots and chains the engine produces follow docs/spec.md §3.3 and §5.</summary>
public class CommitmentsTests
{
    [Fact]
    public void Ops_chains_are_per_venue_in_batch_order()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        var d0 = Dep(e, 0, 1, Usdc, 10, n, ids);
        var d1 = Dep(e, 1, 1, Usdc, 20, n, ids);
        var d2 = Dep(e, 0, 2, Usdc, 30, n, ids);
        var r = e.Apply([d0, d1, d2]);
        // docs/spec.md §5.2, written out: [c, E0 + 2⁴⁰·E3 + 2¹⁰⁴·E4, E1 + 2⁹⁶·E2, E5].
        static Fr Step(in Fr c, Operation op)
        {
            var e = FieldEncoding.Op(op).Select(x => x.ToBigInteger()).ToArray();
            return PoseidonHash.Hash([c, Fr.FromBigInteger(e[0] + (e[3] << 40) + (e[4] << 104)), Fr.FromBigInteger(e[1] + (e[2] << 96)),
                Fr.FromBigInteger(e[5])], HashDomain.OpsChain);
        }
        var c0 = Step(Fr.Zero, d0);
        var c0b = Step(c0, d2);
        var c1 = Step(Fr.Zero, d1);
        Assert.Equal([c0b, c1], r.Statement.OpsCommitments);
        Assert.Equal(c0, Commitments.OpsChainStep(Fr.Zero, d0));
        // A batch without venue ops commits 0 for every venue; one without tick or update commits 0 for those.
        var r2 = e.Apply([Risk(2)]);
        Assert.Equal([Fr.Zero, Fr.Zero], r2.Statement.OpsCommitments);
        Assert.Equal(Fr.Zero, r2.Statement.OracleCommitment);
        Assert.Equal(Commitments.Risk(Risk(2)), r2.Statement.RiskCommitment);
        Assert.Equal(Fr.Zero, r.Statement.RiskCommitment);
    }

    [Fact]
    public void Statement_links_roots_from_batch_to_batch_and_leaves_open_under_the_root()
    {
        var e = new SettlementEngine(Config(), new TestAuthenticator());
        var genesis = e.State.Root;
        // Empty tree of depth 5 (4-ary levels) and all-zero epoch state.
        Assert.Equal(Commitments.Root(Settlement.Verifier.Poseidon.Merkle.SparseMerkleTree.EmptyRoots(5)[5], Commitments.Epoch(new EpochState(e.Config))), genesis);
        var r1 = e.Apply([Tick(T0, (Usdc, UsdcPrice), (Eth, EthPrice)), Risk(1)]);
        Assert.Equal(genesis, r1.Statement.OldRoot);
        Assert.Equal(e.State.Root, r1.Statement.NewRoot);
        Assert.Equal(e.ConfigHash, r1.Statement.ConfigHash);
        Assert.Equal(0UL, r1.Statement.BatchIndex);
        Assert.Equal(1UL, r1.Statement.Epoch);
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        var r2 = e.Apply([Dep(e, 0, 5, Usdc, 100 * Usdc1, n, ids), Dep(e, 1, 9, Eth, Eth1, n, ids)]);
        Assert.Equal(r1.Statement.NewRoot, r2.Statement.OldRoot);
        Assert.Equal(1UL, r2.Statement.BatchIndex);
        // An exit claim's check: the leaf and its path give the account root, which with the epoch hash gives the root.
        var acct = e.State.Account(5)!;
        var accountRoot = e.State.Path(5).ComputeRoot(Commitments.Leaf(acct, e.Config));
        Assert.Equal(e.State.AccountRoot, accountRoot);
        Assert.Equal(r2.Statement.NewRoot, Commitments.Root(accountRoot, Commitments.Epoch(e.State.Epoch)));
        Assert.Equal(Fr.Zero, Commitments.Leaf(e.State.Account(6), e.Config));
        Assert.True(e.State.Path(6).Verify(e.State.AccountRoot, Fr.Zero));
        // A rejected batch moves nothing, root included.
        Assert.Throws<BatchRejectedException>(() => e.Apply([new Withdraw(0, 5, 1, Usdc, 101 * Usdc1, 0)]));
        Assert.Equal(r2.Statement.NewRoot, e.State.Root);
        // Outputs commitments are the verifier's own definition over the engine's outputs.
        for (int v = 0; v < 2; v++) Assert.Equal(r2.Outputs[v].Commitment(v, 1), r2.Statement.OutputsCommitments[v]);
        Assert.Equal(0UL, r2.Outputs[1].DepositFirst);
        Assert.Equal(1UL, r2.Outputs[1].DepositNext);
        Assert.NotEqual(r1.Statement.Hash(), r2.Statement.Hash());
    }

    [Fact]
    public void Oracle_commitment_lists_reports_per_signer_then_by_asset()
    {
        long t = T0 + 1;
        var tick = Tick(t, (Usdc, UsdcPrice), (Eth, EthPrice));   // sorted by (asset, signer)
        var e = new List<Fr> { Fr.FromInt64(t), Fr.FromInt64(6) };
        for (int s = 0; s < 3; s++)
            foreach (var (asset, price) in new[] { (Usdc, UsdcPrice), (Eth, EthPrice) })
            {
                e.Add(Fr.FromBigInteger(asset + ((System.Numerics.BigInteger)s << 16) + ((System.Numerics.BigInteger)t << 32)));
                e.Add(Fr.FromInt64(price));
            }
        Assert.Equal(PoseidonHash.Hash([.. e], HashDomain.OracleCommitment), Commitments.Oracle(tick));
        var bundleTick = Commitments.ToOracleTick(tick, []);
        Assert.Equal([0, 1, 2], bundleTick.Signers.Select(s => s.Signer));
        Assert.Equal([(ushort)Usdc, (ushort)Eth], bundleTick.Signers[1].Reports.Select(r => r.AssetId));
    }

    [Fact]
    public void Risk_commitment_signs_greeks_as_field_images()
    {
        var u = Risk(2);
        var e = new List<Fr> { Fr.FromInt64(2), Fr.Zero, Fr.FromInt64(EthSigma) };
        foreach (var i in u.Instruments) { e.Add(Fr.FromUInt64(i.Mark)); e.Add(Fr.FromInt64(i.Delta)); e.Add(Fr.FromInt64(i.Gamma)); }
        Assert.Equal(PoseidonHash.Hash([.. e], HashDomain.RiskCommitment), Commitments.Risk(u));
        Assert.Equal(-Fr.FromInt64(50_000_000), e[3 + 2 * 3 + 1]);   // the put's Δ is r − 5·10⁷
    }
}

public class LeafUpdateTests
{
    [Fact]
    public void Leaf_updates_chain_the_account_root_op_by_op()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        var before = e.State.AccountRoot;
        var r = e.Apply([Dep(e, 0, 1, Usdc, 10_000 * Usdc1, n, ids), Dep(e, 0, 2, Usdc, 10_000 * Usdc1, n, ids),
                         Buy(e, n, 0, Perp, 1, 2, OneContract, 2_000 * Usdc1), Dep(e, 1, 1, Usdc, 5, n, ids)]);
        // Deposit, deposit, trade (buyer then seller), deposit: five updates; account 1 is written three times.
        Assert.Equal([(0, 1UL), (1, 2UL), (2, 1UL), (2, 2UL), (3, 1UL)], r.LeafUpdates.Select(u => (u.OpIndex, u.Account)));
        var root = before;
        foreach (var u in r.LeafUpdates)
        {
            Assert.Equal(root, u.Path.ComputeRoot(u.OldLeaf));
            root = u.Path.ComputeRoot(u.NewLeaf);
        }
        Assert.Equal(e.State.AccountRoot, root);
        Assert.Equal(Settlement.Verifier.Bls12381.Fr.Zero, r.LeafUpdates[0].OldLeaf);          // account 1 was created
        Assert.Equal(r.LeafUpdates[2].OldLeaf, r.LeafUpdates[0].NewLeaf);
        Assert.Equal(Commitments.Leaf(e.State.Account(1), e.Config), r.LeafUpdates[4].NewLeaf);
    }
}
