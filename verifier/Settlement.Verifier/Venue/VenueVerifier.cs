using System.Diagnostics;
using System.Security.Cryptography;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Poseidon.Merkle;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Venue;

/// <summary>
/// What a venue embeds: construct once with its trust anchors, then <see cref="Accept(SettlementBundle)"/> each
/// bundle. A bundle is accepted only if every check of docs/spec.md §8.3 holds; then the new root is persisted and
/// the venue's own outputs are returned for its escrow to execute. Acceptances are serialised by the store's lock
/// (across processes for a <see cref="FileRootStore"/>), so two bundles on the same old root cannot both be accepted.
/// </summary>
public sealed class VenueVerifier
{
    private readonly VenueTrust _trust;
    private readonly PreparedVerifyingKey _key;
    private readonly IRootStore _store;
    private readonly RandomNumberGenerator? _weights;

    /// <summary>This venue's index in the configuration.</summary>
    public int Venue { get; }

    /// <summary>
    /// A verifier for venue <paramref name="venue"/>: prepares the verifying key and the trusted keys' tables of
    /// multiples once (about 1 MB for the demo's 11 keys) and reads and records accepted roots
    /// in <paramref name="store"/>. Throws <see cref="ArgumentOutOfRangeException"/> when the venue is not in the
    /// configuration, and
    /// <see cref="ArgumentException"/> when the key does not take exactly one public input or a quorum is outside 1..members.
    /// </summary>
    public VenueVerifier(VenueTrust trust, int venue, IRootStore store) : this(trust, venue, store, weights: null) { }

    /// <summary>
    /// As the public constructor, with the pairing batch's weights drawn from <paramref name="weights"/> instead of the
    /// OS CSPRNG: for tests, where a constant source shows the forgeries that random weights refuse.
    /// </summary>
    internal VenueVerifier(VenueTrust trust, int venue, IRootStore store, RandomNumberGenerator? weights)
    {
        if (venue < 0 || venue >= trust.VenueCount) throw new ArgumentOutOfRangeException(nameof(venue), $"venue {venue} is not one of the {trust.VenueCount} venues");
        if (trust.VerifyingKey.PublicInputCount != 1) throw new ArgumentException("a settlement verifying key has exactly one public input (the statement hash)", nameof(trust));
        if (trust.OracleQuorum < 1 || trust.OracleQuorum > trust.OracleKeys.Count) throw new ArgumentException("oracle quorum is outside 1..members", nameof(trust));
        if (trust.RiskQuorum < 1 || trust.RiskQuorum > trust.RiskKeys.Count) throw new ArgumentException("risk quorum is outside 1..members", nameof(trust));
        _trust = trust;
        _key = new PreparedVerifyingKey(trust.VerifyingKey);
        // The tables the pairing batch weights the keys with, built now rather than during the first bundle's check.
        foreach (var keys in (IReadOnlyList<PublicKey>[])[trust.VenueKeys, trust.OracleKeys, trust.RiskKeys])
            foreach (var key in keys) _ = key.Multiples;
        _store = store;
        _weights = weights;
        Venue = venue;
    }

    /// <summary>The root a next bundle must start from.</summary>
    public Fr LastAcceptedRoot => _store.Load().Last?.Root ?? _trust.GenesisRoot;

    /// <summary>The equivocation evidence this venue holds (it then accepts nothing), or null.</summary>
    public EquivocationEvidence? Evidence => _store.Load().Evidence;

    /// <summary>
    /// Decodes and checks a bundle in its binary form. Never throws on any input: bytes that do not decode are a
    /// <see cref="VenueError.Malformed"/> rejection (the decoder bounds every count by the bytes that remain).
    /// </summary>
    public VenueVerdict Accept(ReadOnlySpan<byte> bundle)
    {
        SettlementBundle b;
        try { b = BundleCodec.Decode(bundle); }
        catch (BundleFormatException e) { return VenueVerdict.Reject(VenueError.Malformed, e.Message); }
        return Accept(b);
    }

    /// <summary>Checks and, if accepted, records the bundle; records equivocation evidence the bundle reveals.</summary>
    public VenueVerdict Accept(SettlementBundle bundle) => _store.Update(() => Check(bundle));

