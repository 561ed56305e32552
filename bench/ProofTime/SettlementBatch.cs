using System.Diagnostics;
using Settlement.Circuits.Settlement;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Witness;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Bench.ProofTime;

/// <summary>
/// A real settlement batch for the benchmark, built as the product does it: the sample deployment's configuration
/// (<see cref="SampleDeployment"/>: 3 venues, USDC and ETH, ETH-PERP and ETH-C-3000, oracle 3 of 5, risk 2 of 3) with
/// tree depth <c>D</c> and <c>MaxOps = n</c>, the circuit shape from <see cref="CircuitShapes.From"/>, a genesis batch of
/// a price tick signed by all five oracle members (BLS, <see cref="DevSigner"/>), a risk update signed by two risk
/// members and <c>n</c> account ops (deposits, then trades) applied by the engine, and the witness from
/// <see cref="TransitionWitnessBuilder"/> solved by the compiled circuit. Keys are the sample's public-seed dev keys.
/// </summary>
public sealed record SettlementBatch(SettlementConfig Config, TransitionShape Shape, IReadOnlyList<Operation> Ops, BatchResult Result)
{
    private const int Usdc = 0, Eth = 1, Perp = 0;
    private const long Usd = 1_000_000, Contract = 100_000_000, T0 = 1_750_000_000_000;
    private const ulong Alice = 1, Carol = 3;
    private static long Vu(long dollars) => dollars * 100_000_000;

    /// <summary>The sample configuration with depth <paramref name="depth"/> and <paramref name="ops"/> op slots, and an accepted batch of that many account ops.</summary>
    public static SettlementBatch Create(int depth, int ops)
    {
        if (ops < 1) throw new ArgumentOutOfRangeException(nameof(ops));
        string dir = Directory.CreateTempSubdirectory("prooftime-deployment").FullName;
        try
        {
            var d = SampleDeployment.Init(dir, new SampleDeployment.Sizes(TreeDepth: depth, MaxOps: ops), force: true);
            var cfg = d.LoadConfig();
            var shape = CircuitShapes.From(cfg, maxOps: ops);
            var signer = new DevSigner(Commitments.ConfigHash(cfg), d.LoadDevKeys());
            var batch = new List<Operation>
            {
                signer.Tick(T0, Enumerable.Range(0, SampleDeployment.OracleMembers).SelectMany(j => new[] { (Usdc, j, Vu(1)), (Eth, j, Vu(3000)) })),
                signer.Risk(1, [0, 3_377_000],
                    [new InstrumentRisk((ulong)Vu(3000), Contract, 0), new InstrumentRisk((ulong)Vu(150), Contract / 2, 1_000_000_000)],
                    SampleDeployment.RiskQuorum),
            };
            // Account ops: Alice deposits at venue 0; Carol at venue 2; then trades at venue 0 alternating direction
            // (Carol buys 1 ETH-PERP from Alice, Alice buys it back, ...), each a cross-venue-margined DvP.
            long aliceNonce = 0, carolNonce = 0;
            batch.Add(new Deposit(0, Alice, aliceNonce++, Usdc, 20_000 * Usd, 0, Fr.FromUInt64(0x5A17_0000 + Alice)));
            if (ops >= 2) batch.Add(new Deposit(2, Carol, carolNonce++, Usdc, 100_000 * Usd, 0, Fr.FromUInt64(0x5A17_0000 + Carol)));
            for (int i = 2; i < ops; i++)
            {
                bool carolBuys = i % 2 == 0;
                batch.Add(carolBuys
                    ? new Trade(0, Perp, Carol, carolNonce++, Alice, aliceNonce++, Contract, 3000 * Usd, 0, 0)
                    : new Trade(0, Perp, Alice, aliceNonce++, Carol, carolNonce++, Contract, 3000 * Usd, 0, 0));
            }
            var pre = new SettlementState(cfg);
            var post = TransitionWitnessBuilder.Copy(cfg, pre);
            var result = new SettlementEngine(cfg, new BlsReportAuthenticator(cfg), post).Apply(batch); // throws if refused
            return new SettlementBatch(cfg, shape, batch, result) { Pre = pre };
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private SettlementState Pre { get; init; } = null!;

    /// <summary>Account ops in the batch (not the tick and risk update).</summary>
    public int AccountOps => Ops.Count(o => o is not PriceTick and not RiskUpdate);

    /// <summary>Builds the witness (engine trace → circuit assignment → solved wire values); returns it and the time taken.</summary>
    public (Fr[] Witness, double Seconds) Witness(Settlement.Circuits.Frontend.CompiledCircuit compiled)
    {
        var sw = Stopwatch.StartNew();
        var w = TransitionWitnessBuilder.Build(Shape, Config, Pre, Ops, Result);
        var values = compiled.Solve(w.ToAssignment(Shape));
        return (values, sw.Elapsed.TotalSeconds);
    }
}
