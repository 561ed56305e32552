namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Evaluates an isogeny E' → E given as rational maps (RFC 9380, section 6.6.3):
/// x = x_num(x') / x_den(x'), y = y' · y_num(x') / y_den(x'). The result is returned in Jacobian coordinates
/// so that no field inversion is needed: with Z = x_den·y_den, X = x_num·y_den·Z and Y = y'·y_num·x_den·Z²
/// give X/Z² = x_num/x_den and Y/Z³ = y'·y_num/y_den. A zero denominator gives Z = 0, the identity,
/// which is what the RFC requires for the exceptional inputs of the isogeny.
/// </summary>
internal static class Isogeny<TF> where TF : struct, IField<TF>
{
    /// <summary>The four polynomials, coefficients from degree 0 upwards (the denominators with their leading 1).</summary>
    public static void Evaluate(
        ReadOnlySpan<TF> xNum, ReadOnlySpan<TF> xDen, ReadOnlySpan<TF> yNum, ReadOnlySpan<TF> yDen,
        in TF x, in TF y, out TF jx, out TF jy, out TF jz)
    {
        var xn = Horner(xNum, x);
        var xd = Horner(xDen, x);
        var yn = Horner(yNum, x);
        var yd = Horner(yDen, x);
        jz = xd * yd;
        jx = xn * yd * jz;
        jy = y * yn * xd * jz.Square();
    }

    private static TF Horner(ReadOnlySpan<TF> c, in TF x)
    {
        var acc = c[^1];
        for (int i = c.Length - 2; i >= 0; i--) acc = acc * x + c[i];
        return acc;
    }
}
