using Settlement.Prover.Engine;
using Settlement.Prover.Tests.Engine;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Venue;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Venue;

/// <summary>
/// The rogue-key attack on FastAggregateVerify (issue 12 §2): a member who registers pk_rogue = x·G − pk_honest can
/// sign alone for {honest, rogue}, since the keys sum to x·G. Only a proof of possession stops it; every reader of
/// config.json (the engine, <see cref="VenueTrust"/>) checks one for every key.
/// </summary>
public class RogueKeyTests
{
    private static readonly SecretKey Attacker = SecretKeyOf(99);

    private static string Hex(byte[] b) => "0x" + Convert.ToHexString(b).ToLowerInvariant();

    /// <summary>x·G − pk: a valid G1 key (on the curve, in the subgroup) whose secret nobody knows.</summary>
    private static PublicKey Rogue(PublicKey honest) =>
        PublicKey.FromPoint((PopScheme.SkToPk(Attacker).Point.ToJacobian() - honest.Point.ToJacobian()).ToAffine());

    // Any well-formed key with one public input: the PoP check comes before the verifying key is used.
    private static readonly VerifyingKey Vk = new(G1Affine.Generator, G2Affine.Generator,
        (G2Jacobian.Generator * Fr.FromUInt64(2)).ToAffine(), (G2Jacobian.Generator * Fr.FromUInt64(3)).ToAffine(),
        [G1Affine.Generator, (G1Jacobian.Generator * Fr.FromUInt64(5)).ToAffine()]);

    [Fact]
    public void Without_the_check_a_rogue_risk_member_meets_the_quorum_alone()
    {
        // The risk committee is keys 6, 7, 8 with quorum 2; the rogue replaces member 2 and names honest member 0.
        var c = Config();
        var honest = PublicKey.FromBytes(c.RiskCommittee.Members[0].PublicKey);
        var rogue = Rogue(honest);
        var message = RiskParameters.Message(c.Hash(), 1, Fr.FromUInt64(12345));
        var forged = PopScheme.Sign(Attacker, message);   // made with x alone; member 0 never signed
        Assert.True(2 >= c.RiskCommittee.Quorum);
        Assert.True(PopScheme.FastAggregateVerify([honest, rogue], message, forged));
        // The honest pair does not verify the forgery: the attack is the rogue key, not a broken verifier.
        Assert.False(PopScheme.FastAggregateVerify([honest, PublicKey.FromBytes(c.RiskCommittee.Members[1].PublicKey)], message, forged));
    }

    public static TheoryData<string> ForgedPops => ["attacker's own", "honest member's", "absent"];

    [Theory]
    [MemberData(nameof(ForgedPops))]
    public void A_rogue_risk_key_is_refused_at_config_load_and_by_VenueTrust(string which)
    {
        var honest = PublicKey.FromBytes(Config().RiskCommittee.Members[0].PublicKey);
        string rogueHex = Hex(Rogue(honest).ToBytes());
        string json = Json().Replace(Key(8), rogueHex);
        json = which switch
        {
            "attacker's own" => json.Replace(Pop(8), Hex(PopScheme.PopProve(Attacker).ToBytes())),  // proves x·G, not x·G − pk
            "honest member's" => json.Replace(Pop(8), Pop(6)),
            _ => json.Replace($", \"pop\": \"{Pop(8)}\"", ""),
        };
        Assert.Contains(rogueHex, json);

        var e = Assert.Throws<ConfigException>(() => SettlementConfig.FromJson(json));
        Assert.Equal("$.riskCommittee.members[2].pop", e.Field);
        e = Assert.Throws<ConfigException>(() => VenueTrust.Load(json, Vk));
        Assert.Equal("$.riskCommittee.members[2].pop", e.Field);
        if (which != "absent") Assert.Contains("risk committee member 2", e.Message);
    }

    [Fact]
    public void A_rogue_key_in_a_config_built_in_code_is_refused_by_VenueTrust_and_the_engine()
    {
        var c = Config();
        var rogue = new RegisteredKey(Rogue(PublicKey.FromBytes(c.Oracle.Members[0].PublicKey)).ToBytes(), PopScheme.PopProve(Attacker).ToBytes());
        var bad = c with { Oracle = c.Oracle with { Members = [c.Oracle.Members[0], c.Oracle.Members[1], rogue] } };
        Assert.Equal("$.oracle.members[2].pop", Assert.Throws<ConfigException>(() => VenueTrust.FromConfig(bad, Vk)).Field);
        Assert.Equal("$.oracle.members[2].pop", Assert.Throws<ConfigException>(() => new BlsReportAuthenticator(bad)).Field);
        Assert.Equal("$.oracle.members[2].pop", Assert.Throws<ConfigException>(() => new SettlementEngine(bad, new TestAuthenticator())).Field);
    }

    [Fact]
    public void A_rogue_venue_key_is_refused_naming_the_venue()
    {
        var c = Config();
        var rogue = Rogue(PublicKey.FromBytes(c.Venues[0].PublicKey));
        string json = Json().Replace(Key(2), Hex(rogue.ToBytes())).Replace(Pop(2), Hex(PopScheme.PopProve(Attacker).ToBytes()));
        var e = Assert.Throws<ConfigException>(() => VenueTrust.Load(json, Vk));
        Assert.Equal("$.venues[1].pop", e.Field);
        Assert.Contains("venue 1 (slow)", e.Message);
    }

    [Fact]
    public void VenueTrust_load_derives_hash_and_genesis_and_checks_a_published_hash()
    {
        var c = Config();
        var trust = VenueTrust.Load(Json(), Vk);
        Assert.Equal(Commitments.ConfigHash(c), trust.ConfigHash);
        Assert.Equal(new SettlementState(c).Root, trust.GenesisRoot);
        Assert.Equal(c.RiskCommittee.Quorum, trust.RiskQuorum);
        Assert.Equal(c.V, trust.VenueKeys.Count);
        Assert.Equal(trust.ConfigHash, VenueTrust.Load(Json(), Vk, trust.ConfigHash).ConfigHash);
        Assert.Equal("configHash", Assert.Throws<ConfigException>(() => VenueTrust.Load(Json(), Vk, Fr.One)).Field);
        var twoInputs = new VerifyingKey(Vk.Alpha, Vk.Beta, Vk.Gamma, Vk.Delta, [Vk.IC[0], Vk.IC[1], Vk.IC[1]]);
        Assert.Equal("verifyingKey", Assert.Throws<ConfigException>(() => VenueTrust.Load(Json(), twoInputs)).Field);
        // A quorum changed in a copy of config.json changes the hash, so bundles of the real deployment no longer match.
        Assert.NotEqual(trust.ConfigHash, VenueTrust.Load(Json().Replace("\"quorum\": 2 }", "\"quorum\": 3 }"), Vk).ConfigHash);
    }
}
