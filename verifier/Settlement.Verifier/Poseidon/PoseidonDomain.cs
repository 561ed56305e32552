namespace Settlement.Verifier.Poseidon;

/// <summary>
/// The generic domain tags of <see cref="Poseidon.Hash"/> (docs/poseidon.md). The tag sits in the sponge's capacity cell
/// together with the input length, so equal inputs under different tags never collide by construction.
/// Settlement objects use tags 2 and up, listed once in <c>Settlement.Verifier.Bundles.HashDomain</c> (docs/spec.md §5.1).
/// </summary>
public static class PoseidonDomain
{
    /// <summary>Generic variable-length hashing with no further meaning.</summary>
    public const ulong Generic = 0;
    /// <summary>One step of a hash chain (<see cref="Poseidon.Chain"/>).</summary>
    public const ulong Chain = 1;
}
