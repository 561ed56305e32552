using System.Buffers;
using System.Runtime.CompilerServices;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// The optimal ate pairing e: G1 × G2 → GT on BLS12-381: a Miller loop over the bits of the seed
/// x = −0xd201000000010000 with sparse line multiplications (<see cref="LineFunctions"/>), then the final
/// exponentiation. GT values follow the convention of zkcrypto, blst, relic and noble (the published vectors):
/// they are the cube of f^((p¹² − 1)/r), because the hard part uses the exponent 3·(p⁴ − p² + 1)/r.
/// Inputs are points of G1 and G2 as the checked decoders produce them (on the curve, in the subgroup);
/// the pairing does not re-validate them. A point at infinity on either side makes its pair contribute 1.
/// </summary>
[SkipLocalsInit] // every stackalloc here is written before any read
public static class Pairing
{
    // Above this many on-the-fly pairs the running points go to a pooled array instead of the stack.
    private const int StackPairs = 8;

    /// <summary>e(P, Q).</summary>
    public static Gt Pair(in G1Affine p, in G2Affine q) => FinalExponentiation(MillerLoop(p, q));

    /// <summary>Whether ∏ e(Pᵢ, Qᵢ) = 1, with one final exponentiation. The empty product is 1.</summary>
    public static bool PairingCheck(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs) =>
        FinalExponentiation(MultiMillerLoop(pairs, [])).IsOne;

    /// <summary>Whether ∏ e(Pᵢ, Qᵢ) · ∏ e(Pⱼ, prepared Qⱼ) = 1, with one shared Miller loop and one final exponentiation.</summary>
    public static bool PairingCheck(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared) =>
        FinalExponentiation(MultiMillerLoop(pairs, prepared)).IsOne;

    /// <summary>The Miller loop of one pair.</summary>
    public static MillerLoopResult MillerLoop(in G1Affine p, in G2Affine q) => MultiMillerLoop([(p, q)], []);

    /// <summary>
    /// ∏ f_{x,Qᵢ}(Pᵢ) for on-the-fly pairs and pairs with prepared G2 lines, sharing one F_p¹² accumulator: each loop
    /// iteration squares it once for all pairs, which is what makes a product of n pairings cheaper than n pairings.
    /// </summary>
    public static MillerLoopResult MultiMillerLoop(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared) =>
        Loop(pairs, prepared, null, default);

    /// <summary>
    /// The same times f_{x,Q1}(P1) · f_{x,Q2}(P2) for a fixed pair (Q1, Q2) whose lines are multiplied together ahead of
    /// time (the shape of a Groth16 check: γ and δ fixed). P1 and P2 must not be at infinity (the general overload
    /// handles that case); P1 stays Jacobian, so no inversion is spent on it.
    /// </summary>
    internal static MillerLoopResult MultiMillerLoop(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared,
        PreparedG2Pair fixedPair, in G1Jacobian p1, in G1Affine p2) =>
        Loop(pairs, prepared, fixedPair, new PreparedG2Pair.Scalars(p1, p2));

