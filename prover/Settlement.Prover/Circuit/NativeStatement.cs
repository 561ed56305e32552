using System.Numerics;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using HashDomain = Settlement.Verifier.Bundles.HashDomain;
using VerifierOutputs = Settlement.Verifier.Bundles.VenueOutputs;
using VerifierWithdrawal = Settlement.Verifier.Bundles.WithdrawalOutput;

namespace Settlement.Prover.Circuit;

/// <summary>
/// The statement of docs/spec.md §5.5 computed natively from the state before a batch, the batch, the engine's result
/// and the state after it: the value the circuit's public input must equal.
/// </summary>
public static class NativeStatement
{
    public static Statement Compute(SettlementConfig cfg, SettlementState pre, IReadOnlyList<Operation> batch, BatchResult result, SettlementState post)
    {
        var h = PoseidonHasher.Instance;
        Fr Root(SettlementState s, EpochState e) =>
            h.Hash([TransitionWitnessBuilder.Tree(cfg, s).Root, h.Hash(FieldEncoding.Epoch(e), HashDomain.EpochState)], HashDomain.StateRoot);
        var postEpoch = post.Epoch;
        var ops = new Fr[cfg.V];
        Fr oracle = Fr.Zero, risk = Fr.Zero;
        foreach (var t in result.Trace)
        {
            switch (t.Op)
            {
                case PriceTick tick: oracle = OracleCommitment(tick); break;
                case RiskUpdate u: risk = RiskCommitment(u); break;
                default:
                    var e = FieldEncoding.Op(t.Op);
                    ops[t.Venue] = h.Hash([ops[t.Venue], .. e], HashDomain.OpsChain);
                    break;
            }
        }
        var outputs = new Fr[cfg.V];
        for (int v = 0; v < cfg.V; v++)
        {
            var o = result.Outputs[v];
            var vo = new VerifierOutputs((ulong)o.DepositFirst, (ulong)o.DepositNext, (ulong)o.WithdrawalFirst, (ulong)o.WithdrawalNext,
                o.Withdrawals.Select(w => new VerifierWithdrawal((ulong)w.WithdrawalId, (uint)w.Account, (ushort)w.Asset, (ulong)w.Amount)).ToArray(),
                o.FlowsOut.Select(x => (UInt128)x).ToArray(), o.FlowsIn.Select(x => (UInt128)x).ToArray());
            outputs[v] = vo.Commitment(v, (ulong)result.BatchIndex);
        }
        return new Statement(FieldEncoding.ConfigHash(cfg, h), (ulong)result.Epoch, (ulong)result.BatchIndex,
            Root(pre, pre.Epoch), Root(post, postEpoch), oracle, risk, ops, outputs, result.HaltedMask);
    }

    /// <summary>oracleCommitment of docs/spec.md §5.3: reports in the tick's (asset, signer) order.</summary>
    public static Fr OracleCommitment(PriceTick t)
    {
        var e = new List<Fr> { Fr.FromInt64(t.Time), Fr.FromInt64(t.Reports.Count) };
        foreach (var r in t.Reports)
        {
            e.Add(Fr.FromBigInteger(r.Asset + ((BigInteger)r.Signer << 16) + ((BigInteger)r.Timestamp << 32)));
            e.Add(Fr.FromInt64(r.Price));
        }
        return PoseidonHasher.Instance.Hash([.. e], HashDomain.OracleCommitment);
    }

    /// <summary>riskCommitment of docs/spec.md §5.3.</summary>
    public static Fr RiskCommitment(RiskUpdate u)
    {
        var e = new List<Fr> { Fr.FromInt64(u.Epoch) };
        foreach (var s in u.Sigmas) e.Add(Fr.FromInt64(s));
        foreach (var i in u.Instruments) { e.Add(Fr.FromInt64(i.Mark)); e.Add(Fr.FromInt64(i.Delta)); e.Add(Fr.FromInt64(i.Gamma)); }
        return PoseidonHasher.Instance.Hash([.. e], HashDomain.RiskCommitment);
    }
}
