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
/// <item><see cref="Verify"/>: checks the key's tables against the initial key of the r1cs and ptau (IC and C
/// recomputed, A, B1, B2 by random linear combinations), then checks with pairings that each
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
        progress?.Invoke("read powers of tau", 0);
        var lagrange = LagrangePoints.Read(ptau, r1cs);
        int n = lagrange.Size;
        var coefs = DevSetup.Coefficients(r1cs);
        var terms = QapTerms.Of(r1cs, coefs, n);

        progress?.Invoke("A and B1 (G1)", 0.1);
        var a = terms.A.SumG1(lagrange.L1, threads);
        var b1 = terms.B.SumG1(lagrange.L1, threads);
        progress?.Invoke("B2 (G2)", 0.3);
        var b2 = terms.B.SumG2(lagrange.L2, threads);
        progress?.Invoke("IC and C", 0.6);
        var k = ToAffine<G1Jacobian, G1Affine, Fp>(terms.K.SumG1(lagrange.KPoints(), threads));
        progress?.Invoke("normalise tables", 0.8);
        var pk = new ProvingKey
        {
            NumVars = nVars, NumPublic = nPub, DomainSize = n,
            Alpha1 = ptau.AlphaG1, Beta1 = ptau.BetaG1, Beta2 = ptau.BetaG2,
            Gamma2 = G2Affine.Generator, Delta1 = G1Affine.Generator, Delta2 = G2Affine.Generator,
            IC = k[..(nPub + 1)], C = k[(nPub + 1)..], Coefficients = coefs,
            A = ToAffine<G1Jacobian, G1Affine, Fp>(a), B1 = ToAffine<G1Jacobian, G1Affine, Fp>(b1), B2 = ToAffine<G2Jacobian, G2Affine, Fp2>(b2),
            H = lagrange.InitialH(),
        };
        pk.Validate(ptau.Name, allowInitial: true);
        progress?.Invoke("circuit hash", 0.9);
        var mpc = new byte[SetupTranscript.CircuitHashSize + 4];
        CircuitHash(pk, ptau).CopyTo(mpc, 0);
        progress?.Invoke("done", 1);
        return (pk, mpc);
    }

    /// <summary>The ptau's points for a circuit's domain of n: the Lagrange bases L_i(τ) in G1 and G2, times α and β in G1, and the 2n block for H.</summary>
    private sealed class LagrangePoints
    {
        public required PtauFile Ptau { get; init; }
        public required int Size { get; init; }
        public required G1Affine[] L1 { get; init; }
        public required G2Affine[] L2 { get; init; }
        public required G1Affine[] Alpha { get; init; }
        public required G1Affine[] Beta { get; init; }

        public static LagrangePoints Read(PtauFile ptau, R1cs r1cs)
        {
            var domain = EvaluationDomain.ForSize(r1cs.NumConstraints + r1cs.NumPublic + 1);
            int n = domain.Size;
            if (domain.LogSize > ptau.Power)
                throw ptau.Fail("section 1 (header)", $"power {ptau.Power} is too small: the circuit needs a domain of 2^{domain.LogSize} ({r1cs.NumConstraints} constraints + {r1cs.NumPublic + 1} public rows)");
            return new LagrangePoints
            {
                Ptau = ptau, Size = n,
                L1 = ptau.LagrangeBlockG1(PtauFile.LagrangeG1, n, "Lagrange G1"), L2 = ptau.LagrangeBlockG2(n),
                Alpha = ptau.LagrangeBlockG1(PtauFile.AlphaLagrangeG1, n, "alpha Lagrange G1"), Beta = ptau.LagrangeBlockG1(PtauFile.BetaLagrangeG1, n, "beta Lagrange G1"),
            };
        }

        /// <summary>The initial H table: the odd entries of the 2n Lagrange block (snarkjs's choice for the quotient's coset).</summary>
        public G1Affine[] InitialH()
        {
            var l2n = Ptau.LagrangeBlockG1(PtauFile.LagrangeG1, 2 * Size, "Lagrange G1 (2n block)");
            var h = new G1Affine[Size];
            for (int i = 0; i < Size; i++) h[i] = l2n[2 * i + 1];
            return h;
        }

        /// <summary>The points of the K table's rows (<see cref="QapTerms.K"/>): β·L_i for A's, α·L_i for B's, L_i for C's.</summary>
        public G1Affine[] KPoints() => [.. Beta, .. Alpha, .. L1];
    }

    /// <summary>
    /// A circuit's terms per signal j, as the key's tables sum them: A_j = Σ a_ij·L_i, B_j = Σ b_ij·L_i (in G1 and G2),
    /// K_j = Σ a_ij·β·L_i + b_ij·α·L_i + c_ij·L_i (IC for public signals, C for the others). Rows that are the same
    /// linear combination are summed once, on the sum of their points: the S-boxes repeat one combination s in
    /// s·s and x⁴·s, so B has about half as many distinct terms, and K (where A's and B's rows meet) well under half.
    /// </summary>
    private sealed record QapTerms(MergedRows A, MergedRows B, MergedRows K)
    {
        public static QapTerms Of(R1cs r1cs, QapCoefficient[] coefs, int n)
        {
            int nVars = r1cs.NumWires;
            var a = new List<(int, int, Fr)>(); var b = new List<(int, int, Fr)>(); var k = new List<(int, int, Fr)>();
            foreach (var c in coefs)
            {
                if (c.Matrix == QapCoefficient.MatrixA) { a.Add((c.Constraint, c.Signal, c.Value)); k.Add((c.Constraint, c.Signal, c.Value)); }
                else { b.Add((c.Constraint, c.Signal, c.Value)); k.Add((n + c.Constraint, c.Signal, c.Value)); }
            }
            for (int i = 0; i < r1cs.NumConstraints; i++)
                for (int e = r1cs.C.RowStart[i]; e < r1cs.C.RowStart[i + 1]; e++)
                    k.Add((2 * n + i, r1cs.C.Columns[e], r1cs.C.Values[e]));
            return new QapTerms(MergedRows.Of(n, a, nVars), MergedRows.Of(n, b, nVars), MergedRows.Of(3 * n, k, nVars));
        }
    }

    /// <summary>
    /// A table's rows (each a linear combination of signals on one point) with identical rows merged: entry j is
    /// Σ_g (the merged rows' common coefficient of j)·(the sum of their points).
    /// </summary>
    private sealed class MergedRows
    {
        public required SignalSums.Terms Terms { get; init; }
        /// <summary>The merged row of each row, −1 for an empty one.</summary>
        public required int[] Group { get; init; }
        public required int Groups { get; init; }

        /// <param name="entries">(row, signal, value), rows in [0, rows).</param>
        public static MergedRows Of(int rows, List<(int Row, int Signal, Fr Value)> entries, int signals)
        {
            var start = new int[rows + 1];
            foreach (var e in entries) start[e.Row + 1]++;
            for (int r = 0; r < rows; r++) start[r + 1] += start[r];
            var fill = start[..rows];
            var signal = new int[entries.Count];
            var value = new Fr[entries.Count];
            foreach (var e in entries) { int t = fill[e.Row]++; signal[t] = e.Signal; value[t] = e.Value; }

            bool SameRow(int r, int q) =>
                start[r + 1] - start[r] == start[q + 1] - start[q]
                && signal.AsSpan(start[r], start[r + 1] - start[r]).SequenceEqual(signal.AsSpan(start[q], start[q + 1] - start[q]))
                && value.AsSpan(start[r], start[r + 1] - start[r]).SequenceEqual(value.AsSpan(start[q], start[q + 1] - start[q]));
            var group = new int[rows];
            var representative = new List<int>();
            var byHash = new Dictionary<int, List<int>>();
            for (int r = 0; r < rows; r++)
            {
                group[r] = -1;
                if (start[r + 1] == start[r]) continue;
                var h = new HashCode();
                for (int t = start[r]; t < start[r + 1]; t++) { h.Add(signal[t]); h.Add(value[t]); }
                int key = h.ToHashCode();
                if (!byHash.TryGetValue(key, out var candidates)) byHash[key] = candidates = [];
                foreach (int g in candidates) if (SameRow(representative[g], r)) { group[r] = g; break; }
                if (group[r] < 0) { group[r] = representative.Count; candidates.Add(representative.Count); representative.Add(r); }
            }
            var terms = new SignalSums.TermsBuilder(signals);
            for (int g = 0; g < representative.Count; g++)
                for (int t = start[representative[g]]; t < start[representative[g] + 1]; t++) terms.Add(signal[t], g, value[t]);
            return new MergedRows { Terms = terms.Build(), Group = group, Groups = representative.Count };
        }

        /// <summary>Each merged row's point: the sum of its rows' points.</summary>
        public TAff[] Points<TProj, TAff, TF>(TAff[] rowPoints)
            where TProj : struct, ICurveGroup<TProj, TAff, TF>
            where TAff : struct, IAffinePoint<TAff, TF>
            where TF : struct, IField<TF>
        {
            var sums = new TProj[Groups];
            Array.Fill(sums, TProj.Identity);
            for (int r = 0; r < Group.Length; r++) if (Group[r] >= 0) sums[Group[r]] = sums[Group[r]].AddMixed(rowPoints[r]);
            return ToAffine<TProj, TAff, TF>(sums);
        }

        public G1Jacobian[] SumG1(G1Affine[] rowPoints, int threads) =>
            SignalSums.G1(Points<G1Jacobian, G1Affine, Fp>(rowPoints), Terms, threads);

        public G2Jacobian[] SumG2(G2Affine[] rowPoints, int threads) =>
            SignalSums.G2(Points<G2Jacobian, G2Affine, Fp2>(rowPoints), Terms, threads);
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
    /// <remarks>
    /// The A, B1 and B2 tables are not recomputed but checked by random linear combinations: for random ρ_j (full
    /// width, from the CSPRNG, drawn here), Σ_j ρ_j·A_j must equal Σ_i (Σ_j ρ_j·a_ij)·L_i, an MSM over the ptau's
    /// Lagrange points. The tables' points are first checked to be in the order-r subgroup, so a table that differs
    /// anywhere passes with probability at most 1/r. The K table is recomputed: IC is compared as is, and C before any
    /// contribution is what the circuit hash covers.
    /// </remarks>
    public static IReadOnlyList<SetupTranscript.Contribution> Verify(R1cs r1cs, string ptauPath, ProvingKey key, byte[] mpc, int threads = 0, Action<string, double>? progress = null)
    {
        var transcript = ParseTranscript(mpc, "key");
        if (transcript.Contributions.Count == 0) throw new SetupVerificationException("no contributions: δ = 1 is public and anyone could forge proofs");
        using var ptau = new PtauFile(ptauPath);
        progress?.Invoke("read powers of tau", 0);
        var lagrange = LagrangePoints.Read(ptau, r1cs);
        int n = lagrange.Size, nVars = r1cs.NumWires, nPub = r1cs.NumPublic;
        Same(nVars == key.NumVars && nPub == key.NumPublic && n == key.DomainSize && key.IC.Length == nPub + 1
            && key.A.Length == nVars && key.B1.Length == nVars && key.B2.Length == nVars && key.C.Length == nVars - nPub - 1 && key.H.Length == n, "sizes");
        Same(ptau.AlphaG1 == key.Alpha1 && ptau.BetaG1 == key.Beta1 && ptau.BetaG2 == key.Beta2 && G2Affine.Generator == key.Gamma2, "alpha, beta or gamma");
        var coefs = DevSetup.Coefficients(r1cs);
        Same(coefs.AsSpan().SequenceEqual(key.Coefficients), "the QAP coefficients");

        progress?.Invoke($"{transcript.Contributions.Count} contribution(s)", 0.05);
        try { transcript.VerifyDeltaChain(key.Delta2); }
        catch (FormatException e) { throw new SetupVerificationException(e.Message); }
        if (key.Delta1 != transcript.Contributions[^1].DeltaAfter) throw new SetupVerificationException("the key's δ (G1) is not the last contribution's");

        progress?.Invoke("A, B1 and B2 tables", 0.1);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        InSubgroup(key.A, "A", options);
        InSubgroup(key.B1, "B1", options);
        InSubgroup(key.C, "C", options);
        InSubgroup(key.H, "H", options);
        var b2Outside = new int[] { -1 };
        Parallel.For(0, nVars, options, j => { if (!G2.IsInSubgroup(key.B2[j])) b2Outside[0] = j; });
        if (b2Outside[0] >= 0) throw new SetupVerificationException($"B2 entry {b2Outside[0]} is not in the order-r subgroup");
        var rho = RandomScalars(nVars);
        var sA = new Fr[n]; var sB = new Fr[n];
        foreach (var c in coefs)
        {
            if (c.Matrix == QapCoefficient.MatrixA) sA[c.Constraint] += rho[c.Signal] * c.Value;
            else sB[c.Constraint] += rho[c.Signal] * c.Value;
        }
        if (Pippenger.G1(key.A, rho, threads) != Pippenger.G1(lagrange.L1, sA, threads)) Differ("A");
        if (Pippenger.G1(key.B1, rho, threads) != Pippenger.G1(lagrange.L1, sB, threads)) Differ("B1");
        if (Pippenger.G2(key.B2, rho, threads) != Pippenger.G2(lagrange.L2, sB, threads)) Differ("B2");

        progress?.Invoke("IC and C tables", 0.3);
        var terms = QapTerms.Of(r1cs, coefs, n);
        var k = ToAffine<G1Jacobian, G1Affine, Fp>(terms.K.SumG1(lagrange.KPoints(), threads));
        Same(k.AsSpan(0, nPub + 1).SequenceEqual(key.IC), "IC");
        var initial = new ProvingKey
        {
            NumVars = nVars, NumPublic = nPub, DomainSize = n, Alpha1 = key.Alpha1, Beta1 = key.Beta1, Beta2 = key.Beta2,
            Gamma2 = G2Affine.Generator, Delta1 = G1Affine.Generator, Delta2 = G2Affine.Generator, IC = key.IC, Coefficients = coefs,
            A = key.A, B1 = key.B1, B2 = key.B2, C = k[(nPub + 1)..], H = lagrange.InitialH(),
        };
        progress?.Invoke("circuit hash", 0.7);
        if (mpc.Length < SetupTranscript.CircuitHashSize || !mpc.AsSpan(0, SetupTranscript.CircuitHashSize).SequenceEqual(CircuitHash(initial, ptau)))
            throw new SetupVerificationException("the transcript's circuit hash does not match this r1cs and ptau");

        progress?.Invoke("C and H tables", 0.8);
        // Σ ρ_i·C_i(final) paired with δ must equal Σ ρ_i·C_i(initial) paired with the generator (δ_initial = 1); same for H.
        foreach (var (init, fin, what) in new[] { (initial.C, key.C, "C"), (initial.H, key.H, "H") })
        {
            var r = RandomScalars(init.Length);
            var sumFin = Pippenger.G1(fin, r, threads).ToAffine();
            var sumInit = Pippenger.G1(init, r, threads).ToAffine();
            if (!SetupTranscript.SameRatio(sumFin, sumInit, G2Affine.Generator, key.Delta2))
                throw new SetupVerificationException($"the {what} table was not divided by the contributions' secrets");
        }
        key.Validate("verified key");
        progress?.Invoke("done", 1);
        return transcript.Contributions;
    }

    /// <summary>Independent uniform scalars from the CSPRNG: a random linear combination with them misses a difference with probability at most 1/r.</summary>
    private static Fr[] RandomScalars(int count)
    {
        var rho = new Fr[count];
        for (int i = 0; i < count; i++) rho[i] = Fr.Random();
        return rho;
    }

    /// <summary>Random linear combinations only catch differences of order r: points outside the subgroup are refused first.</summary>
    private static void InSubgroup(G1Affine[] table, string what, ParallelOptions options)
    {
        int outside = -1;
        Parallel.For(0, table.Length, options, i => { if (!G1.IsInSubgroup(table[i])) outside = i; });
        if (outside >= 0) throw new SetupVerificationException($"{what} entry {outside} is not in the order-r subgroup");
    }

    private static void Differ(string table) =>
        throw new SetupVerificationException($"the {table} table differs from what the r1cs and ptau give (random linear combination)");

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
