using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Poseidon;

/// <summary>
/// An equivalent form of the partial rounds with sparse matrices (docs/poseidon.md, "Native speed").
/// The S-box of a partial round touches cell 0 only, so it commutes with any L = diag(1, L̂). Factor a round's dense
/// matrix as M = N·L with N = [[m₀₀, mᵀM̂⁻¹], [n, I]] (m the rest of row 0, n the rest of column 0, M̂ the lower-right
/// block, L̂ = M̂); then M·σ(y) = N·σ(L·y), and L moves into the previous round: its constants become L·c and its matrix
/// L·M, factored again. After the first partial round the leftover L₀ multiplies the last full round's matrix.
/// A partial round then costs 2t − 1 multiplications for its matrix instead of t².
/// </summary>
internal sealed class SparsePartialRounds
{
    /// <summary>Matrix of the last first-half full round: L₀·M (row-major).</summary>
    public readonly Fr[] FirstMatrix;
    /// <summary>Per partial round k, the transformed constants L_k·c_k (t each).</summary>
    public readonly Fr[] Constants;
    /// <summary>Per partial round, row 0 of N_k (t each).</summary>
    public readonly Fr[] Row0;
    /// <summary>Per partial round, column 0 of N_k below the diagonal (t − 1 each).</summary>
    public readonly Fr[] Column0;

    public SparsePartialRounds(int t, int fullRounds, int partialRounds, Fr[] rc, Fr[] mds)
    {
        int half = fullRounds / 2;
        Constants = new Fr[partialRounds * t];
        Row0 = new Fr[partialRounds * t];
        Column0 = new Fr[partialRounds * (t - 1)];
        var cur = (Fr[])mds.Clone();
        for (int k = partialRounds - 1; k >= 0; k--)
        {
            // cur = N·L with L̂ = lower-right block of cur.
            var lHat = new Fr[(t - 1) * (t - 1)];
            for (int i = 1; i < t; i++) for (int j = 1; j < t; j++) lHat[(i - 1) * (t - 1) + (j - 1)] = cur[i * t + j];
            var lHatInv = Invert(lHat, t - 1);
            Row0[k * t] = cur[0];
            for (int j = 1; j < t; j++)
            {
                var acc = Fr.Zero;
                for (int i = 1; i < t; i++) acc += cur[i] * lHatInv[(i - 1) * (t - 1) + (j - 1)];
                Row0[k * t + j] = acc;
            }
            for (int i = 1; i < t; i++) Column0[k * (t - 1) + i - 1] = cur[i * t];
            // Constants of round k become L·c_k.
            int rcBase = (half + k) * t;
            Constants[k * t] = rc[rcBase];
            for (int i = 1; i < t; i++)
            {
                var acc = Fr.Zero;
                for (int j = 1; j < t; j++) acc += lHat[(i - 1) * (t - 1) + (j - 1)] * rc[rcBase + j];
                Constants[k * t + i] = acc;
            }
            // The previous round's matrix becomes L·M.
            var next = new Fr[t * t];
            for (int j = 0; j < t; j++) next[j] = mds[j];
            for (int i = 1; i < t; i++)
                for (int j = 0; j < t; j++)
                {
                    var acc = Fr.Zero;
                    for (int q = 1; q < t; q++) acc += lHat[(i - 1) * (t - 1) + (q - 1)] * mds[q * t + j];
                    next[i * t + j] = acc;
                }
            cur = next;
        }
        FirstMatrix = cur;
    }

    /// <summary>Gauss–Jordan inverse of an n×n matrix over Fr (MDS sub-blocks are invertible).</summary>
    private static Fr[] Invert(Fr[] m, int n)
    {
        var a = (Fr[])m.Clone();
        var inv = new Fr[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = Fr.One;
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && a[pivot * n + col].IsZero) pivot++;
            if (pivot == n) throw new InvalidOperationException("Poseidon MDS sub-block is singular; the sparse partial-round form does not exist");
            if (pivot != col)
                for (int j = 0; j < n; j++)
                {
                    (a[col * n + j], a[pivot * n + j]) = (a[pivot * n + j], a[col * n + j]);
                    (inv[col * n + j], inv[pivot * n + j]) = (inv[pivot * n + j], inv[col * n + j]);
                }
            var p = a[col * n + col].Inverse();
            for (int j = 0; j < n; j++) { a[col * n + j] *= p; inv[col * n + j] *= p; }
            for (int i = 0; i < n; i++)
            {
                if (i == col || a[i * n + col].IsZero) continue;
                var f = a[i * n + col];
                for (int j = 0; j < n; j++) { a[i * n + j] -= f * a[col * n + j]; inv[i * n + j] -= f * inv[col * n + j]; }
            }
        }
        return inv;
    }
}
