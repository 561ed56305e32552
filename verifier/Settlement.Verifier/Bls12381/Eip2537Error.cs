namespace Settlement.Verifier.Bls12381;

/// <summary>Why an EIP-2537 precompile input was rejected; <see cref="None"/> on success.</summary>
public enum Eip2537Error
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>The input length is not the one the operation takes (for MSM: not a positive multiple of the pair size).</summary>
    InvalidInputLength,
    /// <summary>The top 16 bytes of a 64-byte field element are not zero.</summary>
    FieldElementPaddingNotZero,
    /// <summary>A field element (or a half of an F_p² element) is not below p.</summary>
    FieldElementNotCanonical,
    /// <summary>A point is not on its curve (and is not the all-zero encoding of infinity).</summary>
    PointNotOnCurve,
    /// <summary>A point given to an MSM is on the curve but not in the order-r subgroup.</summary>
    PointNotInSubgroup,
}

/// <summary>An EIP-2537 input was rejected; <see cref="Error"/> says why.</summary>
public sealed class Eip2537Exception(Eip2537Error error) : FormatException($"EIP-2537 input rejected: {error}")
{
    /// <summary>The rule the input broke.</summary>
    public Eip2537Error Error { get; } = error;
}