    /// <summary>
    /// Evidence shown by another party: if it verifies against this venue's trust, the venue keeps it and accepts no
    /// further bundles. Returns whether it verified.
    /// </summary>
    public bool ReportEquivocation(EquivocationEvidence evidence)
    {
        if (!evidence.Verifies(_trust)) return false;
        _store.Update(() => VenueVerdict.Equivocated(evidence));
        return true;
    }

    /// <summary>All checks, cheapest first; nothing is persisted.</summary>
    public VenueVerdict Check(SettlementBundle b)
    {
        var t = _trust;
        var s = b.Statement;
        if (b.VenueCount != t.VenueCount || b.AssetCount != t.AssetCount || b.InstrumentCount != t.InstrumentCount
            || b.OracleMembers != t.OracleKeys.Count || b.RiskMembers != t.RiskKeys.Count)
            return VenueVerdict.Reject(VenueError.ConfigMismatch,
                $"bundle sizes V={b.VenueCount} C={b.AssetCount} NI={b.InstrumentCount} oracle={b.OracleMembers} risk={b.RiskMembers} differ from the deployment's");
        if (s.ConfigHash != t.ConfigHash) return VenueVerdict.Reject(VenueError.ConfigMismatch, "the bundle is for another configuration");
        var stored = _store.Load();
        if (stored.Evidence is { } held) return VenueVerdict.Equivocated(held);

        var digest = s.BatchDigest();
        var expectedRoot = stored.Last?.Root ?? t.GenesisRoot;
        if (s.OldRoot != expectedRoot || (stored.Last is { } l && s.BatchIndex != l.BatchIndex + 1))
        {
            // A bundle for a batch this venue accepted, with another digest that the venues signed too, is a fork.
            if (Conflict(b, digest) is { } evidence) return VenueVerdict.Equivocated(evidence);
            return s.OldRoot != expectedRoot
                ? VenueVerdict.Reject(VenueError.UnexpectedOldRoot, $"old root {Short(s.OldRoot)} is not the last accepted root {Short(expectedRoot)}")
                : VenueVerdict.Reject(VenueError.UnexpectedOldRoot, $"batch {s.BatchIndex} does not follow the last accepted batch {stored.Last!.Value.BatchIndex}");
        }

        var own = b.Outputs[Venue].Commitment(Venue, s.BatchIndex);
        if (own != s.OutputsCommitments[Venue])
            return VenueVerdict.Reject(VenueError.OutputsMismatch, $"venue {Venue}'s outputs do not match outputsCommitment[{Venue}]");

        // From here on each signature and the proof adds its pairing equation to one batch, verified last with a single
        // final exponentiation; a rejection goes through `pairings`, which first names any earlier equation that fails.
        var pairings = new DeferredPairings(_weights);

        // Oracle tick: commitment recomputed from the reports, quorum of signers, one aggregate signature.
        if (b.Oracle is { } o)
        {
            if (o.Commitment() != s.OracleCommitment) return pairings.Reject(VenueError.OracleCommitmentMismatch, "the reports do not hash to oracleCommitment");
            if (o.Signers.Count < t.OracleQuorum) return pairings.Reject(VenueError.QuorumNotMet, $"{o.Signers.Count} oracle signers, quorum is {t.OracleQuorum}");
            var keys = new PublicKey[o.Signers.Count];
            var messages = new byte[o.Signers.Count][];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = t.OracleKeys[o.Signers[i].Signer];
                messages[i] = OracleTick.Message(t.ConfigHash, o.Signers[i].Signer, o.Signers[i].Reports);
            }
            const string invalid = "the aggregate oracle signature does not verify";
            if (!b.Decoded.TryGetSignature(o.AggregateSignature, out var sig) || !PopScheme.AddAggregateVerify(pairings.Batch, keys, messages, sig))
                return pairings.Reject(VenueError.OracleSignatureInvalid, invalid);
            pairings.Added(VenueError.OracleSignatureInvalid, invalid, () => PopScheme.AggregateVerify(keys, messages, sig));
        }
        else if (!s.OracleCommitment.IsZero)
            return pairings.Reject(VenueError.OracleCommitmentMismatch, "oracleCommitment is set but the bundle carries no price tick");

