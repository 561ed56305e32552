using System.Globalization;
using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon;
using static Settlement.Circuits.Tests.Harness;
using NativePoseidon = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Circuits.Tests;

public class PoseidonGadgetTests
{
    /// <summary>The hadeshash KAT file: shipped in tests/vectors, and the shared copy when present (SETTLEMENT_VECTORS or ../shared/vectors).</summary>
    public static IEnumerable<object[]> KatFiles()
    {
        var dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "Settlement.sln"))) dir = Path.GetDirectoryName(dir);
        Assert.NotNull(dir);
        var roots = new List<string> { Path.Combine(dir!, "tests", "vectors") };
        var shared = Environment.GetEnvironmentVariable("SETTLEMENT_VECTORS") ?? Path.Combine(dir!, "..", "shared", "vectors");
        if (Directory.Exists(shared)) roots.Add(shared);
        foreach (var r in roots)
        {
            var f = Path.Combine(r, "poseidon", "hadeshash_test_vectors.txt");
            Assert.True(File.Exists(f), $"missing {f}");
            yield return [Path.GetFullPath(f)];
        }
    }

    private static Fr Hex(string s) => Fr.FromBigInteger(BigInteger.Parse("0" + s.Trim().Trim('\'')[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    [Theory]
    [MemberData(nameof(KatFiles))]
    public void In_circuit_permutation_matches_hadeshash_kats(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        int done = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("# poseidonperm_x5_255_")) continue;
            var input = lines[i + 2].Trim('[', ']').Split(',').Select(Hex).ToArray();
            var output = lines[i + 4].Trim('[', ']').Split(',').Select(Hex).ToArray();
            int t = input.Length;
            var c = Compile(api =>
            {
                var o = PoseidonGadget.Permute(api, api.SecretInputs("in", t));
                var expect = api.PublicInputs("out", t);
                for (int k = 0; k < t; k++) api.AssertEqual(o[k], expect[k]);
            });
            Assert.Equal(t == 3 ? 243 : 300, c.Statistics.ConstraintsUnder($"Poseidon{t}"));
            Accepts(c, new Assignment().Set("in", input).Set("out", output));
            var wrong = (Fr[])output.Clone(); wrong[t - 1] += Fr.One;
            Rejects(c, new Assignment().Set("in", input).Set("out", wrong));
            done++;
        }
        Assert.Equal(2, done);
    }

    [Fact]
    public void Hash4_sponge_and_chain_match_native()
    {
        var rng = new Random(11);
        var l = Fr.Random(rng); var r = Fr.Random(rng);
        var items = Enumerable.Range(0, 6).Select(_ => Fr.Random(rng)).ToArray();
        foreach (int n in new[] { 0, 1, 4, 5, 6 })
        {
            var c = Compile(api =>
            {
                var x = api.SecretInputs("x", n);
                api.AssertEqual(PoseidonGadget.Hash(api, x, 42), api.PublicInput("h"));
            });
            var native = NativePoseidon.Hash(items.AsSpan(0, n), 42);
            Accepts(c, new Assignment().Set("x", items.AsSpan(0, n)).Set("h", native));
            Rejects(c, new Assignment().Set("x", items.AsSpan(0, n)).Set("h", NativePoseidon.Hash(items.AsSpan(0, n), 43)));
            // 300 per permutation, less the S-boxes of the first round whose cells are still constants (empty rate cells).
            int perms = Math.Max(1, (n + 3) / 4);
            int constantCells = n == 0 ? 5 : 1 + Math.Max(0, 4 - n);
            Assert.Equal(n == 0 ? 0 : perms * 300 - 3 * constantCells, c.Statistics.Constraints - 1); // empty input: all constant
        }
        var h4 = Compile(api => api.AssertEqual(PoseidonGadget.Hash4(api, api.SecretInput("a"), api.SecretInput("b"), api.SecretInput("c"), api.SecretInput("d")), api.PublicInput("h")));
        Assignment H4(Fr a, Fr b, Fr c, Fr d, Fr h) => new Assignment().Set("a", a).Set("b", b).Set("c", c).Set("d", d).Set("h", h);
        var (x, y) = (items[0], items[1]);
        Accepts(h4, H4(l, r, x, y, NativePoseidon.Hash4(l, r, x, y)));
        Rejects(h4, H4(r, l, x, y, NativePoseidon.Hash4(l, r, x, y)));
        Rejects(h4, H4(l, r, y, x, NativePoseidon.Hash4(l, r, x, y)));
        Assert.Equal(297 + 1, h4.Statistics.Constraints); // cell 0 is the constant 0: its first S-box folds away

        var chain = Compile(api => api.AssertEqual(PoseidonGadget.ChainAll(api, api.SecretInput("s"), api.SecretInputs("x", 3)), api.PublicInput("h")));
        var expected = NativePoseidon.ChainAll(l, items.AsSpan(0, 3));
        var ok = new Assignment().Set("s", l).Set("x", items.AsSpan(0, 3)).Set("h", expected);
        Accepts(chain, ok);
        Rejects(chain, new Assignment().Set("s", l).Set("x", items.AsSpan(1, 3)).Set("h", expected));
        MutationClean(chain, ok);
    }

    [Fact]
    public void Permutation_gadget_is_fully_constrained()
    {
        var c = Compile(api =>
        {
            var o = PoseidonGadget.Permute(api, api.SecretInputs("in", 5));
            api.AssertEqual(o[0], api.PublicInput("out"));
        });
        var input = new[] { Fr.FromUInt64(1), Fr.FromUInt64(2), Fr.FromUInt64(3), Fr.FromUInt64(4), Fr.FromUInt64(5) };
        var s = (Fr[])input.Clone();
        NativePoseidon.Permute(s);
        var ok = new Assignment().Set("in", input).Set("out", s[0]);
        // Every S-box wire is a product; changing any one breaks its own constraint. Inputs of a 5→1 map are free
        // in principle, but not one at a time with the rest fixed.
        MutationClean(c, ok);
    }
}