    private static MillerLoopResult Loop(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared,
        PreparedG2Pair? fixedPair, in PreparedG2Pair.Scalars fixedScalars)
    {
        G2Homogeneous[]? rented = null;
        Span<G2Homogeneous> t = pairs.Length <= StackPairs
            ? stackalloc G2Homogeneous[StackPairs]
            : (rented = ArrayPool<G2Homogeneous>.Shared.Rent(pairs.Length));
        try
        {
            for (int i = 0; i < pairs.Length; i++) t[i] = new G2Homogeneous(pairs[i].Q);
            var f = new LineProductAccumulator(Fp12.One);
            int line = 0;
            for (int bit = LineFunctions.TopBit - 1; bit >= 0; bit--)
            {
                if (bit != LineFunctions.TopBit - 1) f.Square(); // f is still 1 in the first iteration
                for (int i = 0; i < pairs.Length; i++)
                {
                    if (IsSkipped(pairs[i].P, pairs[i].Q)) continue;
                    f.Multiply(LineFunctions.DoublingStep(ref t[i]), pairs[i].P);
                }
                MultiplyPrepared(ref f, prepared, line, fixedPair, fixedScalars);
                line++;
                if (((LineFunctions.AbsX >> bit) & 1) == 0) continue;
                for (int i = 0; i < pairs.Length; i++)
                {
                    if (IsSkipped(pairs[i].P, pairs[i].Q)) continue;
                    f.Multiply(LineFunctions.AdditionStep(ref t[i], pairs[i].Q), pairs[i].P);
                }
                MultiplyPrepared(ref f, prepared, line, fixedPair, fixedScalars);
                line++;
            }
            var result = f.Result();
            // f_{−|x|,Q} = 1/(f_{|x|,Q}·v) with a vertical line v that the final exponentiation kills; after the easy part
            // 1/f is the conjugate, so conjugating here is exact for the final result.
            return new MillerLoopResult(LineFunctions.XIsNegative ? result.Conjugate() : result);
        }
        finally
        {
            if (rented is not null) ArrayPool<G2Homogeneous>.Shared.Return(rented);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyPrepared(ref LineProductAccumulator f, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared, int line,
        PreparedG2Pair? fixedPair, in PreparedG2Pair.Scalars fixedScalars)
    {
        for (int i = 0; i < prepared.Length; i++)
        {
            if (prepared[i].P.IsInfinity || prepared[i].Q.IsInfinity) continue;
            f.Multiply(prepared[i].Q.Lines[line], prepared[i].P);
        }
        if (fixedPair is not null) f.MultiplyFixedPair(fixedPair, line, fixedScalars);
    }

    /// <summary>
    /// The Miller-loop accumulator f, which takes the step's lines two at a time: two sparse lines multiply into an
    /// element with a zero w slot (<see cref="Fp12.LineProduct"/>, 6 F_p² products) that f takes with 17 (<see
    /// cref="Fp12.MulByLineProduct"/>), 23 products per two lines instead of 2 × 13. A line left without a partner is
    /// multiplied in alone before the next squaring.
    /// </summary>
    private struct LineProductAccumulator
    {
        private Fp12 _f;
        private Fp2 _c0, _c1, _c4; // the waiting line, evaluated
        private bool _pending;

        public LineProductAccumulator(in Fp12 f) { _f = f; }

        public void Multiply(in LineCoefficients l, in G1Affine p)
        {
            var c1 = l.C1 * p.X;
            var c4 = l.C4 * p.Y;
            if (!_pending)
            {
                (_c0, _c1, _c4, _pending) = (l.C0, c1, c4, true);
                return;
            }
            Fp12.LineProduct(_c0, _c1, _c4, l.C0, c1, c4, out var g, out var h1, out var h2);
            _f = _f.MulByLineProduct(g, h1, h2);
            _pending = false;
        }

        public void MultiplyFixedPair(PreparedG2Pair pair, int line, in PreparedG2Pair.Scalars s) => _f = pair.Multiply(_f, line, s);

        public void Square()
        {
            Flush();
            _f = _f.Square();
        }

        public Fp12 Result()
        {
            Flush();
            return _f;
        }

        private void Flush()
        {
            if (!_pending) return;
            _f = _f.MulBy014(_c0, _c1, _c4);
            _pending = false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSkipped(in G1Affine p, in G2Affine q) => p.IsInfinity || q.IsInfinity;

    /// <summary>
    /// f ↦ f^(3(p¹² − 1)/r). Easy part f^((p⁶ − 1)(p² + 1)) by conjugation, one inversion and a Frobenius; it lands in
    /// the cyclotomic subgroup. Hard part f^(3Λ), Λ = (p⁴ − p² + 1)/r, through the decomposition
    /// 3Λ = (x − 1)²·(x + p)·(x² + p² − 1) + 3 (Hayashida, Hayasaka and Teruya, eprint 2020/875), which needs five
    /// exponentiations by x and a few Frobenius maps.
    /// </summary>
    public static Gt FinalExponentiation(in MillerLoopResult m)
    {
        var f = m.Value;
        // Easy part.
        var t = f.Conjugate() * f.Inverse();   // f^(p⁶ − 1)
        t = t.Frobenius(2) * t;                // ^(p² + 1)
        // Hard part.
        var y = ExpByX(t) * t.Conjugate();                        // t^(x − 1)
        y = ExpByX(y) * y.Conjugate();                            // t^((x − 1)²)
        y = ExpByX(y) * y.Frobenius(1);                           // ·(x + p)
        var z = ExpByX(ExpByX(y)) * y.Frobenius(2) * y.Conjugate(); // ·(x² + p² − 1)
        return new Gt(z * t.CyclotomicSquareUnchecked() * t);   // · t³
    }

    /// <summary>
    /// a^x for a in the cyclotomic subgroup, x = −|x|: a^|x| is the product of a^(2^j) over the six set bits j of |x|
    /// (bit 0 is clear). The 63 squarings run in Karabina's compressed form (<see cref="CompressedCyclotomic"/>, two
    /// thirds of a Granger–Scott squaring); only the six powers that enter the product are decompressed, sharing one
    /// inversion. Then five multiplications and a conjugation for the sign.
    /// </summary>
    internal static Fp12 ExpByX(in Fp12 a)
    {
        Span<CompressedCyclotomic> powers = stackalloc CompressedCyclotomic[SeedBits];
        var c = CompressedCyclotomic.Compress(a);
        int n = 0;
        for (int j = 1; j <= LineFunctions.TopBit; j++)
        {
            c = c.Square();
            if (((LineFunctions.AbsX >> j) & 1) != 0) powers[n++] = c;
        }
        Span<Fp12> full = stackalloc Fp12[SeedBits];
        CompressedCyclotomic.Decompress(powers, full);
        var acc = full[0];
        for (int i = 1; i < SeedBits; i++) acc *= full[i];
        return LineFunctions.XIsNegative ? acc.Conjugate() : acc;
    }

    // Set bits of |x|.
    private const int SeedBits = 6;
}