        if (b.Risk is { } r)
        {
            var rc = r.Commitment();
            if (rc != s.RiskCommitment) return pairings.Reject(VenueError.RiskCommitmentMismatch, "the risk parameters do not hash to riskCommitment");
            if (r.Signers.Count < t.RiskQuorum) return pairings.Reject(VenueError.QuorumNotMet, $"{r.Signers.Count} risk signers, quorum is {t.RiskQuorum}");
            var keys = r.Signers.Select(j => t.RiskKeys[j]).ToArray();
            var message = RiskParameters.Message(t.ConfigHash, r.Epoch, rc);
            const string invalid = "the aggregate risk-committee signature does not verify";
            if (!b.Decoded.TryGetSignature(r.AggregateSignature, out var sig) || !PopScheme.AddFastAggregateVerify(pairings.Batch, keys, message, sig))
                return pairings.Reject(VenueError.RiskSignatureInvalid, invalid);
            pairings.Added(VenueError.RiskSignatureInvalid, invalid, () => PopScheme.FastAggregateVerify(keys, message, sig));
        }
        else if (!s.RiskCommitment.IsZero)
            return pairings.Reject(VenueError.RiskCommitmentMismatch, "riskCommitment is set but the bundle carries no risk parameters");

        // Every venue signs the batch digest on top of the old root: one message, hashed once.
        var batchMessage = SignedMessages.BatchDigest(t.ConfigHash, s.BatchIndex, s.OldRoot, digest);
        var vSigs = new Signature[t.VenueCount];
        for (int v = 0; v < t.VenueCount; v++)
        {
            if (!b.Decoded.TryGetSignature(b.VenueSignatures[v], out var sig))
                return pairings.Reject(VenueError.VenueSignatureInvalid, $"venue {v}'s signature is not a valid signature encoding");
            vSigs[v] = sig;
        }
        var hashed = PopScheme.HashMessage(batchMessage);
        for (int v = 0; v < t.VenueCount; v++)
        {
            var (key, sig) = (t.VenueKeys[v], vSigs[v]);
            PopScheme.AddVerify(pairings.Batch, key, hashed, sig);
            pairings.Added(VenueError.VenueSignatureInvalid, $"venue {v}'s signature over the batch digest {Short(digest)} does not verify",
                () => PopScheme.Verify(key, batchMessage, sig));
        }

        // The proof, against the statement hash recomputed here from the bundle's own fields.
        Proof proof;
        try { proof = b.Decoded.GetProof(b.Proof); }
        catch (Groth16Exception e) { return pairings.Reject(VenueError.ProofInvalid, e.Message); }
        Fr[] inputs = [s.Hash()];
        Groth16Verifier.AddTo(pairings.Batch, _key, proof, inputs);
        pairings.Added(VenueError.ProofInvalid, "the Groth16 proof does not verify for this statement", () => Groth16Verifier.Verify(_key, proof, inputs));

