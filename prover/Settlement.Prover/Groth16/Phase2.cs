using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Settlement.Circuits;
using Settlement.Prover.Fft;
using Settlement.Prover.Msm;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The circuit-specific phase 2 of a Groth16 setup (multi-party: the key is secure if any one contributor destroyed
/// its secret), on top of a snarkjs powers-of-tau file:
/// <list type="number">
/// <item><see cref="Initialize"/>: the key with δ = 1 from the ptau's Lagrange sections (the snarkjs zkey model; γ = 1).
/// It cannot prove (δ = the generator is refused) until someone contributes.</item>
/// <item><see cref="Contribute"/>: a secret x; δ ← x·δ, the C and H tables ← ·1/x, and a proof of knowledge of x:
/// g1_s (random), g1_sx = x·g1_s, g2_spx = x·g2_sp with g2_sp = hash-to-G2 of the transcript so far.</item>
/// <item><see cref="Verify"/>: recomputes the initial key from the r1cs and ptau, then checks with pairings that each
/// contribution knows its x and moved δ by exactly x, that δ in G1 and G2 agree, that nothing but δ, C, H changed,
/// and (random linear combinations) that C and H were divided by the product of all x.</item>
/// </list>
/// The transcript (zkey section 10) is snarkjs's (<see cref="SetupTranscript"/>): a ceremony may alternate snarkjs and
/// settle contributors, and either tool verifies the result.
/// </summary>
public static class Phase2
{
    public const string InitialNote = "phase-2 start (δ = 1): not usable until at least one 'settle groth16 contribute'";
    /// <summary>
    /// The smallest ptau power with which snarkjs and settle compute the same circuit hash for a domain of
    /// 2^<paramref name="domainLogSize"/>: the domain's own power, plus one from 2^15 on (<see cref="CircuitHash"/>).
    /// </summary>
    public static int SnarkjsCompatiblePtauPower(int domainLogSize) => domainLogSize + (domainLogSize >= 15 ? 1 : 0);

    /// <summary>The key before any contribution, and its transcript section (circuit hash, no contributions).</summary>
    public static (ProvingKey Key, byte[] Mpc) Initialize(R1cs r1cs, string ptauPath, int threads = 0, Action<string, double>? progress = null)
    {
        using var ptau = new PtauFile(ptauPath);
        int nVars = r1cs.NumWires, nPub = r1cs.NumPublic;
        var domain = EvaluationDomain.ForSize(r1cs.NumConstraints + nPub + 1);
        int n = domain.Size;
        if (domain.LogSize > ptau.Power)
            throw ptau.Fail("section 1 (header)", $"power {ptau.Power} is too small: the circuit needs a domain of 2^{domain.LogSize} ({r1cs.NumConstraints} constraints + {nPub + 1} public rows)");
        progress?.Invoke("read powers of tau", 0);
        var l1 = ptau.LagrangeBlockG1(PtauFile.LagrangeG1, n, "Lagrange G1");
        var l2n = ptau.LagrangeBlockG1(PtauFile.LagrangeG1, 2 * n, "Lagrange G1 (2n block)");
        var l2 = ptau.LagrangeBlockG2(n);
        var al = ptau.LagrangeBlockG1(PtauFile.AlphaLagrangeG1, n, "alpha Lagrange G1");
        var bl = ptau.LagrangeBlockG1(PtauFile.BetaLagrangeG1, n, "beta Lagrange G1");
        var coefs = DevSetup.Coefficients(r1cs);

        progress?.Invoke("QAP polynomials at tau", 0.2);
        var a = new G1Jacobian[nVars]; var b1 = new G1Jacobian[nVars]; var k = new G1Jacobian[nVars];
        var b2 = new G2Jacobian[nVars];
        // Terms grouped by signal (counting sort), so that each thread owns whole signals and no accumulator is shared.
        // C's terms ride along as a third matrix: they only feed the K table.
        const byte MatrixC = 2;
        var matrixC = new QapCoefficient[r1cs.C.Values.Length];
        for (int i = 0, t = 0; i < r1cs.NumConstraints; i++)
            for (int e = r1cs.C.RowStart[i]; e < r1cs.C.RowStart[i + 1]; e++)
                matrixC[t++] = new QapCoefficient(MatrixC, i, r1cs.C.Columns[e], r1cs.C.Values[e]);
        var start = new int[nVars + 1];
        foreach (var c in coefs) start[c.Signal + 1]++;
        foreach (var c in matrixC) start[c.Signal + 1]++;
        for (int j = 0; j < nVars; j++) start[j + 1] += start[j];
        var terms = new QapCoefficient[start[nVars]];
        var fill = start[..nVars];
        foreach (var c in coefs) terms[fill[c.Signal]++] = c;
        foreach (var c in matrixC) terms[fill[c.Signal]++] = c;
        Parallel.For(0, nVars, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount }, j =>
        {
            var aj = new LinearCombination<G1Jacobian, G1Affine, Fp>(ScalarMul.SumG1);
            var b1j = new LinearCombination<G1Jacobian, G1Affine, Fp>(ScalarMul.SumG1);
            var kj = new LinearCombination<G1Jacobian, G1Affine, Fp>(ScalarMul.SumG1);
            var b2j = new LinearCombination<G2Jacobian, G2Affine, Fp2>(ScalarMul.SumG2);
            for (int t = start[j]; t < start[j + 1]; t++)
            {
                var c = terms[t];
                switch (c.Matrix)
                {
                    case QapCoefficient.MatrixA:
                        aj.Add(l1[c.Constraint], c.Value);
                        kj.Add(bl[c.Constraint], c.Value);
                        break;
                    case QapCoefficient.MatrixB:
                        b1j.Add(l1[c.Constraint], c.Value);
                        b2j.Add(l2[c.Constraint], c.Value);
                        kj.Add(al[c.Constraint], c.Value);
                        break;
                    case MatrixC:
                        kj.Add(l1[c.Constraint], c.Value);
                        break;
                }
            }
            a[j] = aj.Sum(); b1[j] = b1j.Sum(); b2[j] = b2j.Sum(); k[j] = kj.Sum();
        });
        progress?.Invoke("normalise tables", 0.8);
        var h = new G1Affine[n];
        for (int i = 0; i < n; i++) h[i] = l2n[2 * i + 1];
        var kAff = ToAffine<G1Jacobian, G1Affine, Fp>(k);
        var pk = new ProvingKey
        {
            NumVars = nVars, NumPublic = nPub, DomainSize = n,
            Alpha1 = ptau.AlphaG1, Beta1 = ptau.BetaG1, Beta2 = ptau.BetaG2,
            Gamma2 = G2Affine.Generator, Delta1 = G1Affine.Generator, Delta2 = G2Affine.Generator,
            IC = kAff[..(nPub + 1)], C = kAff[(nPub + 1)..], Coefficients = coefs,
            A = ToAffine<G1Jacobian, G1Affine, Fp>(a), B1 = ToAffine<G1Jacobian, G1Affine, Fp>(b1), B2 = ToAffine<G2Jacobian, G2Affine, Fp2>(b2), H = h,
        };
        pk.Validate(ptau.Name, allowInitial: true);
        progress?.Invoke("circuit hash", 0.9);
        var mpc = new byte[SetupTranscript.CircuitHashSize + 4];
        CircuitHash(pk, ptau).CopyTo(mpc, 0);
        progress?.Invoke("done", 1);
        return (pk, mpc);
    }

    /// <summary>
    /// snarkjs's circuit hash of an initial key, which binds the transcript to the circuit and the ptau: BLAKE2b-512 of
    /// α1, β1, β2, then γ2, δ1, δ2 (the generators), then each table preceded by its length (u32 big-endian): IC, the
    /// points τ^(i+n)·G1 − τ^i·G1 (not the Lagrange points the key holds as H), C, A, B1, B2. Points are hashed
    /// uncompressed, big-endian, the point at infinity as zeros.
    /// </summary>
    /// <remarks>
    /// snarkjs walks the τ-differences in blocks of 2^14 and does not shorten the last block, so from n = 2^15 on it
    /// hashes n of them while the length it hashes says n − 1. Matching it is the point, so we do the same. The last
    /// one needs τ^(2n−1), one power beyond a ptau of power log2 n; there snarkjs reads whatever bytes follow its
    /// section, which no one should reproduce: we hash the n − 1 the length says, a hash of our own that snarkjs's
    /// <c>zkey verify</c> does not share (<see cref="SnarkjsCompatiblePtauPower"/>).
    /// </remarks>
    internal static byte[] CircuitHash(ProvingKey initial, PtauFile ptau)
    {
        int n = initial.DomainSize;
        int count = n > 1 << 14 && 2L * n <= ptau.TauG1Count ? n : n - 1;
        var tau = ptau.TauG1(0, n + count);
        var diff = new G1Jacobian[count];
        Parallel.For(0, count, i => diff[i] = tau[i + n].ToJacobian() - tau[i].ToJacobian());
        var h = new Blake2b();
        foreach (var p in new[] { initial.Alpha1, initial.Beta1 }) SetupTranscript.HashPoint(h, p);
        SetupTranscript.HashPoint(h, initial.Beta2);
        SetupTranscript.HashPoint(h, G2Affine.Generator);
        SetupTranscript.HashPoint(h, G1Affine.Generator);
        SetupTranscript.HashPoint(h, G2Affine.Generator);
        HashTable(h, initial.IC);
        h.Update((uint)(n - 1));
        foreach (var p in ToAffine<G1Jacobian, G1Affine, Fp>(diff)) SetupTranscript.HashPoint(h, p);
        HashTable(h, initial.C);
        HashTable(h, initial.A);
        HashTable(h, initial.B1);
        h.Update((uint)initial.B2.Length);
        foreach (var p in initial.B2) SetupTranscript.HashPoint(h, p);
        return h.Final();
    }

    private static void HashTable(Blake2b h, G1Affine[] points)
    {
        h.Update((uint)points.Length);
        foreach (var p in points) SetupTranscript.HashPoint(h, p);
    }

    /// <summary>One contribution with a fresh secret from the CSPRNG (optionally mixed with user entropy).</summary>
    public static (ProvingKey Key, byte[] Mpc) Contribute(ProvingKey pk, byte[] mpc, string name, string? entropy = null, int threads = 0, Action<string, double>? progress = null)
    {
        if (name.Length > SetupTranscript.MaxNameLength)
            throw new ArgumentException($"a contribution name has at most {SetupTranscript.MaxNameLength} characters (snarkjs's limit); this one has {name.Length}", nameof(name));
        var transcript = ParseTranscript(mpc, "key");
        var x = SecretScalar(entropy);
        var g1s = (G1Jacobian.Generator * SecretScalar(null)).ToAffine();
        var g1sx = (g1s.ToJacobian() * x).ToAffine();
        var transcriptHash = transcript.NextTranscriptHash(g1s, g1sx);
        var g2spx = (SetupTranscript.HashToG2(transcriptHash).ToJacobian() * x).ToAffine();
        var xInv = x.Inverse();
        progress?.Invoke("scale C", 0);
        var c = ScaleAll(pk.C, xInv, threads);
        progress?.Invoke("scale H", 0.5);
        var h = ScaleAll(pk.H, xInv, threads);
        var delta1 = (pk.Delta1.ToJacobian() * x).ToAffine();
        var next = new ProvingKey
        {
            NumVars = pk.NumVars, NumPublic = pk.NumPublic, DomainSize = pk.DomainSize, Alpha1 = pk.Alpha1, Beta1 = pk.Beta1, Beta2 = pk.Beta2,
            Gamma2 = pk.Gamma2, Delta1 = delta1, Delta2 = (pk.Delta2.ToJacobian() * x).ToAffine(), IC = pk.IC, Coefficients = pk.Coefficients,
            A = pk.A, B1 = pk.B1, B2 = pk.B2, C = c, H = h,
        };
        next.Validate("contribution");
        progress?.Invoke("done", 1);
        return (next, transcript.Append(new SetupTranscript.Contribution(delta1, g1s, g1sx, g2spx, transcriptHash, name)).ToBytes());
    }

    /// <summary>Checks a key against the circuit and ptau it claims to come from; returns the contributions, or throws with the reason.</summary>
    public static IReadOnlyList<SetupTranscript.Contribution> Verify(R1cs r1cs, string ptauPath, ProvingKey key, byte[] mpc, int threads = 0, Action<string, double>? progress = null)
    {
        var (initial, initialMpc) = Initialize(r1cs, ptauPath, threads, (s, f) => progress?.Invoke("recompute initial key: " + s, 0.4 * f));
        if (mpc.Length < SetupTranscript.CircuitHashSize || !mpc.AsSpan(0, SetupTranscript.CircuitHashSize).SequenceEqual(initialMpc.AsSpan(0, SetupTranscript.CircuitHashSize))) throw new SetupVerificationException("the transcript's circuit hash does not match this r1cs and ptau");
        var transcript = ParseTranscript(mpc, "key");
        if (transcript.Contributions.Count == 0) throw new SetupVerificationException("no contributions: δ = 1 is public and anyone could forge proofs");
        Same(initial.NumVars == key.NumVars && initial.NumPublic == key.NumPublic && initial.DomainSize == key.DomainSize, "sizes");
        Same(initial.Alpha1 == key.Alpha1 && initial.Beta1 == key.Beta1 && initial.Beta2 == key.Beta2 && initial.Gamma2 == key.Gamma2, "alpha, beta or gamma");
        Same(initial.IC.AsSpan().SequenceEqual(key.IC), "IC");
        Same(initial.Coefficients.AsSpan().SequenceEqual(key.Coefficients), "the QAP coefficients");
        Same(initial.A.AsSpan().SequenceEqual(key.A) && initial.B1.AsSpan().SequenceEqual(key.B1) && initial.B2.AsSpan().SequenceEqual(key.B2), "the A or B tables");

        progress?.Invoke($"{transcript.Contributions.Count} contribution(s)", 0.4);
        try { transcript.VerifyDeltaChain(key.Delta2); }
        catch (FormatException e) { throw new SetupVerificationException(e.Message); }
        if (key.Delta1 != transcript.Contributions[^1].DeltaAfter) throw new SetupVerificationException("the key's δ (G1) is not the last contribution's");
        progress?.Invoke("C and H tables", 0.75);
        // Σ ρ_i·C_i(final) paired with δ must equal Σ ρ_i·C_i(initial) paired with the generator (δ_initial = 1); same for H.
        foreach (var (init, fin, what) in new[] { (initial.C, key.C, "C"), (initial.H, key.H, "H") })
        {
            Same(init.Length == fin.Length, what);
            var rho = new Fr[init.Length];
            for (int i = 0; i < rho.Length; i++) rho[i] = Fr.Random();
            var sumFin = Pippenger.G1(fin, rho, threads).ToAffine();
            var sumInit = Pippenger.G1(init, rho, threads).ToAffine();
            if (!SetupTranscript.SameRatio(sumFin, sumInit, G2Affine.Generator, key.Delta2))
                throw new SetupVerificationException($"the {what} table was not divided by the contributions' secrets");
        }
        key.Validate("verified key");
        progress?.Invoke("done", 1);
        return transcript.Contributions;
    }

    private static void Same(bool ok, string what)
    {
        if (!ok) throw new SetupVerificationException($"{what} differ from what the r1cs and ptau give");
    }

    private static Fr SecretScalar(string? entropy)
    {
        Span<byte> b = stackalloc byte[64];
        RandomNumberGenerator.Fill(b);
        if (entropy is not null)
        {
            var mixed = SHA512.HashData([.. b, .. Encoding.UTF8.GetBytes(entropy)]);
            mixed.CopyTo(b);
        }
        var x = Fr.FromBytesWideBE(b);
        b.Clear();
        return x.IsZero ? Fr.One + Fr.One : x;
    }

    internal static SetupTranscript ParseTranscript(byte[] mpc, string file)
    {
        try { return SetupTranscript.Parse(mpc); }
        catch (FormatException e) { throw new SnarkjsFormatException(file, "section 10 (contributions)", e.Message); }
    }

    private static G1Affine[] ScaleAll(G1Affine[] points, Fr k, int threads)
    {
        var jac = new G1Jacobian[points.Length];
        Parallel.For(0, points.Length, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount },
            i => jac[i] = points[i].ToJacobian() * k);
        return ToAffine<G1Jacobian, G1Affine, Fp>(jac);
    }

    /// <summary>
    /// One table entry Σ cᵢ·Pᵢ of a phase-2 key, collected term by term and summed once. Circuit coefficients are
    /// mostly ±1 (an addition) or ±2^i; −2^i is a full-width scalar mod r, so it is summed as 2^i·(−P), whose cost
    /// follows the bit length of 2^i. The rest (Poseidon's MDS entries, full width) share one doubling chain.
    /// </summary>
    private sealed class LinearCombination<TProj, TAff, TF>(LinearCombination<TProj, TAff, TF>.Straus straus)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        public delegate TProj Straus(ReadOnlySpan<TAff> points, ReadOnlySpan<Fr> scalars);
        private TProj _sum = TProj.Identity;
        private readonly List<TAff> _points = [];
        private readonly List<Fr> _scalars = [];

        public void Add(in TAff p, in Fr v)
        {
            if (v.IsZero || p.IsInfinity) return;
            var minus = -v;
            if (v.IsOne) _sum = _sum.AddMixed(p);
            else if (minus.IsOne) _sum = _sum.AddMixed(Negate(p));
            else if (Shorter(minus, v)) { _points.Add(Negate(p)); _scalars.Add(minus); }
            else { _points.Add(p); _scalars.Add(v); }
        }

        private static TAff Negate(in TAff p) => TAff.FromCoordinatesUnchecked(p.X, -p.Y);

        public TProj Sum() => _points.Count == 0 ? _sum : _sum + straus(CollectionsMarshal.AsSpan(_points), CollectionsMarshal.AsSpan(_scalars));
    }

    private static bool Shorter(in Fr x, in Fr y)
    {
        Span<ulong> lx = stackalloc ulong[4], ly = stackalloc ulong[4];
        x.ToCanonicalLimbs(lx);
        y.ToCanonicalLimbs(ly);
        for (int i = 3; i >= 0; i--)
            if (lx[i] != ly[i]) return lx[i] < ly[i];
        return false;
    }

    private static TAff[] ToAffine<TProj, TAff, TF>(TProj[] points)
        where TProj : struct, ICurveGroup<TProj, TAff, TF>
        where TAff : struct, IAffinePoint<TAff, TF>
        where TF : struct, IField<TF>
    {
        var r = new TAff[points.Length];
        CurveGroup.BatchToAffine<TProj, TAff, TF>(points, r);
        return r;
    }
}

/// <summary>A phase-2 key that does not follow from its circuit, ptau and contributions; the message says which check failed.</summary>
public sealed class SetupVerificationException(string message) : Exception(message);
