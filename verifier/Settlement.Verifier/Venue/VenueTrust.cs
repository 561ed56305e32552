using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Venue;

/// <summary>
/// What a venue trusts, fixed at deployment: the configuration hash, the settlement circuit's verifying key, every
/// venue's key, the oracle and risk committees with their quorums, the sizes, and the genesis root.
/// </summary>
public sealed record VenueTrust(
    Fr ConfigHash,
    VerifyingKey VerifyingKey,
    IReadOnlyList<PublicKey> VenueKeys,
    IReadOnlyList<PublicKey> OracleKeys,
    int OracleQuorum,
    IReadOnlyList<PublicKey> RiskKeys,
    int RiskQuorum,
    int AssetCount,
    int InstrumentCount,
    int TreeDepth,
    int MaxPositions,
    Fr GenesisRoot)
{
    public int VenueCount => VenueKeys.Count;
}