        if (pairings.Verify() is { } rejected) return rejected;
        return VenueVerdict.Accept(new AcceptedBatch(s.BatchIndex, s.OldRoot, s.NewRoot, digest, b.VenueSignatures), b.Outputs[Venue]);
    }

    /// <summary>
    /// The pairing equations of the checks passed so far, in one <see cref="PairingBatch"/> (random weights, one
    /// multi-Miller loop, one final exponentiation). Each equation is kept with its check's error and a way to verify
    /// it alone, so a refusal names the first check that fails in <see cref="Check"/>'s order, as if each equation had
    /// been verified in its place: a later check's failure, or a failed batch, is reported only after the equations
    /// before it were re-verified one by one (only refused bundles pay for that).
    /// </summary>
    private sealed class DeferredPairings(RandomNumberGenerator? weights)
    {
        private readonly List<(VenueError Error, string Message, Func<bool> HoldsAlone)> _checks = [];

        public PairingBatch Batch { get; } = new(weights);

        /// <summary>Records the check whose equation was just added to <see cref="Batch"/>.</summary>
        public void Added(VenueError error, string message, Func<bool> holdsAlone) => _checks.Add((error, message, holdsAlone));

        /// <summary>A rejection for a check that failed without a pairing, unless an earlier equation fails.</summary>
        public VenueVerdict Reject(VenueError error, string message) => FirstFailure() ?? VenueVerdict.Reject(error, message);

        /// <summary>Null when every equation holds; otherwise the first failing check.</summary>
        public VenueVerdict? Verify() =>
            Batch.Verify() ? null
            // Valid equations multiply to 1 for any weights, so a failed batch has a failing equation; never accept regardless.
            : FirstFailure() ?? VenueVerdict.Reject(_checks[^1].Error, "the combined pairing check failed although each equation holds alone");

        private VenueVerdict? FirstFailure()
        {
            foreach (var (error, message, holdsAlone) in _checks)
                if (!holdsAlone()) return VenueVerdict.Reject(error, message);
            return null;
        }
    }

    /// <summary>
    /// Evidence against the first venue whose key signed both this bundle's digest and the other digest of the batch
    /// this venue accepted on the same (batchIndex, oldRoot); null when there is no such batch or no such venue.
    /// </summary>
    private EquivocationEvidence? Conflict(SettlementBundle b, in Fr digest)
    {
        var s = b.Statement;
        if (_store.Find(s.BatchIndex) is not { } accepted || accepted.OldRoot != s.OldRoot || accepted.Digest == digest
            || accepted.VenueSignatures.Count != _trust.VenueCount) return null;
        for (int v = 0; v < _trust.VenueCount; v++)
        {
            var e = new EquivocationEvidence(v, _trust.ConfigHash, s.BatchIndex, s.OldRoot, accepted.Digest, accepted.VenueSignatures[v], digest, b.VenueSignatures[v]);
            if (e.Verifies(_trust)) return e;
        }
        return null;
    }

    /// <summary>Checks an exit claim against the last accepted root (docs/spec.md §9) and returns this venue's balances.</summary>
    public ExitClaimVerdict VerifyExitClaim(ExitClaim claim)
    {
        var t = _trust;
        int siblings = SparseMerkleTree.SiblingsPerLevel * t.TreeDepth;
        if (claim.Siblings.Count != siblings)
            return new(false, [], false, $"ExitRootMismatch: {claim.Siblings.Count} siblings, the tree of depth {t.TreeDepth} needs {siblings} (three per level)");
        if (claim.Balances.Count != t.VenueCount * t.AssetCount) return new(false, [], false, $"ExitRootMismatch: {claim.Balances.Count} balances, expected V·C = {t.VenueCount * t.AssetCount}");
        if (claim.Slots.Count != t.MaxPositions) return new(false, [], false, $"ExitRootMismatch: {claim.Slots.Count} slots, expected {t.MaxPositions}");
        if (claim.AccountId > SparseMerkleTree.MaxIndexOf(t.TreeDepth))
            return new(false, [], false, $"ExitRootMismatch: account {claim.AccountId} is beyond the tree (ids below 4^{t.TreeDepth})");
        if (claim.Salt.IsZero) return new(false, [], false, "ExitRootMismatch: a leaf salt is never zero");
        Fr root;
        try { root = claim.ComputeRoot(); }
        catch (ArgumentException e) { return new(false, [], false, "ExitRootMismatch: " + e.Message); }
        if (root != LastAcceptedRoot) return new(false, [], false, "ExitRootMismatch: the claim does not open the last accepted root");
        var balances = claim.BalancesAt(Venue, t.AssetCount);
        return new(true, balances, claim.IsPayable, claim.IsPayable
            ? $"account {claim.AccountId} holds {string.Join(", ", balances)} at venue {Venue}; payable"
            : $"account {claim.AccountId} holds {string.Join(", ", balances)} at venue {Venue}; not payable in exit mode (open positions or debt)");
    }

    private static string Short(in Fr x) => VenueVerdict.Short(x);

    /// <summary>Times one acceptance check without persisting (benchmarks and the demo's per-venue timing).</summary>
    public (VenueVerdict Verdict, TimeSpan Elapsed) Time(SettlementBundle bundle)
    {
        var sw = Stopwatch.StartNew();
        var v = Check(bundle);
        return (v, sw.Elapsed);
    }
}
