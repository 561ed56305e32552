using Settlement.Verifier.Bls12381;
using Core = Settlement.Verifier.Bls.BlsCore<Settlement.Verifier.Bls12381.Fp, Settlement.Verifier.Bls12381.G1, Settlement.Verifier.Bls12381.Fp2, Settlement.Verifier.Bls12381.G2, Settlement.Verifier.Bls.MinPublicKeySize>;

namespace Settlement.Verifier.Bls;

/// <summary>
/// BLS signatures with the Ethereum ciphersuite <c>BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_</c> (IETF BLS
/// signature draft, proof-of-possession scheme, minimal-public-key-size variant): public keys in G1, signatures in
/// G2, hash_to_curve = <see cref="HashToCurve.HashToG2"/>. Inputs are validated types (<see cref="PublicKey"/>,
/// <see cref="Signature"/>), so every key has passed KeyValidate and every signature the subgroup check.
/// Signing uses variable-time scalar multiplication: sign where timing cannot be observed.
/// </summary>
public static class PopScheme
{
    /// <summary>The ciphersuite identifier, used as the DST of signatures.</summary>
    public const string Ciphersuite = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    /// <summary>The DST of proofs of possession (IETF BLS draft, section 4.2.3).</summary>
    public const string PopCiphersuite = "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

    private static ReadOnlySpan<byte> SignatureDst => "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8;
    private static ReadOnlySpan<byte> PopDst => "BLS_POP_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8;

    /// <summary>SkToPk: the public key [SK]g1.</summary>
    public static PublicKey SkToPk(SecretKey sk)
    {
        ArgumentNullException.ThrowIfNull(sk);
        return new PublicKey(Core.SkToPk(sk));
    }

    /// <summary>Sign: [SK]·hash_to_G2(message).</summary>
    public static Signature Sign(SecretKey sk, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(sk);
        return new Signature(Core.Sign(sk, message, SignatureDst));
    }

    /// <summary>Verify: e(PK, H(m)) = e(g1, σ).</summary>
    public static bool Verify(PublicKey pk, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(pk);
        ArgumentNullException.ThrowIfNull(signature);
        return Core.Verify(pk.Point, message, signature.Point, SignatureDst);
    }

    /// <summary>Aggregate: the sum of the signatures. Throws <see cref="BlsException"/> (<see cref="BlsError.EmptyInput"/>) for an empty list.</summary>
    public static Signature Aggregate(ReadOnlySpan<Signature> signatures)
    {
        if (signatures.Length == 0) throw BlsErrors.Exception(BlsError.EmptyInput, "Aggregate", 0, 0);
        var points = new G2Affine[signatures.Length];
        for (int i = 0; i < points.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(signatures[i], nameof(signatures));
            points[i] = signatures[i].Point;
        }
        return new Signature(Core.SumSignatures(points));
    }

    /// <summary>
    /// AggregateVerify of the proof-of-possession scheme (IETF BLS draft, section 3.3.4 = CoreAggregateVerify): one
    /// message per key, messages need not be distinct (possession of every key must have been proven). False for
    /// an empty list; throws <see cref="ArgumentException"/> when the counts differ.
    /// </summary>
    public static bool AggregateVerify(ReadOnlySpan<PublicKey> pks, ReadOnlySpan<byte[]> messages, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Core.AggregateVerify(Points(pks), messages, signature.Point, SignatureDst);
    }

    /// <summary>
    /// FastAggregateVerify: all keys signed the same message; verifies against the sum of the keys. Sound only for
    /// keys whose possession was proven (<see cref="PopVerify"/>) when they were registered; false for an empty list.
    /// </summary>
    public static bool FastAggregateVerify(ReadOnlySpan<PublicKey> pks, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (pks.Length == 0) return false;
        var aggregate = Core.SumKeys(Points(pks));
        if (aggregate.IsInfinity) return false; // keys that cancel out: KeyValidate of the aggregate fails
        return Core.Verify(aggregate, message, signature.Point, SignatureDst);
    }

    /// <summary>PopProve: a signature over the 48-byte public key under the PoP DST.</summary>
    public static Signature PopProve(SecretKey sk)
    {
        ArgumentNullException.ThrowIfNull(sk);
        return new Signature(Core.Sign(sk, SkToPk(sk).ToBytes(), PopDst));
    }

    /// <summary>PopVerify: checks a proof of possession for a key.</summary>
    public static bool PopVerify(PublicKey pk, Signature proof)
    {
        ArgumentNullException.ThrowIfNull(pk);
        ArgumentNullException.ThrowIfNull(proof);
        return Core.Verify(pk.Point, pk.ToBytes(), proof.Point, PopDst);
    }

    /// <summary>
    /// Verifies n independent (key, message, signature) triples at once (<see cref="VerifyAll"/>): true only if, with
    /// probability at least 1 − 2^−128, every triple verifies. False for an empty batch; throws when the counts differ.
    /// </summary>
    public static bool BatchVerify(ReadOnlySpan<PublicKey> pks, ReadOnlySpan<byte[]> messages, ReadOnlySpan<Signature> signatures)
    {
        if (pks.Length != messages.Length || pks.Length != signatures.Length)
            throw new ArgumentException($"batch has {pks.Length} public keys, {messages.Length} messages and {signatures.Length} signatures; they must match", nameof(signatures));
        var prepared = new PreparedSignature[pks.Length];
        for (int i = 0; i < prepared.Length; i++) prepared[i] = Prepare(pks[i], messages[i], signatures[i]);
        return VerifyAll(prepared);
    }

