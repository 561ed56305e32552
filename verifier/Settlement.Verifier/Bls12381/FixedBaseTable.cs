namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Multiples of one fixed point for fast [k]P with a public k (variable time): entry (w, d) = d·2^(b·w)·P in affine
/// form for every b-bit window w of an n-bit scalar (n = 256 unless the table is built for shorter ones) and digit
/// d = 1..2^b − 1, so [k]P costs at most n/b mixed additions and no doubling. The verifier tabulates its IC points with b = 4 (64·15 points, about 100 KB each); the
/// prover's development setup tabulates the generators with b = 8 (every proving-key entry is a multiple of one).
/// </summary>
public sealed class FixedBaseTable<TProj, TAff, TF>
    where TProj : struct, ICurveGroup<TProj, TAff, TF>
    where TAff : struct, IAffinePoint<TAff, TF>
    where TF : struct, IField<TF>
{
    private readonly int _bits, _windows, _digits;
    private readonly TAff[] _points; // [w·digits + (d − 1)]

    /// <param name="basePoint">P.</param>
    /// <param name="windowBits">b: 1, 2, 4, 8 or 16 (a divisor of 64, so no window straddles two limbs).</param>
    /// <param name="scalarBits">n: 64, 128, 192 or 256, the longest scalar the table multiplies by.</param>
    public FixedBaseTable(in TProj basePoint, int windowBits, int scalarBits = 256)
    {
        if (windowBits is not (1 or 2 or 4 or 8 or 16))
            throw new ArgumentOutOfRangeException(nameof(windowBits), windowBits, "window bits must divide 64");
        if (scalarBits is not (64 or 128 or 192 or 256))
            throw new ArgumentOutOfRangeException(nameof(scalarBits), scalarBits, "scalar bits must be whole limbs, at most 256");
        _bits = windowBits;
        _windows = scalarBits / windowBits;
        _digits = (1 << windowBits) - 1;
        var jac = new TProj[_windows * _digits];
        var b = basePoint;
        for (int w = 0; w < _windows; w++)
        {
            var acc = b;
            jac[w * _digits] = acc;
            for (int d = 2; d <= _digits; d++) { acc += b; jac[w * _digits + d - 1] = acc; }
            b = acc + b; // 2^b times the window's base: the next window's base
        }
        _points = new TAff[jac.Length];
        CurveGroup.BatchToAffine<TProj, TAff, TF>(jac, _points);
    }

    /// <summary>acc + [k]P.</summary>
    public TProj MultiplyAdd(in TProj acc, in Fr k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        k.ToCanonicalLimbs(limbs);
        for (int i = _windows * _bits / 64; i < 4; i++)
            if (limbs[i] != 0) throw new ArgumentOutOfRangeException(nameof(k), $"the table multiplies by scalars of at most {_windows * _bits} bits");
        var r = acc;
        for (int w = 0; w < _windows; w++)
        {
            int bit = w * _bits;
            int d = (int)((limbs[bit >> 6] >> (bit & 63)) & (ulong)_digits);
            if (d != 0) r = r.AddMixed(_points[w * _digits + d - 1]);
        }
        return r;
    }

    /// <summary>[k]P.</summary>
    public TProj Multiply(in Fr k) => MultiplyAdd(TProj.Identity, k);
}
