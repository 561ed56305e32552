using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// Multiples of one fixed G1 point for fast [k]P: entry (w, d) = d·2^(4w)·P in affine form, for the 64 four-bit
/// windows w of a 256-bit scalar and digits d = 1..15. [k]P is then at most 64 mixed additions and no doubling,
/// against about 255 doublings and 64 additions without the table. Used for the verifying key's IC points, which
/// every verification multiplies by a public input. 64·15 points, about 100 KB per base point.
/// </summary>
internal sealed class FixedBaseTable
{
    private const int WindowBits = 4;
    private const int Windows = 256 / WindowBits;
    private const int Digits = (1 << WindowBits) - 1;

    private readonly G1Affine[] _points; // [w·Digits + (d − 1)]

    public FixedBaseTable(in G1Affine p)
    {
        var jac = new G1Jacobian[Windows * Digits];
        var b = p.ToJacobian();
        for (int w = 0; w < Windows; w++)
        {
            var acc = b;
            jac[w * Digits] = acc;
            for (int d = 2; d <= Digits; d++) { acc += b; jac[w * Digits + d - 1] = acc; }
            b = acc + b; // 16·b, the base of the next window
        }
        _points = new G1Affine[jac.Length];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(jac, _points);
    }

    /// <summary>acc + [k]P (variable time: k is public).</summary>
    public G1Jacobian MultiplyAdd(in G1Jacobian acc, in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        var r = acc;
        for (int w = 0; w < Windows; w++)
        {
            int d = (int)((limbs[w / 16] >> (WindowBits * (w % 16))) & Digits);
            if (d != 0) r = r.AddMixed(_points[w * Digits + d - 1]);
        }
        return r;
    }
}
