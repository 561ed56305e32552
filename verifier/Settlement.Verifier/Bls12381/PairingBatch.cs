using System.Buffers.Binary;
using System.Runtime.InteropServices;
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
/// other weights at most one w_k mod r makes ∏ Xᵢ^wᵢ = 1. The weights are drawn at verification time, uniformly from
/// the 2^128 integers below 2^128 (distinct mod r, since 2^128 &lt; r) by a CSPRNG, after every equation is fixed, so
/// whoever built the equations cannot predict them: a batch holding a false equation passes with probability at most
/// 2^−128. Hashing the inputs instead would let a forger search for inputs whose weights cancel. One equation may take
/// w = 1 (the bound only needs the weight of some false equation to be random: if that equation is the only false
/// one, the product is X_k ≠ 1); the batch gives it to the one equation with a GT target if there is one
/// (<see cref="AddWithTarget"/>: a Groth16 check against a precomputed e(α, β), which only weight 1 leaves unchanged),
/// else to the equation with the most prepared terms (a verifying key's γ, δ, β), whose G1 sides no merge can save. The weights replace nothing
/// else: the points must already be on the curve and in their subgroups (the checked decoders), or the pairing
/// equations themselves mean nothing.
/// </para>
/// <para>
/// A G1 side given as a <see cref="PreparedG1"/> (a trusted public key with its table of multiples) is weighted by table
/// lookups instead of a doubling chain.
/// </para>
/// A false result does not say which equation failed: check them one by one for that.
/// </summary>
internal sealed class PairingBatch
{
    // Terms as added, unweighted, with their equation's index: Verify draws the weights and decides which side each goes on.
    private readonly List<(G1Affine P, G2Affine Q, int Eq, PreparedG1? Multiples)> _terms = [];
    private readonly List<(G1Affine P, PreparedG2 Q, int Eq)> _prepared = [];
    private readonly List<int> _preparedCount = [];
    private readonly RandomNumberGenerator? _rng;
    // The equation with a GT target (weight 1), its target, and its fixed pair of prepared lines if it has one.
    private int _targetEq = -1;
    private Gt _target = Gt.One;
    private (PreparedG2Pair Pair, G1Jacobian P1, G1Affine P2)? _fixedPair;

    /// <summary>Equations added so far.</summary>
    public int Count => _preparedCount.Count;

    /// <summary>The weight of each equation in the last <see cref="Verify"/> (for tests: weights must differ between runs).</summary>
    internal UInt128[] Weights { get; private set; } = [];

    /// <summary>A batch with weights from <paramref name="rng"/>, or from the OS CSPRNG when null.</summary>
    public PairingBatch(RandomNumberGenerator? rng = null) => _rng = rng;

    /// <summary>
    /// Adds the equation ∏ e(Pᵢ, Qᵢ) · ∏ e(Pⱼ, prepared Qⱼ) = 1. Points must be in G1 and G2 (checked decoders'
    /// output or group operations on such points); a point at infinity makes its term 1.
    /// </summary>
    public void Add(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared = default) =>
        AddTerms(Count, pairs, prepared);

    /// <summary>
    /// Adds ∏ e(Pᵢ, Qᵢ) · ∏ e(Pⱼ, Qⱼ) = 1 where the Pⱼ are fixed points with tables of multiples (a trusted key signing
    /// message Qⱼ), then the other pairs as in <see cref="Add(ReadOnlySpan{ValueTuple{G1Affine, G2Affine}}, ReadOnlySpan{ValueTuple{G1Affine, PreparedG2}})"/>.
    /// </summary>
    public void Add(ReadOnlySpan<(PreparedG1 P, G2Affine Q)> tabulated, ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs)
    {
        int eq = Count;
        foreach (var (p, q) in tabulated)
            if (!q.IsInfinity) _terms.Add((p.Point, q, eq, p));
        AddTerms(eq, pairs, []);
    }

