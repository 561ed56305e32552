namespace Settlement.Verifier.Bls12381;

/// <summary>
/// A fixed G1 point with a table of its multiples (<see cref="FixedBaseTable{TProj, TAff, TF}"/>, 4-bit windows of a
/// 128-bit scalar, about 45 KB), so that a pairing batch weights it by a 128-bit scalar with at most 32 mixed additions and no doubling,
/// where a fresh multiplication takes 128 doublings. For points used in many batches: the keys a venue trusts.
/// Built from a point already known to be in G1 (not checked here).
/// </summary>
internal sealed class PreparedG1
{
    private readonly FixedBaseTable<G1Jacobian, G1Affine, Fp> _multiples;

    /// <summary>The point the table belongs to.</summary>
    public G1Affine Point { get; }

    public PreparedG1(in G1Affine p)
    {
        if (p.IsInfinity) throw new ArgumentException("a fixed base at infinity has no use in a pairing batch", nameof(p));
        Point = p;
        _multiples = new(p.ToJacobian(), windowBits: 4, scalarBits: 128);
    }

    /// <summary>acc + [k]P, for k &lt; 2^128 (a pairing batch's weights).</summary>
    public G1Jacobian MultiplyAdd(in G1Jacobian acc, in Fr k) => _multiples.MultiplyAdd(acc, k);
}
