using BenchmarkDotNet.Attributes;
using Settlement.Circuits;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Bench;

/// <summary>
/// Groth16 prove and verify for the chain circuit x_(i+1) = x_i² + c at 2^12 constraints (development setup).
/// The 2^16 and 2^20 figures come from bench/prove (one run each; BenchmarkDotNet's repetitions are too long).
/// </summary>
public class ProveBench
{
    [Params(1, 2)] public int Threads;
    private Groth16Prover _prover = null!;
    private Fr[] _w = [];
    private PreparedVerifyingKey _pvk = null!;
    private Proof _proof = null!;

    [GlobalSetup]
    public void Setup()
    {
        int m = (1 << 12) - 3;
        int nWires = 4 + m - 1;
        var a = new SparseMatrix.Builder(); var b = new SparseMatrix.Builder(); var c = new SparseMatrix.Builder();
        _w = new Fr[nWires];
        _w[0] = Fr.One; _w[2] = Fr.FromUInt64(3); _w[3] = Fr.FromUInt64(7);
        int prev = 2;
        for (int i = 0; i < m; i++)
        {
            int next = i == m - 1 ? 1 : 4 + i;
            a.AddRow([(prev, Fr.One)]); b.AddRow([(prev, Fr.One)]); c.AddRow([(next, Fr.One), (3, Fr.Zero - Fr.One)]);
            _w[next] = _w[prev].Square() + _w[3];
            prev = next;
        }
        var pk = DevSetup.Create(new R1cs(nWires, 1, a.Build(), b.Build(), c.Build()));
        _prover = new Groth16Prover(pk);
        _pvk = new PreparedVerifyingKey(pk.VerifyingKey);
        _proof = _prover.Prove(_w);
    }

    [Benchmark] public Proof Prove() => _prover.Prove(_w, Threads);
    [Benchmark] public bool Verify() => Groth16Verifier.Verify(_pvk, _proof, [_w[1]]);
}
