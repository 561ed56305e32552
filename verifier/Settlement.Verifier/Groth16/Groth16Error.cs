namespace Settlement.Verifier.Groth16;

/// <summary>Why a Groth16 verifying key, proof, public input or file was refused.</summary>
public enum Groth16Error
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>The number of public inputs is not IC.Length − 1.</summary>
    PublicInputCountMismatch,
    /// <summary>A public input is not a canonical field element: ≥ r, not a plain decimal, or the wrong byte length.</summary>
    PublicInputNotCanonical,
    /// <summary>A point does not satisfy its curve equation.</summary>
    PointNotOnCurve,
    /// <summary>A point is on its curve but outside the order-r subgroup.</summary>
    PointNotInSubgroup,
    /// <summary>A proof or key point is the point at infinity.</summary>
    PointAtInfinity,
    /// <summary>Bytes or a coordinate that do not decode (wrong length, flags, a coordinate ≥ p, z ≠ 1).</summary>
    MalformedEncoding,
    /// <summary>A verifying key that cannot give soundness: γ = δ, δ = the G2 generator, or no IC point.</summary>
    DegenerateVerifyingKey,
    /// <summary>A snarkjs file for another curve or protocol, or missing fields.</summary>
    UnsupportedFile,
}

/// <summary>A refused Groth16 input: the reason, the field it concerns (e.g. "pi_a", "IC[1]", "public[0]") and a message
/// with the value and the rule.</summary>
public sealed class Groth16Exception(Groth16Error error, string field, string message)
    : Exception($"{field}: {message}")
{
    /// <summary>Which rule the input broke.</summary>
    public Groth16Error Error { get; } = error;
    /// <summary>The field concerned, e.g. "pi_a", "IC[1]", "public[0]".</summary>
    public string Field { get; } = field;
}
