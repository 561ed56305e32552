namespace Settlement.Verifier.Bls12381;

/// <summary>
/// A fixed G2 point with the line coefficients of its Miller loop computed once (68 lines). Pairing with it costs
/// only the line evaluations at the G1 point and the F_p¹² arithmetic; the Groth16 verifier keeps γ and δ this way.
/// Built from a point already known to be in G2 (a checked decoder's output or a group operation's result).
/// </summary>
public sealed class PreparedG2
{
    internal readonly LineCoefficients[] Lines;

    /// <summary>The point the lines belong to.</summary>
    public G2Affine Point { get; }

    /// <summary>True when prepared from the point at infinity (no lines; its pairings are 1).</summary>
    public bool IsInfinity => Point.IsInfinity;

    /// <summary>
    /// Computes the 68 line coefficients of <paramref name="q"/>, which must already be in G2 (not checked here).
    /// </summary>
    public PreparedG2(in G2Affine q)
    {
        Point = q;
        if (q.IsInfinity) { Lines = []; return; }
        Lines = new LineCoefficients[LineFunctions.LineCount];
        var t = new G2Homogeneous(q);
        int n = 0;
        for (int bit = LineFunctions.TopBit - 1; bit >= 0; bit--)
        {
            Lines[n++] = LineFunctions.DoublingStep(ref t);
            if (((LineFunctions.AbsX >> bit) & 1) != 0) Lines[n++] = LineFunctions.AdditionStep(ref t, q);
        }
    }
}
