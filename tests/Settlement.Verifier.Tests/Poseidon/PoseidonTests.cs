using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon;
using Settlement.Verifier.Tests.Conformance;
using P = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Verifier.Tests.Poseidon;

public class PoseidonTests
{
    private static Fr Hex(string s) => Fr.FromBigInteger(BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>Parses hadeshash_test_vectors.txt: "# name", "Input:", [..], "Output:", [..].</summary>
    private static IEnumerable<(string Name, Fr[] In, Fr[] Out)> Kats(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('#')) continue;
            string name = lines[i][1..].Trim();
            Assert.Equal("Input:", lines[i + 1]);
            Assert.Equal("Output:", lines[i + 3]);
            yield return (name, ParseList(lines[i + 2]), ParseList(lines[i + 4]));
        }
    }

    private static Fr[] ParseList(string line) =>
        line.Trim('[', ']').Split(',').Select(x => Hex(x.Trim().Trim('\''))).ToArray();

    [Theory]
    [MemberData(nameof(VectorCatalog.Cases), "poseidon-kat", MemberType = typeof(VectorCatalog))]
    public void Permutation_matches_hadeshash_kats(string path)
    {
        VectorCatalog.RequirePresent(path);
        int checkedCount = 0;
        foreach (var (name, input, output) in Kats(path))
        {
            if (!name.Contains("_255_")) continue; // BN254 instances are another field
            var state = (Fr[])input.Clone();
            P.Permute(state);
            Assert.Equal(output, state);
            checkedCount++;
        }
        Assert.Equal(2, checkedCount);
    }

    [Theory]
    [MemberData(nameof(VectorCatalog.Cases), "poseidon-params", MemberType = typeof(VectorCatalog))]
    public void Embedded_constants_equal_the_params_files(string path)
    {
        VectorCatalog.RequirePresent(path);
        if (!Path.GetFileName(path).Contains("_255_")) return;
        var fromFile = PoseidonParameters.FromJson(File.ReadAllBytes(path));
        var embedded = PoseidonParameters.ForWidth(fromFile.Width);
        Assert.Equal(fromFile.RoundConstants.ToArray(), embedded.RoundConstants.ToArray());
        Assert.Equal(fromFile.Mds.ToArray(), embedded.Mds.ToArray());
        Assert.Equal((fromFile.FullRounds, fromFile.PartialRounds), (embedded.FullRounds, embedded.PartialRounds));
        // The file's own KAT, too.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var kat = doc.RootElement.GetProperty("kat");
        var state = kat.GetProperty("input").EnumerateArray().Select(e => Hex(e.GetString()!)).ToArray();
        P.Permute(state);
        Assert.Equal(kat.GetProperty("output").EnumerateArray().Select(e => Hex(e.GetString()!)).ToArray(), state);
    }

    [Theory]
    [MemberData(nameof(VectorCatalog.Cases), "poseidon-constants", MemberType = typeof(VectorCatalog))]
    public void Embedded_round_constants_equal_nobles(string path)
    {
        VectorCatalog.RequirePresent(path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var (key, p) in new[] { ("st1", PoseidonParameters.X5_255_3), ("st2", PoseidonParameters.X5_255_5) })
        {
            var noble = doc.RootElement.GetProperty(key).EnumerateArray().Select(e => Hex(e.GetString()!)).ToArray();
            Assert.Equal(noble, p.RoundConstants.ToArray());
        }
    }

    [Fact]
    public void Parameters_reject_bad_json()
    {
        var ok = File.ReadAllText(VectorCatalog.All.First(f => f.RelativePath.EndsWith("poseidonperm_x5_255_3_params.json")).FullPath);
        var wrongPrime = ok.Replace("0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", "0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000003");
        Assert.Contains("field_modulus", Assert.Throws<FormatException>(() => PoseidonParameters.FromJson(System.Text.Encoding.UTF8.GetBytes(wrongPrime))).Message);
        var tooBig = ok.Replace("0x6c4ffa723eaf1a7bf74905cc7dae4ca9ff4a2c3bc81d42e09540d1f250910880", "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
        Assert.Contains("not below r", Assert.Throws<FormatException>(() => PoseidonParameters.FromJson(System.Text.Encoding.UTF8.GetBytes(tooBig))).Message);
        Assert.Throws<ArgumentException>(() => P.Permute(new Fr[4]));
    }

    [Fact]
    public void Sparse_partial_rounds_equal_the_reference_permutation()
    {
        var rng = new Random(21);
        foreach (var p in new[] { PoseidonParameters.X5_255_3, PoseidonParameters.X5_255_5 })
            for (int n = 0; n < 20; n++)
            {
                var a = Enumerable.Range(0, p.Width).Select(_ => Fr.Random(rng)).ToArray();
                var b = (Fr[])a.Clone();
                P.Permute(a, p);
                P.PermuteReference(b, p);
                Assert.Equal(b, a);
            }
    }

    [Fact]
    public void Hash4_is_cell_zero_of_the_t5_permutation()
    {
        var a = Fr.FromUInt64(1); var b = Fr.FromUInt64(2); var c = Fr.FromUInt64(3); var d = Fr.FromUInt64(4);
        var s = new[] { Fr.Zero, a, b, c, d };
        P.Permute(s);
        Assert.Equal(s[0], P.Hash4(a, b, c, d));
        Assert.NotEqual(P.Hash4(a, b, c, d), P.Hash4(b, a, c, d));
        Assert.NotEqual(P.Hash4(a, b, c, d), P.Hash4(a, b, d, c));
    }

    [Fact]
    public void Sponge_follows_the_documented_rule()
    {
        // Rule (docs/poseidon.md): capacity = domain·2^64 + n, blocks of 4 added to cells 1..4, zero padded, output cell 1.
        var input = Enumerable.Range(1, 6).Select(i => Fr.FromUInt64((ulong)i)).ToArray();
        var s = new Fr[5];
        s[0] = Fr.FromBigInteger((new BigInteger(7) << 64) + 6);
        for (int j = 0; j < 4; j++) s[1 + j] += input[j];
        P.Permute(s);
        s[1] += input[4]; s[2] += input[5];
        P.Permute(s);
        Assert.Equal(s[1], P.Hash(input, 7));

        // Empty input: one permutation of [domain·2^64, 0, 0, 0, 0].
        var e = new Fr[5]; e[0] = Fr.FromBigInteger(new BigInteger(3) << 64);
        P.Permute(e);
        Assert.Equal(e[1], P.Hash([], 3));
    }

    [Fact]
    public void Sponge_separates_lengths_domains_and_padding()
    {
        var one = new[] { Fr.One };
        var oneZero = new[] { Fr.One, Fr.Zero };
        Assert.NotEqual(P.Hash(one, 0), P.Hash(oneZero, 0));   // zero padding is not a collision
        Assert.NotEqual(P.Hash(one, 0), P.Hash(one, 1));       // domains separate
        Assert.NotEqual(P.Hash([], 0), P.Hash([Fr.Zero], 0));
        var four = Enumerable.Repeat(Fr.One, 4).ToArray();
        var five = four.Append(Fr.Zero).ToArray();
        Assert.NotEqual(P.Hash(four, 0), P.Hash(five, 0));
    }

    [Fact]
    public void Chain_hashes_accumulator_then_item_under_the_chain_domain()
    {
        var acc = Fr.FromUInt64(99);
        Fr[] item = [Fr.FromUInt64(1), Fr.FromUInt64(2), Fr.FromUInt64(3), Fr.FromUInt64(4), Fr.FromUInt64(5)];
        Assert.Equal(P.Hash([acc, .. item], PoseidonDomain.Chain), P.Chain(acc, item));
        var all = P.ChainAll(Fr.Zero, item);
        var manual = Fr.Zero;
        foreach (var x in item) manual = P.Chain(manual, [x]);
        Assert.Equal(manual, all);
    }

    [Fact]
    public void Permutation_does_not_allocate()
    {
        var s = new Fr[3];
        P.Permute(s);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) P.Permute(s);
        P.Hash4(s[0], s[1], s[2], s[0]);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
