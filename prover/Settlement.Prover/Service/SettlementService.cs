using System.Diagnostics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Transition;
using Settlement.Prover.Witness;
using Settlement.Prover.Engine;
using Settlement.Prover.Groth16;
using Settlement.Prover.Store;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Service;

public sealed record SetupResult(int Constraints, int Wires, int DomainSize, TimeSpan Compile, TimeSpan Setup);

/// <summary>What <see cref="SettlementService.Prove"/> did: the bundle, where it was written, and the time of each step.</summary>
public sealed record ProveResult(long BatchIndex, SettlementBundle Bundle, BatchResult? Engine, bool AlreadyStored, string BundlePath,
    TimeSpan Apply, TimeSpan Witness, TimeSpan Prove, TimeSpan Total);

public sealed record VerifyResult(int Venue, VenueVerdict Verdict, TimeSpan Elapsed);

/// <summary>
/// The prover service over one <see cref="Deployment"/>: dev setup of the transition circuit, proving a batch file into a
/// bundle committed to the store, checking a bundle as a venue would, and exit claims. Every step reads its inputs from
/// the deployment directory, so each CLI command is one call here.
/// </summary>
public sealed class SettlementService : IDisposable
{
    public Deployment Deployment { get; }
    public SettlementConfig Config { get; }
    public Fr ConfigHash { get; }
    private TransitionShape? _shape;
    private CompiledCircuit? _compiled;
    private ProvingKey? _pk;
    private VerifyingKey? _vk;
    private IServiceStore? _store;

    /// <param name="store">The store to use (a PostgreSQL one for several machines); the deployment's SQLite file by default. Disposed with the service.</param>
    public SettlementService(Deployment deployment, IServiceStore? store = null)
    {
        Deployment = deployment;
        _store = store;
        Config = deployment.LoadConfig();
        ConfigHash = Commitments.ConfigHash(Config);
    }

    public TransitionShape Shape => _shape ??= CircuitShapes.From(Config);
    /// <summary>The deployment's store: the one given to the constructor, else the SQLite file state.db.</summary>
    public IServiceStore Store => _store ??= new SqliteSettlementStore(Deployment.StorePath);
    public Fr GenesisRoot => new SettlementState(Config).Root;

