using Settlement.Circuits;
using Settlement.Circuits.Frontend;
using Settlement.Prover.Groth16;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Poseidon.Merkle;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Tests.Venue;

/// <summary>
/// The venue's acceptance path end to end on real signatures and a real Groth16 proof. The circuit here only binds
/// its public input (the statement hash) — the settlement circuit has its own tests; this class tests that a venue
/// runs every check of docs/spec.md §8.3 and names the one that fails.
/// </summary>
public class VenueVerifierTests
{
    private sealed class Deployment
    {
        public readonly SecretKey[] Venues = Keys("venue", 3), Oracles = Keys("oracle", 5), Risk = Keys("risk", 3);
        public readonly SettlementConfig Config;
        public readonly Fr ConfigHash;
        public readonly Fr Genesis;
        public readonly SparseMerkleTree Tree = new(4);
        public readonly Fr EpochHash = Fr.FromUInt64(77);
        public readonly long[] Balances = [500, 0, -20, 7, 0, 1];
        public readonly PositionSlot[] Slots = [new(0, 0, 0), new(2, 1, -300)];
        public readonly StatementProver Prover = new();

        public Deployment()
        {
            Tree.Set(5, AccountLeaf.Hash(5, 3, Fr.FromUInt64(99), Balances, Slots));
            Config = MakeConfig(Venues, Oracles, Risk);
            ConfigHash = Config.Hash();
            Genesis = Config.GenesisRoot();
        }

        static SecretKey[] Keys(string role, int n) =>
            Enumerable.Range(0, n).Select(i => SecretKey.KeyGen(System.Text.Encoding.ASCII.GetBytes($"test {role} key number {i}, 32+ bytes of seed"))).ToArray();

        public VenueTrust Trust => VenueTrust.FromConfig(Config, Prover.VerifyingKey);

        /// <summary>V = 3, C = 2, NI = 3, D = 4, 2 position slots, oracle 3 of 5, risk 2 of 3: the sizes the bundles below use.</summary>
        private static SettlementConfig MakeConfig(SecretKey[] venues, SecretKey[] oracles, SecretKey[] risk) => new(
            42, 4, 2, 2,
            [.. venues.Select((k, i) => new VenueConfig($"venue{i}", 1000, RegisteredKey.Of(k)))],
            [new AssetConfig("USDC", 6, 0, 1_000_000), new AssetConfig("ETH", 9, 1_000_000, 20_000_000)],
            [new InstrumentConfig("ETH-PERP", InstrumentKind.Perpetual, 1, 0, 0, 0),
             new InstrumentConfig("ETH-C", InstrumentKind.Call, 1, 0, 3000L * 100_000_000, 1_900_000_000_000),
             new InstrumentConfig("ETH-P", InstrumentKind.Put, 1, 0, 3000L * 100_000_000, 1_900_000_000_000)],
            new CommitteeConfig([.. oracles.Select(RegisteredKey.Of)], 3), 5_000,
            new CommitteeConfig([.. risk.Select(RegisteredKey.Of)], 2),
            new MarginConfig(30_000, 20_000, 240_000, 100, 500_000, 500_000, 100_000, 50_000, 100_000, 50_000, [new ScenarioPoint(0, 100)]));

        public byte[] Prove(Statement s) => Prover.Prove(s);

