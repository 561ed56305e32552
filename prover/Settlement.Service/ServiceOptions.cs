namespace Settlement.Service;

/// <summary>What a silo of the prover service runs (docs/service.md). Defaults suit the embedded single-machine service.</summary>
public sealed class ServiceOptions
{
    /// <summary>The deployment folder (config.json, keys/, state.db).</summary>
    public string DataDir { get; set; } = ".";

    /// <summary>The HTTP API's address; loopback unless configured otherwise.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// A <see cref="ServiceRole.Worker"/> silo's own HTTP endpoint, serving only <c>/metrics</c> (its proofs in flight and
    /// proof seconds, in the main silo's format); null: none.
    /// </summary>
    public string? MetricsUrls { get; set; }

    /// <summary>Proof jobs proved at once on this silo (0: none, a silo that only sequences and serves). Each uses all its threads.</summary>
    public int Provers { get; set; } = 1;

    /// <summary>Prover threads per proof (0: all cores).</summary>
    public int Threads { get; set; }

    /// <summary>How long a claimed job stays with its prover without a heartbeat.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a prover renews its lease (well under <see cref="Lease"/>).</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per job before it is marked failed (a lease that expires counts as one).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often an idle prover looks for a job, and the publisher for a proven batch.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The streaming flow's batch window: the sequencer cuts a batch from pending submissions once they hold the
    /// deployment's MaxOps ops, or once the oldest has waited this long, whichever comes first.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a proposal may wait for its signatures. One that no venue has signed and some venue has not approved by
    /// then is abandoned: the submissions of the venues that did not approve it are rejected, the others proposed
    /// again. One that some venue signed is never abandoned (that venue is bound to its digest, docs/spec.md §6), nor
    /// one every venue approved (they are signing it); each is reported every period.
    /// </summary>
    public TimeSpan ProposalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body accepted (a batch file); larger ones get 413.</summary>
    public long MaxBodyBytes { get; set; } = 1 << 20;

    /// <summary>Orleans silo-to-silo and gateway ports on 127.0.0.1 for the embedded localhost cluster.</summary>
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Cluster id: silos with the same id (and clustering) form one service.</summary>
    public string ClusterId { get; set; } = "settlement";

    /// <summary>
    /// A PostgreSQL connection string: one Orleans cluster over several machines (ADO.NET clustering and reminders) with
    /// the settlement store on the same database. Null: the embedded single-machine service.
    /// </summary>
    public string? Cluster { get; set; }

    /// <summary>What this silo does; <see cref="ServiceRole.Worker"/> needs <see cref="Cluster"/>.</summary>
    public ServiceRole Role { get; set; } = ServiceRole.Full;

    /// <summary>
    /// The address this silo gives the other silos of a <see cref="Cluster"/> (it listens on every interface). Null:
    /// this host's address as Orleans finds it.
    /// </summary>
    public System.Net.IPAddress? Address { get; set; }
}

/// <summary>What a silo of the service runs.</summary>
public enum ServiceRole
{
    /// <summary>The HTTP API, and it may host the sequencer and the publisher; proves when <see cref="ServiceOptions.Provers"/> &gt; 0.</summary>
    Full,
    /// <summary>Provers only: no HTTP API, never the sequencer or the publisher.</summary>
    Worker,
}
