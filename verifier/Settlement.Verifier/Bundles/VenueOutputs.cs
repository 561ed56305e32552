using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>A withdrawal the venue's escrow must release.</summary>
public readonly record struct WithdrawalOutput(ulong WithdrawalId, uint AccountId, ushort Asset, ulong Amount);

/// <summary>
/// What one venue executes after accepting a batch (docs/spec.md §5.4): the half-open ranges of deposit and
/// withdrawal ids consumed, the withdrawals to release, and the inter-venue flows F[self][w][c] (out) and F[w][self][c]
/// (in), indexed [w·C + c].
/// </summary>
public sealed record VenueOutputs(
    ulong DepositFirst, ulong DepositNext, ulong WithdrawalFirst, ulong WithdrawalNext,
    IReadOnlyList<WithdrawalOutput> Withdrawals, IReadOnlyList<UInt128> FlowsOut, IReadOnlyList<UInt128> FlowsIn)
{
    /// <summary>
    /// Outputs of a venue with nothing to execute: empty id ranges starting at the given next ids, all flows zero.
    /// </summary>
    public static VenueOutputs Empty(int venues, int assets, ulong nextDeposit = 0, ulong nextWithdrawal = 0) =>
        new(nextDeposit, nextDeposit, nextWithdrawal, nextWithdrawal, [], new UInt128[venues * assets], new UInt128[venues * assets]);

    /// <summary>A withdrawal as one word of the chain (docs/spec.md §5.4): accountId + 2³²·asset + 2⁴⁸·amount + 2¹¹²·withdrawalId,
    /// each field at the width of its type (32, 16, 64, 64 bits), so distinct withdrawals give distinct words.</summary>
    public static Fr WithdrawalWord(WithdrawalOutput w) =>
        Fr.FromBigInteger(w.AccountId + ((System.Numerics.BigInteger)w.Asset << 32) + ((System.Numerics.BigInteger)w.Amount << 48)
            + ((System.Numerics.BigInteger)w.WithdrawalId << 112));

    /// <summary>outputsCommitment[v] of docs/spec.md §5.4.</summary>
    public Fr Commitment(int venue, ulong batchIndex)
    {
        var wd = Fr.Zero;
        foreach (var w in Withdrawals)
            wd = Poseidon.Poseidon.Hash([wd, WithdrawalWord(w)], HashDomain.Withdrawals);
        var e = new List<Fr>
        {
            Fr.FromUInt64((ulong)venue), Fr.FromUInt64(batchIndex), Fr.FromUInt64(DepositFirst), Fr.FromUInt64(DepositNext),
            Fr.FromUInt64(WithdrawalFirst), Fr.FromUInt64(WithdrawalNext), wd,
        };
        foreach (var f in FlowsOut) e.Add(FromUInt128(f));
        foreach (var f in FlowsIn) e.Add(FromUInt128(f));
        return Poseidon.Poseidon.Hash(e.ToArray(), HashDomain.Outputs);
    }

    private static Fr FromUInt128(UInt128 x) => Fr.FromBigInteger((System.Numerics.BigInteger)x);

    /// <summary>
    /// Equal when every field and list element is equal (the record default would compare the lists by reference).
    /// </summary>
    public bool Equals(VenueOutputs? o) =>
        o is not null && DepositFirst == o.DepositFirst && DepositNext == o.DepositNext && WithdrawalFirst == o.WithdrawalFirst
        && WithdrawalNext == o.WithdrawalNext && Withdrawals.SequenceEqual(o.Withdrawals) && FlowsOut.SequenceEqual(o.FlowsOut)
        && FlowsIn.SequenceEqual(o.FlowsIn);

    /// <summary>Hash of the ranges and the withdrawal count (consistent with <see cref="Equals(VenueOutputs?)"/>).</summary>
    public override int GetHashCode() => HashCode.Combine(DepositFirst, DepositNext, WithdrawalFirst, WithdrawalNext, Withdrawals.Count);
}
