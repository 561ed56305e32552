using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>The per-signal sums of a phase-2 key's tables against one scalar multiplication per term.</summary>
public class SignalSumsTests
{
    [Fact]
    public void Sums_match_separate_multiplications_for_every_kind_of_coefficient()
    {
        var rng = new Random(11);
        const int points = 40;
        var p1 = new G1Affine[points];
        var p2 = new G2Affine[points];
        for (int i = 0; i < points; i++)
        {
            p1[i] = i == 5 ? G1Affine.Infinity : (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
            p2[i] = i == 5 ? G2Affine.Infinity : (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        }
        // Coefficients as circuits have them: ±1, ±2^k (−2^k is full width mod r), small, full width; zero is dropped.
        Fr Coefficient(int kind) => kind switch
        {
            0 => Fr.One,
            1 => -Fr.One,
            2 => Fr.FromUInt64(1UL << rng.Next(64)),
            3 => -Fr.FromUInt64(1UL << rng.Next(64)),
            4 => Fr.FromUInt64((ulong)rng.Next(1000)),
            _ => Fr.Random(rng),
        };
        // Signals with no terms, one term, a few, repeated points, and one long enough for the MSM path (≥ 256 terms).
        int[] counts = [0, 1, 2, 7, 30, 300, 3];
        var builder = new SignalSums.TermsBuilder(counts.Length);
        var expected1 = new G1Jacobian[counts.Length];
        var expected2 = new G2Jacobian[counts.Length];
        for (int j = 0; j < counts.Length; j++)
        {
            expected1[j] = G1Jacobian.Identity;
            expected2[j] = G2Jacobian.Identity;
            for (int t = 0; t < counts[j]; t++)
            {
                int p = rng.Next(points);
                var v = Coefficient(rng.Next(7));
                builder.Add(j, p, v);
                expected1[j] += p1[p].ToJacobian().MultiplyBy(v.ToBigInteger());
                expected2[j] += p2[p].ToJacobian().MultiplyBy(v.ToBigInteger());
            }
        }
        var terms = builder.Build();
        Assert.Equal(expected1, SignalSums.G1(p1, terms, 2));
        Assert.Equal(expected2, SignalSums.G2(p2, terms, 2));
    }
}
