namespace Settlement.Verifier.Poseidon;

/// <summary>
/// Domain tags for <see cref="Poseidon.Hash"/>. The tag sits in the sponge's capacity cell together with the
/// input length (docs/poseidon.md), so equal inputs under different tags never collide by construction.
/// Components that need their own hash pick a new constant here so that tags stay unique.
/// </summary>
public static class PoseidonDomain
{
    /// <summary>Generic variable-length hashing with no further meaning.</summary>
    public const ulong Generic = 0;
    /// <summary>One step of a hash chain (<see cref="Poseidon.Chain"/>).</summary>
    public const ulong Chain = 1;
    /// <summary>Account leaves of the state tree.</summary>
    public const ulong AccountLeaf = 2;
    /// <summary>The public settlement statement.</summary>
    public const ulong Statement = 3;
}
