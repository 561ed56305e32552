using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// A Groth16 proof in the EIP-2537 encoding that the generated Solidity verifier takes (docs/evm.md): A ‖ B ‖ C
/// uncompressed, 128 + 256 + 128 = 512 bytes, each F_p coordinate 64 bytes (<see cref="Eip2537"/>).
/// <see cref="Decode"/> checks in the contract's order, so both refuse the same bytes for the same reason: first every
/// coordinate's encoding and the point at infinity, point by point (A, B, C); then, point by point, the curve and the
/// subgroup (which the contract learns from the precompiles).
/// </summary>
public static class Eip2537Proof
{
    /// <summary>Bytes of the encoding: A (128) ‖ B (256) ‖ C (128).</summary>
    public const int Size = 2 * Eip2537.G1PointSize + Eip2537.G2PointSize;

    private static readonly (string Name, int Start, int Length)[] Points =
        [("A", 0, Eip2537.G1PointSize), ("B", Eip2537.G1PointSize, Eip2537.G2PointSize), ("C", Eip2537.G1PointSize + Eip2537.G2PointSize, Eip2537.G1PointSize)];

    /// <summary>The 512-byte encoding A ‖ B ‖ C.</summary>
    public static byte[] Encode(Proof proof)
    {
        var b = new byte[Size];
        Eip2537.EncodeG1(proof.A, b.AsSpan(Points[0].Start, Points[0].Length));
        Eip2537.EncodeG2(proof.B, b.AsSpan(Points[1].Start, Points[1].Length));
        Eip2537.EncodeG1(proof.C, b.AsSpan(Points[2].Start, Points[2].Length));
        return b;
    }

    /// <summary>
    /// Decodes and checks the 512 bytes; throws <see cref="Groth16Exception"/> naming the point ("A", "B", "C", or
    /// "proof" for the length) with <see cref="Groth16Error.MalformedEncoding"/> (a coordinate with non-zero padding or
    /// not below p), <see cref="Groth16Error.PointAtInfinity"/>, <see cref="Groth16Error.PointNotOnCurve"/> or
    /// <see cref="Groth16Error.PointNotInSubgroup"/>.
    /// </summary>
    public static Proof Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
            throw new Groth16Exception(Groth16Error.MalformedEncoding, "proof", $"{bytes.Length} bytes; an EIP-2537 proof is {Size} bytes");
        Span<Fp> coordinates = stackalloc Fp[Size / Eip2537.FieldElementSize];
        foreach (var (name, start, length) in Points)
        {
            var encoded = bytes.Slice(start, length);
            for (int off = 0; off < length; off += Eip2537.FieldElementSize)
                if (!Eip2537.TryDecodeFp(encoded.Slice(off, Eip2537.FieldElementSize), out coordinates[(start + off) / Eip2537.FieldElementSize], out var e))
                    throw new Groth16Exception(Groth16Error.MalformedEncoding, name, $"coordinate {off / Eip2537.FieldElementSize}: {e}");
            PointValidation.RequireFinite(!encoded.ContainsAnyExcept((byte)0), name);
        }
        var a = G1Affine.FromCoordinatesUnchecked(coordinates[0], coordinates[1]);
        var b = G2Affine.FromCoordinatesUnchecked(new Fp2(coordinates[2], coordinates[3]), new Fp2(coordinates[4], coordinates[5]));
        var c = G1Affine.FromCoordinatesUnchecked(coordinates[6], coordinates[7]);
        return new Proof(a, b, c); // curve, then subgroup, for A, B, C in turn
    }
}
