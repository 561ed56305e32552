namespace Settlement.Verifier.Bls12381;

/// <summary>Why a ZCash/IETF point encoding was rejected; <see cref="None"/> on success.</summary>
public enum PointDecodeError
{
    /// <summary>Decoded.</summary>
    None = 0,
    /// <summary>The input is not 48/96 bytes (G1) or 96/192 bytes (G2).</summary>
    WrongLength,
    /// <summary>Bit 7 of byte 0 (compression) disagrees with the length of the input.</summary>
    CompressionFlagMismatch,
    /// <summary>The infinity flag is set but some other bit (coordinates or sort flag) is not zero.</summary>
    InfinityNotCanonical,
    /// <summary>The sort flag (bit 5) is set in an uncompressed encoding, where it has no meaning.</summary>
    SortFlagInUncompressed,
    /// <summary>A coordinate (or one half of an F_p² coordinate) is not below p.</summary>
    CoordinateNotCanonical,
    /// <summary>The coordinates do not satisfy the curve equation (compressed: x³ + b has no square root).</summary>
    NotOnCurve,
    /// <summary>The point is on the curve but not in the order-r subgroup.</summary>
    NotInSubgroup,
}

/// <summary>A point encoding was rejected; <see cref="Reason"/> says which rule it broke.</summary>
public sealed class PointDecodeException(PointDecodeError reason, string group)
    : FormatException($"{group} point encoding rejected: {Describe(reason)}")
{
    /// <summary>The rule the encoding broke.</summary>
    public PointDecodeError Reason { get; } = reason;

    internal static string Describe(PointDecodeError e) => e switch
    {
        PointDecodeError.WrongLength => "wrong length",
        PointDecodeError.CompressionFlagMismatch => "compression flag (bit 7 of byte 0) does not match the length",
        PointDecodeError.InfinityNotCanonical => "infinity flag set but other bits are not all zero",
        PointDecodeError.SortFlagInUncompressed => "sort flag (bit 5 of byte 0) set in an uncompressed encoding",
        PointDecodeError.CoordinateNotCanonical => "coordinate is not below the field modulus p",
        PointDecodeError.NotOnCurve => "point is not on the curve",
        PointDecodeError.NotInSubgroup => "point is not in the order-r subgroup",
        _ => e.ToString(),
    };
}
