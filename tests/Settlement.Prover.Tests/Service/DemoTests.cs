using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Verifier.Venue;
using Xunit.Abstractions;

namespace Settlement.Prover.Tests.Service;

/// <summary>
/// The README's demo, reduced to three proofs (batches 1, 2 and the withdrawal) plus the engine's refusal, in process, on a
/// smaller deployment than `settle demo`'s: real BLS signatures, a real dev setup and real Groth16 proofs, each bundle
/// checked by every venue's verifier.
/// </summary>
public class DemoTests(ITestOutputHelper output)
{
    private sealed class Recorder(ITestOutputHelper output) : IDemoObserver
    {
        public List<string> Events { get; } = [];
        public void Info(string text) => output.WriteLine(text);
        public void Begin(string title, IReadOnlyList<string> operations) { Events.Add("begin " + title); output.WriteLine(title); }
        public T Stage<T>(string title, Func<Action<string, double>, T> run)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Events.Add("stage " + title);
            var r = run((_, _) => { });
            output.WriteLine($"{title}: {sw.Elapsed.TotalSeconds:F1} s");
            return r;
        }
        public void Step(DemoStep step)
        {
            Events.Add("step " + step.Title);
            output.WriteLine($"{step.Title}: {step.Rejection ?? string.Join(", ", step.Verdicts.Select(v => $"venue {v.Venue} {(v.Verdict.Accepted ? "accepted" : v.Verdict.Reason.ToString())}"))}");
            foreach (var n in step.Notes) output.WriteLine("  " + n);
        }
    }

    [Fact]
    public void Every_venue_accepts_the_honest_bundles_and_rejects_the_forged_one()
    {
        var dir = Directory.CreateTempSubdirectory("settle-demo-test-").FullName;
        var recorder = new Recorder(output);
        // The reduced demo touches accounts 1 to 3 with at most two account ops per batch and one position each: a depth-2
        // tree and two position slots hold it, and the dev setup and proofs are of a smaller circuit than `settle demo`'s.
        var report = new DemoRunner(dir, recorder).Run(new SampleDeployment.Sizes(TreeDepth: 2, MaxOps: 2, MaxPositions: 2), reduced: true);

        var honest = report.Steps.Where(s => s.Rejection is null && !s.Forged).ToList();
        Assert.Equal(3, honest.Count);
        foreach (var s in honest)
        {
            Assert.Equal(3, s.Verdicts.Count);
            Assert.All(s.Verdicts, v => Assert.True(v.Verdict.Accepted, $"{s.Title}: venue {v.Venue}: {v.Verdict.Message}"));
        }
        Assert.Equal([0L, 1L, 2L], honest.Select(s => s.Proof!.BatchIndex));

        var forged = Assert.Single(report.Steps, s => s.Forged);
        Assert.Equal(3, forged.Verdicts.Count);
        Assert.All(forged.Verdicts, v => Assert.Equal(VenueError.ProofInvalid, v.Verdict.Reason));

        var refused = Assert.Single(report.Steps, s => s.Rejection is not null);
        Assert.Contains(nameof(RejectReason.HaltedNotRiskReducing), refused.Rejection);
        Assert.True(report.AllAsExpected);

        // Output order: each step's heading before its proving stage; the honest withdrawal before its forged copy
        // in the report, the forgery's verdicts (checked first) right after the withdrawal's proof.
        var withdrawal = honest[^1].Title;
        Assert.Equal(report.Steps.ToList().IndexOf(honest[^1]) + 1, report.Steps.ToList().IndexOf(forged));
        var e = recorder.Events;
        foreach (var s in report.Steps.Where(s => !s.Forged))
            Assert.Equal("stage proving batch", e[e.IndexOf("begin " + s.Title) + 1][..19]);
        Assert.Equal(["1", "2", "5a", "7", "7 forged"], report.Steps.Select(s => s.Short)); // summary-table labels
        Assert.Equal(["begin " + withdrawal, "stage proving batch 2", "step " + forged.Title, "step " + withdrawal], e[^4..]);

        // The store holds the three batches; re-submitting a stored batch file returns the stored bundle.
        using var svc = new SettlementService(new Deployment(dir));
        Assert.Equal(3, svc.Store.BatchCount);
        var again = svc.Prove(Path.Combine(dir, "batches", "batch-0.json"));
        Assert.True(again.AlreadyStored);
        Assert.Equal(honest[0].Proof!.Bundle.ToBytes(), again.Bundle.ToBytes());

        // Alice's exit claim opens the root every venue accepted last.
        var (_, exit) = svc.ExitClaim(1, 2);
        Assert.True(exit.Valid, exit.Message);
        Directory.Delete(dir, true);
    }
}