        /// <summary>A well-formed, fully signed and proven bundle; <paramref name="edit"/> may change parts before signing and proving.</summary>
        public SettlementBundle Bundle(Fr oldRoot, ulong batch, Func<Statement, Statement>? edit = null, bool signOracle = true, ulong tickTime = 1_000)
        {
            const int v = 3, c = 2;
            var tick = new OracleTick(tickTime, [
                new SignerReports(0, [new OracleReport(0, 100, 990), new OracleReport(1, 3000, 995)]),
                new SignerReports(1, [new OracleReport(0, 101, 991)]),
                new SignerReports(3, [new OracleReport(0, 99, 992), new OracleReport(1, 3001, 993)])], []);
            var sigs = tick.Signers.Select(sr => PopScheme.Sign(Oracles[sr.Signer], OracleTick.Message(ConfigHash, sr.Signer, sr.Reports))).ToArray();
            tick = tick with { AggregateSignature = PopScheme.Aggregate(sigs).ToBytes() };
            var risk = new RiskParameters(1, [3_000_000, 4_000_000], [new(3000, 100_000_000, 0), new(50, 40_000_000, 12), new(20, -60_000_000, 12)], [0, 2], []);
            var rc = risk.Commitment();
            risk = risk with { AggregateSignature = PopScheme.Aggregate([.. risk.Signers.Select(j => PopScheme.Sign(Risk[j], RiskParameters.Message(ConfigHash, 1, rc)))]).ToBytes() };
            var outputs = Enumerable.Range(0, v).Select(i =>
            {
                var fo = new UInt128[v * c]; var fi = new UInt128[v * c];
                if (i == 0) fo[1 * c + 0] = 250; if (i == 1) fi[0 * c + 0] = 250;
                return new VenueOutputs(4, 5, 0, i == 2 ? 1UL : 0, i == 2 ? [new WithdrawalOutput(0, 5, 1, 3)] : [], fo, fi);
            }).ToArray();
            var ops = new[] { Fr.FromUInt64(11), Fr.FromUInt64(12), Fr.Zero };
            var s = new Statement(ConfigHash, 1, batch, oldRoot, Fr.FromUInt64(1000 + batch), tick.Commitment(), rc, ops,
                Enumerable.Range(0, v).Select(i => outputs[i].Commitment(i, batch)).ToArray(), 0);
            if (edit is not null) s = edit(s);
            var venueSigs = Venues.Select(k => PopScheme.Sign(k, SignedMessages.BatchDigest(s)).ToBytes()).ToArray();
            return new SettlementBundle(c, 3, 5, 3, s, Prove(s), signOracle ? tick : null, risk, venueSigs, outputs);
        }
    }

    private static readonly Lazy<Deployment> Shared = new(() => new Deployment());

    [Fact]
    public void A_valid_bundle_is_accepted_once_and_the_next_batch_chains()
    {
        var d = Shared.Value;
        var store = new MemoryRootStore();
        var venue = new VenueVerifier(d.Trust, 2, store);
        var b1 = d.Bundle(d.Genesis, 0);
        var verdict = venue.Accept(b1.ToBytes());
        Assert.True(verdict.Accepted, verdict.Message);
        Assert.Equal(b1.Statement.NewRoot, venue.LastAcceptedRoot);
        Assert.Single(verdict.Outputs.Withdrawals);
        var replay = venue.Accept(b1);
        Assert.Equal(VenueError.UnexpectedOldRoot, replay.Reason);
        Assert.Equal(b1.Statement.NewRoot, verdict.NewRoot);
        Assert.Equal(0UL, verdict.BatchIndex);
        // A rejection carries no root, index or outputs, only the reason.
        Assert.Null(replay.NewRoot);
        Assert.Null(replay.BatchIndex);
        Assert.Null(replay.Outputs);
        var b2 = d.Bundle(b1.Statement.NewRoot, 1);
        Assert.True(venue.Accept(b2).Accepted);
        // A bundle that skips a batch index is not the next one either.
        var skip = d.Bundle(b2.Statement.NewRoot, 5);
        Assert.Equal(VenueError.UnexpectedOldRoot, venue.Accept(skip).Reason);
    }

    [Fact]
    public void A_bundle_of_a_deployment_with_other_account_registers_is_refused()
    {
        // MaxAccounts fixes the circuit, so it is in the configHash: a venue running 2 registers refuses a bundle of the
        // deployment with the default 2·MaxOps = 4, whatever else the two configurations share.
        var d = Shared.Value;
        var two = d.Config with { MaxAccounts = 2 };
        Assert.Equal(4, d.Config.MaxAccounts);
        Assert.NotEqual(d.ConfigHash, two.Hash());
        var venue = new VenueVerifier(VenueTrust.FromConfig(two, d.Prover.VerifyingKey), 0, new MemoryRootStore());
        var verdict = venue.Check(d.Bundle(d.Genesis, 0));
        Assert.Equal(VenueError.ConfigMismatch, verdict.Reason);
        Assert.True(new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Check(d.Bundle(d.Genesis, 0)).Accepted);
    }

