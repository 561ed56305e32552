namespace Settlement.Verifier.Bls12381;

/// <summary>
/// EIP-2537's BLS12_MAP_FP_TO_G1 and BLS12_MAP_FP2_TO_G2 precompiles: decode one field element in the EIP-2537
/// encoding (64 bytes per F_p value: 16 zero bytes, then 48 big-endian bytes below p; F_p² as c0‖c1), apply
/// map_to_curve and clear_cofactor (<see cref="HashToCurve.MapFpToG1"/>, <see cref="HashToCurve.MapFp2ToG2"/>), and
/// encode the point (128 / 256 bytes). The rest of the EIP-2537 codec is <see cref="Eip2537"/>.
/// </summary>
public static class Eip2537Map
{
    /// <summary>MAP_FP_TO_G1 takes exactly one field element.</summary>
    public const int MapFpToG1InputSize = Eip2537.FieldElementSize;

    /// <summary>MAP_FP2_TO_G2 takes exactly one F_p² element, c0 then c1.</summary>
    public const int MapFp2ToG2InputSize = 2 * Eip2537.FieldElementSize;

    /// <summary>BLS12_MAP_FP_TO_G1 into a 128-byte <paramref name="output"/>; false with the reason for an invalid input.</summary>
    public static bool TryMapFpToG1(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        if (output.Length != Eip2537.G1PointSize) throw new ArgumentException($"output must be {Eip2537.G1PointSize} bytes", nameof(output));
        if (input.Length != MapFpToG1InputSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!Eip2537.TryDecodeFp(input, out var u, out error)) return false;
        Eip2537.EncodeG1(HashToCurve.MapFpToG1(u), output);
        return true;
    }

    /// <summary>BLS12_MAP_FP_TO_G1, or <see cref="Eip2537Exception"/> naming why the input was rejected.</summary>
    public static byte[] MapFpToG1(ReadOnlySpan<byte> input)
    {
        var output = new byte[Eip2537.G1PointSize];
        return TryMapFpToG1(input, output, out var error) ? output : throw new Eip2537Exception(error);
    }

    /// <summary>BLS12_MAP_FP2_TO_G2 into a 256-byte <paramref name="output"/>; false with the reason for an invalid input.</summary>
    public static bool TryMapFp2ToG2(ReadOnlySpan<byte> input, Span<byte> output, out Eip2537Error error)
    {
        if (output.Length != Eip2537.G2PointSize) throw new ArgumentException($"output must be {Eip2537.G2PointSize} bytes", nameof(output));
        if (input.Length != MapFp2ToG2InputSize) { error = Eip2537Error.InvalidInputLength; return false; }
        if (!Eip2537.TryDecodeFp(input[..Eip2537.FieldElementSize], out var c0, out error)) return false;
        if (!Eip2537.TryDecodeFp(input[Eip2537.FieldElementSize..], out var c1, out error)) return false;
        Eip2537.EncodeG2(HashToCurve.MapFp2ToG2(new Fp2(c0, c1)), output);
        return true;
    }

    /// <summary>BLS12_MAP_FP2_TO_G2, or <see cref="Eip2537Exception"/> naming why the input was rejected.</summary>
    public static byte[] MapFp2ToG2(ReadOnlySpan<byte> input)
    {
        var output = new byte[Eip2537.G2PointSize];
        return TryMapFp2ToG2(input, output, out var error) ? output : throw new Eip2537Exception(error);
    }
}
