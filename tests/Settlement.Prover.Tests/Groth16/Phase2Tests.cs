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
}
