namespace Settlement.Verifier.Bundles;

/// <summary>
/// Poseidon domain tags of docs/spec.md §5.1: one per kind of settlement object, so that no hash of one kind can be
/// passed off as another. 0 and 1 are docs/poseidon.md's Generic and Chain tags.
/// </summary>
public static class HashDomain
{
    /// <summary>An account leaf (docs/spec.md §3.1).</summary>
    public const ulong AccountLeaf = 2;
    /// <summary>The batch statement, the proof's public input (§5.5).</summary>
    public const ulong Statement = 3;
    /// <summary>The epoch state (§3.3).</summary>
    public const ulong EpochState = 4;
    /// <summary>The state root: [accountRoot, epochHash].</summary>
    public const ulong StateRoot = 5;
    /// <summary>One step of a venue's ops chain (§5.2).</summary>
    public const ulong OpsChain = 6;
    /// <summary>A venue's outputs commitment (§5.4).</summary>
    public const ulong Outputs = 7;
    /// <summary>One step of a venue's withdrawal chain (§5.4).</summary>
    public const ulong Withdrawals = 8;
    /// <summary>The oracle commitment (§5.3).</summary>
    public const ulong OracleCommitment = 9;
    /// <summary>The risk commitment (§5.3).</summary>
    public const ulong RiskCommitment = 10;
    /// <summary>The configuration hash (§7).</summary>
    public const ulong Config = 11;
    /// <summary>The batch digest the venues sign (§5.6).</summary>
    public const ulong BatchDigest = 12;
}
