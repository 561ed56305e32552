namespace Settlement.Verifier.Bls;

/// <summary>Why a BLS key or signature was rejected; <see cref="None"/> on success.</summary>
public enum BlsError
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>The byte string has the wrong length for this kind of value.</summary>
    WrongLength,
    /// <summary>The point encoding is malformed: flag bits, a coordinate not below p, or no point with that x.</summary>
    InvalidPointEncoding,
    /// <summary>The point is on the curve but not in the order-r subgroup.</summary>
    NotInSubgroup,
    /// <summary>A public key is the point at infinity (KeyValidate forbids it: it would verify anything).</summary>
    PublicKeyIsIdentity,
    /// <summary>A secret key is zero.</summary>
    SecretKeyIsZero,
    /// <summary>A secret key is not below the group order r.</summary>
    SecretKeyNotBelowOrder,
    /// <summary>An operation that needs at least one input got none (aggregating an empty list).</summary>
    EmptyInput,
}

/// <summary>A BLS key, signature or list was rejected; <see cref="Error"/> says which rule it broke.</summary>
public sealed class BlsException(BlsError error, string message) : FormatException(message)
{
    /// <summary>The rule the input broke.</summary>
    public BlsError Error { get; } = error;
}