    /// <summary>The compiled transition circuit for the configured sizes (compiled once per process).</summary>
    public CompiledCircuit Circuit(out TimeSpan elapsed)
    {
        var sw = Stopwatch.StartNew();
        if (_compiled is null)
        {
            _compiled = new TransitionCircuit(Shape).Compile();
            // Compiling leaves about as much garbage as the circuit it keeps; a prover is sized by its peak, and without
            // this the key and the proof's buffers are allocated before the collector returns that memory.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        elapsed = sw.Elapsed;
        return _compiled;
    }

    /// <summary>INSECURE dev setup (the trapdoor comes from this machine): writes keys/transition.pk and keys/transition.vk.json.</summary>
    public SetupResult Setup(int threads = 0, Action<string, double>? progress = null)
    {
        progress?.Invoke("compiling the circuit", 0);
        var compiled = Circuit(out var compile);
        var sw = Stopwatch.StartNew();
        var pk = DevSetup.Create(compiled.R1cs, threads, progress);
        var setup = sw.Elapsed;
        Directory.CreateDirectory(Deployment.KeysDir);
        NativeKeyFile.Write(Deployment.ProvingKeyPath, pk, null, DevSetup.Warning);
        File.WriteAllText(Deployment.VerifyingKeyPath, SnarkJsJson.WriteVerifyingKey(pk.VerifyingKey));
        KeyProvenance.Development.Write(Deployment);
        _pk = pk;
        _prover = null;
        _vk = pk.VerifyingKey;
        return new SetupResult(compiled.R1cs.NumConstraints, compiled.R1cs.NumWires, pk.DomainSize, compile, setup);
    }

    public VerifyingKey VerifyingKey
    {
        get
        {
            if (_vk is not null) return _vk;
            if (!File.Exists(Deployment.VerifyingKeyPath)) throw new DeploymentException($"{Deployment.VerifyingKeyPath} is missing (run 'settle setup' first)");
            return _vk = JsonInput.Load(Deployment.VerifyingKeyPath, b => SnarkJsJson.ReadVerifyingKey(System.Text.Encoding.UTF8.GetString(b)));
        }
    }

    /// <summary>One prover per key, so the quotient's buffers are reused from proof to proof.</summary>
    private Groth16Prover Prover => _prover ??= new Groth16Prover(ProvingKey);
    private Groth16Prover? _prover;

    private ProvingKey ProvingKey
    {
        get
        {
            if (_pk is not null) return _pk;
            if (!File.Exists(Deployment.ProvingKeyPath)) throw new DeploymentException($"{Deployment.ProvingKeyPath} is missing (run 'settle setup' first)");
            _pk = KeyFiles.ReadProvingKey(Deployment.ProvingKeyPath, checkTables: false, tablesInFile: true, coefficients: false);
            var shape = Circuit(out _);
            if (_pk.NumVars != shape.NumWires) throw new DeploymentException($"{Deployment.ProvingKeyPath} is for a circuit with {_pk.NumVars} wires, the configured one has {shape.NumWires}: run 'settle setup' again");
            return _pk;
        }
    }

    /// <summary>What each venue trusts (the same for all venues of the deployment).</summary>
    public VenueTrust Trust => VenueTrust.FromConfig(Config, VerifyingKey, ConfigHash);

    /// <summary>Applies the batch file's operations to the stored state; throws <see cref="BatchRejectedException"/> with the state unchanged.</summary>
    public ProveResult Prove(string batchPath, int threads = 0, Action<string, double>? progress = null) =>
        Prove(BatchFile.Read(batchPath), threads, progress);

    /// <summary>
    /// The stored result when these operations were already settled (the same batch, whatever its file's formatting
    /// or name), else null. Its times are zero: nothing was done now.
    /// </summary>
    public ProveResult? Stored(IReadOnlyList<Operation> ops)
    {
        if (Store.FindByOperations(BatchFile.Write(ops)) is not { } stored) return null;
        var bundle = SettlementBundle.FromBytes(stored.Bundle);
        // A crash between the store commit and the file writes leaves the files missing or partial: the resubmission
        // restores them from the store.
        var path = WriteBundleFiles(stored.BatchIndex, stored.Bundle, bundle);
        return new ProveResult(stored.BatchIndex, bundle, null, true, path, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
    }

    public ProveResult Prove(IReadOnlyList<Operation> ops, int threads = 0, Action<string, double>? progress = null)
    {
        var total = Stopwatch.StartNew();
        if (Stored(ops) is { } stored) return stored;
        _ = Prover; // a missing key is named before the batch is applied

        var sw = Stopwatch.StartNew();
        var applied = Apply(ops); // BatchRejectedException: nothing written
        var apply = sw.Elapsed;

        sw.Restart();
        var (p, witnessTime, proveTime) = ProveChecked(applied.Inputs, threads, progress);
        var proof = ProofEncoding.Compress(p);
        var bundle = applied.Bundle with { Proof = proof };
        var bundleBytes = bundle.ToBytes();
        var b = applied.Batch;
        Store.Commit(new BatchCommit(b.BatchIndex, b.OperationsJson, b.ChangedAccounts, b.EpochAfter, b.OldRoot, b.NewRoot, b.StatementHash,
            b.StatementJson, proof, (long)proveTime.TotalMilliseconds, bundleBytes));
        var path = WriteBundleFiles(b.BatchIndex, bundleBytes, bundle);
        return new ProveResult(b.BatchIndex, bundle, applied.Result, false, path, apply, witnessTime, proveTime, total.Elapsed);
    }

    /// <summary>A batch applied to the stored state, not yet proven: what to commit, the circuit's inputs, the bundle with a zero proof.</summary>
    public sealed record AppliedBatch(SequencedBatch Batch, BatchResult Result, Assignment Inputs, SettlementBundle Bundle);

    /// <summary>
    /// Applies the operations to the stored state with the engine (milliseconds) and prepares everything but the proof:
    /// the state to commit, the circuit's inputs and the bundle, whose proof field is a placeholder. Throws
    /// <see cref="BatchRejectedException"/> for a batch the engine refuses; nothing is written either way.
    /// </summary>
    /// <param name="venueSignatures">
    /// Every venue's signature over the batch digest, in venue order (the streaming flow collects them on a proposal);
    /// null: the sample's dev keys sign for every venue.
    /// </param>
    public AppliedBatch Apply(IReadOnlyList<Operation> ops, byte[][]? venueSignatures = null)
    {
        var (pre, post, result) = Run(ops);
        var inputs = TransitionWitnessBuilder.Build(Shape, Config, pre, ops, result).ToAssignment(Shape);
        var s = result.Statement;
        // In production each venue signs the batch digest after checking the ops it submitted; the sample holds every
        // venue's key so that one machine can play all of them. The store's batch index makes this one digest per batch.
        var venueSigs = venueSignatures ?? new DevSigner(ConfigHash, Deployment.LoadDevKeys()).VenueSignatures(s);
        if (venueSigs.Length != Config.V) throw new ArgumentException($"{venueSigs.Length} venue signatures for {Config.V} venues", nameof(venueSignatures));
        var bundle = Bundle(Config, ops, result, PlaceholderProof, venueSigs);
        var changed = result.Trace.SelectMany(t => t.Accounts).Select(c => c.After.Id).Distinct().Select(id => post.Account(id)!).ToList();
        var batch = new SequencedBatch(result.BatchIndex, BatchFile.Write(ops), changed, post.Epoch,
            SqliteSettlementStore.Hex(s.OldRoot), SqliteSettlementStore.Hex(s.NewRoot), SqliteSettlementStore.Hex(s.Hash()), BundleJson.Write(bundle),
            WitnessInputs.Encode(Circuit(out _), inputs), bundle.ToBytes());
        return new AppliedBatch(batch, result, inputs, bundle);
    }

    /// <summary>
    /// The statement these operations would give on top of the stored state, nothing prepared for proving (what the
    /// sequencer proposes for the venues to co-sign). Throws <see cref="BatchRejectedException"/> as <see cref="Apply"/>.
    /// </summary>
    public Statement Propose(IReadOnlyList<Operation> ops) => Run(ops).Result.Statement;

    private (SettlementState Pre, SettlementState Post, BatchResult Result) Run(IReadOnlyList<Operation> ops)
    {
        var pre = Store.LoadState(Config);
        var post = TransitionWitnessBuilder.Copy(Config, pre);
        var engine = new SettlementEngine(Config, new BlsReportAuthenticator(Config), post);
        return (pre, post, engine.Apply(ops));
    }

    /// <summary>
    /// The proof field of a bundle not proven yet: a well-formed encoding (the verifying key's α, β, α) so that the bundle
    /// encodes, and that verifies for no statement anyone can find. <see cref="Publishable"/> replaces it with the real proof.
    /// </summary>
    private byte[] PlaceholderProof => ProofEncoding.Compress(new Proof(VerifyingKey.Alpha, VerifyingKey.Beta, VerifyingKey.Alpha));

    /// <summary>
    /// Proves a sequenced batch from its stored circuit inputs and checks the proof against its public input (the
    /// statement hash) before returning it compressed (192 bytes). Inputs that do not solve the circuit throw
    /// <see cref="WitnessException"/> or <see cref="InvalidDataException"/>: proving them again would fail again.
    /// </summary>
    public byte[] ProveInputs(byte[] witnessInputs, int threads = 0, Action<string, double>? progress = null)
    {
        var circuit = Circuit(out _);
        return ProofEncoding.Compress(ProveChecked(WitnessInputs.Decode(circuit, witnessInputs), threads, progress).Proof);
    }

    /// <summary>
    /// Solves the circuit for <paramref name="inputs"/> and proves, the solver handing the prover A·w and B·w so that the
    /// key is held without its coefficients, then checks the proof against its public input (the statement hash): a
    /// proof that does not verify (a key for another circuit, a prover fault) is never stored or published.
    /// </summary>
    private (Proof Proof, TimeSpan Witness, TimeSpan Prove) ProveChecked(Assignment inputs, int threads, Action<string, double>? progress)
    {
        var circuit = Circuit(out _);
        var prover = Prover;
        var sw = Stopwatch.StartNew();
        Fr[]? witness = null;
        TimeSpan witnessTime = default;
        var p = prover.Prove(circuit.Statistics.Constraints, (aw, bw) =>
        {
            witness = circuit.Solve(inputs, aw, bw);
            witnessTime = sw.Elapsed;
            return witness;
        }, threads, progress);
        var proveTime = sw.Elapsed - witnessTime;
        // Wires 1..nPublic are the public inputs (the statement hash).
        if (!Groth16Verifier.Verify(PreparedKey, p, witness.AsSpan(1, circuit.NumPublic)))
            throw new InvalidOperationException("the proof just made does not verify against its statement (a prover fault, or a key for another circuit: run 'settle setup' again)");
        return (p, witnessTime, proveTime);
    }

    /// <summary>Loads the circuit and the keys now, so that the service's threads never race on the lazy fields.</summary>
    public void Warm()
    {
        _ = Circuit(out _);
        _ = Prover;
        _ = PreparedKey;
        _ = Deployment.LoadDevKeys();
    }

    /// <summary>
    /// The bundle of a proven batch, after checking its proof against the statement with the deployment's verifying key
    /// (the service publishes nothing it has not verified itself). Throws <see cref="InvalidDataException"/> naming the
    /// batch when the proof does not verify.
    /// </summary>
    public byte[] Publishable(ProvedBatch proved)
    {
        var bundle = SettlementBundle.FromBytes(proved.UnprovenBundle) with { Proof = proved.Proof };
        var proof = ProofEncoding.Decode(proved.Proof);
        if (!Groth16Verifier.Verify(PreparedKey, proof, [bundle.Statement.Hash()]))
            throw new InvalidDataException($"batch {proved.BatchIndex}: the stored proof does not verify for its statement");
        return bundle.ToBytes();
    }

    private PreparedVerifyingKey? _prepared;
    private PreparedVerifyingKey PreparedKey => _prepared ??= new PreparedVerifyingKey(VerifyingKey);

    /// <summary>The bundle of an applied batch: its statement and outputs, the proof, the signed tick and risk update it carried, the venues' signatures.</summary>
    public static SettlementBundle Bundle(SettlementConfig config, IReadOnlyList<Operation> ops, BatchResult result, byte[] proof, byte[][] venueSignatures)
    {
        var tick = ops.OfType<PriceTick>().FirstOrDefault();
        var risk = ops.OfType<RiskUpdate>().FirstOrDefault();
        return new SettlementBundle(config.C, config.NI, config.Oracle.Members.Count, config.RiskCommittee.Members.Count, result.Statement,
            proof,
            tick is null ? null : Commitments.ToOracleTick(tick, tick.AggregateSignature ?? []),
            risk is null ? null : new RiskParameters((ulong)risk.Epoch, [.. risk.Sigmas.Select(x => (ulong)x)], risk.Instruments,
                risk.Signers ?? [], risk.AggregateSignature ?? []),
            venueSignatures, result.Outputs);
    }

    /// <summary>
    /// Writes bundles/batch-n.stlb and .json unless they already hold exactly the stored bundle. They are derived
    /// from the store (the store is the truth), so they are written after the commit, each through a temporary file
    /// and a rename so that a crash never leaves a partial file under the final name.
    /// </summary>
    private string WriteBundleFiles(long index, byte[] bundleBytes, SettlementBundle bundle)
    {
        Directory.CreateDirectory(Deployment.BundlesDir);
        var path = Deployment.BundlePath(index, "stlb");
        Replace(path, bundleBytes);
        Replace(Deployment.BundlePath(index, "json"), System.Text.Encoding.UTF8.GetBytes(bundle.ToJson()));
        return path;

        static void Replace(string file, byte[] content)
        {
            if (File.Exists(file) && File.ReadAllBytes(file).AsSpan().SequenceEqual(content)) return;
            var tmp = file + ".tmp";
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                f.Write(content);
                f.Flush(flushToDisk: true);
            }
            File.Move(tmp, file, overwrite: true);
        }
    }

    /// <summary>
    /// Checks a bundle as venue <paramref name="venue"/> would, against its root file in venues/. With
    /// <paramref name="record"/> an accepted bundle advances that venue's root (as the venue's contract would).
    /// </summary>
    public VerifyResult Verify(byte[] bundle, int venue, bool record = true)
    {
        if (venue < 0 || venue >= Config.V) throw new DeploymentException($"venue {venue} does not exist: the deployment has venues 0..{Config.V - 1}");
        Directory.CreateDirectory(Deployment.VenuesDir);
        var verifier = new VenueVerifier(Trust, venue, new FileRootStore(Deployment.VenueRootPath(venue)));
        var sw = Stopwatch.StartNew();
        VenueVerdict verdict;
        if (record) verdict = verifier.Accept(bundle);
        else
        {
            SettlementBundle b;
            try { b = SettlementBundle.FromBytes(bundle); }
            catch (BundleFormatException) { return new VerifyResult(venue, verifier.Accept(bundle.AsSpan(0, 0)), sw.Elapsed); }
            verdict = verifier.Check(b);
        }
        return new VerifyResult(venue, verdict, sw.Elapsed);
    }

    /// <summary>An exit claim for an account at the prover's current state, checked by venue <paramref name="venue"/>'s verifier.</summary>
    public (ExitClaim Claim, ExitClaimVerdict Verdict) ExitClaim(ulong account, int venue)
    {
        var state = Store.LoadState(Config);
        var a = state.Account(account) ?? throw new DeploymentException($"account {account} does not exist in the store (batch {Store.BatchCount})");
        var claim = new ExitClaim(a.Id, a.Salt, a.Nonce, a.Balances.ToArray(), [.. a.Slots], state.Path(a.Id).Siblings, Commitments.Epoch(state.Epoch));
        return (claim, VerifyExitClaim(claim, venue));
    }

    /// <summary>Checks an exit claim (from anywhere: a trader's file) with venue <paramref name="venue"/>'s verifier against its last accepted root.</summary>
    public ExitClaimVerdict VerifyExitClaim(ExitClaim claim, int venue)
    {
        if (venue < 0 || venue >= Config.V) throw new DeploymentException($"venue {venue} does not exist: the deployment has venues 0..{Config.V - 1}");
        return new VenueVerifier(Trust, venue, new FileRootStore(Deployment.VenueRootPath(venue))).VerifyExitClaim(claim);
    }

    public void Dispose() => _store?.Dispose();
}
