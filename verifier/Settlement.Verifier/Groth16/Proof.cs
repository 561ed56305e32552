using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1). Every instance holds points that are on their curves, in the order-r
/// subgroups and not at infinity: the constructor checks, so the verifier does not have to.
/// </summary>
public sealed class Proof : IEquatable<Proof>
{
    public G1Affine A { get; }
    public G2Affine B { get; }
    public G1Affine C { get; }

    public Proof(in G1Affine a, in G2Affine b, in G1Affine c)
    {
        PointValidation.RequireG1(a, "A");
        PointValidation.RequireG2(b, "B");
        PointValidation.RequireG1(c, "C");
        A = a; B = b; C = c;
    }

    public bool Equals(Proof? other) => other is not null && A == other.A && B == other.B && C == other.C;
    public override bool Equals(object? obj) => Equals(obj as Proof);
    public override int GetHashCode() => HashCode.Combine(A, B, C);
}