    /// <summary>
    /// Verify's per-signature work done ahead: the message hashed to G2, kept with the key and the signature for
    /// <see cref="VerifyAll"/>. Threads may prepare in parallel what one thread then verifies together.
    /// </summary>
    public static PreparedSignature Prepare(PublicKey pk, ReadOnlySpan<byte> message, Signature signature)
    {
        ArgumentNullException.ThrowIfNull(pk);
        ArgumentNullException.ThrowIfNull(signature);
        return new PreparedSignature(pk, HashMessage(message), signature);
    }

    /// <summary>
    /// Whether every prepared triple verifies, with probability of error at most 2^−128: the equations
    /// e(PKᵢ, H(mᵢ)) · e(−g1, σᵢ) = 1 in one pairing batch (random 128-bit weights from the OS CSPRNG, one final
    /// exponentiation), where the signatures of one key share one Miller-loop pair and all signatures share another,
    /// so n signatures by k keys cost k + 1 pairs. False for an empty list. False does not say which triple failed:
    /// verify them one by one for that.
    /// </summary>
    public static bool VerifyAll(ReadOnlySpan<PreparedSignature> signatures)
    {
        if (signatures.Length == 0) return false;
        var batch = new PairingBatch();
        foreach (var s in signatures)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(signatures));
            batch.Add([(s.Key.Point, s.HashedMessage), (NegatedG1, s.Signature.Point)]);
        }
        return batch.Verify();
    }

    // The verification equations of this scheme as terms of a PairingBatch: e(PK, H(m)) · e(−g1, σ) = 1 and its
    // aggregate forms. The batch merges the −g1 terms of all signatures, and the H(m) terms of keys that signed one message;
    // keys enter with their tables of multiples (PublicKey.Multiples), so weighting them costs no doubling chain.
    private static readonly G1Affine NegatedG1 = -G1Affine.Generator;

    /// <summary>hash_to_G2 of a message under the signature DST, for <see cref="AddVerify"/> calls that share it.</summary>
    internal static G2Affine HashMessage(ReadOnlySpan<byte> message) => HashToCurve.HashToG2(message, SignatureDst);

    /// <summary>Adds Verify's equation, the message already hashed (<see cref="HashMessage"/>).</summary>
    internal static void AddVerify(PairingBatch batch, PublicKey pk, in G2Affine hashedMessage, Signature signature) =>
        batch.Add([(pk.Multiples, hashedMessage)], [(NegatedG1, signature.Point)]);

    /// <summary>Adds AggregateVerify's equation ∏ e(PKᵢ, H(mᵢ)) · e(−g1, σ) = 1; false, adding nothing, where AggregateVerify is false without a pairing.</summary>
    internal static bool AddAggregateVerify(PairingBatch batch, ReadOnlySpan<PublicKey> pks, ReadOnlySpan<byte[]> messages, Signature signature)
    {
        if (pks.Length != messages.Length)
            throw new ArgumentException($"{pks.Length} public keys but {messages.Length} messages; AggregateVerify needs one message per key", nameof(messages));
        if (pks.Length == 0) return false;
        var terms = new (PreparedG1, G2Affine)[pks.Length];
        for (int i = 0; i < pks.Length; i++) terms[i] = (pks[i].Multiples, HashMessage(messages[i]));
        batch.Add(terms, [(NegatedG1, signature.Point)]);
        return true;
    }

    /// <summary>
    /// Adds FastAggregateVerify's equation e(Σ PKᵢ, H(m)) · e(−g1, σ) = 1, as ∏ e(PKᵢ, H(m)) · e(−g1, σ) = 1 (the batch
    /// merges the terms of the one message back into one pair); false, adding nothing, where FastAggregateVerify is
    /// false without a pairing.
    /// </summary>
    internal static bool AddFastAggregateVerify(PairingBatch batch, ReadOnlySpan<PublicKey> pks, ReadOnlySpan<byte> message, Signature signature)
    {
        if (pks.Length == 0) return false;
        var aggregate = G1Jacobian.Identity;
        foreach (var pk in pks)
        {
            ArgumentNullException.ThrowIfNull(pk, nameof(pks));
            aggregate = aggregate.AddMixed(pk.Point);
        }
        if (aggregate.IsIdentity) return false;
        var hashed = HashMessage(message);
        var terms = new (PreparedG1, G2Affine)[pks.Length];
        for (int i = 0; i < pks.Length; i++) terms[i] = (pks[i].Multiples, hashed);
        batch.Add(terms, [(NegatedG1, signature.Point)]);
        return true;
    }

    private static G1Affine[] Points(ReadOnlySpan<PublicKey> pks)
    {
        var points = new G1Affine[pks.Length];
        for (int i = 0; i < points.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(pks[i], nameof(pks));
            points[i] = pks[i].Point;
        }
        return points;
    }
}
