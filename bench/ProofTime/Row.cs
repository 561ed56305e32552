namespace Settlement.Bench.ProofTime;

/// <summary>
/// One measured configuration. Times in seconds, sizes in bytes; null = not measured (see <see cref="Note"/>).
/// <see cref="BatchOps"/> is set for the settlement transition circuit (account-op slots per batch).
/// </summary>
public sealed record Row(
    string Workload, int? BatchOps, long Constraints, long Wires, int Domain,
    Spread? Compile, Spread? Setup, Spread? Witness, Spread? Prove, Spread? Fft, Spread? FftWait, Spread? Msm, Spread? Rest,
    Spread? Verify, long? ProvingKeyBytes, Spread? PeakBytes, double LoadBefore, double LoadAfter, string Note)
{
    /// <summary>Account ops proved per second per core (batch rows with a prove time).</summary>
    public double? OpsPerSecondPerCore(int cores) =>
        BatchOps is int n && Prove is { } p ? n / (p.Median * cores) : null;

    /// <summary>What a proof adds to a venue's settlement lag: witness generation + proving + verification (medians).</summary>
    public double? Latency => Prove is { } p ? (Witness?.Median ?? 0) + p.Median + (Verify?.Median ?? 0) : null;
}
