namespace Settlement.Verifier.Bundles;

/// <summary>
/// Poseidon domain tags of docs/spec.md §5.1: one per kind of settlement object, so that no hash of one kind can be
/// passed off as another. 0 and 1 are docs/poseidon.md's Generic and Chain tags.
/// </summary>
public static class HashDomain
{
    public const ulong AccountLeaf = 2;
    public const ulong Statement = 3;
    public const ulong EpochState = 4;
    public const ulong StateRoot = 5;
    public const ulong OpsChain = 6;
    public const ulong Outputs = 7;
    public const ulong Withdrawals = 8;
    public const ulong OracleCommitment = 9;
    public const ulong RiskCommitment = 10;
    public const ulong Config = 11;
    public const ulong BatchDigest = 12;
}
