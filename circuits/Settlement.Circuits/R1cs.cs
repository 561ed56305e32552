using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits;

/// <summary>
/// A rank-1 constraint system: constraint i holds when ⟨A_i, w⟩ · ⟨B_i, w⟩ = ⟨C_i, w⟩ over F_r.
/// Wire layout (the circom convention): wire 0 is the constant 1, wires 1..NumPublic are the public
/// inputs in order, every later wire is private. The Groth16 prover and setup read this form.
/// </summary>
public sealed class R1cs
{
    public int NumWires { get; }
    /// <summary>Public inputs, not counting wire 0.</summary>
    public int NumPublic { get; }
    public SparseMatrix A { get; }
    public SparseMatrix B { get; }
    public SparseMatrix C { get; }
    public int NumConstraints => A.Rows;

    public R1cs(int numWires, int numPublic, SparseMatrix a, SparseMatrix b, SparseMatrix c)
    {
        if (numPublic < 0 || numPublic + 1 > numWires) throw new ArgumentException($"public input count {numPublic} does not fit {numWires} wires");
        if (a.Rows != b.Rows || b.Rows != c.Rows) throw new ArgumentException("A, B and C must have the same number of rows");
        foreach (var m in new[] { a, b, c })
            if (m.MaxColumn >= numWires) throw new ArgumentException($"a constraint refers to wire {m.MaxColumn}, beyond the {numWires} wires");
        NumWires = numWires; NumPublic = numPublic; A = a; B = b; C = c;
    }

    /// <summary>The index of the first constraint the witness violates, or −1 when all hold.</summary>
    public int FirstUnsatisfied(ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != NumWires) throw new ArgumentException($"witness has {witness.Length} values, the system has {NumWires} wires");
        if (!witness[0].IsOne) return 0;
        for (int i = 0; i < NumConstraints; i++)
            if (A.Dot(i, witness) * B.Dot(i, witness) != C.Dot(i, witness)) return i;
        return -1;
    }

    public bool IsSatisfied(ReadOnlySpan<Fr> witness) => FirstUnsatisfied(witness) < 0;
}

/// <summary>A sparse matrix over F_r in compressed-row form: row i holds Columns/Values[RowStart[i]..RowStart[i+1]).</summary>
public sealed class SparseMatrix
{
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public Fr[] Values { get; }
    public int Rows => RowStart.Length - 1;
    public int NonZeros => Columns.Length;
    public int MaxColumn { get; }

    public SparseMatrix(int[] rowStart, int[] columns, Fr[] values)
    {
        if (rowStart.Length == 0 || rowStart[0] != 0 || rowStart[^1] != columns.Length || columns.Length != values.Length)
            throw new ArgumentException("inconsistent compressed-row arrays");
        for (int i = 1; i < rowStart.Length; i++)
            if (rowStart[i] < rowStart[i - 1]) throw new ArgumentException("row starts must not decrease");
        RowStart = rowStart; Columns = columns; Values = values;
        MaxColumn = columns.Length == 0 ? -1 : columns.Max();
    }

    /// <summary>⟨row, w⟩.</summary>
    public Fr Dot(int row, ReadOnlySpan<Fr> w)
    {
        var acc = Fr.Zero;
        for (int k = RowStart[row]; k < RowStart[row + 1]; k++) acc += Values[k] * w[Columns[k]];
        return acc;
    }

    /// <summary>Builds a matrix row by row.</summary>
    public sealed class Builder
    {
        private readonly List<int> _rowStart = [0];
        private readonly List<int> _columns = [];
        private readonly List<Fr> _values = [];

        /// <summary>Appends a row; zero coefficients are dropped.</summary>
        public void AddRow(ReadOnlySpan<(int Wire, Fr Coeff)> terms)
        {
            foreach (var (wire, coeff) in terms)
            {
                if (coeff.IsZero) continue;
                _columns.Add(wire);
                _values.Add(coeff);
            }
            _rowStart.Add(_columns.Count);
        }

        public SparseMatrix Build() => new([.. _rowStart], [.. _columns], [.. _values]);
    }
}
