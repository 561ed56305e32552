using Settlement.Circuits.Native;
using Settlement.Prover.Engine;
using InstrumentRisk = Settlement.Verifier.Bundles.InstrumentRisk;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Transition;

/// <summary>
/// Random batches for the differential test: plausible ops on the current state (deposits, withdrawals, transfers,
/// trades near the mark, liquidations, price ticks that sometimes trip the breaker, risk updates that move marks inside
/// their no-arbitrage bounds and σ toward its caps), and with probability ½ one adversarial change of a named class.
/// The engine decides; the generator only aims.
/// </summary>
internal sealed class BatchGenerator(Random rng, SettlementConfig cfg)
{
    public static readonly string[] AdversarialClasses =
    [
        "overdraft", "initial-margin-breach", "halted-growth", "quorum", "duplicate-signer", "stale-report", "replayed-nonce",
        "near-2^63", "negative-amount", "liquidate-healthy", "outside-band", "misc", "risk-bounds",
    ];

    /// <summary>The no-arbitrage bound a "risk-bounds" batch breaks (docs/spec.md §4 RiskUpdate), or σ past a cap.</summary>
    private static readonly string[] RiskBreaks =
        ["perp-above", "perp-below", "option-above", "option-below-intrinsic", "delta-low", "delta-high", "gamma-negative", "sigma-cap"];

    private readonly Dictionary<ulong, long> _nonces = [];
    private Account? _victim;
    private long[] _nextDep = [], _nextWd = [];
    private long[] _marks = [], _prices = [];
    /// <summary>Each asset's oracle median after the batch's tick (the S the risk update is bounded by).</summary>
    private long[] _spot = [];

    public (Operation[] Batch, string Class) Next(SettlementState s, bool adversarial)
    {
        _nonces.Clear();
        foreach (var a in s.Accounts) _nonces[a.Id] = a.Nonce;
        _nextDep = [.. s.Epoch.NextDepositId];
        _nextWd = [.. s.Epoch.NextWithdrawalId];
        _marks = [.. s.Epoch.Marks];
        _prices = [.. s.Epoch.Prices];
        _spot = [.. s.Epoch.Prices];
        string cls = adversarial ? AdversarialClasses[rng.Next(AdversarialClasses.Length)] : "valid";
        var ops = new List<Operation>();
        bool bootstrap = s.Epoch.Epoch == 0;
        if (bootstrap || rng.Next(4) == 0 || cls is "halted-growth" or "quorum" or "duplicate-signer" or "stale-report")
            ops.Add(Tick(s, cls));
        _victim = null;
        if (!bootstrap && (cls == "valid" && rng.Next(5) == 0 || cls == "liquidate-healthy" && rng.Next(2) == 0))
            _victim = Pick(s, x => x.Slots.Any(sl => !sl.IsEmpty));
        if (bootstrap || rng.Next(4) == 0 || _victim is not null && cls == "valid" || cls == "risk-bounds")
            ops.Add(Risk(s, cls == "misc" && rng.Next(3) == 0, cls == "risk-bounds" ? RiskBreaks[rng.Next(RiskBreaks.Length)] : null));
        int n = rng.Next(cfg.MaxOps + 1);
        if (bootstrap) n = cfg.MaxOps;
        if (n == 0 && ops.Count == 0) n = 1;
        for (int k = 0; k < n; k++)
        {
            bool last = k == n - 1;
            ops.Add(AccountOp(s, bootstrap, last ? cls : "valid"));
        }
        return ([.. ops], cls);
    }

    // ------------------------------------------------------------------ tick and update

