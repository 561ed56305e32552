using System.Numerics;
using Nethereum.ABI;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Conformance;
using Settlement.Verifier.Venue;

namespace Settlement.Evm.Tests;

/// <summary>
/// A deployment for the escrow tests: 3 venues, 2 assets, 3 instruments, an oracle of 5 and a risk committee of 3 (the
/// demo's sizes), a tree of depth 16 (2³² accounts), real BLS keys, and a verifying key whose trapdoor the test knows,
/// so that a valid proof for any statement costs a few scalar multiplications. The escrow is venue <see cref="Self"/>'s.
/// </summary>
internal sealed class EscrowWorld
{
    public const int Self = 1, Venues = 3, Assets = 2, Depth = 16;
    public readonly SecretKey[] VenueKeys = Keys("venue", Venues), OracleKeys = Keys("oracle", 5), RiskKeys = Keys("risk", 3);
    public readonly TrapdoorKey Key;
    public readonly VenueTrust Trust;

    public EscrowWorld(int seed = 18)
    {
        Key = new TrapdoorKey(new Random(seed), 1);
        Trust = VenueTrust.FromConfig(Config(), Key.Key);
    }

    public Fr ConfigHash => Trust.ConfigHash;
    public Fr Genesis => Trust.GenesisRoot;

    private static SecretKey[] Keys(string role, int n) =>
        [.. Enumerable.Range(0, n).Select(i => SecretKey.KeyGen(System.Text.Encoding.ASCII.GetBytes($"escrow {role} key {i}: at least 32 bytes of seed")))];

    private SettlementConfig Config() => new(
        18, Depth, 4, 2,
        [.. VenueKeys.Select((k, i) => new VenueConfig($"chain-venue-{i}", 1000, RegisteredKey.Of(k)))],
        [new AssetConfig("USDC", 6, 0, 1_000_000), new AssetConfig("ETH", 9, 1_000_000, 20_000_000)],
        [new InstrumentConfig("ETH-PERP", InstrumentKind.Perpetual, 1, 0, 0, 0),
         new InstrumentConfig("ETH-C", InstrumentKind.Call, 1, 0, 3000L * 100_000_000, 1_900_000_000_000),
         new InstrumentConfig("ETH-P", InstrumentKind.Put, 1, 0, 3000L * 100_000_000, 1_900_000_000_000)],
        new CommitteeConfig([.. OracleKeys.Select(RegisteredKey.Of)], 3), 5_000,
        new CommitteeConfig([.. RiskKeys.Select(RegisteredKey.Of)], 2),
        new MarginConfig(30_000, 20_000, 240_000, 100, 500_000, 500_000, 100_000, 50_000, 100_000, 50_000, [new ScenarioPoint(0, 100)]));

    /// <summary>Outputs with nothing to execute, for every venue.</summary>
    public static VenueOutputs[] NoOutputs() => [.. Enumerable.Range(0, Venues).Select(_ => VenueOutputs.Empty(Venues, Assets))];

    /// <summary>
    /// A bundle, with the price tick and the risk update given (none by default) and their commitments in the
    /// statement, signed by <paramref name="signers"/> (default: every venue, in order) and proven; <paramref name="edit"/>
    /// may change the statement before it is signed and proven.
    /// </summary>
    public SettlementBundle Bundle(Random rng, Fr oldRoot, ulong batch, Fr? newRoot = null, VenueOutputs[]? outputs = null,
        Func<Statement, Statement>? edit = null, SecretKey[]? signers = null, OracleTick? tick = null, RiskParameters? risk = null)
    {
        outputs ??= NoOutputs();
        var s = new Statement(ConfigHash, 1 + batch / 4, batch, oldRoot, newRoot ?? Fr.Random(rng), tick?.Commitment() ?? Fr.Zero, risk?.Commitment() ?? Fr.Zero,
            [Fr.Random(rng), Fr.Random(rng), Fr.Random(rng)], [.. outputs.Select((o, i) => o.Commitment(i, batch))], 0);
        if (edit is not null) s = edit(s);
        return Signed(rng, s, outputs, signers, tick, risk);
    }

    /// <summary>The bundle of <paramref name="s"/>: signed by <paramref name="signers"/> (default every venue) and proven.</summary>
    public SettlementBundle Signed(Random rng, Statement s, VenueOutputs[] outputs, SecretKey[]? signers = null, OracleTick? tick = null, RiskParameters? risk = null)
    {
        var message = SignedMessages.BatchDigest(s);
        var sigs = (signers ?? VenueKeys).Select(k => PopScheme.Sign(k, message).ToBytes()).ToArray();
        return new SettlementBundle(Assets, 3, 5, 3, s, ProofEncoding.Compress(Key.Prove([s.Hash()], rng)), tick, risk, sigs, outputs);
    }

