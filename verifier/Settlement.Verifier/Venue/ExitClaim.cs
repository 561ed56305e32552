using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Venue;

/// <summary>
/// A trader's proof of its balances at the last accepted root, without the prover (docs/spec.md §9): the opened leaf,
/// its Merkle siblings (leaf level first) and the epoch-state hash that the root also commits to.
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
    /// <summary>The root this claim opens to.</summary>
    public Fr ComputeRoot()
    {
        var node = AccountLeaf.Hash(AccountId, Nonce, Salt, Balances.ToArray(), Slots.ToArray());
        for (int h = 0; h < Siblings.Count; h++)
            node = ((AccountId >> h) & 1) == 0 ? Poseidon.Poseidon.Hash2(node, Siblings[h]) : Poseidon.Poseidon.Hash2(Siblings[h], node);
        return AccountLeaf.StateRoot(node, EpochHash);
    }

    /// <summary>Balances of every asset at venue <paramref name="venue"/>.</summary>
    public long[] BalancesAt(int venue, int assets) => Balances.Skip(venue * assets).Take(assets).ToArray();

    /// <summary>Whether an escrow in exit mode may pay this claim out: no open position, no debt anywhere (§9).</summary>
    public bool IsPayable => Slots.All(s => s.IsEmpty) && Balances.All(b => b >= 0);
}

/// <summary>The result of <see cref="VenueVerifier.VerifyExitClaim"/>.</summary>
public sealed record ExitClaimVerdict(bool Valid, long[] Balances, bool Payable, string Message);