    private PriceTick Tick(SettlementState s, string cls)
    {
        long T = s.Epoch.LastTickTime + 1 + rng.Next(60_000);
        if (cls == "misc" && rng.Next(4) == 0) T = s.Epoch.LastTickTime; // StaleTick
        var reports = new List<PriceReport>();
        for (int c = 0; c < cfg.C; c++)
        {
            if (s.Epoch.Prices[c] != 0 && rng.Next(4) == 0) continue; // no reports: keeps its price
            long baseP = c == 0 ? CircuitWorld.UsdcPrice : s.Epoch.Prices[c] == 0 ? CircuitWorld.EthPrice : s.Epoch.Prices[c];
            double move = cls == "halted-growth" && c == 1 ? 0.12 + rng.NextDouble() * 0.1 : (rng.NextDouble() - 0.5) * (rng.Next(5) == 0 ? 0.3 : 0.08);
            if (c == 0) move = (rng.NextDouble() - 0.5) * 0.001;
            long center = Math.Max(1, (long)(baseP * (1 + (rng.Next(2) == 0 ? move : -Math.Abs(move)))));
            int count = cfg.Oracle.Quorum + rng.Next(cfg.Oracle.Members.Count - cfg.Oracle.Quorum + 1);
            var signers = Enumerable.Range(0, cfg.Oracle.Members.Count).OrderBy(_ => rng.Next()).Take(count).Order().ToList();
            if (cls == "quorum" && c == 1) signers = signers.Take(cfg.Oracle.Quorum - 1).ToList();
            foreach (var j in signers)
                reports.Add(new PriceReport(c, j, Math.Max(1, center + rng.Next(-1000, 1000) * (center / 1_000_000 + 1)), T - rng.Next(3_000)));
        }
        if (reports.Count > 0)
        {
            int r = rng.Next(reports.Count);
            switch (cls)
            {
                case "duplicate-signer":
                    reports.Insert(r, reports[r] with { Price = reports[r].Price + 7 });
                    break;
                case "stale-report":
                    reports[r] = reports[r] with { Timestamp = T - cfg.FreshnessWindowMs - 1 - rng.Next(100) };
                    break;
            }
        }
        if (reports.Count > cfg.C * cfg.Oracle.Members.Count) reports.RemoveAt(reports.Count - 1);
        foreach (var rp in reports) _prices[rp.Asset] = rp.Price; // approximate: enough to aim trade prices
        for (int c = 0; c < cfg.C; c++)
        {
            var group = reports.Where(r => r.Asset == c).Select(r => r.Price).ToArray();
            if (group.Length > 0) _spot[c] = OrderRules.LowerMedian<long>(group);
        }
        return new PriceTick(T, reports);
    }

