using System.Security.Cryptography;

namespace Settlement.Verifier.Bls12381;

/// <summary>
/// Many pairing equations ∏ⱼ e(Pⱼ, Qⱼ) = 1 checked with one multi-Miller loop and one final exponentiation: each
/// equation is raised to its own random weight w, applied to its G1 sides (e(P, Q)^w = e(wP, Q), G1 being the cheap
/// side), and the products multiplied. Terms that share a G2 point, across equations too, are merged into one by
/// summing their weighted G1 sides, so n signatures over one message cost one Miller-loop pair for the message; terms
/// that share a G1 point (−g₁ against each signature) are merged by summing their weighted G2 sides instead.
/// <para>
/// Soundness: every equation's product Xᵢ lies in GT, of prime order r. If some X_k ≠ 1, then for any values of the
/// other weights exactly one w_k mod r makes ∏ Xᵢ^wᵢ = 1, so a batch holding a false equation passes with probability
/// at most 1/(2⁶⁴ − 1) over w_k, drawn uniformly from the non-zero 64-bit integers by a CSPRNG. The first equation may
/// take w = 1 (the bound only needs the weight of each other false equation to be random), which saves its scalar
/// multiplications. The weights replace nothing else: the points must already be on the curve and in their subgroups
/// (the checked decoders), or the pairing equations themselves mean nothing.
/// </para>
/// A false result does not say which equation failed: check them one by one for that.
/// </summary>
internal sealed class PairingBatch
{
    // Terms as added, unweighted, with their equation's weight: Verify decides which side each weight goes on.
    private readonly List<(G1Affine P, G2Affine Q, ulong W)> _terms = [];
    private readonly List<(G1Affine P, PreparedG2 Q, ulong W)> _prepared = [];
    private readonly RandomNumberGenerator? _rng;

    /// <summary>Equations added so far.</summary>
    public int Count { get; private set; }

    /// <summary>A batch with weights from <paramref name="rng"/>, or from the OS CSPRNG when null.</summary>
    public PairingBatch(RandomNumberGenerator? rng = null) => _rng = rng;

    /// <summary>
    /// Adds the equation ∏ e(Pᵢ, Qᵢ) · ∏ e(Pⱼ, prepared Qⱼ) = 1. Points must be in G1 and G2 (checked decoders'
    /// output or group operations on such points); a point at infinity makes its term 1.
    /// </summary>
    public void Add(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared = default)
    {
        var w = Count == 0 ? 1UL : NextWeight();
        foreach (var (p, q) in pairs)
            if (!p.IsInfinity && !q.IsInfinity) _terms.Add((p, q, w));
        foreach (var (p, q) in prepared)
            if (!p.IsInfinity && !q.IsInfinity) _prepared.Add((p, q, w));
        Count++;
    }

    /// <summary>Whether every equation holds (with the probability above): one multi-Miller loop, one final exponentiation. An empty batch holds.</summary>
    public bool Verify()
    {
        var g1 = new List<G1Jacobian>();  // the G1 side of each Miller-loop pair, weighted; the prepared pairs' after the others
        var g2 = new List<G2Affine>();    // the on-the-fly pairs' G2 side
        var taken = new bool[_terms.Count];

        // Terms sharing a G2 point (one message signed by several keys): one pair, the weighted G1 sides summed.
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i] || !Shares(i, sameQ: true)) continue;
            var group = Take(i, taken, sameQ: true);
            g1.Add(WeightedSum(group, j => _terms[j].P.ToJacobian(), j => _terms[j].W));
            g2.Add(_terms[i].Q);
        }
        // Terms sharing a G1 point (−g1 against every signature): one pair, the weights moved to the G2 sides. A G2
        // multiplication costs about three G1 ones, less than the Miller-loop pair it saves.
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i] || !Shares(i, sameQ: false)) continue;
            var group = Take(i, taken, sameQ: false);
            g1.Add(_terms[i].P.ToJacobian());
            g2.Add(WeightedSum(group, j => _terms[j].Q.ToJacobian(), j => _terms[j].W).ToAffine());
        }
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i]) continue;
            g1.Add(WeightedSum([i], j => _terms[j].P.ToJacobian(), j => _terms[j].W));
            g2.Add(_terms[i].Q);
        }

        // Prepared points are shared by reference (a verifying key's γ, δ, β).
        var preparedQ = new List<PreparedG2>();
        for (int i = 0; i < _prepared.Count; i++)
        {
            var q = _prepared[i].Q;
            if (preparedQ.Contains(q)) continue;
            var group = new List<int>();
            for (int j = i; j < _prepared.Count; j++)
                if (ReferenceEquals(_prepared[j].Q, q)) group.Add(j);
            g1.Add(WeightedSum(group, j => _prepared[j].P.ToJacobian(), j => _prepared[j].W));
            preparedQ.Add(q);
        }

        var affine = new G1Affine[g1.Count];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(g1.ToArray(), affine);
        var pairs = new (G1Affine P, G2Affine Q)[g2.Count];
        for (int i = 0; i < pairs.Length; i++) pairs[i] = (affine[i], g2[i]);
        var prepared = new (G1Affine P, PreparedG2 Q)[preparedQ.Count];
        for (int i = 0; i < prepared.Length; i++) prepared[i] = (affine[pairs.Length + i], preparedQ[i]);
        return Pairing.FinalExponentiation(Pairing.MultiMillerLoop(pairs, prepared)).IsOne;
    }

    /// <summary>Whether a later term shares term i's G2 point (or its G1 point).</summary>
    private bool Shares(int i, bool sameQ)
    {
        for (int j = i + 1; j < _terms.Count; j++)
            if (sameQ ? _terms[j].Q == _terms[i].Q : _terms[j].P == _terms[i].P) return true;
        return false;
    }

    /// <summary>Term i and every later term not yet taken with the same G2 point (or G1 point); marks them taken.</summary>
    private List<int> Take(int i, bool[] taken, bool sameQ)
    {
        var group = new List<int>();
        for (int j = i; j < _terms.Count; j++)
            if (!taken[j] && (sameQ ? _terms[j].Q == _terms[i].Q : _terms[j].P == _terms[i].P)) { group.Add(j); taken[j] = true; }
        return group;
    }

    /// <summary>Σ wⱼ·Pⱼ over a group of terms, sharing one doubling chain (<see cref="ScalarMul.Sum64"/>).</summary>
    private static JacobianPoint<TF, TC> WeightedSum<TF, TC>(List<int> group, Func<int, JacobianPoint<TF, TC>> point, Func<int, ulong> weight)
        where TF : struct, IField<TF> where TC : ICurve<TF>
    {
        var points = new JacobianPoint<TF, TC>[group.Count];
        var weights = new ulong[group.Count];
        for (int k = 0; k < group.Count; k++) (points[k], weights[k]) = (point(group[k]), weight(group[k]));
        return ScalarMul.Sum64<JacobianPoint<TF, TC>, AffinePoint<TF, TC>, TF>(points, weights);
    }

    /// <summary>A uniformly random non-zero integer below 2⁶⁴.</summary>
    private ulong NextWeight()
    {
        Span<byte> b = stackalloc byte[8];
        ulong v;
        do
        {
            if (_rng is null) RandomNumberGenerator.Fill(b); else _rng.GetBytes(b);
            v = BitConverter.ToUInt64(b);
        } while (v == 0);
        return v;
    }
}
