using Settlement.Circuits.Frontend;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Venue;

/// <summary>
/// Real Groth16 proofs for a circuit that only binds its public input, the statement hash: the venue tests exercise the
/// acceptance path (signatures, digests, roots, stores), and the settlement circuit has its own tests.
/// </summary>
internal sealed class StatementProver
{
    private readonly CompiledCircuit _circuit;
    private readonly Groth16Prover _prover;
    public VerifyingKey VerifyingKey { get; }

    public StatementProver()
    {
        _circuit = Circuit.From(api =>
        {
            var statement = api.PublicInput("statement");
            var copy = api.SecretInput("copy");
            api.AssertEqual(api.Mul(copy, Api.Constant(1)), statement);
        }).Compile();
        var pk = DevSetup.Create(_circuit.R1cs);
        _prover = new Groth16Prover(pk);
        VerifyingKey = pk.VerifyingKey;
    }

    public byte[] Prove(Statement s)
    {
        var h = s.Hash();
        var p = _prover.Prove(_circuit.Solve(new Assignment().Set("statement", h).Set("copy", h)));
        return ProofEncoding.Compress(new Proof(p.A, p.B, p.C));
    }
}