    /// <summary>
    /// σ: a step toward the upper cap (⅓ of updates) or a random walk inside the step limit, clamped to the caps; marks
    /// and Greeks inside their no-arbitrage bounds against S, now and then on an edge, and against a victim's position
    /// (its mark to the far edge). <paramref name="broken"/>: an epoch, σ-cap or step violation; <paramref name="breakBound"/>:
    /// one of <see cref="RiskBreaks"/>.
    /// </summary>
    private RiskUpdate Risk(SettlementState s, bool broken, string? breakBound = null)
    {
        var sig = new long[cfg.C];
        long step = cfg.Margin.SigmaStep;
        for (int c = 0; c < cfg.C; c++)
        {
            long prev = s.Epoch.Sigmas[c];
            var a = cfg.Assets[c];
            long basis = prev == 0 ? (a.SigmaMin + a.SigmaMax) / 2 : prev;
            sig[c] = prev != 0 && rng.Next(3) == 0
                ? Math.Min(a.SigmaMax, prev + (long)((Int128)prev * step / Settlement.Circuits.Native.Scales.Ppm))   // a full step up
                : Math.Clamp((long)(basis * (1 + (rng.NextDouble() - 0.5) * 0.3)), a.SigmaMin, a.SigmaMax);
        }
        var ins = new InstrumentRisk[cfg.NI];
        var vs = _victim?.Slots.FirstOrDefault(sl => !sl.IsEmpty);
        for (int i = 0; i < cfg.NI; i++)
        {
            var ic = cfg.Instruments[i];
            long S = Math.Max(1, _spot[ic.Underlying]);
            var (lo, hi) = MarkRange(ic, S);
            bool edge = rng.Next(8) == 0;
            long mark = ic.Kind == InstrumentKind.Perpetual
                ? lo + (long)((hi - lo) * (0.5 + (rng.NextDouble() - 0.5) * (rng.Next(4) == 0 ? 0.9 : 0.2)))
                : lo + (long)((hi - lo) * Math.Pow(rng.NextDouble(), 3) * 0.3);                 // near intrinsic: a little time value
            if (edge) mark = rng.Next(2) == 0 ? lo : hi;
            long delta = ic.Kind switch
            {
                InstrumentKind.Perpetual => 100_000_000,
                InstrumentKind.Call => edge ? 100_000_000 * rng.Next(2) : rng.Next(100_000_001),
                _ => edge ? -100_000_000 * rng.Next(2) : -rng.Next(100_000_001),
            };
            long gamma = ic.Kind == InstrumentKind.Perpetual || edge ? 0 : 1_000_000_000L * (1 + rng.Next(5));
            if (vs is { IsEmpty: false } held && held.Instrument == i) mark = held.Qty > 0 ? lo : hi; // against the victim
            ins[i] = new InstrumentRisk((ulong)mark, delta, gamma);
            _marks[i] = mark;
        }
        long e = s.Epoch.Epoch + 1;
        if (broken)
            switch (rng.Next(3))
            {
                case 0: e += 1; break;                                                       // EpochOutOfSequence
                case 1: sig[1] = cfg.Assets[1].SigmaMax + 1; break;                          // SigmaOutsideCaps (and the step unless σ is near the cap)
                default: if (s.Epoch.Sigmas[1] != 0) sig[1] = Math.Min(cfg.Assets[1].SigmaMax, s.Epoch.Sigmas[1] * 2); break; // step
            }
        if (breakBound is not null) BreakBound(breakBound, sig, ins);
        return new RiskUpdate(e, sig, ins);
    }

    /// <summary>The mark's no-arbitrage interval against S (docs/spec.md §4): the perpetual's band rounded inwards.</summary>
    private (long Lo, long Hi) MarkRange(InstrumentConfig ic, long S) => ic.Kind switch
    {
        InstrumentKind.Perpetual => (S - (long)((Int128)S * cfg.Margin.MarkBand / Settlement.Circuits.Native.Scales.Ppm),
                                     S + (long)((Int128)S * cfg.Margin.MarkBand / Settlement.Circuits.Native.Scales.Ppm)),
        InstrumentKind.Call => (Math.Max(S - ic.Strike, 0), S),
        _ => (Math.Max(ic.Strike - S, 0), ic.Strike),
    };

