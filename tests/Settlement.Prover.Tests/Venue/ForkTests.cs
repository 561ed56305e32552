using Settlement.Verifier.Config;
using System.Diagnostics;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Tests.Store;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Tests.Venue;

/// <summary>
/// Issue 12 §1, the fork: one batch applied twice from the same state with only the tick time T changed gives two
/// statements with different new roots. Venues sign the batch digest, so the signed material of one does not carry the
/// other; and acceptance on one root store is serialised across processes. Batches come from the real engine on the
/// sample deployment; proofs from <see cref="StatementProver"/>.
/// </summary>
public class ForkTests
{
    internal sealed class Fixture
    {
        public readonly Deployment Deployment;
        public readonly SettlementConfig Config;
        public readonly DevSigner Signer;
        public readonly VenueTrust Trust;
        private readonly StatementProver _prover = new();
        private readonly PriceTick _tick;

        public Fixture()
        {
            Deployment = SampleDeployment.Init(Directory.CreateTempSubdirectory("settle-fork-").FullName, new SampleDeployment.Sizes(4, 2, 2));
            Config = Deployment.LoadConfig();
            Signer = new DevSigner(Commitments.ConfigHash(Config), Deployment.LoadDevKeys());
            _tick = Signer.Tick(1_000_000, Enumerable.Range(0, 3).SelectMany(j => new[] { (0, j, 100_000_000L), (1, j, 300_000_000_000L) }));
            // The venue's trust as `settle verify` builds it, with this fixture's verifying key (also for the host process).
            File.WriteAllText(Deployment.VerifyingKeyPath, SnarkJsJson.WriteVerifyingKey(_prover.VerifyingKey));
            using var svc = new SettlementService(Deployment);
            Trust = svc.Trust;
        }

        /// <summary>Batch 0 from genesis: the signed tick at time <paramref name="tickTime"/> (the same signed reports whatever T), a risk update, a deposit.</summary>
        public (IReadOnlyList<Operation> Ops, BatchResult Result) Apply(long tickTime)
        {
            var ops = new List<Operation>
            {
                _tick with { Time = tickTime },
                Signer.Risk(1, [0, 3_377_000], [new(300_000_000_000, 100_000_000, 0), new(15_000_000_000, 50_000_000, 1_000_000_000)], 2),
                new Deposit(0, 1, 0, 0, 1_000_000, 0, Fr.FromUInt64(1001)),
            };
            return (ops, new SettlementEngine(Config, new BlsReportAuthenticator(Config), new SettlementState(Config)).Apply(ops));
        }

        public SettlementBundle Bundle(IReadOnlyList<Operation> ops, BatchResult result, byte[][] venueSignatures) =>
            SettlementService.Bundle(Config, ops, result, _prover.Prove(result.Statement), venueSignatures);
    }

    private static readonly Lazy<Fixture> Shared = new(() => new Fixture());

    [Fact]
    public void A_batch_reproved_with_another_tick_time_is_refused()
    {
        var f = Shared.Value;
        var (opsA, a) = f.Apply(1_000_000);
        var (opsB, b) = f.Apply(1_000_050);
        // The fork: same batch, same old root, same ops commitments (all a version-1 venue signed), different new roots.
        Assert.Equal((a.Statement.BatchIndex, a.Statement.OldRoot), (b.Statement.BatchIndex, b.Statement.OldRoot));
        Assert.Equal(a.Statement.OpsCommitments, b.Statement.OpsCommitments);
        Assert.NotEqual(a.Statement.NewRoot, b.Statement.NewRoot);
        Assert.NotEqual(a.Statement.BatchDigest(), b.Statement.BatchDigest());

        // The venues sign the first digest once; the prover reuses every signature it holds for the second.
        var signed = f.Signer.VenueSignatures(a.Statement);
        var bundleA = f.Bundle(opsA, a, signed);
        var bundleB = f.Bundle(opsB, b, signed);
        var venue0 = new VenueVerifier(f.Trust, 0, new MemoryRootStore());
        var venue1 = new VenueVerifier(f.Trust, 1, new MemoryRootStore());
        Assert.True(venue0.Accept(bundleA).Accepted);
        var refused = venue1.Accept(bundleB);
        Assert.Equal(VenueError.VenueSignatureInvalid, refused.Reason);
        Assert.Contains("batch digest", refused.Message);
        Assert.Equal(f.Trust.GenesisRoot, venue1.LastAcceptedRoot);

        // Only the venues' signatures stop it: signed over its own digest, the second bundle passes every check.
        var resigned = bundleB with { VenueSignatures = f.Signer.VenueSignatures(b.Statement) };
        Assert.True(new VenueVerifier(f.Trust, 1, new MemoryRootStore()).Check(resigned).Accepted);
    }

    /// <summary>Starts <see cref="CrashHost"/> in venue-accept mode; it says "ready" once warmed up, then waits for <paramref name="go"/>.</summary>
    private static Process StartAccept(Fixture f, string store, string bundle, string go)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", typeof(CrashHost).Assembly.Location, "venue-accept", f.Deployment.Root, "1", store, bundle, go }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Two processes accept <paramref name="first"/> and <paramref name="second"/> on one store file at the same moment.</summary>
    private static (int Exit, string Output)[] Race(Fixture f, SettlementBundle first, SettlementBundle second)
    {
        var dir = Directory.CreateTempSubdirectory("settle-race-").FullName;
        var store = Path.Combine(dir, "venue-1.root");
        var go = Path.Combine(dir, "go");
        var files = new[] { first, second }.Select((b, i) => { var p = Path.Combine(dir, $"bundle-{i}.stlb"); File.WriteAllBytes(p, b.ToBytes()); return p; }).ToArray();
        var hosts = files.Select(p => StartAccept(f, store, p, go)).ToArray();
        foreach (var h in hosts)
            if (h.StandardOutput.ReadLine() != "ready") Assert.Fail($"the host did not get ready: {h.StandardError.ReadToEnd()}");
        File.WriteAllText(go, "");
        return [.. hosts.Select(h =>
        {
            var output = h.StandardOutput.ReadToEnd() + h.StandardError.ReadToEnd();
            h.WaitForExit();
            return (h.ExitCode, output.Trim());
        })];
    }

    [Fact]
    public void Two_processes_racing_to_accept_on_one_root_store_yield_one_acceptance()
    {
        var f = Shared.Value;
        var (opsA, a) = f.Apply(1_000_000);
        var (opsB, b) = f.Apply(1_000_050);
        var bundleA = f.Bundle(opsA, a, f.Signer.VenueSignatures(a.Statement));
        // The dev keys play every venue, so here they equivocate: both bundles carry valid signatures.
        var bundleB = f.Bundle(opsB, b, f.Signer.VenueSignatures(b.Statement));

        // The same bundle twice: one acceptance (one execution of the outputs), one replay refused.
        var same = Race(f, bundleA, bundleA);
        Assert.Equal([0, 1], same.Select(r => r.Exit).Order());
        Assert.Contains(nameof(VenueError.UnexpectedOldRoot), same.Single(r => r.Exit == 1).Output);

        // Two bundles of the fork: one accepted, the other seen as equivocation, its evidence kept in the store.
        var fork = Race(f, bundleA, bundleB);
        Assert.Equal([0, 1], fork.Select(r => r.Exit).Order());
        Assert.Contains(nameof(VenueError.Equivocation), fork.Single(r => r.Exit == 1).Output);
    }
}
