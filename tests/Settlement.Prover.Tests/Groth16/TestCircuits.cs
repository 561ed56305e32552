using Settlement.Circuits;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>Small R1CS instances built directly (the frontend is written elsewhere).</summary>
internal static class TestCircuits
{
    /// <summary>
    /// x_(i+1) = x_i² + c for <paramref name="constraints"/> steps from x0; public output out = the last x.
    /// Wires: 0 = 1, 1 = out (public), 2 = x0, 3 = c, 4.. = intermediate x.
    /// </summary>
    public static (R1cs R1cs, Fr[] Witness) Chain(int constraints, ulong x0 = 3, ulong c = 7)
    {
        int nWires = 4 + constraints - 1;
        var a = new SparseMatrix.Builder();
        var b = new SparseMatrix.Builder();
        var cm = new SparseMatrix.Builder();
        var w = new Fr[nWires];
        w[0] = Fr.One; w[2] = Fr.FromUInt64(x0); w[3] = Fr.FromUInt64(c);
        int prev = 2;
        for (int i = 0; i < constraints; i++)
        {
            int next = i == constraints - 1 ? 1 : 4 + i;
            a.AddRow([(prev, Fr.One)]);
            b.AddRow([(prev, Fr.One)]);
            cm.AddRow([(next, Fr.One), (3, Fr.Zero - Fr.One)]);
            w[next] = w[prev].Square() + w[3];
            prev = next;
        }
        return (new R1cs(nWires, 1, a.Build(), b.Build(), cm.Build()), w);
    }
}
