using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>
/// The norm-based F_p² square root on each of its branches: zero, a1 = 0 with a0 a square or not (then the root is
/// purely imaginary), a1 ≠ 0 with δ = (a0 + α)/2 a square or not, and non-squares; checked against the definition
/// (root² = a) and against the non-square count (exactly half of the non-zero elements are squares).
/// </summary>
public class Fp2SqrtTests
{
    static readonly BigInteger P = Fp.Modulus;

    static void AssertRoot(in Fp2 a)
    {
        Assert.True(a.TrySqrt(out var r));
        Assert.Equal(a, r.Square());
    }

    [Fact]
    public void Zero_and_base_field_values()
    {
        Assert.True(Fp2.Zero.TrySqrt(out var z));
        Assert.True(z.IsZero);
        foreach (var v in new BigInteger[] { 1, 2, 3, 4, 5, P - 1, P - 2, P - 4, (P - 1) / 2 })
        {
            var a = new Fp2(Fp.FromBigInteger(v), Fp.Zero);
            AssertRoot(a);                                   // every element of F_p is a square in F_p²
            AssertRoot(new Fp2(Fp.Zero, Fp.FromBigInteger(v)));
        }
        // −1 = u², so √(−1) = ±u.
        Assert.True((-Fp2.One).TrySqrt(out var u));
        Assert.True(u == new Fp2(Fp.Zero, Fp.One) || u == new Fp2(Fp.Zero, -Fp.One));
    }

    [Fact]
    public void Squares_on_both_delta_branches_and_non_squares()
    {
        var rng = new Random(11);
        int squares = 0, nonSquares = 0, total = 300;
        for (int i = 0; i < total; i++)
        {
            var x = new Fp2(Fp.Random(rng), Fp.Random(rng));
            var sq = x.Square();
            Assert.True(sq.TrySqrt(out var s));
            Assert.True(s == x || s == -x);
            // −a is a square too (−1 = u²): the other sign of a0 and a1.
            AssertRoot((-Fp2.One) * sq);
            bool isSquare = x.TrySqrt(out var r);
            Assert.Equal(x.IsSquare, isSquare);
            if (isSquare) { Assert.Equal(x, r.Square()); squares++; } else nonSquares++;
        }
        Assert.True(squares > total / 4 && nonSquares > total / 4);
    }

    [Fact]
    public void Small_non_residues_are_rejected()
    {
        // ξ = 1 + u is the tower's non-residue (neither a square nor a cube).
        var xi = new Fp2(Fp.One, Fp.One);
        Assert.False(xi.IsSquare);
        Assert.False(xi.TrySqrt(out _));
        var z = -new Fp2(Fp.FromUInt64(2), Fp.One);          // Z of the G2 SSWU map, a non-square
        Assert.False(z.TrySqrt(out _));
    }
}
