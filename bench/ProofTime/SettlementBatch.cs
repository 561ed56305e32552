using System.Diagnostics;
using Settlement.Circuits.Transition;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Prover.Witness;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Bench.ProofTime;

/// <summary>Which accounts a benchmark batch's trades touch.</summary>
public enum AccountMix
{
    /// <summary>Market makers trading again and again: n trades among max(2, n/2) accounts, the registers sized to them.</summary>
    Reuse,
    /// <summary>No reuse: every trade between two accounts no other op of the batch touches (2n registers).</summary>
    Fresh,
}

/// <summary>
/// A real settlement batch for the benchmark, built as the product does it: the sample deployment's configuration
/// (<see cref="SampleDeployment"/>: 3 venues, USDC and ETH, ETH-PERP and ETH-C-3000, oracle 3 of 5, risk 2 of 3) with
/// tree depth <c>D</c> and <c>MaxOps = n</c>, the circuit shape from <see cref="CircuitShapes.From"/> with as many
/// account registers as the batch touches, and the witness from <see cref="TransitionWitnessBuilder"/> solved by the
/// compiled circuit. Earlier batches, applied by the engine and not proven, publish a price tick signed by all five
/// oracle members (BLS, <see cref="DevSigner"/>), a risk update signed by two risk members, and every account's USDC
/// deposit; the proven batch holds <c>n</c> ETH-PERP trades, each a cross-venue-margined DvP. Keys are the sample's
/// public-seed dev keys.
/// </summary>
public sealed record SettlementBatch(SettlementConfig Config, TransitionShape Shape, IReadOnlyList<Operation> Ops, BatchResult Result, AccountMix Mix)
{
    private const int Usdc = 0, Eth = 1, Perp = 0;
    private const long Usd = 1_000_000, Contract = 100_000_000, T0 = 1_750_000_000_000;
    private static long Vu(long dollars) => dollars * 100_000_000;

    /// <summary>Accounts a batch of <paramref name="ops"/> trades touches under <paramref name="mix"/>: its register count.</summary>
    public static int Accounts(int ops, AccountMix mix) => mix == AccountMix.Fresh ? 2 * ops : Math.Max(2, ops / 2);

    /// <summary>The sample configuration with depth <paramref name="depth"/> and <paramref name="ops"/> op slots, and an accepted batch of that many trades.</summary>
    public static SettlementBatch Create(int depth, int ops, AccountMix mix)
    {
        if (ops < 1) throw new ArgumentOutOfRangeException(nameof(ops));
        string dir = Directory.CreateTempSubdirectory("prooftime-deployment").FullName;
        try
        {
            var d = SampleDeployment.Init(dir, new SampleDeployment.Sizes(TreeDepth: depth, MaxOps: ops), force: true);
            var cfg = d.LoadConfig();
            int accounts = Accounts(ops, mix);
            var shape = CircuitShapes.From(cfg, maxOps: ops).WithMaxAccounts(accounts);
            var signer = new DevSigner(Commitments.ConfigHash(cfg), d.LoadDevKeys());
            var nonces = new long[accounts];
            ulong Id(int k) => 1 + (ulong)k;   // account ids (0 is not used); their deposits spread over the venues
            var earlier = new List<Operation>
            {
                signer.Tick(T0, Enumerable.Range(0, SampleDeployment.OracleMembers).SelectMany(j => new[] { (Usdc, j, Vu(1)), (Eth, j, Vu(3000)) })),
                signer.Risk(1, [0, 3_377_000],
                    [new InstrumentRisk((ulong)Vu(3000), Contract, 0), new InstrumentRisk((ulong)Vu(150), Contract / 2, 1_000_000_000)],
                    SampleDeployment.RiskQuorum),
            };
            var depositIds = new long[cfg.V];
            for (int k = 0; k < accounts; k++)
            {
                int venue = k % cfg.V;
                earlier.Add(new Deposit(venue, Id(k), nonces[k]++, Usdc, 100_000 * Usd, depositIds[venue]++, Fr.FromUInt64(0x5A17_0000 + Id(k))));
            }
            var state = new SettlementState(cfg);
            // MaxOps bounds the account ops of each earlier batch as it bounds the proven one.
            foreach (var chunk in Chunks(earlier, ops))
                new SettlementEngine(cfg, new BlsReportAuthenticator(cfg), state).Apply(chunk); // throws if refused

            // Reuse: trade i between accounts i and i+1 (mod the account count), alternating direction, so every
            // account trades about four times; fresh: trade i between accounts 2i and 2i+1.
            var batch = new List<Operation>();
            for (int i = 0; i < ops; i++)
            {
                var (a, b) = mix == AccountMix.Fresh ? (2 * i, 2 * i + 1) : (i % accounts, (i + 1) % accounts);
                var (buyer, seller) = i % 2 == 0 ? (a, b) : (b, a);
                batch.Add(new Trade(0, Perp, Id(buyer), nonces[buyer]++, Id(seller), nonces[seller]++, Contract, 3000 * Usd, 0, 0));
            }
            var post = TransitionWitnessBuilder.Copy(cfg, state);
            var result = new SettlementEngine(cfg, new BlsReportAuthenticator(cfg), post).Apply(batch); // throws if refused
            return new SettlementBatch(cfg, shape, batch, result, mix) { Pre = state };
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static IEnumerable<List<Operation>> Chunks(List<Operation> ops, int maxAccountOps)
    {
        var chunk = new List<Operation>();
        int n = 0;
        foreach (var op in ops)
        {
            bool accountOp = op is not PriceTick and not RiskUpdate;
            if (accountOp && n == maxAccountOps) { yield return chunk; chunk = []; n = 0; }
            chunk.Add(op);
            if (accountOp) n++;
        }
        if (chunk.Count > 0) yield return chunk;
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