    /// <summary>One bound broken by 1 to 1,000 VU (or Δ, Γ units), or, for "sigma-cap", σ one past its cap.</summary>
    private void BreakBound(string what, long[] sig, InstrumentRisk[] ins)
    {
        long by = 1 + (rng.Next(2) == 0 ? 0 : rng.Next(1_000));
        int Of(params InstrumentKind[] kinds)
        {
            var list = Enumerable.Range(0, cfg.NI).Where(i => kinds.Contains(cfg.Instruments[i].Kind)).ToList();
            return list[rng.Next(list.Count)];
        }
        long Spot(int i) => Math.Max(1, _spot[cfg.Instruments[i].Underlying]);
        switch (what)
        {
            case "perp-above": { int i = Of(InstrumentKind.Perpetual); ins[i] = ins[i] with { Mark = (ulong)(MarkRange(cfg.Instruments[i], Spot(i)).Hi + 1 + by) }; break; }
            case "perp-below": { int i = Of(InstrumentKind.Perpetual); ins[i] = ins[i] with { Mark = (ulong)Math.Max(0, MarkRange(cfg.Instruments[i], Spot(i)).Lo - 1 - by) }; break; }
            case "option-above": { int i = Of(InstrumentKind.Call, InstrumentKind.Put); ins[i] = ins[i] with { Mark = (ulong)(MarkRange(cfg.Instruments[i], Spot(i)).Hi + by) }; break; }
            case "option-below-intrinsic":
            {
                // The option in the money (its intrinsic value above 0); the other kind when this one is not.
                int i = Of(InstrumentKind.Call, InstrumentKind.Put);
                var ic = cfg.Instruments[i];
                long lo = MarkRange(ic, Spot(i)).Lo;
                if (lo == 0) { i = Enumerable.Range(0, cfg.NI).FirstOrDefault(j => cfg.Instruments[j].Kind != InstrumentKind.Perpetual && MarkRange(cfg.Instruments[j], Spot(j)).Lo > 0, i); lo = MarkRange(cfg.Instruments[i], Spot(i)).Lo; }
                ins[i] = ins[i] with { Mark = (ulong)Math.Max(0, lo - by) };
                break;
            }
            case "delta-low": { int i = Of(InstrumentKind.Call, InstrumentKind.Put); ins[i] = ins[i] with { Delta = (cfg.Instruments[i].Kind == InstrumentKind.Call ? 0 : -100_000_000) - by }; break; }
            case "delta-high": { int i = Of(InstrumentKind.Call, InstrumentKind.Put); ins[i] = ins[i] with { Delta = (cfg.Instruments[i].Kind == InstrumentKind.Call ? 100_000_000 : 0) + by }; break; }
            case "gamma-negative": { int i = rng.Next(cfg.NI); ins[i] = ins[i] with { Gamma = -by }; break; }
            default:
            {
                // One past the upper cap: from a σ at its cap (where the steps up lead) this breaks the cap alone.
                int c = 1 + rng.Next(cfg.C - 1);
                sig[c] = cfg.Assets[c].SigmaMax + 1;
                break;
            }
        }
    }

    // ------------------------------------------------------------------ account ops

    private ulong MaxId => cfg.MaxAccountId;

    /// <summary>An id with no account (UnknownAccount), or <paramref name="fallback"/> when the tree is full.</summary>
    private ulong FreeId(SettlementState s, ulong fallback)
    {
        for (int k = 0; k < 20; k++) { ulong id = (ulong)rng.Next((int)MaxId + 1); if (s.Account(id) is null) return id; }
        return fallback;
    }

    private long NonceOf(ulong id) => _nonces.GetValueOrDefault(id);
    private long Bump(ulong id) { long n = NonceOf(id); _nonces[id] = n + 1; return n; }

    private Account? Pick(SettlementState s, Func<Account, bool>? where = null)
    {
        var list = s.Accounts.Where(a => where is null || where(a)).ToList();
        return list.Count == 0 ? null : list[rng.Next(list.Count)];
    }

    private long TradePrice(int instrument, double offset)
    {
        int q = cfg.Instruments[instrument].QuoteAsset;
        long sq = Math.Max(1, _prices[q]);
        var p = (decimal)_marks[instrument] * (decimal)Math.Pow(10, cfg.Assets[q].Decimals) / sq * (decimal)(1 + offset);
        return Math.Max(0, (long)(p / 100) * 100);
    }

