using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Venue;

/// <summary>
/// What a venue trusts, fixed at deployment and derived from the deployment's two public files: config.json
/// (<see cref="Load"/>) and the transition circuit's verifying key. The configHash and the genesis root are computed
/// here from the configuration, never taken on faith, and every venue, oracle and risk-committee key has had its
/// proof of possession verified, so the quorums and keys a venue checks are exactly the ones the hash commits to.
/// </summary>
public sealed class VenueTrust
{
    /// <summary>The validated configuration the trust was derived from.</summary>
    public SettlementConfig Config { get; }
    /// <summary>The configHash every statement and signed message must carry (<see cref="SettlementConfig.Hash"/>).</summary>
    public Fr ConfigHash { get; }
    /// <summary>The settlement circuit's Groth16 verifying key (one public input: the statement hash).</summary>
    public VerifyingKey VerifyingKey { get; }
    /// <summary>The venues' BLS public keys, index = venue id; each passed its proof of possession.</summary>
    public IReadOnlyList<PublicKey> VenueKeys { get; }
    /// <summary>The oracle committee's BLS public keys, index = member id; each passed its proof of possession.</summary>
    public IReadOnlyList<PublicKey> OracleKeys { get; }
    /// <summary>The risk committee's BLS public keys, index = member id; each passed its proof of possession.</summary>
    public IReadOnlyList<PublicKey> RiskKeys { get; }
    /// <summary>The root before the first batch (<see cref="SettlementConfig.GenesisRoot"/>).</summary>
    public Fr GenesisRoot { get; }
    /// <summary>
    /// The verified phase-2 transcript behind <see cref="VerifyingKey"/> when the trust was loaded with a key record
    /// (a ceremony key was required); null otherwise. A venue that contributed can find its own contribution here.
    /// </summary>
    public SetupTranscript? Ceremony { get; private init; }

    /// <summary>How many oracle members must sign a price tick.</summary>
    public int OracleQuorum => Config.Oracle.Quorum;
    /// <summary>How many risk committee members must sign risk parameters.</summary>
    public int RiskQuorum => Config.RiskCommittee.Quorum;
    /// <summary>V, the number of venues.</summary>
    public int VenueCount => Config.V;
    /// <summary>C, the number of assets.</summary>
    public int AssetCount => Config.C;
    /// <summary>NI, the number of instruments.</summary>
    public int InstrumentCount => Config.NI;
    /// <summary>Depth of the account tree, in 4-ary levels (ids below 4^depth).</summary>
    public int TreeDepth => Config.TreeDepth;
    /// <summary>Position slots per account leaf.</summary>
    public int MaxPositions => Config.MaxPositions;

    private VenueTrust(SettlementConfig config, VerifyingKey verifyingKey)
    {
        Config = config;
        VerifyingKey = verifyingKey;
        ConfigHash = config.Hash();
        GenesisRoot = config.GenesisRoot();
        VenueKeys = [.. config.Venues.Select(v => PublicKey.FromBytes(v.PublicKey))];
        OracleKeys = [.. config.Oracle.Members.Select(m => PublicKey.FromBytes(m.PublicKey))];
        RiskKeys = [.. config.RiskCommittee.Members.Select(m => PublicKey.FromBytes(m.PublicKey))];
    }

    /// <summary>
    /// Reads config.json (docs/spec.md §7), checks it as the prover does (every field, every key's proof of
    /// possession), and derives the configHash and the genesis root. When the deployment's configHash was also
    /// published (<paramref name="expectedConfigHash"/>), it must match. Given the deployment's key record
    /// (<paramref name="requireCeremonyRecord"/>: the JSON of keys/transition.setup.json), the verifying key must be a
    /// ceremony key whose contributions' δ chain verifies and ends at its δ (<see cref="KeyProvenance.VerifyCeremony"/>);
    /// a development key is refused. Throws <see cref="ConfigException"/> whose <see cref="ConfigException.Field"/> names
    /// what is wrong: a JSON path, "configHash", "verifyingKey" or "keyRecord".
    /// </summary>
    public static VenueTrust Load(string configJson, VerifyingKey verifyingKey, Fr? expectedConfigHash = null, string? requireCeremonyRecord = null)
    {
        ArgumentNullException.ThrowIfNull(configJson);
        return FromConfig(SettlementConfig.FromJson(configJson), verifyingKey, expectedConfigHash, requireCeremonyRecord);
    }

    /// <summary>The trust of an already parsed configuration; validates it again (a record may have been changed with <c>with</c>).</summary>
    public static VenueTrust FromConfig(SettlementConfig config, VerifyingKey verifyingKey, Fr? expectedConfigHash = null, string? requireCeremonyRecord = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(verifyingKey);
        config.Validate();
        if (verifyingKey.PublicInputCount != 1)
            throw new ConfigException("verifyingKey", $"has {verifyingKey.PublicInputCount} public inputs; a settlement verifying key has exactly one (the statement hash)");
        var trust = new VenueTrust(config, verifyingKey) { Ceremony = requireCeremonyRecord is null ? null : VerifiedCeremony(requireCeremonyRecord, verifyingKey) };
        if (expectedConfigHash is { } expected && expected != trust.ConfigHash)
            throw new ConfigException("configHash", $"config.json hashes to {Hex(trust.ConfigHash)}, not the expected {Hex(expected)}");
        return trust;
    }

    private static SetupTranscript VerifiedCeremony(string record, VerifyingKey verifyingKey)
    {
        try { return KeyProvenance.FromJson(record).VerifyCeremony(verifyingKey); }
        catch (FormatException e) { throw new ConfigException("keyRecord", e.Message); }
    }

    private static string Hex(in Fr x) => "0x" + x.ToHex();
}