    /// <summary>
    /// Adds ∏ e(Pᵢ, Qᵢ) · ∏ e(Pⱼ, prepared Qⱼ) · f_{x,Q1}(P1)·f_{x,Q2}(P2) = <paramref name="target"/>, the last factor being a
    /// fixed pair of prepared lines (<see cref="PreparedG2Pair"/>; P1, P2 not at infinity) when one is given. This
    /// equation takes weight 1, so a batch holds at most one of them (an <see cref="InvalidOperationException"/> otherwise).
    /// </summary>
    public void AddWithTarget(ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared, in Gt target,
        PreparedG2Pair? fixedPair = null, in G1Jacobian p1 = default, in G1Affine p2 = default)
    {
        if (_targetEq >= 0) throw new InvalidOperationException("a pairing batch holds at most one equation with a GT target");
        (_targetEq, _target) = (Count, target);
        if (fixedPair is not null) _fixedPair = (fixedPair, p1, p2);
        AddTerms(Count, pairs, prepared);
    }

    private void AddTerms(int eq, ReadOnlySpan<(G1Affine P, G2Affine Q)> pairs, ReadOnlySpan<(G1Affine P, PreparedG2 Q)> prepared)
    {
        foreach (var (p, q) in pairs)
            if (!p.IsInfinity && !q.IsInfinity) _terms.Add((p, q, eq, null));
        int n = 0;
        foreach (var (p, q) in prepared)
            if (!p.IsInfinity && !q.IsInfinity) { _prepared.Add((p, q, eq)); n++; }
        _preparedCount.Add(n);
    }

