using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Msm;

public class BatchInverseTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    public void Matches_single_inversions_in_fp_fp2_and_fr(int n)
    {
        var rng = new Random(n + 3);
        var fp = Enumerable.Range(0, n).Select(i => i == 0 ? Fp.One : Fp.Random(rng)).ToArray();
        var fp2 = Enumerable.Range(0, n).Select(i => i switch
        {
            0 => new Fp2(Fp.Zero, Fp.Random(rng)), // purely imaginary and purely real elements
            1 => new Fp2(Fp.Random(rng), Fp.Zero),
            _ => new Fp2(Fp.Random(rng), Fp.Random(rng)),
        }).ToArray();
        var fr = Enumerable.Range(0, n).Select(_ => Fr.Random(rng)).ToArray();
        Check(fp); Check(fp2); Check(fr);
    }

    static void Check<TF>(TF[] values) where TF : struct, IField<TF>
    {
        var expected = values.Select(v => v.Inverse()).ToArray();
        BatchInverse.InvertNonZero<TF>(values, new TF[values.Length]);
        Assert.Equal(expected, values);
    }
}
