namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The output of a (multi-)Miller loop: an F_p¹² value that means nothing until the final exponentiation.
/// A type of its own so that it cannot be compared or encoded as if it were in GT; products of Miller loops
/// are allowed (one final exponentiation for many pairings).
/// </summary>
public readonly struct MillerLoopResult
{
    internal readonly Fp12 Value;

    internal MillerLoopResult(in Fp12 value) { Value = value; }

    /// <summary>The empty product (no pairings).</summary>
    public static MillerLoopResult One => new(Fp12.One);

    /// <summary>Multiplies Miller loop outputs: the product's final exponentiation is the product of the pairings.</summary>
    public static MillerLoopResult operator *(in MillerLoopResult a, in MillerLoopResult b) => new(a.Value * b.Value);

    /// <summary>
    /// Maps the Miller loop output into GT: e(P, Q) for a single loop, the product of the pairings for a multi-loop.
    /// </summary>
    public Gt FinalExponentiation() => Pairing.FinalExponentiation(this);
}