    [Fact]
    public void Each_failed_check_is_named()
    {
        var d = Shared.Value;
        VenueVerdict Check(SettlementBundle b, int self = 0) => new VenueVerifier(d.Trust, self, new MemoryRootStore()).Check(b);
        var good = d.Bundle(d.Genesis, 0);
        Assert.True(Check(good).Accepted);

        Assert.Equal(VenueError.ConfigMismatch, Check(d.Bundle(d.Genesis, 0, s => s with { ConfigHash = Fr.One })).Reason);
        Assert.Equal(VenueError.UnexpectedOldRoot, Check(d.Bundle(Fr.FromUInt64(5), 0)).Reason);

        // The proof is for another statement.
        var otherProof = d.Bundle(d.Genesis, 0, s => s with { HaltedMask = 1 }).Proof;
        Assert.Equal(VenueError.ProofInvalid, Check(good with { Proof = otherProof }).Reason);
        // A changed new root is not covered by the proof.
        Assert.Equal(VenueError.ProofInvalid, Check(good with { Statement = good.Statement with { NewRoot = Fr.FromUInt64(1) } }).Reason);

        // Oracle: a changed price, a dropped signer, a signature from the wrong member, fewer than quorum.
        var o = good.Oracle!;
        var changedPrice = o with { Signers = [o.Signers[0] with { Reports = [new OracleReport(0, 100, 990), new OracleReport(1, 3999, 995)] }, o.Signers[1], o.Signers[2]] };
        Assert.Equal(VenueError.OracleCommitmentMismatch, Check(good with { Oracle = changedPrice }).Reason);
        var reSigned = d.Bundle(d.Genesis, 0, s => s with { OracleCommitment = changedPrice.Commitment() });
        Assert.Equal(VenueError.OracleSignatureInvalid, Check(reSigned with { Oracle = changedPrice with { AggregateSignature = o.AggregateSignature } }).Reason);
        var two = o with { Signers = [o.Signers[0], o.Signers[1]] };
        var withTwo = d.Bundle(d.Genesis, 0, s => s with { OracleCommitment = two.Commitment() });
        Assert.Equal(VenueError.QuorumNotMet, Check(withTwo with { Oracle = two }).Reason);
        Assert.Equal(VenueError.OracleCommitmentMismatch, Check(good with { Oracle = null }).Reason);

        // Risk: parameters changed after signing; signature over other parameters.
        var r = good.Risk!;
        Assert.Equal(VenueError.RiskCommitmentMismatch, Check(good with { Risk = r with { Sigmas = [3_000_001, 4_000_000] } }).Reason);
        Assert.Equal(VenueError.RiskSignatureInvalid, Check(good with { Risk = r with { AggregateSignature = good.VenueSignatures[0] } }).Reason);
        Assert.Equal(VenueError.QuorumNotMet, Check(good with { Risk = r with { Signers = [0] } }).Reason);

        // Venue signatures: swapped between venues.
        var swapped = good with { VenueSignatures = [good.VenueSignatures[1], good.VenueSignatures[0], good.VenueSignatures[2]] };
        var v = Check(swapped);
        Assert.Equal(VenueError.VenueSignatureInvalid, v.Reason);
        Assert.Contains("venue 0", v.Message);

        // Outputs: a venue's withdrawal list differs from what the statement commits to.
        var outs = good.Outputs.ToArray();
        outs[2] = outs[2] with { Withdrawals = [new WithdrawalOutput(0, 5, 1, 4)] };
        Assert.Equal(VenueError.OutputsMismatch, Check(good with { Outputs = outs }, self: 2).Reason);
        Assert.True(Check(good with { Outputs = outs }, self: 0).Accepted); // venue 0 checks only its own outputs

        // Bytes that are not a bundle.
        Assert.Equal(VenueError.Malformed, new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Accept(good.ToBytes().AsSpan(0, 100)).Reason);
    }

