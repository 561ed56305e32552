using System.Numerics;
using System.Security.Cryptography;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Tests.Fields;

/// <summary>Fr.Random's constant-time wide reduction: the same values as BigInteger reduction, in range, spread evenly.</summary>
public class FrRandomTests
{
    /// <summary>A "CSPRNG" that returns fixed bytes, for known answers.</summary>
    private sealed class FixedBytes(byte[] bytes) : RandomNumberGenerator
    {
        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());
        public override void GetBytes(Span<byte> data) => bytes.AsSpan(0, data.Length).CopyTo(data);
    }

    private static Fr Reference(byte[] b) => Fr.FromBigInteger(new BigInteger(b, isUnsigned: true, isBigEndian: true));

    public static TheoryData<string> Edges => new()
    {
        new string('0', 128),
        new string('f', 128),                                  // 2^512 − 1: both halves far above r
        "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001" + new string('0', 64), // r·2^256
        new string('0', 64) + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000000", // r − 1
        new string('0', 64) + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", // r
        "0123456789abcdeffedcba98765432100123456789abcdeffedcba9876543210" + "ffffffffffffffff0000000000000000ffffffffffffffff0000000000000000",
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void KnownAnswersEqualBigIntegerReduction(string hex)
    {
        var b = Convert.FromHexString(hex);
        Assert.Equal(Reference(b), Fr.Random(new FixedBytes(b)));
        Assert.Equal(Reference(b), Fr.FromBytesWideBE(b));
    }

    [Fact]
    public void RandomBytesEqualBigIntegerReduction()
    {
        var rng = new Random(42);
        var b = new byte[64];
        for (int i = 0; i < 2000; i++)
        {
            rng.NextBytes(b);
            if (i % 4 == 1) b.AsSpan(0, 32).Fill(0xff);   // high half at its maximum
            if (i % 4 == 2) b.AsSpan(32).Fill(0xff);      // low half at its maximum
            Assert.Equal(Reference(b), Fr.Random(new FixedBytes(b)));
        }
        // The fixed 2^512 − 1 value pinned: (2^512 − 1) mod r.
        var all = Convert.FromHexString(new string('f', 128));
        Assert.Equal(((BigInteger.One << 512) - 1) % Fr.Modulus, Fr.Random(new FixedBytes(all)).ToBigInteger());
    }

    [Fact]
    public void CsprngValuesAreInRangeAndSpreadEvenly()
    {
        const int n = 16000, bins = 16;
        var counts = new int[bins];
        var seen = new HashSet<Fr>();
        Span<byte> m = stackalloc byte[32];
        for (int i = 0; i < n; i++)
        {
            var v = Fr.Random();
            v.ToMontgomeryLE(m);
            Assert.True(Fr.TryFromMontgomeryLE(m, out _)); // internal representation below r
            var x = v.ToBigInteger();
            Assert.True(x.Sign >= 0 && x < Fr.Modulus);
            counts[(int)(x * bins / Fr.Modulus)]++;
            seen.Add(v);
        }
        Assert.Equal(n, seen.Count);
        // χ² with 15 degrees of freedom: above 50 has probability about 1e-5 for uniform values.
        double expected = (double)n / bins, chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 50, $"χ² = {chi2:F1} over {bins} bins: {string.Join(", ", counts)}");
    }
}
