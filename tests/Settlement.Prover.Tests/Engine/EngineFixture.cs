using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Tests.Engine;

/// <summary>
/// A small deployment with round numbers (docs/spec.md §2.1 worked by hand):
/// venues: 0 fast (τ 10 s), 1 slow (τ 760 s); τ_close 240 s → t_0 = 500 000, t_1 = 1 000 000 (exact roots).
/// assets: 0 USDC (d 6, σ 0 → haircut floor 100 ppm), 1 ETH (d 9, σ 2·10⁷ → h_IM 3 % / 6 %, R_IM $60 / $120 at $2 000).
/// instruments: 0 ETH-PERP, 1 ETH call 2 000, 2 ETH put 2 000, all quoted in USDC.
/// </summary>
internal static class EngineFixture
{
    public const int Usdc = 0, Eth = 1;
    public const int Perp = 0, Call = 1, Put = 2;
    public const long UsdcPrice = 100_000_000;          // $1 in VU
    public const long EthPrice = 200_000_000_000;       // $2 000 in VU
    public const long EthSigma = 20_000_000;
    public const long OneContract = 100_000_000;        // qty scale
    public const long Usdc1 = 1_000_000;                // 1 USDC in settlement units
    public const long Eth1 = 1_000_000_000;             // 1 ETH in settlement units (gwei)
    public const long T0 = 1_700_000_000_000;

    /// <summary>Member n's secret key, from a public seed (test keys).</summary>
    public static SecretKey SecretKeyOf(int n)
    {
        var ikm = new byte[32];
        ikm[0] = (byte)n; ikm[31] = 0x5a;
        return SecretKey.KeyGen(ikm);
    }

    private static readonly Dictionary<int, RegisteredKey> Registered = [];
    public static RegisteredKey KeyOf(int n)
    {
        lock (Registered)
            return Registered.TryGetValue(n, out var k) ? k : Registered[n] = RegisteredKey.Of(SecretKeyOf(n));
    }

    /// <summary>Key n's public key, as config.json writes it.</summary>
    public static string Key(int n) => "0x" + Convert.ToHexString(KeyOf(n).PublicKey).ToLowerInvariant();
    /// <summary>Key n's proof of possession, as config.json writes it.</summary>
    public static string Pop(int n) => "0x" + Convert.ToHexString(KeyOf(n).Pop).ToLowerInvariant();
    private static string Member(int n) => $$"""{ "publicKey": "{{Key(n)}}", "pop": "{{Pop(n)}}" }""";

    public static string Json(string? marginOverride = null, string? extra = null) => $$"""
    {
      "deploymentId": 7, "treeDepth": 5, "maxOps": 16, "maxPositions": 4,
      "venues": [ { "name": "fast", "latencyMs": 10000, "publicKey": "{{Key(1)}}", "pop": "{{Pop(1)}}" },
                  { "name": "slow", "latencyMs": 760000, "publicKey": "{{Key(2)}}", "pop": "{{Pop(2)}}" } ],
      "assets": [ { "symbol": "USDC", "decimals": 6, "sigmaMin": 0, "sigmaMax": 1000000000 },
                  { "symbol": "ETH", "decimals": 9, "sigmaMin": 1000000, "sigmaMax": 1000000000 } ],
      "instruments": [ { "symbol": "ETH-PERP", "kind": "perpetual", "underlying": 1, "quoteAsset": 0 },
                       { "symbol": "ETH-C-2000", "kind": "call", "underlying": 1, "quoteAsset": 0, "strike": 200000000000, "expiry": 1800000000000 },
                       { "symbol": "ETH-P-2000", "kind": "put", "underlying": 1, "quoteAsset": 0, "strike": 200000000000, "expiry": 1800000000000 } ],
      "oracle": { "members": [ {{Member(3)}}, {{Member(4)}}, {{Member(5)}} ], "quorum": 2, "freshnessWindowMs": 5000 },
      "riskCommittee": { "members": [ {{Member(6)}}, {{Member(7)}}, {{Member(8)}} ], "quorum": 2 },
      "margin": {{marginOverride ?? """
        { "zIm": 30000, "zMm": 20000, "closeOutMs": 240000, "haircutFloor": 100, "haircutCap": 500000,
          "sigmaStep": 500000, "breaker": 100000, "tradeBand": 50000, "liquidationBand": 100000, "markBand": 50000,
          "grid": [ { "shock": 0, "weight": 100 }, { "shock": 20, "weight": 100 }, { "shock": -20, "weight": 100 },
                    { "shock": 40, "weight": 100 }, { "shock": -40, "weight": 100 }, { "shock": 60, "weight": 100 },
                    { "shock": -60, "weight": 100 }, { "shock": 120, "weight": 35 }, { "shock": -120, "weight": 35 } ] }
      """}}{{extra ?? ""}}
    }
    """;

