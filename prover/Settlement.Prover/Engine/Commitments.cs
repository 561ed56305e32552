using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Engine;

/// <summary>The public statement of SPEC §5 (docs/spec.md §5.5), in hash order.</summary>
public sealed record Statement(
    Fr ConfigHash, long Epoch, long BatchIndex, Fr OldRoot, Fr NewRoot, Fr OracleCommitment, Fr RiskCommitment,
    IReadOnlyList<Fr> OpsCommitments, IReadOnlyList<Fr> OutputsCommitments, ulong HaltedMask);

/// <summary>
/// The commitments of docs/spec.md §3 and §5 computed through <see cref="IFieldHasher"/> (Poseidon). The account tree
/// itself (Poseidon.Hash2 nodes) lives with the sparse Merkle tree of the verifier library.
/// </summary>
public static class Commitments
{
    /// <summary>The leaf of an account; an absent account is the empty leaf 0.</summary>
    public static Fr Leaf(Account? a, SettlementConfig c, IFieldHasher h) =>
        a is null ? Fr.Zero : h.Hash(FieldEncoding.Leaf(a, c), HashDomain.AccountLeaf);

    public static Fr Epoch(EpochState s, IFieldHasher h) => h.Hash(FieldEncoding.Epoch(s), HashDomain.EpochState);

    /// <summary>root = Hash([accountRoot, epochHash], StateRoot).</summary>
    public static Fr Root(in Fr accountRoot, in Fr epochHash, IFieldHasher h) => h.Hash([accountRoot, epochHash], HashDomain.StateRoot);

    /// <summary>opsCommitment[v] for every venue: the chain over the ops each venue submitted, in batch order (0 if none).</summary>
    public static Fr[] Ops(BatchResult r, int venues, IFieldHasher h)
    {
        var acc = new Fr[venues];
        Span<Fr> input = stackalloc Fr[7];
        foreach (var t in r.Trace)
        {
            if (t.Venue < 0) continue;
            input[0] = acc[t.Venue];
            FieldEncoding.Op(t.Op).CopyTo(input[1..]);
            acc[t.Venue] = h.Hash(input, HashDomain.OpsChain);
        }
        return acc;
    }

    /// <summary>outputsCommitment[v] (docs/spec.md §5.4).</summary>
    public static Fr Outputs(VenueOutputs o, long batchIndex, IFieldHasher h)
    {
        var wd = Fr.Zero;
        foreach (var w in o.Withdrawals)
            wd = h.Hash([wd, Fr.FromInt64(w.WithdrawalId), Fr.FromUInt64(w.Account), Fr.FromInt64(w.Asset), Fr.FromInt64(w.Amount)], HashDomain.Withdrawals);
        var e = new List<Fr>
        {
            Fr.FromInt64(o.Venue), Fr.FromInt64(batchIndex), Fr.FromInt64(o.DepositFirst), Fr.FromInt64(o.DepositNext),
            Fr.FromInt64(o.WithdrawalFirst), Fr.FromInt64(o.WithdrawalNext), wd,
        };
        foreach (var f in o.FlowsOut) e.Add(Fr.FromBigInteger((BigInteger)f));
        foreach (var f in o.FlowsIn) e.Add(Fr.FromBigInteger((BigInteger)f));
        return h.Hash([.. e], HashDomain.Outputs);
    }

    /// <summary>Hash([T, count, (asset + 2¹⁶·signer + 2³²·t, price)…], OracleCommitment); 0 without a tick.</summary>
    public static Fr Oracle(PriceTick? tick, IFieldHasher h)
    {
        if (tick is null) return Fr.Zero;
        var e = new List<Fr> { Fr.FromInt64(tick.Time), Fr.FromInt64(tick.Reports.Count) };
        foreach (var r in tick.Reports)
        {
            e.Add(Fr.FromBigInteger(r.Asset + ((BigInteger)r.Signer << 16) + ((BigInteger)r.Timestamp << 32)));
            e.Add(Fr.FromInt64(r.Price));
        }
        return h.Hash([.. e], HashDomain.OracleCommitment);
    }

    /// <summary>Hash([e, σ…, (M, Δ, Γ)…], RiskCommitment) with signed values as x mod r; 0 without an update.</summary>
    public static Fr Risk(RiskUpdate? u, IFieldHasher h)
    {
        if (u is null) return Fr.Zero;
        var e = new List<Fr> { Fr.FromInt64(u.Epoch) };
        foreach (long s in u.Sigmas) e.Add(Fr.FromInt64(s));
        foreach (var i in u.Instruments) { e.Add(Fr.FromInt64(i.Mark)); e.Add(Fr.FromInt64(i.Delta)); e.Add(Fr.FromInt64(i.Gamma)); }
        return h.Hash([.. e], HashDomain.RiskCommitment);
    }

    /// <summary>The single Groth16 public input.</summary>
    public static Fr StatementHash(Statement s, IFieldHasher h)
    {
        var e = new List<Fr>
        {
            s.ConfigHash, Fr.FromInt64(s.Epoch), Fr.FromInt64(s.BatchIndex), s.OldRoot, s.NewRoot, s.OracleCommitment, s.RiskCommitment,
        };
        e.AddRange(s.OpsCommitments);
        e.AddRange(s.OutputsCommitments);
        e.Add(Fr.FromUInt64(s.HaltedMask));
        return h.Hash([.. e], HashDomain.Statement);
    }
}
