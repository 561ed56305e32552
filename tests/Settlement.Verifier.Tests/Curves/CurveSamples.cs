using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Curves;

/// <summary>Test points: in the subgroup, on the whole curve (no cofactor clearing), and of small order.</summary>
internal static class CurveSamples
{
    /// <summary>#E(F_p) = h₁·r, h₁ = (x − 1)²/3 = 3·11²·10177²·859267²·52437899².</summary>
    public static readonly BigInteger G1Cofactor = G1.Hex("396c8c005555e1568c00aaab0000aaab");
    public static readonly ulong[] G1CofactorPrimes = [3, 11, 10177, 859267, 52437899];

    /// <summary>#E'(F_p²) = h₂·r; h₂ = 13²·23²·2713·11953·262069·(a 136-digit prime).</summary>
    public static readonly BigInteger G2Cofactor = G1.Hex(
        "5d543a95414e7f1091d50792876a202cd91de4547085abaa68a205b2e5a7ddfa628f1cb4d9e82ef21537e293a6691ae1616ec6e786f0c70cf1c38e31c7238e5");
    public static readonly ulong[] G2CofactorPrimes = [13, 23, 2713, 11953, 262069];

    public static bool SubgroupOracle(in G1Affine p) => p.ToJacobian().MultiplyBy(Fr.Modulus).IsIdentity;
    public static bool SubgroupOracle(in G2Affine p) => p.ToJacobian().MultiplyBy(Fr.Modulus).IsIdentity;

    /// <summary>A random point of E(F_p): random x until x³ + 4 is a square; not multiplied by the cofactor.</summary>
    public static G1Affine RandomOnCurveG1(Random rng)
    {
        while (true)
        {
            var x = Fp.Random(rng);
            if ((x.Square() * x + G1.B).TrySqrt(out var y))
                return G1Affine.FromCoordinatesUnchecked(x, rng.Next(2) == 0 ? y : -y);
        }
    }

    public static G2Affine RandomOnCurveG2(Random rng)
    {
        while (true)
        {
            var x = new Fp2(Fp.Random(rng), Fp.Random(rng));
            if ((x.Square() * x + G2.B).TrySqrt(out var y))
                return G2Affine.FromCoordinatesUnchecked(x, rng.Next(2) == 0 ? y : -y);
        }
    }

    public static G1Affine RandomG1(Random rng) => (G1Jacobian.Generator.MultiplyBy(Fr.Random(rng).ToBigInteger())).ToAffine();
    public static G2Affine RandomG2(Random rng) => (G2Jacobian.Generator.MultiplyBy(Fr.Random(rng).ToBigInteger())).ToAffine();
}