    /// <summary>
    /// A price tick at <paramref name="time"/> reported by <paramref name="signers"/> (oracle members, increasing), each
    /// for a random non-empty set of assets (or every asset), under their aggregate signature; <paramref name="signWith"/>
    /// may sign a member's message with another key.
    /// </summary>
    public OracleTick Tick(Random rng, int[] signers, ulong time, Func<int, SecretKey>? signWith = null, bool everyAsset = false)
    {
        var reports = signers.Select(j =>
        {
            var assets = Enumerable.Range(0, Assets).Where(_ => everyAsset || rng.Next(2) == 0).ToList();
            if (assets.Count == 0) assets.Add(rng.Next(Assets));
            return new SignerReports(j, [.. assets.Select(a => new OracleReport((ushort)a, (ulong)rng.NextInt64(1, long.MaxValue), time - (ulong)rng.Next(1000)))]);
        }).ToArray();
        var sigs = reports.Select(r => PopScheme.Sign(signWith?.Invoke(r.Signer) ?? OracleKeys[r.Signer], OracleTick.Message(ConfigHash, r.Signer, r.Reports))).ToArray();
        return new OracleTick(time, reports, PopScheme.Aggregate(sigs).ToBytes());
    }

    /// <summary>A risk update for <paramref name="epoch"/> (Greeks of either sign) signed by <paramref name="signers"/>.</summary>
    public RiskParameters Risk(Random rng, int[] signers, ulong epoch, Func<int, SecretKey>? signWith = null)
    {
        var unsigned = new RiskParameters(epoch, [.. Enumerable.Range(0, Assets).Select(_ => (ulong)rng.NextInt64(1, 1L << 40))],
            [.. Enumerable.Range(0, 3).Select(_ => new InstrumentRisk((ulong)rng.NextInt64(long.MaxValue), rng.NextInt64(long.MinValue, long.MaxValue), rng.NextInt64(-1L << 40, 1L << 40)))],
            signers, []);
        var message = RiskParameters.Message(ConfigHash, epoch, unsigned.Commitment());
        return unsigned with { AggregateSignature = PopScheme.Aggregate([.. signers.Select(j => PopScheme.Sign(signWith?.Invoke(j) ?? RiskKeys[j], message))]).ToBytes() };
    }

    public VenueVerifier NewVenue() => new(Trust, Self, new MemoryRootStore());

    public IReadOnlyDictionary<string, string> Sources() => new Dictionary<string, string>
    {
        ["SettlementVerifier.sol"] = Groth16SolidityVerifier.Generate(Key.Key, Groth16SolidityVerifier.SettlementContractName, "test", "a test key", "a key with a known trapdoor"),
        ["SettlementEscrow.sol"] = SettlementEscrowContract.Generate(Trust, "test", "a test deployment"),
        ["TestToken.sol"] = File.ReadAllText(Path.Combine(VectorCatalog.RepositoryRoot, "tests", "Settlement.Evm.Tests", "Contracts", "TestToken.sol")),
    };

    /// <summary>Two tokens, the verifier, and the escrow of venue <see cref="Self"/> with the given exit delay.</summary>
    public static IReadOnlyList<Evm.Deploy> Deploy(long exitDelay) =>
    [
        new("Token0", "TestToken.sol", "TestToken"),
        new("Token1", "TestToken.sol", "TestToken"),
        new("Verifier", "SettlementVerifier.sol", "SettlementVerifier"),
        new("Escrow", "SettlementEscrow.sol", "SettlementEscrow",
            "0x" + Word(Self) + Address("Verifier") + Word(0x80) + Word(exitDelay) + Word(2) + Address("Token0") + Address("Token1")),
    ];

    /// <summary>acceptBundle with the bundle's points decompressed.</summary>
    public static Evm.Call Accept(byte[] bundle, long block = 1) => new("Escrow", EscrowCalldata.AcceptBundle(bundle), Static: false, BlockNumber: block);

    /// <summary>The owner (the test's sender) lets the escrow take tokens of both assets.</summary>
    public static IEnumerable<Evm.Call> Approve() =>
        new[] { "Token0", "Token1" }.Select(t => new Evm.Call(t, [], Static: false) { Hex = "0x" + Convert.ToHexStringLower(Keccak256.Selector("approve(address,uint256)")) + Address("Escrow") + new string('f', 64) });

    public static Evm.Call Deposit(uint account, int asset, ulong amount, long block = 1) =>
        Call("deposit(uint32,uint16,uint64)", block, new ABIValue("uint32", account), new ABIValue("uint16", asset), new ABIValue("uint64", amount));

    public static Evm.Call Withdraw(uint account, int asset, long block = 1) =>
        Call("withdraw(uint32,uint16)", block, new ABIValue("uint32", account), new ABIValue("uint16", asset));

    public static Evm.Call Call(string signature, long block, params ABIValue[] args) =>
        new("Escrow", [.. Keccak256.Selector(signature), .. new ABIEncode().GetABIEncoded(args)], Static: false, BlockNumber: block);

    /// <summary>The revert data of a custom error without arguments, or with one uint256.</summary>
    public static byte[] Error(string name, BigInteger? argument = null) => argument is { } a
        ? [.. Keccak256.Selector(name + "(uint256)"), .. new ABIEncode().GetABIEncoded(new ABIValue("uint256", a))]
        : Keccak256.Selector(name + "()");

    private static string Word(long x) => x.ToString("x64");
    private static string Address(string contract) => new string('0', 24) + "<" + contract + ">";
}
