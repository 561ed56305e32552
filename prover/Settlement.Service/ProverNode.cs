using Settlement.Prover.Service;
using Settlement.Prover.Store;
using Settlement.Verifier.Bls;

namespace Settlement.Service;

/// <summary>
/// What one silo holds for the service: the deployment's <see cref="SettlementService"/> (circuit, keys, loaded once)
/// and the store. Grains and the proving worker reach the deployment only through it.
/// </summary>
public sealed class ProverNode : IDisposable
{
    public SettlementService Settlement { get; }
    public IServiceStore Store => Settlement.Store;
    public ServiceOptions Options { get; }
    /// <summary>The venues' registered keys, decoded once (submissions and proposal signatures are checked against them).</summary>
    public IReadOnlyList<PublicKey> VenueKeys { get; }
    /// <summary>Pulsed when this silo sequences a batch: its idle provers claim the new job without waiting for their poll.</summary>
    public Wake JobQueued { get; } = new();
    /// <summary>Pulsed when this silo publishes a bundle: its bundle streams send it without waiting for their poll.</summary>
    public Wake BundlePublished { get; } = new();

    public ProverNode(ServiceOptions options, IServiceStore? store = null)
    {
        Options = options;
        var deployment = new Deployment(options.DataDir);
        if (!deployment.IsInitialized) throw new DeploymentException($"{deployment.ConfigPath} is missing: run 'settle init --data {options.DataDir}' first");
        if (!deployment.HasKeys) throw new DeploymentException($"{deployment.ProvingKeyPath} is missing: run 'settle setup --data {options.DataDir}' first");
        Settlement = new SettlementService(deployment, store);
        Settlement.Warm();
        VenueKeys = [.. Settlement.Config.Venues.Select(v => PublicKey.FromBytes(v.PublicKey))];
    }

    public void Dispose() => Settlement.Dispose();
}
