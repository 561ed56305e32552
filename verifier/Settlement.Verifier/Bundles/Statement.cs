using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>
/// The public statement of one settlement batch (docs/spec.md §5.5). Its Poseidon hash is the Groth16 proof's
/// single public input; a venue recomputes it from these fields rather than trusting a hash it is given.
/// </summary>
public sealed record Statement(
    Fr ConfigHash,
    ulong Epoch,
    ulong BatchIndex,
    Fr OldRoot,
    Fr NewRoot,
    Fr OracleCommitment,
    Fr RiskCommitment,
    IReadOnlyList<Fr> OpsCommitments,
    IReadOnlyList<Fr> OutputsCommitments,
    ulong HaltedMask)
{
    /// <summary>Number of venues V (the length of <see cref="OpsCommitments"/>).</summary>
    public int VenueCount => OpsCommitments.Count;

    /// <summary>Poseidon.Hash([configHash, epoch, batchIndex, oldRoot, newRoot, oracle, risk, ops[V], outputs[V], haltedMask], Statement).</summary>
    public Fr Hash()
    {
        if (OpsCommitments.Count != OutputsCommitments.Count)
            throw new InvalidOperationException($"{OpsCommitments.Count} ops commitments but {OutputsCommitments.Count} outputs commitments");
        var e = new Fr[8 + 2 * VenueCount];
        int k = 0;
        e[k++] = ConfigHash; e[k++] = Fr.FromUInt64(Epoch); e[k++] = Fr.FromUInt64(BatchIndex);
        e[k++] = OldRoot; e[k++] = NewRoot; e[k++] = OracleCommitment; e[k++] = RiskCommitment;
        foreach (var c in OpsCommitments) e[k++] = c;
        foreach (var c in OutputsCommitments) e[k++] = c;
        e[k] = Fr.FromUInt64(HaltedMask);
        return Poseidon.Poseidon.Hash(e, HashDomain.Statement);
    }

    /// <summary>
    /// The batch digest every venue signs (docs/spec.md §5.6): Poseidon.Hash([ops[V], oracle, risk, haltedMask], BatchDigest).
    /// It covers everything the transition depends on besides the old state, and every input is also in <see cref="Hash"/>,
    /// so the proof binds what the venues signed.
    /// </summary>
    public Fr BatchDigest()
    {
        var e = new Fr[3 + VenueCount];
        int k = 0;
        foreach (var c in OpsCommitments) e[k++] = c;
        e[k++] = OracleCommitment; e[k++] = RiskCommitment; e[k] = Fr.FromUInt64(HaltedMask);
        return Poseidon.Poseidon.Hash(e, HashDomain.BatchDigest);
    }

    /// <summary>
    /// Equal when every field and list element is equal (the record default would compare the lists by reference).
    /// </summary>
    public bool Equals(Statement? other) =>
        other is not null && ConfigHash == other.ConfigHash && Epoch == other.Epoch && BatchIndex == other.BatchIndex
        && OldRoot == other.OldRoot && NewRoot == other.NewRoot && OracleCommitment == other.OracleCommitment
        && RiskCommitment == other.RiskCommitment && OpsCommitments.SequenceEqual(other.OpsCommitments)
        && OutputsCommitments.SequenceEqual(other.OutputsCommitments) && HaltedMask == other.HaltedMask;

    /// <summary>
    /// Hash of the config hash, epoch, batch index and roots (consistent with <see cref="Equals(Statement?)"/>).
    /// </summary>
    public override int GetHashCode() => HashCode.Combine(ConfigHash, Epoch, BatchIndex, OldRoot, NewRoot);
}
