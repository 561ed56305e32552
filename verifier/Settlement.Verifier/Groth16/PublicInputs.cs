using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Public inputs from the outside world, checked to be canonical field elements: a value ≥ r is refused, never reduced,
/// because x and x + r would otherwise both verify.
/// </summary>
public static class PublicInputs
{
    /// <summary>Decimal strings as in snarkjs public.json: digits only, no sign or leading zero, value below r.</summary>
    public static Fr[] FromDecimal(IReadOnlyList<string> values)
    {
        var r = new Fr[values.Count];
        for (int i = 0; i < r.Length; i++)
            if (!Fr.TryParseDecimal(values[i], out r[i]))
                throw new Groth16Exception(Groth16Error.PublicInputNotCanonical, $"public[{i}]",
                    $"'{Shorten(values[i])}' is not a canonical decimal below r");
        return r;
    }

    /// <summary>Concatenated 32-byte big-endian values, each below r.</summary>
    public static Fr[] FromBytesBE(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % Fr.ByteLength != 0)
            throw new Groth16Exception(Groth16Error.PublicInputNotCanonical, "public", $"{bytes.Length} bytes is not a multiple of {Fr.ByteLength}");
        var r = new Fr[bytes.Length / Fr.ByteLength];
        for (int i = 0; i < r.Length; i++)
            if (!Fr.TryFromBytesBE(bytes.Slice(i * Fr.ByteLength, Fr.ByteLength), out r[i]))
                throw new Groth16Exception(Groth16Error.PublicInputNotCanonical, $"public[{i}]",
                    $"0x{Convert.ToHexString(bytes.Slice(i * Fr.ByteLength, Fr.ByteLength)).ToLowerInvariant()} is not below r");
        return r;
    }

    internal static string Shorten(string s) => s.Length <= 100 ? s : s[..97] + "...";
}
