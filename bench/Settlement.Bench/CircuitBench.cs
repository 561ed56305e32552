using BenchmarkDotNet.Attributes;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Poseidon.Merkle;
using NativePoseidon = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Bench;

/// <summary>
/// Native Poseidon and witness generation. Witness time per million constraints = Solve time × 10⁶ / constraints
/// (the constraint counts are printed by <see cref="Setup"/> and recorded in bench/RESULTS-circuits.md).
/// Run: dotnet run -c Release --project bench/Settlement.Bench -- --filter '*CircuitBench*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class CircuitBench
{
    private const int MerkleUpdates = 16, MerkleDepth = 16, RangeChecks = 4096, RangeBits = 64;

    private readonly Fr[] _s3 = new Fr[3];
    private readonly Fr[] _s5 = new Fr[5];
    private readonly Fr[] _eight = new Fr[8];
    private CompiledCircuit _merkle = null!, _range = null!;
    private Assignment _merkleInputs = null!, _rangeInputs = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        for (int i = 0; i < 3; i++) _s3[i] = Fr.Random(rng);
        for (int i = 0; i < 5; i++) _s5[i] = Fr.Random(rng);
        for (int i = 0; i < 8; i++) _eight[i] = Fr.Random(rng);

        // A chain of leaf updates in one arity-4 tree of depth 16 (2^32 leaves): the shape of the settlement state transition.
        _merkle = Circuit.From(api =>
        {
            var root = api.PublicInput("root0");
            for (int u = 0; u < MerkleUpdates; u++)
                root = MerkleGadget.Update(api, root, api.SecretInput($"old{u}"), api.SecretInput($"new{u}"), api.SecretInput($"idx{u}"), api.SecretInputs($"sib{u}", 3 * MerkleDepth));
            api.AssertEqual(root, api.PublicInput("rootN"));
        }).Compile();
        var tree = new SparseMerkleTree(MerkleDepth);
        for (int i = 0; i < 64; i++) tree.Set((ulong)rng.NextInt64(0, 1L << 32), Fr.Random(rng));
        _merkleInputs = new Assignment().Set("root0", tree.Root);
        for (int u = 0; u < MerkleUpdates; u++)
        {
            ulong idx = (ulong)rng.NextInt64(0, 1L << 32);
            var sib = tree.Path(idx).Siblings.ToArray();
            var old = tree.Get(idx); var next = Fr.Random(rng);
            _merkleInputs.Set($"old{u}", old).Set($"new{u}", next).Set($"idx{u}", (long)idx).Set($"sib{u}", sib);
            tree.Set(idx, next);
        }
        _merkleInputs.Set("rootN", tree.Root);

        _range = Circuit.From(api =>
        {
            foreach (var x in api.SecretInputs("x", RangeChecks)) RangeCheck.Check(api, x, RangeBits);
        }).Compile();
        var xs = new Fr[RangeChecks];
        for (int i = 0; i < xs.Length; i++) xs[i] = Fr.FromUInt64((ulong)rng.NextInt64());
        _rangeInputs = new Assignment().Set("x", xs);

        Console.WriteLine($"// merkle: {_merkle.Statistics.Constraints} constraints, {_merkle.Statistics.NonZeros} non-zeros");
        Console.WriteLine($"// range:  {_range.Statistics.Constraints} constraints, {_range.Statistics.NonZeros} non-zeros");
    }

    [Benchmark] public Fr PoseidonPermuteT3() { NativePoseidon.Permute(_s3); return _s3[0]; }
    [Benchmark] public Fr PoseidonPermuteT5() { NativePoseidon.Permute(_s5); return _s5[0]; }
    [Benchmark] public Fr PoseidonHash4() => NativePoseidon.Hash4(_s5[0], _s5[1], _s5[2], _s5[3]);
    [Benchmark] public Fr PoseidonSponge8() => NativePoseidon.Hash(_eight, 0);

    /// <summary>Solve and check every constraint (what the prover calls).</summary>
    [Benchmark] public Fr[] SolveMerkleUpdates() => _merkle.Solve(_merkleInputs);
    [Benchmark] public Fr[] SolveMerkleUpdatesNoCheck() => _merkle.SolveUnchecked(_merkleInputs);
    [Benchmark] public Fr[] SolveRangeChecks() => _range.Solve(_rangeInputs);
}
