using Settlement.Circuits;
using Settlement.Verifier.Bls12381;

/// <summary>The benchmark circuit: x_(i+1) = x_i² + c, public output the last x (wires: 1, out, x0, c, x_1..).</summary>
internal static class ChainCircuit
{
    public static (R1cs R1cs, Fr[] Witness) Build(int constraints, ulong x0 = 3, ulong c = 7)
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
