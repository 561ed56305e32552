using Settlement.Verifier.Groth16;
using Settlement.Circuits.Formats;
using Settlement.Prover.Groth16;
using Settlement.Prover.Service;
using Settlement.Prover.Snarkjs;
using Settlement.Prover.Tests.Groth16;
using Settlement.Prover.Tests.Interop;
using Settlement.Prover.Tests.Store;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Venue;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Service;

/// <summary>
/// The transition circuit's phase-2 ceremony on a small deployment: export the circuit, start from a ptau, two
/// contributions, install (which checks the whole transcript), prove a batch with the ceremony key, and every venue
/// accepts the bundle. Keys without contributions, development keys and keys for another circuit are not installed.
/// </summary>
public class CeremonyTests(ITestOutputHelper output)
{
    [Fact]
    public void Ceremony_then_install_then_prove_then_every_venue_accepts()
    {
        var d = SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-ceremony-").FullName, new SampleDeployment.Sizes(2, 1, 1));
        var work = Directory.CreateTempSubdirectory("settle-ceremony-files-").FullName;
        string final = "";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        void Stage(string what)
        {
            var now = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            output.WriteLine($"{clock.Elapsed.TotalSeconds,6:F1} s wall {(now - cpu).TotalSeconds,6:F1} s CPU  {what}");
            clock.Restart(); cpu = now;
        }
        try
        {
            using (var svc = new SettlementService(d))
            {
                // The exported .r1cs is the circuit the deployment proves with.
                var r1csPath = Path.Combine(work, "transition.r1cs");
                var size = TransitionCeremony.ExportR1cs(svc, r1csPath);
                var exported = CircomR1cs.Read(File.ReadAllBytes(r1csPath));
                var compiled = svc.Circuit(out _).R1cs;
                Assert.Equal((compiled.NumConstraints, compiled.NumWires, compiled.NumPublic), (exported.NumConstraints, exported.NumWires, exported.NumPublic));
                Assert.Equal(size.Constraints, compiled.NumConstraints);
                Stage("compile and export");
                output.WriteLine($"transition circuit: {size.Constraints} constraints, {size.Wires} wires, ptau power {size.PtauPower}");

                var rng = new Random(2026);
                var ptau = Path.Combine(work, "pot.ptau");
                KnownTauPtau.Write(ptau, size.PtauPower, Fr.Random(rng), Fr.Random(rng), Fr.Random(rng));
                Stage("write the test ptau");

                var start = Path.Combine(work, "c0.pk");
                TransitionCeremony.Begin(svc, ptau, start);
                Stage("starting key (phase-2 initialisation)");
                var none = Assert.Throws<SetupVerificationException>(() => TransitionCeremony.Install(svc, ptau, start));
                Assert.Contains("no contributions", none.Message);
                Assert.False(d.HasKeys);

                final = Contribute(Contribute(start, "alice"), "bob");
                Stage("two contributions");
                var record = TransitionCeremony.Install(svc, ptau, final);
                Stage("install (transcript verification)");
                Assert.True(record.IsCeremony);
                Assert.Equal(["alice", "bob"], record.Contributors);
                var stored = KeyProvenanceFile.Read(d);
                Assert.Equal((record.Kind, record.PtauSha256, record.KeySha256), (stored.Kind, stored.PtauSha256, stored.KeySha256));
                Assert.Equal(["alice", "bob"], stored.Contributors);
            }

            using (var svc = new SettlementService(d))
            {
                var (ops, _, _, _) = CrashHost.Apply(d, svc.Store, 0);
                var proof = svc.Prove(ops);
                Stage("prove batch 0");
                var bytes = proof.Bundle.ToBytes();
                for (int v = 0; v < svc.Config.V; v++)
                {
                    var verdict = svc.Verify(bytes, v).Verdict;
                    Assert.True(verdict.Accepted, $"venue {v}: {verdict.Message}");
                }
                // A venue that requires a ceremony key, from the deployment's public files alone.
                var trust = VenueTrust.Load(File.ReadAllText(d.ConfigPath), svc.VerifyingKey, svc.ConfigHash, File.ReadAllText(KeyProvenanceFile.PathIn(d)));
                Assert.Equal(["alice", "bob"], trust.Ceremony!.Contributions.Select(c => c.Name));
                Assert.True(new VenueVerifier(trust, 0, new MemoryRootStore()).Accept(bytes).Accepted);
                // With settled batches, a new key is not installed without force.
                Assert.Throws<DeploymentException>(() => TransitionCeremony.Install(svc, Path.Combine(work, "pot.ptau"), final));
            }
        }
        finally
        {
            Directory.Delete(d.Root, true);
            Directory.Delete(work, true);
        }

        string Contribute(string input, string name)
        {
            // Contributors' own reads are not what is under test: Install checks the final key's tables.
            var pk = NativeKeyFile.Read(input, checkTables: false, allowInitial: true);
            var (next, mpc) = Phase2.Contribute(pk, NativeKeyFile.ReadMpcSection(input), name);
            var outPath = Path.Combine(work, $"{name}.pk");
            NativeKeyFile.Write(outPath, next, mpc);
            return outPath;
        }
    }

    [Fact]
    public void A_development_key_or_a_key_for_another_circuit_is_not_installed()
    {
        var d = SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-ceremony-").FullName, new SampleDeployment.Sizes(2, 1, 1));
        var work = Directory.CreateTempSubdirectory("settle-ceremony-files-").FullName;
        try
        {
            using var svc = new SettlementService(d);
            var multiplier = R1csFile.Read(Fixtures.Get("multiplier").R1cs);
            var (k0, m0) = Phase2.Initialize(multiplier, Fixtures.Ptau, 2);
            var (k1, m1) = Phase2.Contribute(k0, m0, "mallory");
            var other = Path.Combine(work, "multiplier.pk");
            NativeKeyFile.Write(other, k1, m1);
            var e = Assert.Throws<SetupVerificationException>(() => TransitionCeremony.Install(svc, Fixtures.Ptau, other));
            Assert.Contains("transition circuit has", e.Message);

            var dev = Path.Combine(work, "dev.pk");
            NativeKeyFile.Write(dev, DevSetup.Create(multiplier, 2));
            e = Assert.Throws<SetupVerificationException>(() => TransitionCeremony.Install(svc, Fixtures.Ptau, dev));
            Assert.Contains("INSECURE", e.Message);
            Assert.False(d.HasKeys);
            Assert.False(KeyProvenanceFile.Read(d).IsCeremony);
        }
        finally
        {
            Directory.Delete(d.Root, true);
            Directory.Delete(work, true);
        }
    }
}