    [Fact]
    public void When_several_checks_fail_the_first_in_order_is_named()
    {
        // The pairing equations are verified together at the end; a refusal still names the check that comes first.
        var d = Shared.Value;
        VenueVerdict Check(SettlementBundle b) => new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Check(b);
        var good = d.Bundle(d.Genesis, 0);
        var (o, r) = (good.Oracle!, good.Risk!);
        var badOracle = o with { AggregateSignature = r.AggregateSignature };
        var badRisk = r with { AggregateSignature = good.VenueSignatures[0] };
        var swapped = (byte[][])[good.VenueSignatures[1], good.VenueSignatures[0], good.VenueSignatures[2]];
        var otherProof = d.Bundle(d.Genesis, 0, s => s with { HaltedMask = 1 }).Proof;

        // A failed pairing before a failed hash or decoding check.
        Assert.Equal(VenueError.OracleSignatureInvalid, Check(good with { Oracle = badOracle, Risk = r with { Sigmas = [3_000_001, 4_000_000] } }).Reason);
        var v = Check(good with { VenueSignatures = swapped, Proof = new byte[good.Proof.Length] });
        Assert.Equal(VenueError.VenueSignatureInvalid, v.Reason);
        Assert.Contains("venue 0", v.Message);
        // Several failed pairings: the first of them.
        Assert.Equal(VenueError.OracleSignatureInvalid, Check(good with { Oracle = badOracle, Risk = badRisk, VenueSignatures = swapped, Proof = otherProof }).Reason);
        Assert.Equal(VenueError.RiskSignatureInvalid, Check(good with { Risk = badRisk, VenueSignatures = swapped, Proof = otherProof }).Reason);
        Assert.Equal(VenueError.VenueSignatureInvalid, Check(good with { VenueSignatures = swapped, Proof = otherProof }).Reason);
        Assert.Equal(VenueError.ProofInvalid, Check(good with { Proof = otherProof }).Reason);
        // A failed decoding after passing pairings is named as such.
        Assert.Equal(VenueError.ProofInvalid, Check(good with { Proof = new byte[good.Proof.Length] }).Reason);
        Assert.True(Check(good).Accepted);
    }

    [Fact]
    public void One_false_equation_in_a_decoded_bundle_is_named()
    {
        // From bytes, so the points the decoder checked are the ones verified; each bundle holds exactly one false equation.
        var d = Shared.Value;
        VenueVerdict Accept(SettlementBundle b) => new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Accept(b.ToBytes());
        var good = d.Bundle(d.Genesis, 0);
        Assert.True(Accept(good).Accepted);
        var (o, r) = (good.Oracle!, good.Risk!);
        var otherProof = d.Bundle(d.Genesis, 0, s => s with { HaltedMask = 1 }).Proof;
        Assert.Equal(VenueError.ProofInvalid, Accept(good with { Proof = otherProof }).Reason);
        Assert.Equal(VenueError.OracleSignatureInvalid, Accept(good with { Oracle = o with { AggregateSignature = r.AggregateSignature } }).Reason);
        Assert.Equal(VenueError.RiskSignatureInvalid, Accept(good with { Risk = r with { AggregateSignature = o.AggregateSignature } }).Reason);
        var v = Accept(good with { VenueSignatures = [good.VenueSignatures[0], good.VenueSignatures[2], good.VenueSignatures[2]] });
        Assert.Equal(VenueError.VenueSignatureInvalid, v.Reason);
        Assert.Contains("venue 1", v.Message);
    }

    [Fact]
    public void A_decoded_bundle_changed_after_decoding_is_checked_as_changed()
    {
        // Check reuses the points the decoder checked only while their bytes are unchanged.
        var d = Shared.Value;
        VenueVerdict Check(SettlementBundle b) => new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Check(b);
        var good = d.Bundle(d.Genesis, 0);
        var otherProof = d.Bundle(d.Genesis, 0, s => s with { HaltedMask = 1 }).Proof;
        Assert.True(Check(SettlementBundle.FromBytes(good.ToBytes())).Accepted);
        Assert.Equal(VenueError.ProofInvalid, Check(SettlementBundle.FromBytes(good.ToBytes()) with { Proof = otherProof }).Reason);
        var decoded = SettlementBundle.FromBytes(good.ToBytes());
        otherProof.CopyTo(decoded.Proof, 0); // written in place
        Assert.Equal(VenueError.ProofInvalid, Check(decoded).Reason);
        decoded = SettlementBundle.FromBytes(good.ToBytes());
        good.VenueSignatures[1].CopyTo(decoded.VenueSignatures[0], 0);
        var v = Check(decoded);
        Assert.Equal(VenueError.VenueSignatureInvalid, v.Reason);
        Assert.Contains("venue 0", v.Message);
    }

