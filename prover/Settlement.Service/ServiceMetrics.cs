using System.Diagnostics.Metrics;
using Settlement.Prover.Store;

namespace Settlement.Service;

/// <summary>
/// The service's instruments (meter <see cref="MeterName"/>), exported at /metrics: queue depth and failed jobs (from
/// the store, so every silo reports the cluster's queue), proofs in flight on this silo, and proof seconds.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    public const string MeterName = "Settlement.Service";
    private readonly Meter _meter;
    private readonly UpDownCounter<int> _inFlight;
    private readonly Histogram<double> _proofSeconds;
    private readonly Counter<long> _published;

    public ServiceMetrics(IMeterFactory factory, ProverNode node)
    {
        _meter = factory.Create(MeterName);
        _meter.CreateObservableGauge("settlement_queue_depth", () => node.Store.JobCounts()[JobStatus.Queued], "{job}", "proof jobs waiting for a prover");
        _meter.CreateObservableGauge("settlement_failed_jobs", () => node.Store.JobCounts()[JobStatus.Failed], "{job}", "proof jobs failed for good");
        _inFlight = _meter.CreateUpDownCounter<int>("settlement_proofs_in_flight", "{proof}", "proofs running on this silo");
        _proofSeconds = _meter.CreateHistogram<double>("settlement_proof_seconds", "s", "time to prove one batch (solve, prove, verify)");
        _published = _meter.CreateCounter<long>("settlement_bundles_published", "{bundle}", "bundles published by this silo");
    }

    public void ProofStarted() => _inFlight.Add(1);
    public void ProofEnded(TimeSpan? elapsed)
    {
        _inFlight.Add(-1);
        if (elapsed is { } e) _proofSeconds.Record(e.TotalSeconds);
    }
    public void Published() => _published.Add(1);

    public void Dispose() => _meter.Dispose();
}
