using Settlement.Prover.Groth16;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Interop;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Tests.Groth16;

/// <summary>Phase 2 from the committed snarkjs ptau (power 10): the initial key is snarkjs's, contributions verify.</summary>
public class Phase2Tests
{
    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void InitialKeyEqualsSnarkjsZkeyNew(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var (ours, _) = Phase2.Initialize(R1csFile.Read(fx.R1cs), Fixtures.Ptau, 2);
        var theirs = ZkeyFile.Read(fx.InitialZkey, allowInitial: true);
        Assert.Equal(theirs.DomainSize, ours.DomainSize);
        Assert.Equal(theirs.Alpha1, ours.Alpha1);
        Assert.Equal(theirs.Beta2, ours.Beta2);
        Assert.Equal(theirs.IC, ours.IC);
        Assert.Equal(theirs.A, ours.A);
        Assert.Equal(theirs.B1, ours.B1);
        Assert.Equal(theirs.B2, ours.B2);
        Assert.Equal(theirs.C, ours.C);
        Assert.Equal(theirs.H, ours.H);
        static QapCoefficient[] Sorted(QapCoefficient[] c) => [.. c.OrderBy(x => (x.Matrix, x.Constraint, x.Signal))];
        Assert.Equal(Sorted(theirs.Coefficients), Sorted(ours.Coefficients));
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void CircuitHashEqualsSnarkjs(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var (_, ours) = Phase2.Initialize(R1csFile.Read(fx.R1cs), Fixtures.Ptau, 2);
        var theirs = ZkeyFile.ReadMpcSection(fx.InitialZkey);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours));
    }

    [Theory]
    [MemberData(nameof(Fixtures.CircuitCases), MemberType = typeof(Fixtures))]
    public void SnarkjsBeaconCeremonyVerifies(string circuit)
    {
        var fx = Fixtures.Get(circuit);
        var list = Phase2.Verify(R1csFile.Read(fx.R1cs), Fixtures.Ptau, ZkeyFile.Read(fx.Zkey), ZkeyFile.ReadMpcSection(fx.Zkey), 2);
        var beacon = Assert.Single(list);
        Assert.Equal("settlement fixtures zkey beacon", beacon.Name);
        Assert.Equal(10, beacon.Beacon!.IterationsExponent);
        Assert.Equal("34ae84211d0357dcdc55fd986f917528fd8a119eb8a1bbf415f7dd0e4139e90f", Convert.ToHexStringLower(beacon.Beacon.Hash));
    }

    [Fact]
    public void ContributionsVerifyAndTheKeyProves()
    {
        var fx = Fixtures.Get("poly");
        var r1cs = R1csFile.Read(fx.R1cs);
        var (k0, m0) = Phase2.Initialize(r1cs, Fixtures.Ptau, 2);
        Assert.Throws<InvalidKeyException>(() => k0.Validate("initial"));
        Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, k0, m0, 2));
        var (k1, m1) = Phase2.Contribute(k0, m0, "alice");
        var (k2, m2) = Phase2.Contribute(k1, m1, "bob", "dice rolls 3 1 4 1 5");
        var list = Phase2.Verify(r1cs, Fixtures.Ptau, k2, m2, 2);
        Assert.Equal(["alice", "bob"], list.Select(c => c.Name));

        var w = WtnsFile.Read(fx.Witness);
        var proof = new Groth16Prover(k2).Prove(w, 2);
        Assert.True(Groth16Verifier.Verify(new PreparedVerifyingKey(k2.VerifyingKey), proof, w.AsSpan(1, k2.NumPublic)));

        // The file format carries the transcript.
        using var tmp = new TempDirectory();
        var path = Path.Combine(tmp.Path, "k2.key");
        NativeKeyFile.Write(path, k2, m2);
        Assert.Equal(m2, NativeKeyFile.ReadMpcSection(path));
        Assert.Equal(k2.H, NativeKeyFile.Read(path).H);
    }

    [Fact]
    public void TamperedKeysAndTranscriptsAreRejected()
    {
        var fx = Fixtures.Get("multiplier");
        var r1cs = R1csFile.Read(fx.R1cs);
        var (k0, m0) = Phase2.Initialize(r1cs, Fixtures.Ptau, 2);
        var (k1, m1) = Phase2.Contribute(k0, m0, "alice");

        ProvingKey With(G1Affine[]? c = null, G1Affine[]? h = null, G1Affine? d1 = null, G2Affine? d2 = null) => new()
        {
            NumVars = k1.NumVars, NumPublic = k1.NumPublic, DomainSize = k1.DomainSize, Alpha1 = k1.Alpha1, Beta1 = k1.Beta1, Beta2 = k1.Beta2,
            Gamma2 = k1.Gamma2, Delta1 = d1 ?? k1.Delta1, Delta2 = d2 ?? k1.Delta2, IC = k1.IC, Coefficients = k1.Coefficients,
            A = k1.A, B1 = k1.B1, B2 = k1.B2, C = c ?? k1.C, H = h ?? k1.H,
        };
        var h = (G1Affine[])k1.H.Clone();
        h[1] = (h[1].ToJacobian() + G1Jacobian.Generator).ToAffine();
        var e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, With(h: h), m1, 2));
        Assert.Contains("H table", e.Message);

        // A key whose δ moved without a matching contribution record.
        var (k2, _) = Phase2.Contribute(k1, m1, "mallory");
        e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, k2, m1, 2));
        Assert.Contains("δ", e.Message);

        // A transcript whose proof of knowledge is broken (g1_sx replaced).
        var bad = (byte[])m1.Clone();
        var g = new byte[96];
        CurveIo.WriteG1(g, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine());
        g.CopyTo(bad, 68 + 192);
        e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, k1, bad, 2));
        Assert.Contains("contribution 1", e.Message);
    }
    /// <summary>One entry of one table changed (by adding the generator, so it stays in the subgroup): refused, naming the table.</summary>
    [Theory]
    [InlineData("A", "the A table differs")]
    [InlineData("B1", "the B1 table differs")]
    [InlineData("B2", "the B2 table differs")]
    [InlineData("IC", "IC differ")]
    [InlineData("C", "the C table was not divided")]
    [InlineData("H", "the H table was not divided")]
    public void A_key_with_one_table_entry_changed_is_refused(string table, string reason)
    {
        var fx = Fixtures.Get("poly");
        var r1cs = R1csFile.Read(fx.R1cs);
        var (k0, m0) = Phase2.Initialize(r1cs, Fixtures.Ptau, 2);
        var (k1, m1) = Phase2.Contribute(k0, m0, "alice");
        Assert.Single(Phase2.Verify(r1cs, Fixtures.Ptau, k1, m1, 2));

        static G1Affine[] Moved(G1Affine[] t, int i) { var c = (G1Affine[])t.Clone(); c[i] = (c[i].ToJacobian() + G1Jacobian.Generator).ToAffine(); return c; }
        int last = k1.NumVars - 1; // a private signal's entry
        var key = With(k1, table switch
        {
            "A" => new Tables(A: Moved(k1.A, last)),
            "B1" => new Tables(B1: Moved(k1.B1, last)),
            "B2" => new Tables(B2: B2Moved(k1.B2, last)),
            "IC" => new Tables(IC: Moved(k1.IC, 0)),
            "C" => new Tables(C: Moved(k1.C, 0)),
            _ => new Tables(H: Moved(k1.H, 3)),
        });
        var e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, key, m1, 2));
        Assert.Contains(reason, e.Message);

        static G2Affine[] B2Moved(G2Affine[] t, int i) { var c = (G2Affine[])t.Clone(); c[i] = (c[i].ToJacobian() + G2Jacobian.Generator).ToAffine(); return c; }
    }

    /// <summary>Random linear combinations only see differences of order r, so table points outside the subgroup are refused before them.</summary>
    [Theory]
    [InlineData("A")]
    [InlineData("B1")]
    [InlineData("B2")]
    [InlineData("C")]
    [InlineData("H")]
    public void A_table_point_outside_the_subgroup_is_refused(string table)
    {
        var fx = Fixtures.Get("multiplier");
        var r1cs = R1csFile.Read(fx.R1cs);
        var (k0, m0) = Phase2.Initialize(r1cs, Fixtures.Ptau, 2);
        var (k1, m1) = Phase2.Contribute(k0, m0, "alice");
        var rng = new Random(7);
        G1Affine g1;
        do g1 = OnCurve(rng); while (G1.IsInSubgroup(g1));
        G2Affine g2;
        do g2 = OnCurveG2(rng); while (G2.IsInSubgroup(g2));
        static G1Affine[] Set(G1Affine[] t, G1Affine p) { var c = (G1Affine[])t.Clone(); c[^1] = p; return c; }
        var key = With(k1, table switch
        {
            "A" => new Tables(A: Set(k1.A, g1)),
            "B1" => new Tables(B1: Set(k1.B1, g1)),
            "B2" => new Tables(B2: [.. k1.B2[..^1], g2]),
            "C" => new Tables(C: Set(k1.C, g1)),
            _ => new Tables(H: Set(k1.H, g1)),
        });
        var e = Assert.Throws<SetupVerificationException>(() => Phase2.Verify(r1cs, Fixtures.Ptau, key, m1, 2));
        Assert.Contains($"{table} entry", e.Message);
        Assert.Contains("not in the order-r subgroup", e.Message);

        static G1Affine OnCurve(Random rng)
        {
            while (true)
            {
                var x = Fp.Random(rng);
                if ((x.Square() * x + G1.B).TrySqrt(out var y)) return G1Affine.FromCoordinatesUnchecked(x, y);
            }
        }
        static G2Affine OnCurveG2(Random rng)
        {
            while (true)
            {
                var x = new Fp2(Fp.Random(rng), Fp.Random(rng));
                if ((x.Square() * x + G2.B).TrySqrt(out var y)) return G2Affine.FromCoordinatesUnchecked(x, y);
            }
        }
    }

    private sealed record Tables(G1Affine[]? A = null, G1Affine[]? B1 = null, G2Affine[]? B2 = null, G1Affine[]? IC = null, G1Affine[]? C = null, G1Affine[]? H = null);

    private static ProvingKey With(ProvingKey k, Tables t) => new()
    {
        NumVars = k.NumVars, NumPublic = k.NumPublic, DomainSize = k.DomainSize, Alpha1 = k.Alpha1, Beta1 = k.Beta1, Beta2 = k.Beta2,
        Gamma2 = k.Gamma2, Delta1 = k.Delta1, Delta2 = k.Delta2, IC = t.IC ?? k.IC, Coefficients = k.Coefficients,
        A = t.A ?? k.A, B1 = t.B1 ?? k.B1, B2 = t.B2 ?? k.B2, C = t.C ?? k.C, H = t.H ?? k.H,
    };
}