    /// <summary>Returns the same 16 bytes for every weight: every weight but the Groth16 equation's (1) is then that constant.</summary>
    private sealed class ConstantWeights(UInt128 weight) : System.Security.Cryptography.RandomNumberGenerator
    {
        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());
        public override void GetBytes(Span<byte> data)
        {
            for (int i = 0; i + 16 <= data.Length; i += 16) System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(data[i..], weight);
        }
    }

    [Fact]
    public void Two_false_equations_that_cancel_under_constant_weights_are_refused()
    {
        // σ + Δ in one equation and σ' − Δ in another: each false, but under equal weights the errors e(−g1, Δ) and
        // e(−g1, −Δ) cancel. A constant weight source lets such a bundle through; the verifier's random weights do not.
        var d = Shared.Value;
        var good = d.Bundle(d.Genesis, 0);
        var delta = G2Jacobian.Generator * Fr.FromUInt64(987654321);
        static byte[] Shift(byte[] signature, in G2Jacobian by) => G2Encoding.Compress((Signature.FromBytes(signature).Point.ToJacobian() + by).ToAffine());
        var venues = good with { VenueSignatures = [Shift(good.VenueSignatures[0], delta), Shift(good.VenueSignatures[1], -delta), good.VenueSignatures[2]] };
        var committees = good with
        {
            Oracle = good.Oracle! with { AggregateSignature = Shift(good.Oracle!.AggregateSignature, delta) },
            Risk = good.Risk! with { AggregateSignature = Shift(good.Risk!.AggregateSignature, -delta) },
        };
        foreach (var (forged, reason, named) in new[] { (venues, VenueError.VenueSignatureInvalid, "venue 0"), (committees, VenueError.OracleSignatureInvalid, "oracle") })
        {
            var bytes = forged.ToBytes();
            Assert.True(new VenueVerifier(d.Trust, 0, new MemoryRootStore(), new ConstantWeights(UInt128.MaxValue - 12345)).Check(SettlementBundle.FromBytes(bytes)).Accepted);
            for (int i = 0; i < 3; i++)
            {
                var v = new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Accept(bytes);
                Assert.Equal(reason, v.Reason);
                Assert.Contains(named, v.Message);
            }
        }
    }

    [Fact]
    public void One_forged_member_signature_inside_an_aggregate_is_named()
    {
        // Keys enter the batch through their tables of multiples, and the risk aggregate as one term per member: a
        // share signed by the wrong member (or over the wrong message) still fails its own check, and only that one.
        var d = Shared.Value;
        VenueVerdict Accept(SettlementBundle b) => new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Accept(b.ToBytes());
        var good = d.Bundle(d.Genesis, 0);
        var (o, r) = (good.Oracle!, good.Risk!);
        // Oracle member 1's share made with member 2's key over member 1's message.
        var shares = o.Signers.Select(sr => PopScheme.Sign(d.Oracles[sr.Signer == 1 ? 2 : sr.Signer], OracleTick.Message(d.ConfigHash, sr.Signer, sr.Reports))).ToArray();
        Assert.Equal(VenueError.OracleSignatureInvalid, Accept(good with { Oracle = o with { AggregateSignature = PopScheme.Aggregate(shares).ToBytes() } }).Reason);
        // Risk member 2's share made with member 1's key; then member 2's share over another epoch.
        var message = RiskParameters.Message(d.ConfigHash, r.Epoch, r.Commitment());
        var wrongKey = PopScheme.Aggregate([PopScheme.Sign(d.Risk[0], message), PopScheme.Sign(d.Risk[1], message)]);
        Assert.Equal(VenueError.RiskSignatureInvalid, Accept(good with { Risk = r with { AggregateSignature = wrongKey.ToBytes() } }).Reason);
        var wrongMessage = PopScheme.Aggregate([PopScheme.Sign(d.Risk[0], message), PopScheme.Sign(d.Risk[2], RiskParameters.Message(d.ConfigHash, r.Epoch + 1, r.Commitment()))]);
        Assert.Equal(VenueError.RiskSignatureInvalid, Accept(good with { Risk = r with { AggregateSignature = wrongMessage.ToBytes() } }).Reason);
        // One venue's signature by another venue's key.
        var v = Accept(good with { VenueSignatures = [good.VenueSignatures[0], good.VenueSignatures[1], PopScheme.Sign(d.Venues[0], SignedMessages.BatchDigest(good.Statement)).ToBytes()] });
        Assert.Equal(VenueError.VenueSignatureInvalid, v.Reason);
        Assert.Contains("venue 2", v.Message);
        Assert.True(Accept(good).Accepted);
    }

    [Fact]
    public void Forgeries_that_cancel_between_a_venue_signature_and_the_risk_aggregate_are_refused()
    {
        // The risk aggregate and a venue signature share the −g1 side: +Δ in one and −Δ in the other cancel under equal weights.
        var d = Shared.Value;
        var good = d.Bundle(d.Genesis, 0);
        var delta = G2Jacobian.Generator * Fr.FromUInt64(55555);
        static byte[] Shift(byte[] signature, in G2Jacobian by) => G2Encoding.Compress((Signature.FromBytes(signature).Point.ToJacobian() + by).ToAffine());
        var forged = (good with
        {
            Risk = good.Risk! with { AggregateSignature = Shift(good.Risk!.AggregateSignature, delta) },
            VenueSignatures = [good.VenueSignatures[0], Shift(good.VenueSignatures[1], -delta), good.VenueSignatures[2]],
        }).ToBytes();
        Assert.True(new VenueVerifier(d.Trust, 0, new MemoryRootStore(), new ConstantWeights(UInt128.MaxValue - 777)).Check(SettlementBundle.FromBytes(forged)).Accepted);
        for (int i = 0; i < 3; i++)
            Assert.Equal(VenueError.RiskSignatureInvalid, new VenueVerifier(d.Trust, 0, new MemoryRootStore()).Accept(forged).Reason);
    }

    [Fact]
    public void File_root_store_survives_restart_and_refuses_garbage()
    {
        var d = Shared.Value;
        var dir = Directory.CreateTempSubdirectory();
        var path = Path.Combine(dir.FullName, "venue-1.root");
        var b = d.Bundle(d.Genesis, 0);
        Assert.True(new VenueVerifier(d.Trust, 1, new FileRootStore(path)).Accept(b).Accepted);
        var restarted = new VenueVerifier(d.Trust, 1, new FileRootStore(path));
        Assert.Equal(b.Statement.NewRoot, restarted.LastAcceptedRoot);
        Assert.Equal(VenueError.UnexpectedOldRoot, restarted.Accept(b).Reason);

        // A history line torn by a crash is cut off at the next acceptance, and the history still serves its purpose.
        File.AppendAllText(path + ".history", "1 0x12ab");
        var b1 = d.Bundle(b.Statement.NewRoot, 1);
        Assert.True(restarted.Accept(b1).Accepted);
        Assert.Equal(2, File.ReadAllLines(path + ".history").Length);
        Assert.All(File.ReadAllLines(path + ".history"), l => Assert.Equal(4 + 3, l.Split(' ').Length));
        Assert.Equal(VenueError.Equivocation, restarted.Accept(d.Bundle(b.Statement.NewRoot, 1, tickTime: 999)).Reason);
        Assert.Equal(VenueError.Equivocation, new VenueVerifier(d.Trust, 1, new FileRootStore(path)).Accept(d.Bundle(b1.Statement.NewRoot, 2)).Reason);

        File.WriteAllText(path, "not a root");
        Assert.Throws<InvalidDataException>(() => new FileRootStore(path).Load());
    }

    [Fact]
    public void Two_digests_signed_for_one_batch_are_kept_as_evidence_and_stop_the_venue()
    {
        var d = Shared.Value;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "venue-0.root");
        // One batch twice, the tick re-timed (the oracle signs reports, not T): two digests, each signed by every venue key.
        var a = d.Bundle(d.Genesis, 0);
        var b = d.Bundle(d.Genesis, 0, tickTime: 1_001);
        Assert.NotEqual(a.Statement.BatchDigest(), b.Statement.BatchDigest());
        var venue0 = new VenueVerifier(d.Trust, 0, new FileRootStore(path));
        var venue1 = new VenueVerifier(d.Trust, 1, new MemoryRootStore());
        Assert.True(venue0.Accept(a).Accepted);
        Assert.True(venue1.Accept(b).Accepted); // alone, each is a valid bundle

        // Venue 0 is shown the other bundle: it keeps the pair, says why, and the pair verifies for anyone with the trust.
        var shown = venue0.Accept(b);
        Assert.Equal(VenueError.Equivocation, shown.Reason);
        Assert.Contains("venue 0's key signed two batch digests for batch 0", shown.Message);
        var e = shown.Evidence!;
        Assert.Equal((0, 0UL, d.Genesis, a.Statement.BatchDigest(), b.Statement.BatchDigest()), (e.Venue, e.BatchIndex, e.OldRoot, e.DigestA, e.DigestB));
        Assert.True(e.Verifies(d.Trust));
        Assert.False((e with { DigestB = e.DigestA }).Verifies(d.Trust));
        Assert.False((e with { SignatureB = e.SignatureA }).Verifies(d.Trust));
        Assert.False((e with { Venue = 1 }).Verifies(d.Trust));
        Assert.False((e with { BatchIndex = 1 }).Verifies(d.Trust));
        Assert.False(e.Verifies(VenueTrust.FromConfig(d.Config with { DeploymentId = 43 }, d.Prover.VerifyingKey))); // another deployment

        // Durable: after a restart the venue still holds it and refuses even the bundle that would chain on its root.
        var restarted = new VenueVerifier(d.Trust, 0, new FileRootStore(path));
        Assert.Equal(e, restarted.Evidence);
        var next = restarted.Accept(d.Bundle(a.Statement.NewRoot, 1));
        Assert.Equal(VenueError.Equivocation, next.Reason);
        Assert.Equal(e, next.Evidence);
        Assert.Equal(a.Statement.NewRoot, restarted.LastAcceptedRoot);

        // Shown to venue 1 as text, it verifies there and stops venue 1 as well; forged evidence does not.
        Assert.False(venue1.ReportEquivocation(e with { SignatureA = e.SignatureB }));
        var b1 = d.Bundle(b.Statement.NewRoot, 1);
        Assert.True(venue1.Accept(b1).Accepted);
        Assert.True(venue1.ReportEquivocation(EquivocationEvidence.Parse(e.ToText())));
        Assert.Equal(VenueError.Equivocation, venue1.Accept(d.Bundle(b1.Statement.NewRoot, 2)).Reason);
    }

    [Fact]
    public void A_replay_or_a_conflicting_bundle_the_venues_did_not_sign_is_no_evidence()
    {
        var d = Shared.Value;
        var venue = new VenueVerifier(d.Trust, 2, new MemoryRootStore());
        var a = d.Bundle(d.Genesis, 0);
        Assert.True(venue.Accept(a).Accepted);
        Assert.Equal(VenueError.UnexpectedOldRoot, venue.Accept(a).Reason);
        // Another digest for the same batch carrying the signatures over the first: the venues did not sign it.
        var b = d.Bundle(d.Genesis, 0, tickTime: 1_001) with { VenueSignatures = a.VenueSignatures };
        var v = venue.Accept(b);
        Assert.Equal(VenueError.UnexpectedOldRoot, v.Reason);
        Assert.Null(v.Evidence);
        Assert.Null(venue.Evidence);
        // Checked on its own, that bundle fails on the signatures over its digest.
        Assert.Equal(VenueError.VenueSignatureInvalid, new VenueVerifier(d.Trust, 2, new MemoryRootStore()).Check(b).Reason);
    }

    [Fact]
    public void Exit_claims_open_the_last_accepted_root()
    {
        var d = Shared.Value;
        var store = new MemoryRootStore(AccountLeaf.StateRoot(d.Tree.Root, d.EpochHash), 0); // as if batch 0 had produced this state
        var venue = new VenueVerifier(d.Trust, 1, store);
        var path = d.Tree.Path(5);
        var claim = new ExitClaim(5, Fr.FromUInt64(99), 3, d.Balances, d.Slots, path.Siblings, d.EpochHash);
        var ok = venue.VerifyExitClaim(claim);
        Assert.True(ok.Valid, ok.Message);
        Assert.Equal([-20L, 7L], ok.Balances);
        Assert.False(ok.Payable); // an open position and a debt: proves state, pays nothing in exit mode
        Assert.False(venue.VerifyExitClaim(claim with { Balances = [500, 0, -20, 8, 0, 1] }).Valid);
        Assert.False(venue.VerifyExitClaim(claim with { Nonce = 4 }).Valid);
        Assert.False(venue.VerifyExitClaim(claim with { AccountId = 4 }).Valid);
        Assert.False(venue.VerifyExitClaim(claim with { Siblings = path.Siblings.Reverse().ToArray() }).Valid);
        Assert.False(venue.VerifyExitClaim(claim with { Siblings = path.Siblings.Take(3).ToArray() }).Valid);
    }

    /// <summary>
    /// docs/spec.md §9 on the arity-4 tree: accounts at each of the four child positions (ids 4·16 + 0..3, and 0x1B with
    /// positions 3, 2, 1, 0 from the leaf up) open the root; a wrong sibling anywhere, a path of the wrong length and an
    /// id with bits above 2D (the same path bits, a non-canonical index) are each refused, naming ExitRootMismatch.
    /// </summary>
    [Fact]
    public void Exit_claims_at_every_child_position_reject_any_wrong_sibling_and_malformed_paths()
    {
        var d = Shared.Value;
        var tree = new SparseMerkleTree(d.Config.TreeDepth);
        ulong[] ids = [64, 65, 66, 67, 0x1B];
        foreach (var id in ids) tree.Set(id, AccountLeaf.Hash(id, 3, Fr.FromUInt64(99), d.Balances, d.Slots));
        tree.Set(200, Fr.FromUInt64(12345));
        var venue = new VenueVerifier(d.Trust, 0, new MemoryRootStore(AccountLeaf.StateRoot(tree.Root, d.EpochHash), 0));
        foreach (var id in ids)
        {
            var path = tree.Path(id);
            Assert.Equal(3 * d.Config.TreeDepth, path.Siblings.Count);
            var claim = new ExitClaim(id, Fr.FromUInt64(99), 3, d.Balances, d.Slots, path.Siblings, d.EpochHash);
            var ok = venue.VerifyExitClaim(claim);
            Assert.True(ok.Valid, ok.Message);
            for (int k = 0; k < path.Siblings.Count; k++)
            {
                var sib = path.Siblings.ToArray(); sib[k] += Fr.One;
                var bad = venue.VerifyExitClaim(claim with { Siblings = sib });
                Assert.False(bad.Valid, $"account {id}, sibling {k}");
                Assert.StartsWith("ExitRootMismatch", bad.Message);
            }
            // The node moved to another position among the same siblings.
            for (ulong p = 1; p < 4; p++) Assert.False(venue.VerifyExitClaim(claim with { AccountId = id ^ p }).Valid);
            Assert.Contains("siblings", venue.VerifyExitClaim(claim with { Siblings = [.. path.Siblings, Fr.Zero, Fr.Zero, Fr.Zero] }).Message);
            Assert.Contains("siblings", venue.VerifyExitClaim(claim with { Siblings = [.. path.Siblings.Skip(1)] }).Message);
            Assert.Contains("beyond the tree", venue.VerifyExitClaim(claim with { AccountId = id + 256 }).Message);
        }
    }
}
