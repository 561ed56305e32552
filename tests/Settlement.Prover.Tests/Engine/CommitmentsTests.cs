using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

/// <summary>
/// The commitments feed the right elements under the right domain tag, in the right order. The hasher here records its
/// calls and returns a call counter: it checks the wiring only; Poseidon's values are checked in the verifier's tests.
/// </summary>
public class CommitmentsTests
{
    private sealed class Recorder : IFieldHasher
    {
        public readonly List<(ulong Domain, Fr[] Input)> Calls = [];
        public Fr Hash(ReadOnlySpan<Fr> input, ulong domain)
        {
            Calls.Add((domain, input.ToArray()));
            return Fr.FromUInt64(1000 + (ulong)Calls.Count);
        }
    }

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
        var h = new Recorder();
        var ops = Commitments.Ops(r, 2, h);
        Assert.Equal(3, h.Calls.Count);
        Assert.All(h.Calls, c => Assert.Equal(HashDomain.OpsChain, c.Domain));
        Assert.Equal([Fr.Zero, .. FieldEncoding.Op(d0)], h.Calls[0].Input);        // venue 0 starts from 0
        Assert.Equal([Fr.Zero, .. FieldEncoding.Op(d1)], h.Calls[1].Input);        // venue 1 starts from 0
        Assert.Equal([Fr.FromUInt64(1001), .. FieldEncoding.Op(d2)], h.Calls[2].Input); // venue 0 continues its chain
        Assert.Equal([Fr.FromUInt64(1003), Fr.FromUInt64(1002)], ops);
        Assert.Equal(Fr.Zero, Commitments.Ops(e.Apply([Risk(2)]), 2, h)[0]);       // no ops: 0
    }

    [Fact]
    public void Outputs_statement_and_roots_use_their_own_tags()
    {
        var e = Started();
        var n = new Dictionary<ulong, long>();
        var ids = new Dictionary<int, long>();
        e.Apply([Dep(e, 0, 1, Usdc, 100, n, ids)]);
        var r = e.Apply([new Withdraw(0, 1, 1, Usdc, 40, 0), new Transfer(1, 2, Usdc, 0, 1, 10)]);
        var h = new Recorder();
        Commitments.Outputs(r.Outputs[0], r.BatchIndex, h);
        Assert.Equal(HashDomain.Withdrawals, h.Calls[0].Domain);
        Assert.Equal([Fr.Zero, Fr.Zero, Fr.One, Fr.Zero, Fr.FromUInt64(40)], h.Calls[0].Input);
        var outputs = h.Calls[1];
        Assert.Equal(HashDomain.Outputs, outputs.Domain);
        // [v, batchIndex, depFirst, depNext, wdFirst, wdNext, wd, out(w, c) × 4, in(w, c) × 4]
        Assert.Equal(7 + 4 + 4, outputs.Input.Length);
        Assert.Equal(Fr.FromInt64(r.BatchIndex), outputs.Input[1]);
        Assert.Equal(Fr.FromUInt64(1), outputs.Input[5]);              // withdrawal ids [0, 1)
        Assert.Equal(Fr.FromUInt64(1001), outputs.Input[6]);
        Assert.Equal(Fr.FromUInt64(10), outputs.Input[7 + 1 * 2 + Usdc]); // F[0][1][USDC]
        Assert.Equal(Fr.Zero, Commitments.Oracle(null, h));
        Assert.Equal(Fr.Zero, Commitments.Risk(null, h));
        Commitments.Root(Fr.One, Fr.Zero, h);
        Assert.Equal(HashDomain.StateRoot, h.Calls[^1].Domain);
        Assert.Equal(Fr.Zero, Commitments.Leaf(null, e.Config, h));
        Commitments.Leaf(e.State.Account(1), e.Config, h);
        Assert.Equal(HashDomain.AccountLeaf, h.Calls[^1].Domain);
        var st = new Statement(Fr.One, 3, 4, Fr.Zero, Fr.One, Fr.Zero, Fr.Zero, [Fr.One, Fr.One], [Fr.Zero, Fr.Zero], 2);
        Commitments.StatementHash(st, h);
        Assert.Equal(HashDomain.Statement, h.Calls[^1].Domain);
        Assert.Equal(7 + 2 + 2 + 1, h.Calls[^1].Input.Length);
        Assert.Equal(Fr.FromUInt64(2), h.Calls[^1].Input[^1]);
        var tick = Tick(T0 + 1, (Eth, EthPrice));
        Commitments.Oracle(tick, h);
        Assert.Equal(HashDomain.OracleCommitment, h.Calls[^1].Domain);
        Assert.Equal(2 + 2 * 3, h.Calls[^1].Input.Length);
        Assert.Equal(Fr.FromBigInteger(Eth + (1 << 16) + ((System.Numerics.BigInteger)(T0 + 1) << 32)), h.Calls[^1].Input[4]);
        Commitments.Risk(Risk(2), h);
        Assert.Equal(HashDomain.RiskCommitment, h.Calls[^1].Domain);
        Assert.Equal(Fr.FromInt64(-50_000_000), h.Calls[^1].Input[1 + 2 + 3 * 2 + 1]); // put Δ as r − |Δ|
    }

    [Fact]
    public void Every_domain_tag_is_distinct()
    {
        ulong[] tags = [HashDomain.AccountLeaf, HashDomain.Statement, HashDomain.EpochState, HashDomain.StateRoot, HashDomain.OpsChain,
            HashDomain.Outputs, HashDomain.Withdrawals, HashDomain.OracleCommitment, HashDomain.RiskCommitment, HashDomain.Config];
        Assert.Equal(tags.Length, tags.Distinct().Count());
        Assert.DoesNotContain(0UL, tags); // Generic
        Assert.DoesNotContain(1UL, tags); // Chain
    }
}
