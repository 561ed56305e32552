using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Poseidon.Merkle;

namespace Settlement.Verifier.Venue;

/// <summary>
/// A trader's proof of its balances at the last accepted root, without the prover (docs/spec.md §9): the opened leaf,
/// its Merkle siblings (three per level, leaf level first, docs/spec.md §3.2) and the epoch-state hash that the root also commits to.
/// </summary>
public sealed record ExitClaim(
    ulong AccountId,
    Fr Salt,
    long Nonce,
    IReadOnlyList<long> Balances,
    IReadOnlyList<PositionSlot> Slots,
    IReadOnlyList<Fr> Siblings,
    Fr EpochHash)
{
    /// <summary>
    /// The root this claim opens to. Throws <see cref="ArgumentException"/> when <see cref="Siblings"/> is not three
    /// per level for 1 to 32 levels, or the account id does not fit that depth.
    /// </summary>
    public Fr ComputeRoot()
    {
        var leaf = AccountLeaf.Hash(AccountId, Nonce, Salt, Balances.ToArray(), Slots.ToArray());
        return AccountLeaf.StateRoot(new MerklePath(AccountId, [.. Siblings]).ComputeRoot(leaf), EpochHash);
    }

    /// <summary>Balances of every asset at venue <paramref name="venue"/>.</summary>
    public long[] BalancesAt(int venue, int assets) => Balances.Skip(venue * assets).Take(assets).ToArray();

    /// <summary>Whether an escrow in exit mode may pay this claim out: no open position, no debt anywhere (§9).</summary>
    public bool IsPayable => Slots.All(s => s.IsEmpty) && Balances.All(b => b >= 0);
}

/// <summary>The result of <see cref="VenueVerifier.VerifyExitClaim"/>.</summary>
public sealed record ExitClaimVerdict(bool Valid, long[] Balances, bool Payable, string Message);
