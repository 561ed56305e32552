using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using PoseidonHash = Settlement.Verifier.Poseidon.Poseidon;

namespace Settlement.Prover.Engine;

/// <summary>
/// The Poseidon commitments of docs/spec.md §3 and §5 over the engine's types. Where the verifier library already
/// defines a commitment (outputs, oracle, risk, statement) this converts and calls it, so each rule has one definition.
/// </summary>
public static class Commitments
{
    /// <summary>The configHash (<see cref="SettlementConfig.Hash"/>, defined with the config in the verifier library).</summary>
    public static Fr ConfigHash(SettlementConfig c) => c.Hash();

    /// <summary>The leaf of an account (<see cref="AccountLeaf.Hash"/>, the venue's exit-claim definition); an absent account is the empty leaf 0.</summary>
    public static Fr Leaf(Account? a, SettlementConfig c) =>
        a is null ? Fr.Zero : AccountLeaf.Hash(a.Id, a.Nonce, a.Salt, a.Balances, a.SlotSpan);

    public static Fr Epoch(EpochState s) => PoseidonHash.Hash(FieldEncoding.Epoch(s), HashDomain.EpochState);

    /// <summary>root = Hash([accountRoot, epochHash], StateRoot).</summary>
    public static Fr Root(in Fr accountRoot, in Fr epochHash) => AccountLeaf.StateRoot(accountRoot, epochHash);

    /// <summary>
    /// One step of a venue's ops chain (docs/spec.md §5.2): Hash([acc, E0 + 2⁴⁰·E3 + 2¹⁰⁴·E4, E1 + 2⁹⁶·E2, E5], OpsChain),
    /// the six fields packed into three words so that one permutation absorbs the step. Each field gets the width of its
    /// type (E0 40 bits, E1 and E3 64 or more), not of its range rule, so the packing is injective on any input.
    /// </summary>
    public static Fr OpsChainStep(in Fr acc, Operation op)
    {
        var e = FieldEncoding.Op(op);
        return PoseidonHash.Hash([acc, e[0] + e[3] * Two40 + e[4] * Two104, e[1] + e[2] * Two96, e[5]], HashDomain.OpsChain);
    }

    private static readonly Fr Two40 = Fr.FromBigInteger(System.Numerics.BigInteger.One << 40),
        Two96 = Fr.FromBigInteger(System.Numerics.BigInteger.One << 96), Two104 = Fr.FromBigInteger(System.Numerics.BigInteger.One << 104);

    /// <summary>The oracle commitment of a tick (0 without one): reports in signer order, each signer's by asset.</summary>
    public static Fr Oracle(PriceTick? tick) => tick is null ? Fr.Zero : ToOracleTick(tick, []).Commitment();

    /// <summary>The risk commitment of an update (0 without one).</summary>
    public static Fr Risk(RiskUpdate? u)
    {
        if (u is null) return Fr.Zero;
        if (u.Epoch < 0 || u.Sigmas.Any(s => s < 0)) throw new ArgumentOutOfRangeException(nameof(u), "epoch and volatilities must not be negative");
        return new RiskParameters((ulong)u.Epoch, [.. u.Sigmas.Select(s => (ulong)s)], u.Instruments, [], []).Commitment();
    }

    /// <summary>The bundle form of a tick: reports regrouped per signer (increasing), each signer's by asset.</summary>
    public static OracleTick ToOracleTick(PriceTick tick, byte[] aggregateSignature)
    {
        var bySigner = new SortedDictionary<int, List<OracleReport>>();
        foreach (var r in tick.Reports)
        {
            if (!bySigner.TryGetValue(r.Signer, out var list)) bySigner[r.Signer] = list = [];
            list.Add(new OracleReport((ushort)r.Asset, (ulong)r.Price, (ulong)r.Timestamp));
        }
        return new OracleTick((ulong)tick.Time, [.. bySigner.Select(kv => new SignerReports(kv.Key, kv.Value))], aggregateSignature);
    }
}
