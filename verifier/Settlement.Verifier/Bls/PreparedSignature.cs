using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>
/// A (key, message, signature) triple of <see cref="PopScheme"/> with the message already hashed to G2
/// (<see cref="PopScheme.Prepare"/>), waiting to be verified with others (<see cref="PopScheme.VerifyAll"/>).
/// </summary>
public sealed class PreparedSignature
{
    internal PublicKey Key { get; }
    internal G2Affine HashedMessage { get; }
    internal Signature Signature { get; }

    internal PreparedSignature(PublicKey key, in G2Affine hashedMessage, Signature signature) =>
        (Key, HashedMessage, Signature) = (key, hashedMessage, signature);
}
