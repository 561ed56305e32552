using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>The four-lane F_p product agrees with the scalar <see cref="Fp"/> product, lane by lane.</summary>
public class FpX4Tests
{
    private static readonly BigInteger P = Fp.Modulus;

    /// <summary>An Fp holding the raw 384-bit value v (v may be in [p, 2p): the lanes accept such inputs).</summary>
    private static Fp Raw(BigInteger v)
    {
        var b = v.ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Resize(ref b, 48);
        var w = new ulong[6];
        for (int i = 0; i < 6; i++) w[i] = BitConverter.ToUInt64(b, 8 * i);
        return new Fp(w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    private static BigInteger Value(Fp x) => new(
        [.. BitConverter.GetBytes(x.L0), .. BitConverter.GetBytes(x.L1), .. BitConverter.GetBytes(x.L2),
         .. BitConverter.GetBytes(x.L3), .. BitConverter.GetBytes(x.L4), .. BitConverter.GetBytes(x.L5)],
        isUnsigned: true);

    // Raw Montgomery representations: the lanes never see anything else.
    private static readonly BigInteger[] Edge =
        [0, 1, 2, P - 1, P - 2, P, P + 1, 2 * P - 1, (BigInteger.One << 380) - 1, BigInteger.One << 380, (BigInteger.One << 64) - 1];

    private static readonly BigInteger RInv = BigInteger.ModPow(BigInteger.Pow(2, 384), P - 2, P);

    [Fact]
    public void ProductsMatchTheDefinitionOnEdgeAndRandomValues()
    {
        if (!FpX4.IsSupported) return; // no AVX2: the MSM takes the scalar path, which the other tests cover
        var rng = new Random(7);
        var values = new List<BigInteger>(Edge);
        for (int i = 0; i < 60; i++) values.Add(Value(Fp.Random(rng)));
        for (int i = 0; i < 20; i++) values.Add(Value(Fp.Random(rng)) + P); // in [p, 2p)
        for (int i = 0; i + 4 <= values.Count; i++)
        {
            var a = new[] { values[i], values[(i + 1) % values.Count], values[(i + 5) % values.Count], values[(i + 9) % values.Count] };
            var b = new[] { values[(i + 3) % values.Count], values[i], values[(i + 7) % values.Count], values[(i + 2) % values.Count] };
            FpX4.Load(out var ax, Raw(a[0]), Raw(a[1]), Raw(a[2]), Raw(a[3]));
            FpX4.Load(out var bx, Raw(b[0]), Raw(b[1]), Raw(b[2]), Raw(b[3]));
            FpX4.Mul(ax, bx, out var r);
            r.Store(out var r0, out var r1, out var r2, out var r3);
            var got = new[] { r0, r1, r2, r3 };
            for (int l = 0; l < 4; l++)
                Assert.Equal(a[l] * b[l] % P * RInv % P, Value(got[l]));
        }
    }

    [Fact]
    public void SumsOfTwoProductsMatchTheDefinition()
    {
        if (!FpX4.IsSupported) return; // no AVX2: the MSM takes the scalar path, which the other tests cover
        var rng = new Random(5);
        var values = new List<BigInteger>(Edge);
        for (int i = 0; i < 40; i++) values.Add(Value(Fp.Random(rng)) + (i % 2 == 0 ? P : 0));
        BigInteger V(int i) => values[i % values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            var x = new BigInteger[4, 4];
            var lanes = new FpX4[4];
            for (int k = 0; k < 4; k++)
            {
                for (int l = 0; l < 4; l++) x[k, l] = V(i + 3 * k + 7 * l);
                FpX4.Load(out lanes[k], Raw(x[k, 0]), Raw(x[k, 1]), Raw(x[k, 2]), Raw(x[k, 3]));
            }
            FpX4.MulAdd(lanes[0], lanes[1], lanes[2], lanes[3], out var r);
            r.Store(out var r0, out var r1, out var r2, out var r3);
            var got = new[] { r0, r1, r2, r3 };
            for (int l = 0; l < 4; l++)
                Assert.Equal((x[0, l] * x[1, l] + x[2, l] * x[3, l]) % P * RInv % P, Value(got[l]));
        }
    }

    [Fact]
    public void ChainedProductsStayBelowTwoPAndAgreeWithScalarProducts()
    {
        if (!FpX4.IsSupported) return; // no AVX2: the MSM takes the scalar path, which the other tests cover
        var rng = new Random(11);
        var s = new[] { Fp.Random(rng), -Fp.One, Fp.One, Fp.Random(rng) };
        var f = new[] { Fp.Random(rng), -Fp.One, Fp.Random(rng), Fp.Zero };
        FpX4.Load(out var acc, s[0], s[1], s[2], s[3]);
        FpX4.Load(out var fx, f[0], f[1], f[2], f[3]);
        for (int step = 0; step < 2000; step++)
        {
            // Unreduced lane outputs (below 2p) feed the next product, as in the MSM's prefix chains.
            FpX4.Mul(acc, step % 3 == 0 ? acc : fx, out acc);
            for (int l = 0; l < 4; l++) s[l] = step % 3 == 0 ? s[l].Square() : s[l] * f[l];
        }
        acc.Store(out var r0, out var r1, out var r2, out var r3);
        Assert.Equal(s, new[] { r0, r1, r2, r3 });
    }

    [Fact]
    public void LoadThenStoreIsTheIdentityOnReducedValues()
    {
        var rng = new Random(3);
        var v = new[] { Fp.Zero, -Fp.One, Fp.Random(rng), Raw(P - 1) };
        FpX4.Load(out var x, v[0], v[1], v[2], v[3]);
        x.Store(out var a, out var b, out var c, out var d);
        Assert.Equal(v, new[] { a, b, c, d });
    }

    [Fact]
    public void ModulusLimbsRecombineToTheModulus()
    {
        var limbs = FpX4.Split(Fp.M0, Fp.M1, Fp.M2, Fp.M3, Fp.M4, Fp.M5);
        var sum = BigInteger.Zero;
        for (int j = 15; j >= 0; j--) { Assert.True(limbs[j] < 1UL << 24); sum = (sum << 24) + limbs[j]; }
        Assert.Equal(P, sum);
    }
}

/// <summary>The tower products that run in lanes against the ones that do not.</summary>
public class TowerInLanesTests
{
    private static Fp2 R2(Random rng) => new(Fp.Random(rng), Fp.Random(rng));

    private static Fp12 R12(Random rng) =>
        new(new Fp6(R2(rng), R2(rng), R2(rng)), new Fp6(R2(rng), R2(rng), R2(rng)));

    [Fact]
    public void Fp12SquareEqualsTheProductWithItself()
    {
        var rng = new Random(17);
        var minus = new Fp2(-Fp.One, -Fp.One);
        var edge = new Fp12(new Fp6(minus, minus, minus), new Fp6(minus, minus, minus));
        var cases = new List<Fp12> { Fp12.Zero, Fp12.One, edge, -Fp12.One };
        for (int i = 0; i < 200; i++) cases.Add(R12(rng));
        foreach (var z in cases) Assert.Equal(z * z, z.Square());
    }

    [Fact]
    public void Fp4ProductsMatchTheScalarFormulas()
    {
        if (!FpX4.IsSupported) return; // no AVX2: nothing runs in lanes
        var rng = new Random(19);
        var m = new Fp2(-Fp.One, -Fp.One);
        var xi = new Fp2(Fp.One, Fp.One);
        for (int i = 0; i < 300; i++)
        {
            var (x0, x1, y0, y1) = i == 0 ? (m, m, m, m) : (R2(rng), R2(rng), R2(rng), R2(rng));
            Fp12.Fp4MulInLanes(x0, x1, y0, y1, out var r0, out var r1);
            Assert.Equal(x0 * y0 + xi * x1 * y1, r0);
            Assert.Equal(x0 * y1 + x1 * y0, r1);
            Fp12.Fp4SquareInLanes(x0, x1, out var s0, out var s1);
            Assert.Equal(x0.Square() + xi * x1.Square(), s0);
            Assert.Equal((x0 * x1).Double(), s1);
        }
    }
}
