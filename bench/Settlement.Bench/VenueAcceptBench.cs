using BenchmarkDotNet.Attributes;
using Settlement.Circuits.Frontend;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Venue;

namespace Settlement.Bench;

/// <summary>
/// A venue's full acceptance of a demo-sized bundle, from its bytes: 3 venues, a price tick signed by 3 of 5 oracle
/// members (three messages), a risk update signed by 2 of 3 (one message), and a Groth16 proof with one public input
/// (the statement hash; the verifier's cost does not depend on the circuit, so a circuit that only binds that input
/// stands in for the settlement circuit). <see cref="AcceptFromBytes"/> is <see cref="VenueVerifier.Accept(ReadOnlySpan{byte})"/>
/// without persisting the root: decoding the bundle, the curve and subgroup checks of every decoded point (five
/// signatures, the proof), the Poseidon commitments and statement hash, hashing each signed message to G2, and every
/// pairing. In-process and warm: the trust (keys, prepared verifying key) is built once in the setup, and 15 warm-up
/// iterations of 16 checks (240 checks, several seconds) run before measuring, so every hot method has reached tier-1
/// code (tiered JIT promotes a method after 30 calls and a short delay).
/// Results: bench/RESULTS-venue.md. Run: dotnet run -c Release --project bench/Settlement.Bench -- --filter '*VenueAcceptBench*'
/// </summary>
[MemoryDiagnoser, MinColumn, MaxColumn, MedianColumn]
// Applied to any job (e.g. --inProcess): 15 × 16 = 240 warm-up checks, however slow a loaded machine makes each one.
[WarmupCount(15), IterationCount(20), InvocationCount(16)]
public class VenueAcceptBench
{
    private VenueVerifier _venue = null!;
    private byte[] _bundle = [];

    [GlobalSetup]
    public void Setup()
    {
        static SecretKey[] Keys(string role, int n) =>
            [.. Enumerable.Range(0, n).Select(i => SecretKey.KeyGen(System.Text.Encoding.ASCII.GetBytes($"bench {role} key number {i}, 32+ bytes of seed")))];
        SecretKey[] venues = Keys("venue", 3), oracles = Keys("oracle", 5), risk = Keys("risk", 3);
        var config = new SettlementConfig(
            42, 4, 2, 2,
            [.. venues.Select((k, i) => new VenueConfig($"venue{i}", 1000, RegisteredKey.Of(k)))],
            [new AssetConfig("USDC", 6, 0, 1_000_000), new AssetConfig("ETH", 9, 1_000_000, 20_000_000)],
            [new InstrumentConfig("ETH-PERP", InstrumentKind.Perpetual, 1, 0, 0, 0),
             new InstrumentConfig("ETH-C", InstrumentKind.Call, 1, 0, 3000L * 100_000_000, 1_900_000_000_000),
             new InstrumentConfig("ETH-P", InstrumentKind.Put, 1, 0, 3000L * 100_000_000, 1_900_000_000_000)],
            new CommitteeConfig([.. oracles.Select(RegisteredKey.Of)], 3), 5_000,
            new CommitteeConfig([.. risk.Select(RegisteredKey.Of)], 2),
            new MarginConfig(30_000, 20_000, 240_000, 100, 500_000, 500_000, 100_000, 50_000, 100_000, 50_000, [new ScenarioPoint(0, 100)]));
        var configHash = config.Hash();

        var circuit = Circuit.From(api =>
        {
            var statement = api.PublicInput("statement");
            var copy = api.SecretInput("copy");
            api.AssertEqual(api.Mul(copy, Api.Constant(1)), statement);
        }).Compile();
        var pk = DevSetup.Create(circuit.R1cs);

        const int v = 3, c = 2;
        const ulong batch = 0;
        var tick = new OracleTick(1_000, [
            new SignerReports(0, [new OracleReport(0, 100, 990), new OracleReport(1, 3000, 995)]),
            new SignerReports(1, [new OracleReport(0, 101, 991)]),
            new SignerReports(3, [new OracleReport(0, 99, 992), new OracleReport(1, 3001, 993)])], []);
        tick = tick with { AggregateSignature = PopScheme.Aggregate([.. tick.Signers.Select(sr => PopScheme.Sign(oracles[sr.Signer], OracleTick.Message(configHash, sr.Signer, sr.Reports)))]).ToBytes() };
        var riskUpdate = new RiskParameters(1, [3_000_000, 4_000_000], [new(3000, 100_000_000, 0), new(50, 40_000_000, 12), new(20, -60_000_000, 12)], [0, 2], []);
        var rc = riskUpdate.Commitment();
        riskUpdate = riskUpdate with { AggregateSignature = PopScheme.Aggregate([.. riskUpdate.Signers.Select(j => PopScheme.Sign(risk[j], RiskParameters.Message(configHash, 1, rc)))]).ToBytes() };
        var outputs = Enumerable.Range(0, v).Select(i => new VenueOutputs(4, 5, 0, 0, [], new UInt128[v * c], new UInt128[v * c])).ToArray();
        var s = new Statement(configHash, 1, batch, config.GenesisRoot(), Fr.FromUInt64(1000), tick.Commitment(), rc, [Fr.FromUInt64(11), Fr.FromUInt64(12), Fr.Zero],
            [.. Enumerable.Range(0, v).Select(i => outputs[i].Commitment(i, batch))], 0);
        var h = s.Hash();
        var p = new Groth16Prover(pk).Prove(circuit.Solve(new Assignment().Set("statement", h).Set("copy", h)));
        var proof = ProofEncoding.Compress(new Proof(p.A, p.B, p.C));
        var venueSigs = venues.Select(k => PopScheme.Sign(k, SignedMessages.BatchDigest(s)).ToBytes()).ToArray();
        _bundle = new SettlementBundle(c, 3, 5, 3, s, proof, tick, riskUpdate, venueSigs, outputs).ToBytes();

        _venue = new VenueVerifier(VenueTrust.FromConfig(config, pk.VerifyingKey), 0, new MemoryRootStore());
        var verdict = AcceptFromBytes();
        if (!verdict.Accepted) throw new InvalidOperationException("the benchmark bundle is refused: " + verdict.Message);
    }

    /// <summary>Accept(bytes) without persisting: decode, then every check of docs/spec.md §8.3.</summary>
    [Benchmark] public VenueVerdict AcceptFromBytes() => _venue.Check(BundleCodec.Decode(_bundle));
}
