namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Width-w non-adjacent form: k = Σ dᵢ·2ⁱ with every non-zero digit odd, |dᵢ| &lt; 2^(w−1), and at most one
/// non-zero digit in any w consecutive positions (so about one addition per w + 1 doublings).
/// </summary>
internal static class Wnaf
{
    /// <summary>Digits for a 128-bit value need at most 129 positions (the recoding can carry one bit up).</summary>
    public const int MaxDigits128 = 130;

    /// <summary>
    /// Writes the digits of <paramref name="k"/>, least significant first; returns how many (0 for k = 0).
    /// k must stay below 2^128 − 2^(w−1) so the recoding's carry fits (the GLV halves are below x² ≈ 2^127.7).
    /// </summary>
    public static int Recode(UInt128 k, int w, Span<sbyte> digits)
    {
        if (k > UInt128.MaxValue - (UInt128)(1u << (w - 1))) throw new ArgumentOutOfRangeException(nameof(k), "too close to 2^128 for the NAF carry");
        int mask = (1 << w) - 1, half = 1 << (w - 1);
        int n = 0;
        while (k != UInt128.Zero)
        {
            if (((ulong)k & 1) != 0)
            {
                int d = (int)((ulong)k & (ulong)mask);
                if (d >= half) d -= 1 << w;
                // k − d is divisible by 2^w; d < 0 adds less than 2^(w−1), which the bound above keeps inside 128 bits.
                k = d >= 0 ? k - (UInt128)(uint)d : k + (UInt128)(uint)(-d);
                digits[n++] = (sbyte)d;
            }
            else digits[n++] = 0;
            k >>= 1;
        }
        return n;
    }
}
