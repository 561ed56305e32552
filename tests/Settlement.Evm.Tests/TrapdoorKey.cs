using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Evm.Tests;

/// <summary>
/// A verifying key whose trapdoor the test knows, so valid proofs for any public inputs cost a few scalar
/// multiplications instead of a prover run: with ICⱼ = uⱼ·G1, any a, b give the valid proof A = a·G1, B = b·G2,
/// C = c·G1 with c = (ab − αβ − γ·Σ xⱼuⱼ)/δ (x₀ = 1).
/// </summary>
internal sealed class TrapdoorKey
{
    private readonly Fr _alpha, _beta, _gamma, _delta;
    private readonly Fr[] _u;
    public VerifyingKey Key { get; }
    public PreparedVerifyingKey Prepared { get; }

    public TrapdoorKey(Random rng, int inputs)
    {
        (_alpha, _beta, _gamma, _delta) = (Fr.Random(rng), Fr.Random(rng), Fr.Random(rng), Fr.Random(rng));
        _u = Enumerable.Range(0, inputs + 1).Select(_ => Fr.Random(rng)).ToArray();
        Key = new VerifyingKey(G1(_alpha), G2(_beta), G2(_gamma), G2(_delta), _u.Select(G1).ToArray());
        Prepared = new PreparedVerifyingKey(Key);
    }

    public Proof Prove(ReadOnlySpan<Fr> x, Random rng)
    {
        var a = Fr.Random(rng);
        var b = Fr.Random(rng);
        var s = _u[0];
        for (int i = 0; i < x.Length; i++) s += x[i] * _u[i + 1];
        var c = (a * b - _alpha * _beta - _gamma * s) * _delta.Inverse();
        return new Proof(G1(a), G2(b), G1(c));
    }

    public static G1Affine G1(Fr k) => (G1Jacobian.Generator * k).ToAffine();
    public static G2Affine G2(Fr k) => (G2Jacobian.Generator * k).ToAffine();
}
