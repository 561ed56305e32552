namespace Settlement.Verifier.Bls12381;

/// <summary>
/// map_to_curve for BLS12-381 G2 (RFC 9380, section 8.8.2): the simplified SWU map to the curve
/// E2': y² = x³ + 240u·x + 1012(1 + u) over F_p², which is 3-isogenous to E2: y² = x³ + 4(1 + u),
/// followed by the 3-isogeny. The result lies on E2 but not, in general, in G2: clear the cofactor
/// (<see cref="ClearCofactor.ToG2"/>) after. Constants from RFC 9380 Appendix E.3.
/// </summary>
internal static class MapToG2
{
    /// <summary>map_to_curve(u) = iso_map(map_to_curve_simple_swu(u)), a point of E2 (not cofactor-cleared).</summary>
    public static G2Jacobian MapToCurve(in Fp2 u)
    {
        SimplifiedSwu<Fp2, IsogenousCurve>.Map(u, out var x, out var y);
        Isogeny<Fp2>.Evaluate(XNum, XDen, YNum, YDen, x, y, out var jx, out var jy, out var jz);
        return G2Jacobian.FromJacobianUnchecked(jx, jy, jz);
    }

    /// <summary>E2' and Z for the simplified SWU map (RFC 9380, section 8.8.2).</summary>
    internal readonly struct IsogenousCurve : ISswuCurve<Fp2>
    {
        /// <summary>A' = 240·u.</summary>
        public static Fp2 A { get; } = new(Fp.Zero, Fp.FromUInt64(240));
        /// <summary>B' = 1012·(1 + u).</summary>
        public static Fp2 B { get; } = new(Fp.FromUInt64(1012), Fp.FromUInt64(1012));
        /// <summary>Z = −(2 + u).</summary>
        public static Fp2 Z { get; } = -new Fp2(Fp.FromUInt64(2), Fp.One);
        /// <summary>
        /// <see cref="Fp2.TrySqrt"/> starts with the square root of the norm, so a non-square (g(x1), half of the time)
        /// is rejected after one F_p exponentiation without a separate Legendre test.
        /// </summary>
        public static bool TrySqrt(in Fp2 a, out Fp2 root) => a.TrySqrt(out root);
        public static bool Sgn0(in Fp2 a) => a.Sgn0;
    }

    // The 3-isogeny E2' → E2, RFC 9380 Appendix E.3: k_(1,i) for x_num (degree 3), k_(2,i) for x_den (monic,
    // degree 2), k_(3,i) for y_num (degree 3), k_(4,i) for y_den (monic, degree 3); index i = power of x'.
    // Each constant is written c0 + c1·u.
    private static readonly Fp2[] XNum =
    [
        H("05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6",
          "05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97d6"),
        H("0",
          "11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71a"),
        H("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71e",
          "08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38d"),
        H("171d6541fa38ccfaed6dea691f5fb614cb14b4e7f4e810aa22d6108f142b85757098e38d0f671c7188e2aaaaaaaa5ed1",
          "0"),
    ];

    private static readonly Fp2[] XDen =
    [
        H("0",
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa63"),
        H("0c",
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa9f"),
        Fp2.One,
    ];

    private static readonly Fp2[] YNum =
    [
        H("1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706",
          "1530477c7ab4113b59a4c18b076d11930f7da5d4a07f649bf54439d87d27e500fc8c25ebf8c92f6812cfc71c71c6d706"),
        H("0",
          "05c759507e8e333ebb5b7a9a47d7ed8532c52d39fd3a042a88b58423c50ae15d5c2638e343d9c71c6238aaaaaaaa97be"),
        H("11560bf17baa99bc32126fced787c88f984f87adf7ae0c7f9a208c6b4f20a4181472aaa9cb8d555526a9ffffffffc71c",
          "08ab05f8bdd54cde190937e76bc3e447cc27c3d6fbd7063fcd104635a790520c0a395554e5c6aaaa9354ffffffffe38f"),
        H("124c9ad43b6cf79bfbf7043de3811ad0761b0f37a1e26286b0e977c69aa274524e79097a56dc4bd9e1b371c71c718b10",
          "0"),
    ];

    private static readonly Fp2[] YDen =
    [
        H("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb",
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa8fb"),
        H("0",
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffa9d3"),
        H("12",
          "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaa99"),
        Fp2.One,
    ];

    private static Fp2 H(string c0, string c1) => new(Fp.FromBigInteger(G1.Hex(c0)), Fp.FromBigInteger(G1.Hex(c1)));
}
