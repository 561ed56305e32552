using System.Numerics;
using Nethereum.ABI;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Poseidon.Merkle;
using Settlement.Verifier.Venue;
using Settlement.Verifier.Tests.Conformance;
using Xunit.Abstractions;
using PoseidonHash = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Evm.Tests;

/// <summary>
/// SettlementEscrow.sol on the pinned EVM: its Poseidon against the C# one, the life of an escrow (ERC-20 deposits,
/// batches, withdrawals, the prover stopping, an exit claim paid once), each named refusal, and the gas of acceptBundle
/// and of an exit claim at 2³² accounts.
/// </summary>
public class EscrowTests(ITestOutputHelper output)
{
    private const long ExitDelay = 50;

    [Fact]
    public void The_contracts_Poseidon_is_the_CSharp_Poseidon()
    {
        var w = new EscrowWorld();
        var rng = new Random(5);
        var sources = new Dictionary<string, string>(w.Sources())
        {
            ["PoseidonProbe.sol"] = File.ReadAllText(Path.Combine(VectorCatalog.RepositoryRoot, "tests", "Settlement.Evm.Tests", "Contracts", "PoseidonProbe.sol")),
        };
        var deploy = new List<Evm.Deploy>(EscrowWorld.Deploy(ExitDelay).Take(2))
        {
            new("Probe", "PoseidonProbe.sol", "PoseidonProbe", "0x" + 0x20.ToString("x64") + 2.ToString("x64") + new string('0', 24) + "<Token0>" + new string('0', 24) + "<Token1>"),
        };
        var expected = new List<Fr>();
        var calls = new List<Evm.Call> { new("Probe", Keccak256.Selector("load()")) };
        // Random states, and the extremes: the permutation's unrolled rounds leave some cells unreduced between rounds.
        var inputs = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, 4).Select(_ => Fr.Random(rng)).ToArray()).ToList();
        inputs.Add([Fr.Zero, Fr.Zero, Fr.Zero, Fr.Zero]);
        inputs.Add([-Fr.One, -Fr.One, -Fr.One, -Fr.One]);
        foreach (var c in inputs)
        {
            expected.Add(PoseidonHash.Hash4(c[0], c[1], c[2], c[3]));
            calls.Add(Probe("hash4(uint256,uint256,uint256,uint256)", [.. c.Select(x => new ABIValue("uint256", x.ToBigInteger()))]));
        }
        foreach (int n in new[] { 0, 1, 4, 5, 9, 14, 19 })
        {
            var e = Enumerable.Range(0, n).Select(_ => Fr.Random(rng)).ToArray();
            ulong domain = (ulong)rng.Next(20);
            expected.Add(PoseidonHash.Hash(e, domain));
            calls.Add(Probe("hash(uint256[],uint256)", new ABIValue("uint256[]", e.Select(x => x.ToBigInteger()).ToList()), new ABIValue("uint256", domain)));
        }
        var r = Evm.Run(sources, deploy, calls);
        Assert.Empty(r.Warnings);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(r.Calls[i + 1].Success, r.Calls[i + 1].ToString());
            Assert.Equal(expected[i].ToBigInteger(), new BigInteger(r.Calls[i + 1].ReturnData, isUnsigned: true, isBigEndian: true));
        }
        output.WriteLine($"one permutation (hash4 less the constants' copy): {r.Calls[1].ExecutionGas - r.Calls[0].ExecutionGas} gas; copy {r.Calls[0].ExecutionGas}");
    }

    private static Evm.Call Probe(string signature, params ABIValue[] args) =>
        new("Probe", [.. Keccak256.Selector(signature), .. new ABIEncode().GetABIEncoded(args)]);

    /// <summary>
    /// Deposit ERC-20 → settle batches → withdraw on chain → the prover stops → an exit claim pays → a second claim is
    /// refused; every refusal on the way is the named error, and VenueVerifier agrees with each verdict.
    /// </summary>
    [Fact]
    public void Deposit_settle_withdraw_then_exit_once_when_the_prover_stops()
    {
        var w = new EscrowWorld();
        var rng = new Random(9);
        var venue = w.NewVenue();
        const uint account = 0xfffffffe; // near the end of a 2^32-leaf tree
        const int self = EscrowWorld.Self;

        // Batch 0 consumes the deposits (ids 0 and 1) and releases a withdrawal of 300 of asset 0.
        var out0 = EscrowWorld.NoOutputs();
        out0[self] = new VenueOutputs(0, 2, 0, 1, [new WithdrawalOutput(0, account, 0, 300)], new UInt128[6], new UInt128[6]);
        var b0 = w.Bundle(rng, w.Genesis, 0, outputs: out0);
        // Batch 1's new root holds the account: 700 of asset 0 and 5 of asset 1 at this venue, no position.
        long[] balances = [10, 0, 700, 5, 0, 0];
        PositionSlot[] slots = [default, default];
        var salt = Fr.FromUInt64(4242);
        var epochHash = Fr.Random(rng);
        var tree = new SparseMerkleTree(EscrowWorld.Depth);
        tree.Set(account, AccountLeaf.Hash(account, 3, salt, balances, slots));
        // Another account, with an open position: its claim opens the root but is not payable.
        PositionSlot[] open = [new(2, 1, -300), default];
        tree.Set(17, AccountLeaf.Hash(17, 1, salt, balances, open));
        var root1 = AccountLeaf.StateRoot(tree.Root, epochHash);
        var out1 = EscrowWorld.NoOutputs();
        out1[self] = VenueOutputs.Empty(EscrowWorld.Venues, EscrowWorld.Assets, nextDeposit: 2, nextWithdrawal: 1);
        var b1 = w.Bundle(rng, b0.Statement.NewRoot, 1, newRoot: root1, outputs: out1);
        // Batch 1 as if deposit 0 were still unconsumed: the escrow's own check, after VenueVerifier's.
        var replayDeposit = w.Bundle(rng, b0.Statement.NewRoot, 1, newRoot: root1, outputs: out0.Select((o, i) => i == self ? o with { Withdrawals = [], WithdrawalFirst = 1, WithdrawalNext = 1 } : o).ToArray());
        var claim = new ExitClaim(account, salt, 3, balances, slots, tree.Path(account).Siblings, epochHash);
        var openClaim = new ExitClaim(17, salt, 1, balances, open, tree.Path(17).Siblings, epochHash);

        Assert.True(venue.Accept(b0.ToBytes()).Accepted);
        Assert.True(venue.Accept(b1.ToBytes()).Accepted);
        var verdict = venue.VerifyExitClaim(claim);
        Assert.True(verdict.Valid && verdict.Payable, verdict.Message);
        Assert.Equal([700L, 5L], verdict.Balances);
        var openVerdict = venue.VerifyExitClaim(openClaim);
        Assert.True(openVerdict.Valid && !openVerdict.Payable, openVerdict.Message);

        long late = 2 + ExitDelay;
        var points = EscrowCalldata.Points(b0.ToBytes());
        var otherX = (byte[])points.Clone();
        otherX[512 + 2 * 256 + 63] ^= 1; // venue 2's signature: another x
        var offCurve = (byte[])points.Clone();
        offCurve[^1] ^= 1; // venue 2's signature: a y off the curve, which the pairing precompile refuses
        var tick = (b0 with { Oracle = new OracleTick(1, [new SignerReports(0, [new OracleReport(0, 1, 1)])], new byte[96]) }).ToBytes();
        // The tick's aggregate signature at infinity (after the flag, time and 1-byte bitmap), so the bundle decodes.
        tick[16 + 184 + EscrowWorld.Venues * 64 + 192 + 1 + 8 + 1] = 0xc0;
        Assert.Equal(VenueError.OracleCommitmentMismatch, w.NewVenue().Accept(tick).Reason);
        var steps = new (string Label, Evm.Call Call, byte[]? Revert)[]
        {
            ("deposit of an asset that does not exist", EscrowWorld.Deposit(account, 2, 1000), EscrowWorld.Error("AssetUnknown", 2)),
            ("approve asset 0", EscrowWorld.Approve().First(), null),
            ("approve asset 1", EscrowWorld.Approve().Last(), null),
            ("deposit 1000 of asset 0", EscrowWorld.Deposit(account, 0, 1000), null),
            ("deposit 5 of asset 1", EscrowWorld.Deposit(account, 1, 5), null),
            ("a signature point with another x", new("Escrow", EscrowCalldata.AcceptBundle(b0.ToBytes(), otherX), Static: false, BlockNumber: 1), EscrowWorld.Error("PointMismatch", 16 + 184 + 64 * 3 + 192 + 2 + 96 * 2)),
            ("a signature point off the curve", new("Escrow", EscrowCalldata.AcceptBundle(b0.ToBytes(), offCurve), Static: false, BlockNumber: 1), EscrowWorld.Error("VenueSignatureInvalid", 2)),
            ("points of the wrong length", new("Escrow", EscrowCalldata.AcceptBundle(b0.ToBytes(), points[..^32]), Static: false, BlockNumber: 1), EscrowWorld.Error("PointsMalformed")),
            ("a price tick the statement does not commit to", EscrowWorld.Accept(tick), EscrowWorld.Error("OracleCommitmentMismatch")),
            ("batch 0", EscrowWorld.Accept(b0.ToBytes()) with { StorageGas = true }, null),
            ("withdraw 300", EscrowWorld.Withdraw(account, 0), null),
            ("withdraw again", EscrowWorld.Withdraw(account, 0), EscrowWorld.Error("NothingToWithdraw")),
            ("batch 1 consuming deposits 0 and 1 again", EscrowWorld.Accept(replayDeposit.ToBytes(), block: 2), EscrowWorld.Error("DepositsOutOfOrder")),
            ("batch 1", EscrowWorld.Accept(b1.ToBytes(), block: 2), null),
            ("exit while bundles are still accepted", ClaimCall(claim, 3), EscrowWorld.Error("ExitNotOpen", late)),
            ("exit with a wrong sibling", ClaimCall(claim with { Siblings = [Fr.One, .. claim.Siblings.Skip(1)] }, late), EscrowWorld.Error("ExitRootMismatch")),
            ("exit with a missing level", ClaimCall(claim with { Siblings = [.. claim.Siblings.Skip(3)] }, late), EscrowWorld.Error("ExitClaimMalformed")),
            ("exit with an open position", ClaimCall(openClaim, late), EscrowWorld.Error("ExitNotPayable")),
            ("exit", ClaimCall(claim, late) with { StorageGas = true }, null),
            ("withdraw the exit's 700 of asset 0", EscrowWorld.Withdraw(account, 0, late), null),
            ("withdraw the exit's 5 of asset 1", EscrowWorld.Withdraw(account, 1, late), null),
            ("a second exit claim", ClaimCall(claim, late), EscrowWorld.Error("ExitAlreadyClaimed")),
        };
        var calls = steps.Select(s => s.Call).ToList();
        // Last, the token balances: the sender got back 300 + 700 of asset 0, the escrow holds nothing of it.
        calls.Add(new("Token0", []) { Hex = "0x" + Convert.ToHexStringLower(Keccak256.Selector("balanceOf(address)")) + new string('0', 24) + "<Escrow>" });
        var r = Evm.Run(w.Sources(), EscrowWorld.Deploy(ExitDelay), calls, Evm.Bls.Mcl);
        Assert.Empty(r.Warnings);
        for (int i = 0; i < steps.Length; i++)
        {
            var (label, _, revert) = steps[i];
            var c = r.Calls[i];
            if (revert is null) Assert.True(c.Success, $"{label}: {c}");
            else Assert.True(!c.Success && c.ReturnData.AsSpan().SequenceEqual(revert), $"{label}: expected 0x{Convert.ToHexStringLower(revert)}, got {c}");
        }
        Assert.Equal(BigInteger.Zero, new BigInteger(r.Calls[^1].ReturnData, isUnsigned: true, isBigEndian: true));

        var accept = r.Calls[Array.FindIndex(steps, s => s.Label == "batch 0")];
        var exit = r.Calls[Array.FindIndex(steps, s => s.Label == "exit")];
        output.WriteLine($"escrow: {r.Contracts["Escrow"].CodeSize} bytes of code, deployment {r.Contracts["Escrow"].DeployGas} gas (with the Poseidon data contract)");
        output.WriteLine($"acceptBundle (V=3, no tick or update, 1 withdrawal credited, 2 deposits consumed): execution {accept.ExecutionGas}, calldata {accept.CalldataGas}, transaction {accept.TxGas}; {Split(accept)}");
        output.WriteLine($"claimExit (depth 16, 2^32 accounts): execution {exit.ExecutionGas}, calldata {exit.CalldataGas}, transaction {exit.TxGas}; {Split(exit)}");
    }

    /// <summary>
    /// Equivocation evidence (spec §8.4): batch 0 accepted, then the venues sign another digest for it. Evidence that does
    /// not verify is refused by both sides (equal digests, another venue's index, another deployment, a signature over
    /// another batch or at infinity); the real evidence is adopted by both, after which both refuse batch 1 with
    /// Equivocation, and the exit opens once no bundle has been accepted for the delay.
    /// </summary>
    [Fact]
    public void Equivocation_evidence_stops_the_escrow_as_it_stops_VenueVerifier()
    {
        var w = new EscrowWorld();
        var rng = new Random(31);
        var venue = w.NewVenue();
        var b0 = w.Bundle(rng, w.Genesis, 0);
        var fork = w.Bundle(rng, w.Genesis, 0);
        var b1 = w.Bundle(rng, b0.Statement.NewRoot, 1);
        Assert.True(venue.Accept(b0.ToBytes()).Accepted);
        var (dA, dB) = (b0.Statement.BatchDigest(), fork.Statement.BatchDigest());
        var real = new EquivocationEvidence(2, w.ConfigHash, 0, w.Genesis, dA, b0.VenueSignatures[2], dB, fork.VenueSignatures[2]);
        var otherBatch = w.Bundle(rng, w.Genesis, 1);
        var infinity = new byte[96];
        infinity[0] = 0xc0;
        var evidence = new (string Label, EquivocationEvidence Evidence)[]
        {
            ("equal digests", real with { DigestB = dA, SignatureB = b0.VenueSignatures[2] }),
            ("another venue's index", real with { Venue = 1 }),
            ("another deployment", real with { ConfigHash = Fr.Random(rng) }),
            ("signature B over another batch", real with { DigestB = otherBatch.Statement.BatchDigest(), SignatureB = otherBatch.VenueSignatures[2] }),
            ("signature B at infinity", real with { SignatureB = infinity }),
            ("the venues' signatures of both digests", real),
        };
        var calls = new List<Evm.Call> { EscrowWorld.Accept(b0.ToBytes()) };
        calls.AddRange(evidence.Select(e => new Evm.Call("Escrow", EscrowCalldata.ReportEquivocation(e.Evidence), Static: false, BlockNumber: 1)));
        calls.Add(EscrowWorld.Accept(b1.ToBytes(), block: 2));
        calls.Add(ClaimCall(new ExitClaim(5, Fr.One, 0, new long[6], [default, default], [.. Enumerable.Repeat(Fr.Zero, 3 * EscrowWorld.Depth)], Fr.Zero), 1 + ExitDelay));
        var r = Evm.Run(w.Sources(), EscrowWorld.Deploy(ExitDelay), calls, Evm.Bls.Mcl);
        Assert.Empty(r.Warnings);
        Assert.True(r.Calls[0].Success, r.Calls[0].ToString());
        for (int i = 0; i < evidence.Length; i++)
        {
            var (label, e) = evidence[i];
            bool adopted = venue.ReportEquivocation(e);
            var c = r.Calls[1 + i];
            Assert.True(adopted == c.Success, $"{label}: VenueVerifier {(adopted ? "adopts" : "refuses")} it; contract {c}");
            if (!adopted) Assert.Equal(EscrowWorld.Error("EvidenceInvalid"), c.ReturnData);
        }
        Assert.Equal(VenueError.Equivocation, venue.Accept(b1.ToBytes()).Reason);
        var after = r.Calls[1 + evidence.Length];
        Assert.True(!after.Success && after.ReturnData.AsSpan().SequenceEqual(EscrowWorld.Error("Equivocation")), after.ToString());
        // The exit opens (the claim gets past ExitNotOpen to the root check).
        Assert.Equal(EscrowWorld.Error("ExitRootMismatch"), r.Calls[^1].ReturnData);
        output.WriteLine($"reportEquivocation: execution {r.Calls[evidence.Length].ExecutionGas}, transaction {r.Calls[evidence.Length].TxGas}");
    }

    /// <summary>
    /// acceptBundle for the demo deployment's case of issue 18: 3 venues, a price tick signed by all 5 oracle members
    /// (each reporting both assets), a risk update signed by all 3 risk members; VenueVerifier accepts it too.
    /// </summary>
    [Fact]
    public void The_gas_of_a_bundle_with_a_price_tick_and_a_risk_update()
    {
        var w = new EscrowWorld();
        var rng = new Random(27);
        var tick = w.Tick(rng, [0, 1, 2, 3, 4], 1_700_000_000_000, everyAsset: true);
        var bundle = w.Bundle(rng, w.Genesis, 0, tick: tick, risk: w.Risk(rng, [0, 1, 2], 1)).ToBytes();
        Assert.True(w.NewVenue().Accept(bundle).Accepted);
        var r = Evm.Run(w.Sources(), EscrowWorld.Deploy(ExitDelay), [EscrowWorld.Accept(bundle) with { StorageGas = true }], Evm.Bls.Mcl);
        Assert.Empty(r.Warnings);
        var c = r.Calls[0];
        Assert.True(c.Success, c.ToString());
        output.WriteLine($"acceptBundle (V=3, tick by 5 members with 10 reports, risk update by 3 members): execution {c.ExecutionGas}, calldata {c.CalldataGas}, transaction {c.TxGas}; {Split(c)}");
    }

    private static string Split(Evm.CallResult c) =>
        string.Join(", ", c.PrecompileGas.Concat(c.StorageGas ?? new Dictionary<string, long>()).Select(p => $"{p.Key} {p.Value}"));

    private static Evm.Call ClaimCall(ExitClaim claim, long block) => new("Escrow", EscrowCalldata.ClaimExit(claim), Static: false, BlockNumber: block);
}
