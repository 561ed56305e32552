using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bls;

/// <summary>Maps point-decoding failures to <see cref="BlsError"/> and words the exceptions.</summary>
internal static class BlsErrors
{
    public static BlsError FromPointError(PointDecodeError e) => e switch
    {
        PointDecodeError.None => BlsError.None,
        PointDecodeError.WrongLength => BlsError.WrongLength,
        PointDecodeError.NotInSubgroup => BlsError.NotInSubgroup,
        _ => BlsError.InvalidPointEncoding,
    };

    public static BlsException Exception(BlsError error, string what, int length, int expectedLength) => new(error, error switch
    {
        BlsError.WrongLength => $"{what} is {length} bytes; it must be {expectedLength}",
        BlsError.InvalidPointEncoding => $"{what} is not a valid compressed point (flags, a coordinate not below p, or not on the curve)",
        BlsError.NotInSubgroup => $"{what} is on the curve but not in the order-r subgroup",
        BlsError.PublicKeyIsIdentity => $"{what} is the point at infinity, which KeyValidate rejects",
        BlsError.EmptyInput => $"{what}: the list is empty",
        _ => $"{what} rejected: {error}",
    });
}
