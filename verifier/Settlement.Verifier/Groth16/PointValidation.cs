using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>The checks every proof and key point passes before it reaches a pairing: not infinity, on the curve, in the subgroup.</summary>
internal static class PointValidation
{
    public static void RequireFinite(bool isInfinity, string field)
    {
        if (isInfinity) throw new Groth16Exception(Groth16Error.PointAtInfinity, field, "the point at infinity is not allowed");
    }

    public static void RequireG1(in G1Affine p, string field)
    {
        RequireFinite(p.IsInfinity, field);
        if (!p.IsOnCurve) throw new Groth16Exception(Groth16Error.PointNotOnCurve, field, $"{p} is not on y² = x³ + 4");
        if (!G1.IsInSubgroup(p)) throw new Groth16Exception(Groth16Error.PointNotInSubgroup, field, $"{p} is not in the order-r subgroup of G1");
    }

    public static void RequireG2(in G2Affine q, string field)
    {
        RequireFinite(q.IsInfinity, field);
        if (!q.IsOnCurve) throw new Groth16Exception(Groth16Error.PointNotOnCurve, field, $"{q} is not on y² = x³ + 4(u + 1)");
        if (!G2.IsInSubgroup(q)) throw new Groth16Exception(Groth16Error.PointNotInSubgroup, field, $"{q} is not in the order-r subgroup of G2");
    }
}
