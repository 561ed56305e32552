using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Verifier.Tests.Bundles;

public class BundleCodecTests
{
    internal static SettlementBundle Sample(bool withOracle = true, bool withRisk = true)
    {
        var rng = new Random(5);
        Fr F() => Fr.Random(rng);
        byte[] G2Point(ulong k) => G2Encoding.Compress((G2Jacobian.Generator * Fr.FromUInt64(k)).ToAffine());
        var proof = new byte[192];
        G1Encoding.Compress((G1Jacobian.Generator * Fr.FromUInt64(3)).ToAffine()).CopyTo(proof, 0);
        G2Point(5).CopyTo(proof, 48);
        G1Encoding.Compress((G1Jacobian.Generator * Fr.FromUInt64(7)).ToAffine()).CopyTo(proof, 144);
        const int v = 3, c = 2, ni = 3;
        var statement = new Statement(F(), 4, 17, F(), F(), F(), F(), [F(), F(), F()], [F(), F(), F()], 2);
        var oracle = withOracle ? new OracleTick(1_700_000_000_000, [
            new SignerReports(0, [new OracleReport(0, 100_000_000, 1_699_999_999_000), new OracleReport(1, 3_000_00000000, 1_699_999_999_500)]),
            new SignerReports(2, [new OracleReport(1, 3_001_00000000, 1_699_999_999_700)]),
            new SignerReports(4, [new OracleReport(0, 99_990_000, 1_699_999_998_000)])], G2Point(11)) : null;
        var risk = withRisk ? new RiskParameters(4, [3_377_000, 5_000_000],
            [new InstrumentRisk(3_000_00000000, 100_000_000, 0), new InstrumentRisk(120_00000000, 50_000_000, -7), new InstrumentRisk(1, -40_000_000, long.MinValue)],
            [0, 1], G2Point(13)) : null;
        var outputs = new List<VenueOutputs>();
        for (int i = 0; i < v; i++)
        {
            var fo = new UInt128[v * c]; var fi = new UInt128[v * c];
            fo[1] = 5; fi[4] = (UInt128)1 << 70;
            outputs.Add(new VenueOutputs(10, 12, 3, 5, [new WithdrawalOutput(3, 42, 1, 1000), new WithdrawalOutput(4, 7, 0, ulong.MaxValue >> 1)], fo, fi));
        }
        return new SettlementBundle(c, ni, 5, 3, statement, proof, oracle, risk, [G2Point(17), G2Point(19), G2Point(23)], outputs);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Binary_and_json_round_trip(bool oracle, bool risk)
    {
        var b = Sample(oracle, risk);
        var bytes = b.ToBytes();
        var back = SettlementBundle.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(b.Statement.Hash(), back.Statement.Hash());
        var json = b.ToJson();
        var fromJson = SettlementBundle.FromJson(json);
        Assert.Equal(bytes, fromJson.ToBytes());
        Assert.Equal(json, fromJson.ToJson());
    }

    /// <summary>
    /// docs/spec.md §5.4: a withdrawal is one chain word, accountId + 2³²·asset + 2⁴⁸·amount + 2¹¹²·withdrawalId, each
    /// field at its type's full width, so a carry from one field can never pass for another (amount 2⁶⁴ − 1 and the next
    /// id, every field at its maximum).
    /// </summary>
    [Fact]
    public void A_withdrawal_is_one_injective_word_of_the_chain()
    {
        var w = new WithdrawalOutput(7, 3, 1, 500);
        Assert.Equal(Fr.FromBigInteger(3 + (1L << 32) + ((System.Numerics.BigInteger)500 << 48) + ((System.Numerics.BigInteger)7 << 112)),
            VenueOutputs.WithdrawalWord(w));
        var max = new WithdrawalOutput(ulong.MaxValue, uint.MaxValue, ushort.MaxValue, ulong.MaxValue);
        Assert.Equal(Fr.FromBigInteger((System.Numerics.BigInteger.One << 176) - 1), VenueOutputs.WithdrawalWord(max));
        var words = new[]
        {
            new WithdrawalOutput(1, 0, 0, ulong.MaxValue), new WithdrawalOutput(2, 0, 0, 0), new WithdrawalOutput(1, uint.MaxValue, ushort.MaxValue, 0),
            new WithdrawalOutput(1, 0, 1, 0), new WithdrawalOutput(1, uint.MaxValue, 0, 0), new WithdrawalOutput(1, 0, 0, 1),
        }.Select(VenueOutputs.WithdrawalWord).ToList();
        Assert.Equal(words.Count, words.Distinct().Count());
        // The chain hashes [wd, word]: one permutation per withdrawal.
        var outputs = new VenueOutputs(0, 0, 7, 8, [w], new UInt128[2], new UInt128[2]);
        var chain = Settlement.Verifier.Poseidon.Poseidon.Hash([Fr.Zero, VenueOutputs.WithdrawalWord(w)], HashDomain.Withdrawals);
        var e = new List<Fr> { Fr.FromUInt64(1), Fr.FromUInt64(9), Fr.Zero, Fr.Zero, Fr.FromUInt64(7), Fr.FromUInt64(8), chain };
        e.AddRange(Enumerable.Repeat(Fr.Zero, 4));
        Assert.Equal(Settlement.Verifier.Poseidon.Poseidon.Hash(e.ToArray(), HashDomain.Outputs), outputs.Commitment(1, 9));
    }

    [Fact]
    public void Every_truncation_and_any_extension_is_refused()
    {
        var bytes = Sample().ToBytes();
        // Every cut through the header, statement and proof; a stride through the rest (each decode checks curve points).
        for (int n = 0; n < bytes.Length; n += n < 700 ? 1 : 13)
            Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(bytes.AsSpan(0, n)));
        var longer = bytes.Concat(new byte[] { 0 }).ToArray();
        var e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(longer));
        Assert.Equal("end", e.Field);
    }

    [Fact]
    public void Single_byte_corruption_is_refused_or_changes_the_content()
    {
        var original = Sample();
        var bytes = original.ToBytes();
        var rng = new Random(9);
        for (int n = 0; n < 200; n++)
        {
            var x = (byte[])bytes.Clone();
            int at = rng.Next(x.Length);
            x[at] ^= (byte)(1 << rng.Next(8));
            try
            {
                var decoded = SettlementBundle.FromBytes(x);
                Assert.NotEqual(bytes, decoded.ToBytes()); // it decoded, so it must be a different, canonical bundle
                Assert.Equal(x, decoded.ToBytes());
            }
            catch (BundleFormatException) { }
        }
    }

    [Fact]
    public void Specific_errors_name_the_field()
    {
        var bytes = Sample().ToBytes();
        var x = (byte[])bytes.Clone(); x[0] = (byte)'X';
        Assert.Equal("magic", Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(x)).Field);
        x = (byte[])bytes.Clone(); x[5] = 3;
        Assert.Equal("version", Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(x)).Field);
        // configHash replaced by r itself: not canonical.
        x = (byte[])bytes.Clone();
        Fr.Modulus.ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(x, 16);
        Assert.Equal("statement.configHash", Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(x)).Field);
        // Proof point A with its compression flag cleared.
        int proofAt = 16 + 32 + 8 + 8 + 32 * 4 + 3 * 32 * 2 + 8;
        x = (byte[])bytes.Clone(); x[proofAt] &= 0x7F;
        Assert.Equal("proof.a", Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(x)).Field);
    }

    [Fact]
    public void Version_1_bundles_are_refused_saying_why()
    {
        var bytes = Sample().ToBytes();
        Assert.Equal(2, bytes[5]);
        bytes[5] = 1;
        var e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromBytes(bytes));
        Assert.Equal("version", e.Field);
        Assert.Contains("batch digest", e.Message);
        var json = Sample().ToJson();
        Assert.Contains("\"version\": 2,", json);
        e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("\"version\": 2,", "\"version\": 1,")));
        Assert.Equal("version", e.Field);
        Assert.Contains("batch digest", e.Message);
    }

    [Fact]
    public void Json_is_strict()
    {
        var json = Sample().ToJson();
        Assert.Contains("unknown property", Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("\"epoch\": 4,", "\"epoch\": 4, \"extra\": 1,"))).Message);
        Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("\"batchIndex\": 17", "\"batchIndex\": \"17\"")));
        Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("\"batchIndex\": 17", "\"batchIndex\": 17.0")));
        Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("\"batchIndex\": 17,", "")));
        Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json.Replace("0x", "0X")));
        Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json[..^5]));
    }

    [Fact]
    public void Json_values_beyond_a_binary_field_width_are_format_errors_not_overflows()
    {
        // Found by the fuzz smoke test: an assetId above 2^16 threw OverflowException from a checked cast.
        string json = Sample().ToJson();
        int at = json.IndexOf("\"assetId\": 1,", StringComparison.Ordinal);
        var e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json[..at] + "\"assetId\": 99991," + json[(at + "\"assetId\": 1,".Length)..]));
        Assert.Contains("assetId", e.Field);
        at = json.IndexOf("\"accountId\": 42", StringComparison.Ordinal);
        e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(json[..at] + "\"accountId\": 4294967296" + json[(at + "\"accountId\": 42".Length)..]));
        Assert.Contains("accountId", e.Field);
    }

    [Fact]
    public void Duplicate_json_keys_are_refused_naming_key_and_path()
    {
        string json = Sample().ToJson();
        int at = json.IndexOf("\"epoch\": 4,", StringComparison.Ordinal);
        string twice = json[..at] + "\"epoch\": 5, " + json[at..];
        var e = Assert.Throws<BundleFormatException>(() => SettlementBundle.FromJson(twice));
        Assert.Equal("$.statement.epoch", e.Field);
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void Commitments_follow_the_spec_layout()
    {
        var b = Sample();
        // The statement hash changes with every field.
        var s = b.Statement;
        Assert.NotEqual(s.Hash(), (s with { HaltedMask = 3 }).Hash());
        Assert.NotEqual(s.Hash(), (s with { Epoch = 5 }).Hash());
        Assert.NotEqual(b.Outputs[0].Commitment(0, 17), b.Outputs[0].Commitment(1, 17));
        Assert.NotEqual(b.Outputs[0].Commitment(0, 17), b.Outputs[0].Commitment(0, 18));
        var o = b.Oracle!;
        var reordered = o with { Signers = [o.Signers[1], o.Signers[0], o.Signers[2]] };
        Assert.NotEqual(o.Commitment(), reordered.Commitment());
        // Spec §5.3 by hand for a one-report tick.
        var tick = new OracleTick(9, [new SignerReports(2, [new OracleReport(1, 5, 7)])], []);
        var expected = Settlement.Verifier.Poseidon.Poseidon.Hash([Fr.FromUInt64(9), Fr.One, Fr.FromUInt64(1 + (2UL << 16) + (7UL << 32)), Fr.FromUInt64(5)], HashDomain.OracleCommitment);
        Assert.Equal(expected, tick.Commitment());
    }

    [Fact]
    public void The_batch_digest_and_the_message_venues_sign_follow_the_spec_layout()
    {
        var s = Sample().Statement;
        // Spec §5.6 by hand: ops commitments, oracle, risk, halted mask.
        var expected = Settlement.Verifier.Poseidon.Poseidon.Hash([.. s.OpsCommitments, s.OracleCommitment, s.RiskCommitment, Fr.FromUInt64(s.HaltedMask)],
            HashDomain.BatchDigest);
        Assert.Equal(expected, s.BatchDigest());
        // It covers every input of the transition, and nothing the transition computes.
        Assert.NotEqual(expected, (s with { OracleCommitment = s.OracleCommitment + Fr.One }).BatchDigest());
        Assert.NotEqual(expected, (s with { RiskCommitment = Fr.Zero }).BatchDigest());
        Assert.NotEqual(expected, (s with { HaltedMask = 0 }).BatchDigest());
        Assert.NotEqual(expected, (s with { OpsCommitments = [s.OpsCommitments[1], s.OpsCommitments[0], s.OpsCommitments[2]] }).BatchDigest());
        Assert.Equal(expected, (s with { NewRoot = Fr.One, OutputsCommitments = [Fr.One, Fr.One, Fr.One] }).BatchDigest());

        // Spec §6: tag (32, zero-padded) | configHash 32 | batchIndex u64 | oldRoot 32 | digest 32.
        var m = SignedMessages.BatchDigest(s);
        Assert.Equal(136, m.Length);
        Assert.Equal("SETTLEMENT-V2/BATCH-DIGEST", System.Text.Encoding.ASCII.GetString(m, 0, 32).TrimEnd('\0'));
        Assert.Equal(s.ConfigHash.ToBytesBE(), m[32..64]);
        Assert.Equal(17UL, System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(m.AsSpan(64)));
        Assert.Equal(s.OldRoot.ToBytesBE(), m[72..104]);
        Assert.Equal(expected.ToBytesBE(), m[104..136]);
    }
}