    private Operation AccountOp(SettlementState s, bool bootstrap, string cls)
    {
        var acct = Pick(s);
        int kind = bootstrap || acct is null || s.Accounts.Count() < 2 ? 0 : rng.Next(10) switch
        {
            < 2 => 0, < 3 => 1, < 4 => 2, < 8 => 3, _ => 4,
        };
        kind = cls switch
        {
            "overdraft" => 1 + rng.Next(2),
            "initial-margin-breach" => rng.Next(2) == 0 ? 1 : 3,
            "halted-growth" or "outside-band" => 3,
            "liquidate-healthy" => 4,
            "near-2^63" or "negative-amount" => rng.Next(4),
            _ => kind,
        };
        if (_victim is not null && cls is "valid" or "liquidate-healthy") kind = 4;
        if (acct is null || s.Accounts.Count() < 2) kind = 0;
        int v = rng.Next(cfg.V);
        int c = rng.Next(cfg.C);
        switch (kind)
        {
            case 0:
            {
                bool create = acct is null || rng.Next(3) == 0;
                ulong id = create ? (ulong)rng.Next((int)MaxId + 1) : acct!.Id;
                bool exists = s.Account(id) is not null;
                long amount = c == 0 ? 200_000_000L + rng.Next(5_000) * 1_000_000L : 100_000_000L + rng.Next(3_000_000) * 1_000L;
                Fr salt = exists ? Fr.Zero : Fr.FromInt64(1 + rng.Next(1 << 30));
                long depId = _nextDep[v];
                if (cls == "near-2^63") amount = long.MaxValue - rng.Next(1000);
                if (cls == "negative-amount") amount = rng.Next(3) switch { 0 => -1, 1 => long.MinValue, _ => -(1L << 62) };
                if (cls == "misc") switch (rng.Next(3)) { case 0: depId += 1; break; case 1: salt = exists ? Fr.One : Fr.Zero; break; default: amount = 0; break; }
                if (cls == "replayed-nonce") { long n0 = Bump(id); _nextDep[v]++; return new Deposit(v, id, n0 == 0 ? 1 : n0 - 1, c, amount, depId, salt); }
                _nextDep[v]++;
                return new Deposit(v, id, Bump(id), c, amount, depId, salt);
            }
            case 1:
            {
                var a = acct!;
                long b = a.Balance(v, c);
                long amount = b > 0 ? 1 + (long)(rng.NextDouble() * b * (rng.Next(3) == 0 ? 1.0 : 0.3)) : 1 + rng.Next(1000);
                if (cls == "overdraft") amount = Math.Max(1, b) + 1 + rng.Next(1000);
                if (cls == "initial-margin-breach") { var rich = Pick(s, x => x.Slots.Any(sl => !sl.IsEmpty)) ?? a; a = rich; b = a.Balance(v, 0); c = 0; amount = Math.Max(1, b - rng.Next(10)); }
                if (cls == "near-2^63") amount = long.MaxValue - rng.Next(10);
                if (cls == "negative-amount") amount = rng.Next(2) == 0 ? -1 : long.MinValue;
                long wid = _nextWd[v];
                if (cls == "misc") { if (rng.Next(2) == 0) wid += 1 + rng.Next(3); else { _nextWd[v]++; return new Withdraw(v, FreeId(s, a.Id), 0, c, 1, wid); } }
                long nonce = cls == "replayed-nonce" ? NonceOf(a.Id) + (rng.Next(2) == 0 ? 1 : -1) : NonceOf(a.Id);
                Bump(a.Id);
                _nextWd[v]++;
                return new Withdraw(v, a.Id, nonce, c, amount, wid);
            }
            case 2:
            {
                var a = acct!;
                int t = (v + 1 + rng.Next(cfg.V - 1)) % cfg.V;
                if (cls == "misc" && rng.Next(2) == 0) t = v; // SameVenue
                long b = a.Balance(v, c);
                long amount = b > 0 ? 1 + (long)(rng.NextDouble() * b) : 1 + rng.Next(1000);
                if (cls == "overdraft") amount = Math.Max(1, b) + 1 + rng.Next(1000);
                if (cls == "near-2^63") amount = long.MaxValue - rng.Next(10);
                if (cls == "negative-amount") amount = -1 - rng.Next(1000);
                long nonce = cls == "replayed-nonce" ? NonceOf(a.Id) + 1 : NonceOf(a.Id);
                Bump(a.Id);
                return new Transfer(a.Id, nonce, c, v, t, amount);
            }
            case 3:
            {
                var buyer = acct!;
                var seller = Pick(s, x => x.Id != buyer.Id)!;
                if (cls == "misc" && rng.Next(3) == 0) seller = buyer; // SelfTrade
                int i = rng.Next(cfg.NI);
                var keys = buyer.Slots.Concat(seller.Slots).Where(sl => !sl.IsEmpty).ToList();
                if (keys.Count > 0 && rng.Next(10) < 7) { var key = keys[rng.Next(keys.Count)]; i = key.Instrument; v = key.Venue; }
                long qty = (1 + rng.Next(300)) * 1_000_000L;
                if (rng.Next(3) == 0)
                {   // close or reduce an existing position (risk-reducing)
                    var held = buyer.Slots.FirstOrDefault(sl => !sl.IsEmpty && sl.Venue == v && sl.Qty < 0);
                    if (!held.IsEmpty) { i = held.Instrument; qty = Math.Min(-held.Qty, qty); }
                }
                double off = (rng.NextDouble() - 0.5) * 0.06;
                if (cls == "outside-band") off = (rng.Next(2) == 0 ? 1 : -1) * (0.06 + rng.NextDouble() * 0.3);
                if (cls == "initial-margin-breach") qty = (200 + rng.Next(2000)) * 100_000_000L;
                long price = TradePrice(i, off);
                long fb = rng.Next(3) == 0 ? rng.Next(10_000) : 0, fs = rng.Next(3) == 0 ? rng.Next(10_000) : 0;
                if (cls == "near-2^63") { if (rng.Next(2) == 0) qty = long.MaxValue - rng.Next(10); else fb = long.MaxValue - rng.Next(10); }
                if (cls == "negative-amount") switch (rng.Next(3)) { case 0: qty = -qty; break; case 1: price = -price - 1; break; default: fs = -1; break; }
                ulong sellerId = seller.Id;
                if (cls == "misc") switch (rng.Next(4)) { case 0: qty += 1; break; case 1: i = cfg.NI; break; case 2: v = cfg.V; break; default: sellerId = FreeId(s, buyer.Id); break; }
                long bn = NonceOf(buyer.Id), sn = NonceOf(sellerId);
                if (cls == "replayed-nonce") { if (rng.Next(2) == 0) bn = Math.Max(0, bn - 1) == bn ? bn + 1 : bn - 1; else sn += 1; }
                Bump(buyer.Id); if (seller.Id != buyer.Id) Bump(seller.Id);
                return new Trade(v, i, buyer.Id, bn, sellerId, sn, qty, price, fb, fs);
            }
            default:
            {
                var victim = _victim ?? Pick(s, x => x.Slots.Any(sl => !sl.IsEmpty)) ?? acct!;
                var slot = victim.Slots.FirstOrDefault(sl => !sl.IsEmpty);
                int i = slot.IsEmpty ? rng.Next(cfg.NI) : slot.Instrument;
                int lv = slot.IsEmpty ? v : slot.Venue;
                var liq = s.Accounts.Where(x => x.Id != victim.Id).OrderByDescending(x => x.Balance(lv, 0)).First();
                long qty = slot.IsEmpty ? 1_000_000 : Math.Max(1, Math.Abs(slot.Qty) / (1 + rng.Next(3)) / 1_000_000 * 1_000_000);
                if (Math.Abs(slot.Qty) < 1_000_000 && !slot.IsEmpty) qty = Math.Abs(slot.Qty);
                long price = TradePrice(i, (rng.NextDouble() - 0.5) * 0.1);
                if (cls == "near-2^63") qty = long.MaxValue;
                if (cls == "negative-amount") qty = -qty;
                if (cls == "misc") qty = Math.Abs(slot.Qty) + 1_000_000; // LiquidationTooLarge
                long n1 = NonceOf(victim.Id), n2 = NonceOf(liq.Id);
                if (cls == "replayed-nonce") n2 += 1;
                Bump(victim.Id); Bump(liq.Id);
                return new Liquidate(lv, i, victim.Id, n1, liq.Id, n2, qty, price);
            }
        }
    }
}
