using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Tests.Conformance;
using static Settlement.Verifier.Bls12381.Pairing;

namespace Settlement.Verifier.Tests.Pairing;

/// <summary>The optimal ate pairing against the published GT values, and its defining properties.</summary>
public class PairingTests
{
    static readonly G1Affine G = G1Affine.Generator;
    static readonly G2Affine H = G2Affine.Generator;

    public static IEnumerable<object[]> GtFiles => VectorCatalog.Cases("pairing-gt");

    /// <summary>Each entry i − 1 of a pairing-gt file is e(i·G1, i·G2), 576 bytes, fully reversed coefficient order.</summary>
    [Theory]
    [MemberData(nameof(GtFiles))]
    public void Gt_values_match_published_vectors(string path)
    {
        VectorCatalog.RequirePresent(path);
        var entries = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path))!;
        Assert.NotEmpty(entries);
        var p = G1Jacobian.Identity; var q = G2Jacobian.Identity;
        for (int i = 1; i <= entries.Length; i++)
        {
            p = p.AddMixed(G); q = q.AddMixed(H);
            var expected = Convert.FromHexString(entries[i - 1]);
            var gt = Pair(p.ToAffine(), q.ToAffine());
            Assert.True(expected.AsSpan().SequenceEqual(gt.ToBytes()), $"{Path.GetFileName(path)} entry i = {i}");
            // The decoder accepts the published value and gives back the same element.
            Assert.Equal(Gt.DecodeError.None, Gt.TryFromBytes(expected, out var decoded));
            Assert.Equal(gt, decoded);
        }
    }

    [Fact]
    public void Generator_pairing_starts_as_documented()
    {
        var b = Pair(G, H).ToBytes();
        // SOURCES.md: e(G1, G2).c0.c0.c0 = 0x1250ebd871fc0a92…789b6, the last 48 bytes.
        Assert.StartsWith("1250ebd871fc0a92", Convert.ToHexString(b, 528, 48).ToLowerInvariant());
        Assert.EndsWith("789b6", Convert.ToHexString(b, 528, 48).ToLowerInvariant());
    }

    [Fact]
    public void Bilinear_and_non_degenerate()
    {
        var rng = new Random(11);
        var e = Pair(G, H);
        Assert.False(e.IsOne);
        Assert.True(e.Pow(-Fr.One).Inverse() == e); // e^(r−1) = e^(−1)
        for (int i = 0; i < 3; i++)
        {
            var a = Fr.Random(rng); var b = Fr.Random(rng);
            var ap = (G1Jacobian.Generator * a).ToAffine();
            var bq = (G2Jacobian.Generator * b).ToAffine();
            var eab = Pair(ap, bq);
            Assert.Equal(e.Pow(a * b), eab);
            Assert.Equal(Pair((G1Jacobian.Generator * (a * b)).ToAffine(), H), eab);
            Assert.Equal(Pair(ap, bq).Inverse(), Pair(ap, -bq));
            Assert.Equal(Pair(ap, bq).Inverse(), Pair(-ap, bq));
            Assert.Equal(Pair(ap, H) * Pair(ap, bq), Pair(ap, (G2Jacobian.Generator * (b + Fr.One)).ToAffine()));
        }
    }

    [Fact]
    public void Gt_has_order_r_and_round_trips()
    {
        var e = Pair(G, H);
        Assert.True(e.Pow(Fr.Zero).IsOne);
        // e^r: r does not fit Fr, so use r − 1 then one more factor.
        Assert.True((e.Pow(-Fr.One) * e).IsOne);
        var bytes = e.ToBytes();
        Assert.Equal(Gt.DecodeError.None, Gt.TryFromBytes(bytes, out var back));
        Assert.Equal(e, back);
        Assert.Equal(Gt.DecodeError.WrongLength, Gt.TryFromBytes(bytes.AsSpan(1), out _));
        var bad = (byte[])bytes.Clone(); bad[0] = 0xff;
        Assert.Equal(Gt.DecodeError.CoordinateNotCanonical, Gt.TryFromBytes(bad, out _));
        var notGt = (byte[])bytes.Clone(); notGt[575] ^= 1;
        Assert.Equal(Gt.DecodeError.NotInGt, Gt.TryFromBytes(notGt, out _));
        Assert.Equal(Gt.DecodeError.NotInGt, Gt.TryFromBytes(new byte[Gt.ByteLength], out _));
    }

    [Fact]
    public void Degenerate_inputs_give_one()
    {
        Assert.True(Pair(G1Affine.Infinity, H).IsOne);
        Assert.True(Pair(G, G2Affine.Infinity).IsOne);
        Assert.True(Pair(G1Affine.Infinity, G2Affine.Infinity).IsOne);
        Assert.True(PairingCheck([]));
        Assert.True(PairingCheck([(G1Affine.Infinity, H)]));
        Assert.True(new PreparedG2(G2Affine.Infinity).IsInfinity);
        Assert.True(PairingCheck([], [(G, new PreparedG2(G2Affine.Infinity))]));
    }

    [Fact]
    public void Multi_pairing_is_the_product_of_pairings()
    {
        var rng = new Random(12);
        var pairs = new (G1Affine P, G2Affine Q)[11];
        var product = Gt.One;
        for (int i = 0; i < pairs.Length; i++)
        {
            // More pairs than the stack buffer, and an infinity in the middle.
            var p = i == 4 ? G1Affine.Infinity : (G1Jacobian.Generator * Fr.Random(rng)).ToAffine();
            var q = (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
            pairs[i] = (p, q);
            product *= Pair(p, q);
        }
        Assert.Equal(product, MultiMillerLoop(pairs, []).FinalExponentiation());
        // The same with some G2 sides prepared.
        var prepared = pairs[..5].Select(x => (x.P, new PreparedG2(x.Q))).ToArray();
        Assert.Equal(product, MultiMillerLoop(pairs[5..], prepared).FinalExponentiation());
        // Products of Miller loops share one final exponentiation.
        Assert.Equal(product, (MillerLoop(pairs[0].P, pairs[0].Q) * MultiMillerLoop(pairs[1..], [])).FinalExponentiation());
    }

    /// <summary>The loop with a premultiplied fixed pair (Groth16's γ, δ) against the general one, P1 Jacobian with Z ≠ 1.</summary>
    [Fact]
    public void Fixed_pair_loop_matches_the_general_loop()
    {
        var rng = new Random(14);
        G1Jacobian P1() => G1Jacobian.Generator * Fr.Random(rng);
        G2Affine Q() => (G2Jacobian.Generator * Fr.Random(rng)).ToAffine();
        var (q, q1, q2) = (Q(), Q(), Q());
        var fixedPair = new PreparedG2Pair(new PreparedG2(q1), new PreparedG2(q2));
        var p1 = P1() + P1();
        Assert.False(p1.Z.IsOne);
        var p = P1().ToAffine();
        var p2 = P1().ToAffine();
        var expected = Pair(p, q) * Pair(p1.ToAffine(), q1) * Pair(p2, q2);
        Assert.Equal(expected, MultiMillerLoop([(p, q)], [], fixedPair, p1, p2).FinalExponentiation());
        // The on-the-fly pair at infinity contributes 1.
        Assert.Equal(Pair(p1.ToAffine(), q1) * Pair(p2, q2), MultiMillerLoop([(G1Affine.Infinity, q)], [], fixedPair, p1, p2).FinalExponentiation());
        // With more on-the-fly and prepared pairs (an odd and an even number of lines per step), as in a batch.
        var (q3, q4) = (Q(), Q());
        var (p3, p4) = (P1().ToAffine(), P1().ToAffine());
        Assert.Equal(expected * Pair(p3, q3) * Pair(p4, q4),
            MultiMillerLoop([(p, q), (p3, q3)], [(p4, new PreparedG2(q4))], fixedPair, p1, p2).FinalExponentiation());
        Assert.Equal(expected * Pair(p3, q3), MultiMillerLoop([(p, q), (p3, q3)], [], fixedPair, p1, p2).FinalExponentiation());
    }

    [Fact]
    public void Pairing_check_accepts_balanced_products_only()
    {
        var rng = new Random(13);
        var a = Fr.Random(rng); var b = Fr.Random(rng);
        var ap = (G1Jacobian.Generator * a).ToAffine();
        var bq = (G2Jacobian.Generator * b).ToAffine();
        var abp = (G1Jacobian.Generator * (a * b)).ToAffine();
        Assert.True(PairingCheck([(ap, bq), (-abp, H)]));
        Assert.False(PairingCheck([(ap, bq), (abp, H)]));
        Assert.True(PairingCheck([(ap, bq)], [(-abp, new PreparedG2(H))]));
        Assert.False(PairingCheck([(ap, bq)], [(-ap, new PreparedG2(H))]));
    }

    /// <summary>The Miller loop's running point follows the scalar: after the loop over |x| it is [|x|]Q.</summary>
    [Fact]
    public void Line_steps_track_the_point()
    {
        var q = (G2Jacobian.Generator * Fr.FromUInt64(977)).ToAffine();
        var t = new G2Homogeneous(q);
        var acc = q.ToJacobian();
        for (int bit = LineFunctions.TopBit - 1; bit >= 0; bit--)
        {
            LineFunctions.DoublingStep(ref t);
            acc = acc.Double();
            if (((LineFunctions.AbsX >> bit) & 1) != 0) { LineFunctions.AdditionStep(ref t, q); acc = acc.AddMixed(q); }
            var zi = t.Z.Inverse();
            Assert.Equal(acc.ToAffine(), G2Affine.FromCoordinatesUnchecked(t.X * zi, t.Y * zi));
        }
        Assert.Equal(acc, q.ToJacobian().MultiplyBy(LineFunctions.AbsX));
    }
}
