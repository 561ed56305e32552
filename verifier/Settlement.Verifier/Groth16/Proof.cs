using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1). Every instance holds points that are on their curves, in the order-r
/// subgroups and not at infinity: the constructor checks, so the verifier does not have to.
/// </summary>
public sealed class Proof : IEquatable<Proof>
{
    /// <summary>A ∈ G1 (finite, in the subgroup).</summary>
    public G1Affine A { get; }
    /// <summary>B ∈ G2 (finite, in the subgroup).</summary>
    public G2Affine B { get; }
    /// <summary>C ∈ G1 (finite, in the subgroup).</summary>
    public G1Affine C { get; }

    /// <summary>
    /// Checks the points; throws <see cref="Groth16Exception"/> naming "A", "B" or "C" when one is at infinity, off its
    /// curve or outside its subgroup.
    /// </summary>
    public Proof(in G1Affine a, in G2Affine b, in G1Affine c)
    {
        PointValidation.RequireG1(a, "A");
        PointValidation.RequireG2(b, "B");
        PointValidation.RequireG1(c, "C");
        A = a; B = b; C = c;
    }

    private Proof(in G1Affine a, in G2Affine b, in G1Affine c, bool checkedByDecoder) { A = a; B = b; C = c; }

    /// <summary>
    /// For points from the checked decoders (<see cref="G1Encoding.TryDecode"/>, <see cref="G2Encoding.TryDecode"/>),
    /// which ran the curve and subgroup checks already: checking again would double the decoding time. Only the point
    /// at infinity, which the decoders accept, is refused here.
    /// </summary>
    internal static Proof FromDecodedPoints(in G1Affine a, in G2Affine b, in G1Affine c)
    {
        PointValidation.RequireFinite(a.IsInfinity, "A");
        PointValidation.RequireFinite(b.IsInfinity, "B");
        PointValidation.RequireFinite(c.IsInfinity, "C");
        return new Proof(a, b, c, checkedByDecoder: true);
    }

    /// <summary>Equal when A, B and C are equal points.</summary>
    public bool Equals(Proof? other) => other is not null && A == other.A && B == other.B && C == other.C;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Proof);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(A, B, C);
}