    /// <summary>
    /// Whether every equation holds (with the probability above): fresh weights, one multi-Miller loop, one final
    /// exponentiation. An empty batch holds.
    /// </summary>
    public bool Verify()
    {
        var w = DrawWeights();
        var g1 = new List<G1Jacobian>();  // the G1 side of each Miller-loop pair, weighted; the prepared pairs' after the others
        var g2 = new List<G2Affine>();    // the on-the-fly pairs' G2 side
        var taken = new bool[_terms.Count];

        // Terms sharing a G2 point (one message signed by several keys): one pair, the weighted G1 sides summed.
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i] || !Shares(i, sameQ: true)) continue;
            g1.Add(WeightedG1(Take(i, taken, sameQ: true), w));
            g2.Add(_terms[i].Q);
        }
        // Terms sharing a G1 point (−g1 against every signature): one pair, the weights moved to the G2 sides, where
        // ψ halves the doublings (64 for 128-bit weights); cheaper than the Miller-loop pairs it saves.
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i] || !Shares(i, sameQ: false)) continue;
            var group = Take(i, taken, sameQ: false);
            g1.Add(_terms[i].P.ToJacobian());
            g2.Add(WeightedSum<G2Jacobian, G2Affine, Fp2>(group, j => _terms[j].Q, j => w[_terms[j].Eq], ScalarMul.SumG2).ToAffine());
        }
        for (int i = 0; i < _terms.Count; i++)
        {
            if (taken[i]) continue;
            g1.Add(WeightedG1([i], w));
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
            g1.Add(WeightedSum<G1Jacobian, G1Affine, Fp>(group, j => _prepared[j].P, j => w[_prepared[j].Eq], ScalarMul.SumG1));
            preparedQ.Add(q);
        }

        // A weighted side can be the identity (a zero weight, or terms that cancel): its pair is 1 and is left out.
        var affine = new G1Affine[g1.Count];
        CurveGroup.BatchToAffine<G1Jacobian, G1Affine, Fp>(g1.ToArray(), affine);
        var pairs = new List<(G1Affine P, G2Affine Q)>(g2.Count);
        for (int i = 0; i < g2.Count; i++)
            if (!affine[i].IsInfinity && !g2[i].IsInfinity) pairs.Add((affine[i], g2[i]));
        var prepared = new List<(G1Affine P, PreparedG2 Q)>(preparedQ.Count);
        for (int i = 0; i < preparedQ.Count; i++)
            if (!affine[g2.Count + i].IsInfinity) prepared.Add((affine[g2.Count + i], preparedQ[i]));
        var m = _fixedPair is var (pair, p1, p2)
            ? Pairing.MultiMillerLoop(CollectionsMarshal.AsSpan(pairs), CollectionsMarshal.AsSpan(prepared), pair, p1, p2)
            : Pairing.MultiMillerLoop(CollectionsMarshal.AsSpan(pairs), CollectionsMarshal.AsSpan(prepared));
        return Pairing.FinalExponentiation(m) == _target;
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

    /// <summary>
    /// Σ wⱼ·Pⱼ over a group of terms' G1 sides: a term of weight 1 is added, a tabulated one (<see cref="PreparedG1"/>)
    /// looked up, the others share one Straus sum.
    /// </summary>
    private G1Jacobian WeightedG1(List<int> group, UInt128[] w)
    {
        var acc = G1Jacobian.Identity;
        var points = new List<G1Affine>(group.Count);
        var scalars = new List<Fr>(group.Count);
        foreach (int j in group)
        {
            var (p, _, eq, multiples) = _terms[j];
            if (w[eq] == UInt128.One) acc = acc.AddMixed(p);
            else if (multiples is not null) acc = multiples.MultiplyAdd(acc, ToFr(w[eq]));
            else { points.Add(p); scalars.Add(ToFr(w[eq])); }
        }
        return points.Count == 0 ? acc : acc + ScalarMul.SumG1(CollectionsMarshal.AsSpan(points), CollectionsMarshal.AsSpan(scalars));
    }

    private static readonly Fr TwoTo64 = Fr.FromBigInteger(System.Numerics.BigInteger.One << 64);

    /// <summary>A weight as a scalar (below 2^128 &lt; r, so the value is unchanged).</summary>
    private static Fr ToFr(UInt128 w) => Fr.FromUInt64((ulong)w) + Fr.FromUInt64((ulong)(w >> 64)) * TwoTo64;

    /// <summary>The Straus sums of <see cref="ScalarMul"/>: one doubling chain for all terms (G1: up to 128, G2: 64).</summary>
    private delegate TProj Straus<TProj, TAff>(ReadOnlySpan<TAff> points, ReadOnlySpan<Fr> scalars);

    /// <summary>Σ wⱼ·Pⱼ over a group of terms: one Straus sum, except that a term of weight 1 is just added.</summary>
    private static TProj WeightedSum<TProj, TAff, TF>(List<int> group, Func<int, TAff> point, Func<int, UInt128> weight, Straus<TProj, TAff> sum)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var unweighted = TProj.Identity;
        var points = new List<TAff>(group.Count);
        var scalars = new List<Fr>(group.Count);
        foreach (int j in group)
        {
            if (weight(j) == UInt128.One) { unweighted = unweighted + TProj.FromAffine(point(j)); continue; }
            points.Add(point(j));
            scalars.Add(ToFr(weight(j)));
        }
        return unweighted + sum(CollectionsMarshal.AsSpan(points), CollectionsMarshal.AsSpan(scalars));
    }

    /// <summary>
    /// One weight per equation: 1 for the equation with a GT target if there is one, else for the first equation with
    /// the most prepared terms; uniformly random 128-bit integers for the others, drawn now (after every equation is fixed).
    /// </summary>
    private UInt128[] DrawWeights()
    {
        var w = new UInt128[Count];
        if (Count == 0) return Weights = w;
        var bytes = new byte[16 * Count];
        if (_rng is null) RandomNumberGenerator.Fill(bytes); else _rng.GetBytes(bytes);
        int unweighted = 0;
        for (int i = 0; i < Count; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt128LittleEndian(bytes.AsSpan(16 * i, 16));
            if (_preparedCount[i] > _preparedCount[unweighted]) unweighted = i;
        }
        w[_targetEq >= 0 ? _targetEq : unweighted] = UInt128.One;
        return Weights = w;
    }
}
