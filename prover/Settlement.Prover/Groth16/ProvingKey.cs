using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Groth16;

/// <summary>One entry of the QAP's A or B matrix as a proving key stores it (the snarkjs zkey section 4 model).</summary>
public readonly record struct QapCoefficient(byte Matrix, int Constraint, int Signal, Fr Value)
{
    public const byte MatrixA = 0, MatrixB = 1;
}

/// <summary>Raised when a proving or verifying key is malformed or degenerate; the message names the field and the rule.</summary>
public sealed class InvalidKeyException(string message) : Exception(message);

/// <summary>
/// A Groth16 proving key in the snarkjs zkey content model, so one prover serves both our circuits and circom
/// circuits (docs/key-formats.md):
/// <list type="bullet">
/// <item>A, B (only; C·w = A·w ∘ B·w for a satisfying witness) as coefficient lists over constraint rows 0..m−1,
/// plus one A row per public signal j = 0..NumPublic (row m + j, coefficient 1), which makes the public inputs'
/// QAP polynomials linearly independent;</item>
/// <item>A_j(τ)·G1, B_j(τ)·G1, B_j(τ)·G2 for every signal, (β·A_j + α·B_j + C_j)(τ)/δ·G1 for the private signals,
/// and H_i = L_(2i+1)(τ)/δ·G1, the odd-index Lagrange points of the 2n domain (the quotient is then evaluated on the
/// odd coset and used without dividing by Z, which is −2 there and absorbed by the Lagrange points).</item>
/// </list>
/// </summary>
public sealed class ProvingKey
{
    public required int NumVars { get; init; }
    /// <summary>Public signals, not counting wire 0.</summary>
    public required int NumPublic { get; init; }
    public required int DomainSize { get; init; }
    public required G1Affine Alpha1 { get; init; }
    public required G1Affine Beta1 { get; init; }
    public required G2Affine Beta2 { get; init; }
    public required G2Affine Gamma2 { get; init; }
    public required G1Affine Delta1 { get; init; }
    public required G2Affine Delta2 { get; init; }
    /// <summary>(β·A_j + α·B_j + C_j)(τ)/γ·G1 for j = 0..NumPublic.</summary>
    public required G1Affine[] IC { get; init; }
    public required QapCoefficient[] Coefficients { get; init; }
    /// <summary>
    /// Set when the key was read without its coefficients (<see cref="KeyFiles.ReadProvingKey"/>): <see cref="Coefficients"/>
    /// is empty, and only a prover given A·w and B·w by the circuit can use it.
    /// </summary>
    public bool CoefficientsOmitted { get; init; }
    public required G1Affine[] A { get; init; }
    public required G1Affine[] B1 { get; init; }
    public required G2Affine[] B2 { get; init; }
    /// <summary>Indexed by signal − NumPublic − 1.</summary>
    public required G1Affine[] C { get; init; }
    public required G1Affine[] H { get; init; }
    /// <summary>
    /// Set when the key was read with its tables left in the file (<see cref="KeyFiles.ReadProvingKey"/>): A, B1, B2, C
    /// and H are then empty and the prover streams them from the file (see <see cref="KeyTableFile"/>).
    /// </summary>
    public KeyTableFile? TablesInFile { get; init; }
    /// <summary>True for keys made by the development setup from local randomness: whoever ran it can forge proofs.</summary>
    public bool Insecure { get; init; }

    public int LogDomainSize => System.Numerics.BitOperations.Log2((uint)DomainSize);

    /// <summary>The verifying key (α, β, γ, δ, IC); its constructor re-checks the points and refuses degenerate keys.</summary>
    public VerifyingKey VerifyingKey => new(Alpha1, Beta2, Gamma2, Delta2, IC);

    /// <summary>
    /// Checks sizes and refuses degenerate keys: α, β, γ, δ at infinity, γ = δ, δ = the generator (a δ everyone
    /// knows the logarithm of lets anyone forge), and points that are not on the curve. Subgroup membership of the
    /// large tables is not checked here (it is optional for trusted local keys, see docs/key-formats.md).
    /// </summary>
    public void Validate(string source = "proving key", bool allowInitial = false)
    {
        if (DomainSize <= 0 || (DomainSize & (DomainSize - 1)) != 0) throw new InvalidKeyException($"{source}: domain size {DomainSize} is not a power of two");
        if (NumPublic < 0 || NumVars < NumPublic + 1) throw new InvalidKeyException($"{source}: {NumPublic} public signals do not fit {NumVars} signals");
        Require(IC.Length == NumPublic + 1, source, $"IC has {IC.Length} points, expected nPublic + 1 = {NumPublic + 1}");
        var f = TablesInFile;
        Require(f is null || A.Length + B1.Length + B2.Length + C.Length + H.Length == 0, source, "tables both in memory and in the file");
        int nA = f?.A.Count ?? A.Length, nB1 = f?.B1.Count ?? B1.Length, nB2 = f?.B2.Count ?? B2.Length, nC = f?.C.Count ?? C.Length, nH = f?.H.Count ?? H.Length;
        Require(nA == NumVars, source, $"A has {nA} points, expected nVars = {NumVars}");
        Require(nB1 == NumVars, source, $"B1 has {nB1} points, expected nVars = {NumVars}");
        Require(nB2 == NumVars, source, $"B2 has {nB2} points, expected nVars = {NumVars}");
        Require(nC == NumVars - NumPublic - 1, source, $"C has {nC} points, expected nVars − nPublic − 1 = {NumVars - NumPublic - 1}");
        Require(nH == DomainSize, source, $"H has {nH} points, expected the domain size {DomainSize}");
        bool initial = allowInitial && Delta1 == G1Affine.Generator && Delta2 == G2Affine.Generator;
        if (!initial && Delta2 == G2Affine.Generator)
            throw new InvalidKeyException($"{source}: delta2 is the generator (δ = 1): a phase-2 key needs at least one contribution before it can prove");
        if (!initial) try { _ = VerifyingKey; }
        catch (Groth16Exception e) { throw new InvalidKeyException($"{source}: {e.Message}"); }
        Require(!Alpha1.IsInfinity && !Beta1.IsInfinity && !Delta1.IsInfinity, source, "alpha1, beta1 and delta1 must not be the point at infinity");
        Require(Alpha1.IsOnCurve && Beta1.IsOnCurve && Delta1.IsOnCurve, source, "alpha1, beta1 or delta1 is not on the curve");
        Require(initial || Delta1 != G1Affine.Generator, source, "delta1 is the generator (δ = 1): anyone could forge proofs");
        foreach (var c in Coefficients)
        {
            if (c.Matrix > 1) throw new InvalidKeyException($"{source}: coefficient for matrix {c.Matrix}, expected 0 (A) or 1 (B)");
            if ((uint)c.Constraint >= (uint)DomainSize) throw new InvalidKeyException($"{source}: coefficient row {c.Constraint} is outside the domain of size {DomainSize}");
            if ((uint)c.Signal >= (uint)NumVars) throw new InvalidKeyException($"{source}: coefficient refers to signal {c.Signal}, beyond nVars = {NumVars}");
        }
    }

    /// <summary>Writers need the tables in memory; refused before any file is created.</summary>
    internal void RequireTablesInMemory()
    {
        if (TablesInFile is not null) throw new InvalidOperationException("the key's tables were left in its file: read it with tablesInFile: false to write it");
        if (CoefficientsOmitted) throw new InvalidOperationException("the key's coefficients were left in its file: read it with coefficients: true to write it");
    }

    internal static void Require(bool ok, string source, string what)
    {
        if (!ok) throw new InvalidKeyException($"{source}: {what}");
    }
}