    public static SettlementConfig Config() => SettlementConfig.FromJson(Json());

    public static PriceTick Tick(long time, params (int Asset, long Price)[] quotes)
    {
        var reports = new List<PriceReport>();
        foreach (var (asset, price) in quotes)
            for (int s = 0; s < 3; s++) reports.Add(new PriceReport(asset, s, price, time));
        return new PriceTick(time, reports);
    }

    public static readonly InstrumentRisk PerpRisk = new(EthPrice, 100_000_000, 0);
    public static readonly InstrumentRisk CallRisk = new(10_000_000_000, 50_000_000, 1_000_000_000);
    public static readonly InstrumentRisk PutRisk = new(10_000_000_000, -50_000_000, 1_000_000_000);

    public static RiskUpdate Risk(long epoch, long perpMark = EthPrice) =>
        new(epoch, [0, EthSigma], [PerpRisk with { Mark = (ulong)perpMark }, CallRisk, PutRisk]);

    /// <summary>An engine after the genesis batch: prices $1 and $2 000, epoch 1 parameters.</summary>
    public static SettlementEngine Started(TestAuthenticator? auth = null)
    {
        var e = new SettlementEngine(Config(), auth ?? new TestAuthenticator());
        e.Apply([Tick(T0, (Usdc, UsdcPrice), (Eth, EthPrice)), Risk(1)]);
        return e;
    }

    private static ulong _salt = 1000;
    public static Fr NewSalt() => Fr.FromUInt64(++_salt);

    /// <summary>Deposit with the venue's next id and the account's next nonce, creating the account if needed.</summary>
    public static Deposit Dep(SettlementEngine e, int venue, ulong account, int asset, long amount, Dictionary<ulong, long>? nonces = null, Dictionary<int, long>? ids = null)
    {
        long nonce = Next(e, account, nonces);
        long id = e.State.Epoch.NextDepositId[venue];
        if (ids is not null) { ids.TryGetValue(venue, out long k); id += k; ids[venue] = k + 1; }
        var salt = e.State.Account(account) is null && nonce == 0 ? NewSalt() : Fr.Zero;
        return new Deposit(venue, account, nonce, asset, amount, id, salt);
    }

    /// <summary>The nonce the next op of an account in this batch must carry (tracking ops already queued).</summary>
    public static long Next(SettlementEngine e, ulong account, Dictionary<ulong, long>? queued)
    {
        long n = e.State.Account(account)?.Nonce ?? 0;
        if (queued is null) return n;
        queued.TryGetValue(account, out long k);
        queued[account] = k + 1;
        return n + k;
    }

    public static Trade Buy(SettlementEngine e, Dictionary<ulong, long> nonces, int venue, int instrument, ulong buyer, ulong seller, long qty, long price, long buyerFee = 0, long sellerFee = 0) =>
        new(venue, instrument, buyer, Next(e, buyer, nonces), seller, Next(e, seller, nonces), qty, price, buyerFee, sellerFee);

    /// <summary>A text image of the whole state through the canonical encodings (to compare before/after).</summary>
    public static string Snapshot(SettlementEngine e)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var a in e.State.Accounts.OrderBy(a => a.Id))
            sb.Append(a.Id).Append(':').AppendJoin(',', FieldEncoding.Leaf(a, e.Config).Select(x => x.ToDecimalString())).Append('\n');
        sb.AppendJoin(',', FieldEncoding.Epoch(e.State.Epoch).Select(x => x.ToDecimalString()));
        return sb.ToString();
    }
}

/// <summary>Accepts every signature except those of the listed oracle signers (signature checking plugs in later).</summary>
internal sealed class TestAuthenticator : IReportAuthenticator
{
    public HashSet<int> BadOracleSigners { get; } = [];
    public bool RejectRisk { get; set; }

    public bool VerifyPriceTick(PriceTick tick, out string reason)
    {
        foreach (var r in tick.Reports)
            if (BadOracleSigners.Contains(r.Signer)) { reason = $"signer {r.Signer}'s signature does not verify"; return false; }
        reason = "";
        return true;
    }

    public bool VerifyRiskUpdate(RiskUpdate update, out string reason)
    {
        reason = RejectRisk ? "risk committee aggregate signature does not verify" : "";
        return !RejectRisk;
    }
}
