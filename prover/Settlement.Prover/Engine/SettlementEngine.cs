using System.Numerics;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Circuits.Native;

namespace Settlement.Prover.Engine;

/// <summary>
/// Applies batches of operations (docs/spec.md §4) to the settlement state. A batch is applied to a working copy and
/// committed only when every op passed: on any rejection <see cref="Apply"/> throws
/// <see cref="BatchRejectedException"/> and the state is exactly as before.
/// </summary>
public sealed class SettlementEngine
{
    public SettlementConfig Config { get; }
    public SettlementState State { get; }
    /// <summary>Poseidon over the canonical configuration encoding (docs/spec.md §7).</summary>
    public Fr ConfigHash { get; }
    private readonly IReportAuthenticator _authenticator;

    public SettlementEngine(SettlementConfig config, IReportAuthenticator authenticator, SettlementState? state = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(authenticator);
        config.Validate();
        Config = config;
        _authenticator = authenticator;
        State = state ?? new SettlementState(config);
        ConfigHash = Commitments.ConfigHash(config);
    }

    public BatchResult Apply(IReadOnlyList<Operation> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var oldRoot = State.Root;
        var run = new BatchRun(this, batch);
        run.Execute();
        // Commit: nothing above touched the state. Leaves are written op by op, in the order the circuit updates them.
        var updates = new List<LeafUpdate>();
        foreach (var t in run.Trace)
            foreach (var change in t.Accounts) updates.Add(State.Store(t.Index, change.After));
        State.Epoch = run.Epoch;
        return run.Result(oldRoot, State.Root, updates);
    }

    /// <summary>One batch on a working copy: touched accounts are cloned on first use, the epoch state is a clone.</summary>
    private sealed class BatchRun
    {
        private readonly SettlementEngine _engine;
        private readonly SettlementConfig _cfg;
        private readonly IReadOnlyList<Operation> _batch;
        public readonly Dictionary<ulong, Account> Touched = [];
        public IReadOnlyList<OpTrace> Trace => _trace;
        public readonly EpochState Epoch;
        private readonly List<OpTrace> _trace = [];
        private ulong _halted;
        private BatchParameters? _params;
        private readonly long[] _depositFirst, _withdrawalFirst;
        private readonly List<WithdrawalOutput>[] _withdrawals;
        private readonly Int128[] _flows; // [from·V + to]·C + c
        private int _index;
        private Operation _op = null!;
        private long _batchIndex;
        private PriceTick? _tick;
        private RiskUpdate? _update;
        private readonly Fr[] _opsChains;

        public BatchRun(SettlementEngine engine, IReadOnlyList<Operation> batch)
        {
            _engine = engine; _cfg = engine.Config; _batch = batch;
            Epoch = engine.State.Epoch.Clone();
            _depositFirst = (long[])Epoch.nextDepositIdArray.Clone();
            _withdrawalFirst = (long[])Epoch.nextWithdrawalIdArray.Clone();
            _withdrawals = new List<WithdrawalOutput>[_cfg.V];
            for (int v = 0; v < _cfg.V; v++) _withdrawals[v] = [];
            _flows = new Int128[_cfg.V * _cfg.V * _cfg.C];
            _opsChains = new Fr[_cfg.V];
        }

        public void Execute()
        {
            int accountOps = 0;
            int phase = 0; // 0: tick allowed, 1: update allowed, 2: account ops only
            for (_index = 0; _index < _batch.Count; _index++)
            {
                _op = _batch[_index] ?? throw Reject(null, RejectReason.BadBatchStructure, "is null");
                switch (_op)
                {
                    case PriceTick tick:
                        if (phase > 0) throw Reject(null, RejectReason.BadBatchStructure, "a PriceTick must be the first op of the batch");
                        ApplyTick(tick); phase = 1; break;
                    case RiskUpdate update:
                        if (phase > 1) throw Reject(null, RejectReason.BadBatchStructure, "a RiskUpdate must precede every account op and appear once");
                        ApplyRiskUpdate(update); phase = 2; break;
                    default:
                        phase = 2;
                        if (++accountOps > _cfg.MaxOps) throw Reject(null, RejectReason.TooManyOps, $"exceeds MaxOps = {_cfg.MaxOps} account ops");
                        ApplyAccountOp();
                        break;
                }
            }
            _index = _batch.Count;
            Parameters();
            _batchIndex = Epoch.BatchCount;
            Epoch.BatchCount++;
        }

        public BatchResult Result(Fr oldRoot, Fr newRoot, IReadOnlyList<LeafUpdate> updates)
        {
            int V = _cfg.V, C = _cfg.C;
            var outputs = new VenueOutputs[V];
            var outputsCommitments = new Fr[V];
            for (int v = 0; v < V; v++)
            {
                var fout = new UInt128[V * C];
                var fin = new UInt128[V * C];
                for (int w = 0; w < V; w++)
                    for (int c = 0; c < C; c++)
                    {
                        fout[w * C + c] = (UInt128)_flows[(v * V + w) * C + c];
                        fin[w * C + c] = (UInt128)_flows[(w * V + v) * C + c];
                    }
                outputs[v] = new VenueOutputs((ulong)_depositFirst[v], (ulong)Epoch.NextDepositId[v], (ulong)_withdrawalFirst[v],
                    (ulong)Epoch.NextWithdrawalId[v], _withdrawals[v], fout, fin);
                outputsCommitments[v] = outputs[v].Commitment(v, (ulong)_batchIndex);
            }
            var statement = new Statement(_engine.ConfigHash, (ulong)Epoch.Epoch, (ulong)_batchIndex, oldRoot, newRoot,
                Commitments.Oracle(_tick), Commitments.Risk(_update), _opsChains, outputsCommitments, _halted);
            return new BatchResult(statement, outputs, _trace, updates, Parameters());
        }

        private BatchParameters Parameters()
        {
            if (_params is not null) return _params;
            try { return _params = MarginRules.ComputeParameters(_cfg, Epoch); }
            catch (MarginOverflowException e) { throw Reject(null, RejectReason.ValueOutOfRange, $"batch parameters: {e.Message}"); }
        }

        // ---------------------------------------------------------------- price tick and risk update

        private void ApplyTick(PriceTick tick)
        {
            long window = _cfg.FreshnessWindowMs;
            if (tick.Time <= Epoch.LastTickTime || tick.Time >= Scales.TimestampBound)
                throw Reject(null, RejectReason.StaleTick, $"time {tick.Time} is not after the last tick {Epoch.LastTickTime} (or not below 2^48)");
            var reports = tick.Reports ?? throw Reject(null, RejectReason.BadBatchStructure, "has no report list");
            for (int j = 0; j < reports.Count; j++)
            {
                var r = reports[j];
                if (r.Asset < 0 || r.Asset >= _cfg.C) throw Reject(null, RejectReason.UnknownAsset, $"report {j} names asset {r.Asset} ({_cfg.C} assets)");
                if (r.Signer < 0 || r.Signer >= _cfg.Oracle.Members.Count)
                    throw Reject(null, RejectReason.InvalidParameter, $"report {j} names signer {r.Signer} (committee of {_cfg.Oracle.Members.Count})");
                if (j > 0 && (reports[j - 1].Asset > r.Asset || reports[j - 1].Asset == r.Asset && reports[j - 1].Signer >= r.Signer))
                    throw Reject(null, RejectReason.ReportsNotSorted,
                        $"report {j} (asset {r.Asset}, signer {r.Signer}) does not follow (asset {reports[j - 1].Asset}, signer {reports[j - 1].Signer}): signers must be distinct and strictly increasing per asset");
                if (r.Price < 1 || r.Price >= Scales.PriceBound) throw Reject(null, RejectReason.InvalidParameter, $"report {j} price {r.Price} is not in [1, 2^56)");
                long earliest = Math.Max(0, tick.Time - window); // timestamps are never negative (spec §1.1)
                if (r.Timestamp < earliest || r.Timestamp > tick.Time)
                    throw Reject(null, RejectReason.ReportNotFresh, $"report {j} (asset {r.Asset}, signer {r.Signer}) timestamp {r.Timestamp} is outside [{earliest}, {tick.Time}]");
            }
            if (!_engine._authenticator.VerifyPriceTick(tick, out string why)) throw Reject(null, RejectReason.ReportNotAuthentic, why);
            var prices = new List<AssetPrice>();
            for (int j = 0; j < reports.Count;)
            {
                int asset = reports[j].Asset, end = j;
                while (end < reports.Count && reports[end].Asset == asset) end++;
                var group = new long[end - j];
                for (int k = j; k < end; k++) group[k - j] = reports[k].Price;
                if (group.Length < _cfg.Oracle.Quorum)
                    throw Reject(null, RejectReason.QuorumNotMet, $"asset {asset} has {group.Length} reports, quorum is {_cfg.Oracle.Quorum}");
                long m = OrderRules.LowerMedian<long>(group);
                long prev = Epoch.Prices[asset];
                bool halted = OracleRules.TripsBreaker(prev, m, _cfg.Margin.Breaker);
                if (halted) _halted |= 1UL << asset;
                Epoch.pricesArray[asset] = m;
                Epoch.priceTimesArray[asset] = tick.Time;
                prices.Add(new AssetPrice(asset, group.Length, prev, m, halted));
                j = end;
            }
            Epoch.LastTickTime = tick.Time;
            _tick = tick;
            _trace.Add(new OpTrace(_index, tick, -1, [], prices));
        }

        private void ApplyRiskUpdate(RiskUpdate u)
        {
            if (u.Epoch != Epoch.Epoch + 1) throw Reject(null, RejectReason.EpochOutOfSequence, $"epoch {u.Epoch} does not follow {Epoch.Epoch}");
            if (u.Sigmas is null || u.Sigmas.Count != _cfg.C) throw Reject(null, RejectReason.InvalidParameter, $"needs {_cfg.C} volatilities, got {u.Sigmas?.Count ?? 0}");
            if (u.Instruments is null || u.Instruments.Count != _cfg.NI)
                throw Reject(null, RejectReason.InvalidParameter, $"needs parameters for {_cfg.NI} instruments, got {u.Instruments?.Count ?? 0}");
            for (int c = 0; c < _cfg.C; c++)
            {
                long s = u.Sigmas[c], prev = Epoch.Sigmas[c];
                var a = _cfg.Assets[c];
                if (s < a.SigmaMin || s > a.SigmaMax)
                    throw Reject(null, RejectReason.SigmaOutsideCaps, $"σ of asset {c} ({a.Symbol}) = {s} is outside [{a.SigmaMin}, {a.SigmaMax}]");
                // Inside the caps, the rest of RiskBounds' interval is the step limit (the circuit's SigmaStepTooLarge).
                var (lo, hi) = RiskBounds.SigmaInterval(a.SigmaMin, a.SigmaMax, prev, _cfg.Margin.SigmaStep);
                if (s < lo || s > hi)
                    throw Reject(null, RejectReason.SigmaStepTooLarge, $"σ of asset {c} ({a.Symbol}) moves from {prev} to {s}, more than {_cfg.Margin.SigmaStep} ppm (allowed [{lo}, {hi}])");
            }
            for (int i = 0; i < _cfg.NI; i++)
            {
                var p = u.Instruments[i];
                if (p.Mark >= Scales.MarkBound) throw Reject(null, RejectReason.InvalidParameter, $"mark of instrument {i} = {p.Mark} is not in [0, 2^56)");
                if (Math.Abs(p.Delta) >= Scales.GreekBound || Math.Abs(p.Gamma) >= Scales.GreekBound || p.Delta == long.MinValue || p.Gamma == long.MinValue)
                    throw Reject(null, RejectReason.InvalidParameter, $"Greeks of instrument {i} (Δ {p.Delta}, Γ {p.Gamma}) exceed 2^48 in magnitude");
                // No-arbitrage bounds against S, the underlying's price after this batch's tick (or the last accepted one).
                var ins = _cfg.Instruments[i];
                long spot = Epoch.Prices[ins.Underlying];
                if (spot < 1)
                    throw Reject(null, RejectReason.PriceMissing, $"instrument {i} ({ins.Symbol}): its underlying {ins.Underlying} ({_cfg.Assets[ins.Underlying].Symbol}) has no accepted price to bound the mark against");
                if (!RiskBounds.MarkWithin(ins.Kind, (long)p.Mark, spot, ins.Strike, _cfg.Margin.MarkBand, out string bounds))
                    throw Reject(null, RejectReason.MarkOutsideBounds, $"mark of instrument {i} ({ins.Symbol}) = {p.Mark} is not {bounds}");
                if (!RiskBounds.GreeksWithin(ins.Kind, p.Delta, p.Gamma, out bounds))
                    throw Reject(null, RejectReason.GreekOutsideBounds, $"instrument {i} ({ins.Symbol}): {bounds}");
            }
            if (!_engine._authenticator.VerifyRiskUpdate(u, out string why)) throw Reject(null, RejectReason.ReportNotAuthentic, why);
            Epoch.Epoch = u.Epoch;
            _update = u;
            for (int c = 0; c < _cfg.C; c++) Epoch.sigmasArray[c] = u.Sigmas[c];
            for (int i = 0; i < _cfg.NI; i++)
            {
                Epoch.marksArray[i] = (long)u.Instruments[i].Mark;
                Epoch.deltasArray[i] = u.Instruments[i].Delta;
                Epoch.gammasArray[i] = u.Instruments[i].Gamma;
            }
            _trace.Add(new OpTrace(_index, u, -1, [], []));
        }

        // ---------------------------------------------------------------- account ops

        private void ApplyAccountOp()
        {
            if (Epoch.Epoch < 1) throw Reject(null, RejectReason.RiskParametersMissing, "no risk parameters have been accepted yet");
            for (int c = 0; c < _cfg.C; c++)
                if (Epoch.Prices[c] < 1) throw Reject(null, RejectReason.PriceMissing, $"asset {c} ({_cfg.Assets[c].Symbol}) has no accepted price");
            var p = Parameters();
            try
            {
                switch (_op)
                {
                    case Deposit d: ApplyDeposit(d, p); break;
                    case Withdraw w: ApplyWithdraw(w, p); break;
                    case Transfer t: ApplyTransfer(t, p); break;
                    case Trade t: ApplyTrade(t, p); break;
                    case Liquidate l: ApplyLiquidate(l, p); break;
                    default: throw Reject(null, RejectReason.BadBatchStructure, $"unknown operation type {_op.GetType().Name}");
                }
            }
            catch (MarginOverflowException e) { throw Reject(null, RejectReason.ValueOutOfRange, e.Message); }
        }

        private void ApplyDeposit(Deposit d, BatchParameters p)
        {
            Venue(d.Venue); Asset(d.Asset); Amount(d.Amount, "amount", d.Account);
            if (d.DepositId != Epoch.NextDepositId[d.Venue])
                throw Reject(d.Account, RejectReason.DepositIdOutOfSequence, $"deposit id {d.DepositId} is not venue {d.Venue}'s next id {Epoch.NextDepositId[d.Venue]}");
            if (d.Account > _cfg.MaxAccountId)
                throw Reject(d.Account, RejectReason.UnknownAccount, $"id is beyond the tree of depth {_cfg.TreeDepth} (ids below 4^{_cfg.TreeDepth})");
            Account? before = Existing(d.Account);
            Account acct;
            if (before is null)
            {
                if (d.Salt.IsZero) throw Reject(d.Account, RejectReason.SaltMismatch, "does not exist and the deposit carries no salt to create it");
                acct = new Account(d.Account, d.Salt, _cfg.V, _cfg.C, _cfg.MaxPositions);
            }
            else
            {
                if (!d.Salt.IsZero) throw Reject(d.Account, RejectReason.SaltMismatch, "exists already; a deposit to it must carry salt 0");
                acct = before.Clone();
            }
            Bump(acct, d.Nonce);
            SetBalance(acct, d.Venue, d.Asset, (Int128)acct.Balance(d.Venue, d.Asset) + d.Amount);
            AddTotal(d.Venue, d.Asset, d.Amount, d.Account);
            Epoch.nextDepositIdArray[d.Venue]++;
            var im0 = before is null ? null : MarginRules.Evaluate(before, p, MarginLevel.Initial);
            var im1 = MarginRules.Evaluate(acct, p, MarginLevel.Initial);
            Commit([Change(AccountRole.Depositor, before, acct, im0, im1, null)]);
        }

        private void ApplyWithdraw(Withdraw w, BatchParameters p)
        {
            Venue(w.Venue); Asset(w.Asset); Amount(w.Amount, "amount", w.Account);
            if (w.WithdrawalId != Epoch.NextWithdrawalId[w.Venue])
                throw Reject(w.Account, RejectReason.WithdrawalIdOutOfSequence, $"withdrawal id {w.WithdrawalId} is not venue {w.Venue}'s next id {Epoch.NextWithdrawalId[w.Venue]}");
            var before = Get(w.Account);
            var acct = before.Clone();
            Bump(acct, w.Nonce);
            NotHalted(before, w.Asset);
            long b = acct.Balance(w.Venue, w.Asset);
            if (b < w.Amount) throw Reject(w.Account, RejectReason.InsufficientBalance, $"holds {b} of asset {w.Asset} at venue {w.Venue}, cannot withdraw {w.Amount}");
            if (Total(w.Venue, w.Asset) < w.Amount)
                throw Reject(w.Account, RejectReason.EscrowInsufficient, $"venue {w.Venue}'s escrow holds {Total(w.Venue, w.Asset)} of asset {w.Asset}, less than {w.Amount}");
            SetBalance(acct, w.Venue, w.Asset, (Int128)b - w.Amount);
            AddTotal(w.Venue, w.Asset, -(Int128)w.Amount, w.Account);
            var im0 = MarginRules.Evaluate(before, p, MarginLevel.Initial);
            var im1 = MarginRules.Evaluate(acct, p, MarginLevel.Initial);
            if (!im1.Covered)
                throw Reject(w.Account, RejectReason.WouldBreachInitialMargin,
                    $"would fall below initial margin: TV {MarginRules.FormatValue(im1.TotalValue)} < Req {MarginRules.FormatValue(im1.Requirement)}");
            Epoch.nextWithdrawalIdArray[w.Venue]++;
            _withdrawals[w.Venue].Add(new WithdrawalOutput((ulong)w.WithdrawalId, (uint)w.Account, (ushort)w.Asset, (ulong)w.Amount));
            Commit([Change(AccountRole.Withdrawer, before, acct, im0, im1, null)]);
        }

        private void ApplyTransfer(Transfer t, BatchParameters p)
        {
            Venue(t.FromVenue); Venue(t.ToVenue); Asset(t.Asset); Amount(t.Amount, "amount", t.Account);
            if (t.FromVenue == t.ToVenue) throw Reject(t.Account, RejectReason.SameVenue, $"transfer from venue {t.FromVenue} to itself");
            var before = Get(t.Account);
            var acct = before.Clone();
            Bump(acct, t.Nonce);
            NotHalted(before, t.Asset);
            long b = acct.Balance(t.FromVenue, t.Asset);
            if (b < t.Amount) throw Reject(t.Account, RejectReason.InsufficientBalance, $"holds {b} of asset {t.Asset} at venue {t.FromVenue}, cannot move {t.Amount}");
            if (Total(t.FromVenue, t.Asset) < t.Amount)
                throw Reject(t.Account, RejectReason.EscrowInsufficient, $"venue {t.FromVenue}'s escrow holds {Total(t.FromVenue, t.Asset)} of asset {t.Asset}, less than {t.Amount}");
            SetBalance(acct, t.FromVenue, t.Asset, (Int128)b - t.Amount);
            SetBalance(acct, t.ToVenue, t.Asset, (Int128)acct.Balance(t.ToVenue, t.Asset) + t.Amount);
            AddTotal(t.FromVenue, t.Asset, -(Int128)t.Amount, t.Account);
            AddTotal(t.ToVenue, t.Asset, t.Amount, t.Account);
            _flows[(t.FromVenue * _cfg.V + t.ToVenue) * _cfg.C + t.Asset] += t.Amount;
            var change = Validated(AccountRole.Transferrer, before, acct, p, mustReduce: false);
            Commit([change]);
        }

        private void ApplyTrade(Trade t, BatchParameters p)
        {
            Venue(t.Venue); var ins = Instrument(t.Instrument);
            Amount(t.Qty, "qty", t.Buyer);
            if (t.Price < 0) throw Reject(t.Buyer, RejectReason.InvalidAmount, $"price {t.Price} is negative");
            if (t.BuyerFee < 0 || t.SellerFee < 0) throw Reject(t.Buyer, RejectReason.InvalidAmount, $"fees ({t.BuyerFee}, {t.SellerFee}) must not be negative");
            if (t.Buyer == t.Seller) throw Reject(t.Buyer, RejectReason.SelfTrade, "is both buyer and seller");
            if (ins.Kind != InstrumentKind.Perpetual && ins.Expiry <= Epoch.LastTickTime)
                throw Reject(t.Buyer, RejectReason.InstrumentExpired, $"instrument {t.Instrument} ({ins.Symbol}) expired at {ins.Expiry}, batch time {Epoch.LastTickTime}");
            CheckBand(t.Instrument, t.Price, _cfg.Margin.TradeBand, "trade band", t.Buyer);
            long notional = Notional(t.Qty, t.Price, t.Buyer);
            var buyer0 = Get(t.Buyer);
            var seller0 = Get(t.Seller);
            var buyer = buyer0.Clone();
            var seller = seller0.Clone();
            Bump(buyer, t.BuyerNonce);
            Bump(seller, t.SellerNonce);
            int q = ins.QuoteAsset;
            AddPosition(buyer, t.Instrument, t.Venue, t.Qty);
            AddPosition(seller, t.Instrument, t.Venue, -(Int128)t.Qty);
            SetBalance(buyer, t.Venue, q, (Int128)buyer.Balance(t.Venue, q) - notional - t.BuyerFee);
            SetBalance(seller, t.Venue, q, (Int128)seller.Balance(t.Venue, q) + notional - t.SellerFee);
            AddFee(t.Venue, q, (Int128)t.BuyerFee + t.SellerFee, t.Buyer);
            bool halted = IsHalted(ins.Underlying);
            var cb = Validated(AccountRole.Buyer, buyer0, buyer, p, halted);
            var cs = Validated(AccountRole.Seller, seller0, seller, p, halted);
            Commit([cb, cs]);
        }

        private void ApplyLiquidate(Liquidate l, BatchParameters p)
        {
            Venue(l.Venue); var ins = Instrument(l.Instrument);
            Amount(l.Qty, "qty", l.Account);
            if (l.Price < 0) throw Reject(l.Account, RejectReason.InvalidAmount, $"price {l.Price} is negative");
            if (l.Account == l.Liquidator) throw Reject(l.Account, RejectReason.SelfTrade, "cannot liquidate itself");
            var acct0 = Get(l.Account);
            var liq0 = Get(l.Liquidator);
            var acct = acct0.Clone();
            var liq = liq0.Clone();
            Bump(acct, l.Nonce);
            Bump(liq, l.LiquidatorNonce);
            long pos = acct0.Position(l.Instrument, l.Venue);
            if (pos == 0) throw Reject(l.Account, RejectReason.NoPosition, $"has no position in instrument {l.Instrument} at venue {l.Venue}");
            if ((Int128)l.Qty > Int128.Abs(pos))
                throw Reject(l.Account, RejectReason.LiquidationTooLarge, $"liquidation qty {l.Qty} exceeds the position {pos}");
            var mm0 = MarginRules.Evaluate(acct0, p, MarginLevel.Maintenance);
            if (mm0.Covered)
                throw Reject(l.Account, RejectReason.NotLiquidatable,
                    $"is not liquidatable: TV {MarginRules.FormatValue(mm0.TotalValue)} ≥ maintenance Req {MarginRules.FormatValue(mm0.Requirement)}");
            CheckBand(l.Instrument, l.Price, _cfg.Margin.LiquidationBand, "liquidation band", l.Account);
            long notional = Notional(l.Qty, l.Price, l.Account);
            int q = ins.QuoteAsset;
            Int128 dir = pos > 0 ? 1 : -1; // the liquidated account sells a long, buys back a short
            AddPosition(acct, l.Instrument, l.Venue, -dir * l.Qty);
            AddPosition(liq, l.Instrument, l.Venue, dir * l.Qty);
            SetBalance(acct, l.Venue, q, (Int128)acct.Balance(l.Venue, q) + dir * notional);
            SetBalance(liq, l.Venue, q, (Int128)liq.Balance(l.Venue, q) - dir * notional);
            var im0 = MarginRules.Evaluate(acct0, p, MarginLevel.Initial);
            var im1 = MarginRules.Evaluate(acct, p, MarginLevel.Initial);
            bool rr = MarginRules.IsRiskReducing(acct0, im0, acct, im1, out _);
            var changeAcct = new AccountChange(AccountRole.Liquidated, acct0, acct, im0, im1, mm0, im1.Covered, rr);
            var l0 = MarginRules.Evaluate(liq0, p, MarginLevel.Initial);
            var l1 = MarginRules.Evaluate(liq, p, MarginLevel.Initial);
            if (!l1.Covered)
                throw Reject(l.Liquidator, RejectReason.LiquidatorUnhealthy,
                    $"(liquidator) would fall below initial margin: TV {MarginRules.FormatValue(l1.TotalValue)} < Req {MarginRules.FormatValue(l1.Requirement)}");
            bool lrr = MarginRules.IsRiskReducing(liq0, l0, liq, l1, out string why);
            if (IsHalted(ins.Underlying) && !lrr)
                throw Reject(l.Liquidator, RejectReason.HaltedNotRiskReducing, $"(liquidator) underlying {ins.Underlying} is halted and the change is not risk-reducing: {why}");
            Commit([changeAcct, new AccountChange(AccountRole.Liquidator, liq0, liq, l0, l1, null, true, lrr)]);
        }

        // ---------------------------------------------------------------- rules shared by the ops

        /// <summary>Valid after = healthy or risk-reducing; on a halted underlying, risk-reducing is required.</summary>
        private AccountChange Validated(AccountRole role, Account before, Account after, BatchParameters p, bool mustReduce)
        {
            var im0 = MarginRules.Evaluate(before, p, MarginLevel.Initial);
            var im1 = MarginRules.Evaluate(after, p, MarginLevel.Initial);
            bool rr = MarginRules.IsRiskReducing(before, im0, after, im1, out string why);
            if (mustReduce && !rr)
                throw Reject(after.Id, RejectReason.HaltedNotRiskReducing, $"({role}) the underlying is halted and the change is not risk-reducing: {why}");
            if (!im1.Covered && !rr)
                throw Reject(after.Id, RejectReason.WouldBreachInitialMargin,
                    $"({role}) would fall below initial margin: TV {MarginRules.FormatValue(im1.TotalValue)} < Req {MarginRules.FormatValue(im1.Requirement)}, and the change is not risk-reducing: {why}");
            return new AccountChange(role, before, after, im0, im1, null, im1.Covered, rr);
        }

        private AccountChange Change(AccountRole role, Account? before, Account after, MarginResult? im0, MarginResult im1, MarginResult? mm0)
        {
            bool rr = before is not null && im0 is not null && MarginRules.IsRiskReducing(before, im0, after, im1, out _);
            return new AccountChange(role, before, after, im0, im1, mm0, im1.Covered, rr);
        }

        private void Commit(AccountChange[] changes)
        {
            int venue = _op.SubmittedBy!.Value;
            foreach (var c in changes)
            {
                Touched[c.After.Id] = c.After;
                // Each touched account takes one of the circuit's account registers (docs/spec.md §10).
                if (Touched.Count > _cfg.MaxAccounts)
                    throw Reject(c.After.Id, RejectReason.TooManyAccounts, $"is the batch's account {Touched.Count}, beyond MaxAccounts = {_cfg.MaxAccounts} account registers");
            }
            _opsChains[venue] = Commitments.OpsChainStep(_opsChains[venue], _op);
            _trace.Add(new OpTrace(_index, _op, venue, changes, []));
        }

        private void CheckBand(int instrument, long price, long bandPpm, string band, ulong account)
        {
            var ins = _cfg.Instruments[instrument];
            BigInteger scale = BigInteger.Pow(10, _cfg.Assets[ins.QuoteAsset].Decimals);
            BigInteger mark = Epoch.Marks[instrument] * scale;             // VU per contract · 10^d_q
            BigInteger paid = (BigInteger)price * Epoch.Prices[ins.QuoteAsset]; // the same unit
            if (BigInteger.Abs(paid - mark) * Scales.Ppm > bandPpm * mark)
                throw Reject(account, RejectReason.PriceOutsideBand,
                    $"price {price} of instrument {instrument} ({ins.Symbol}) is worth {MarginRules.FormatValue((Int128)(paid / scale))} per contract, outside the {band} of {bandPpm} ppm around the mark {MarginRules.FormatValue(Epoch.Marks[instrument])}");
        }

        private long Notional(long qty, long price, ulong account)
        {
            var n = FixedPointMath.Notional(qty, price, out var rem);
            if (!rem.IsZero) throw Reject(account, RejectReason.NotionalNotExact, $"qty {qty} × price {price} is not a whole number of settlement units (remainder {rem} of 10^8)");
            if (n >= long.MaxValue) throw Reject(account, RejectReason.BalanceOutOfRange, $"notional {n} does not fit 63 bits");
            return (long)n;
        }

        private void Bump(Account a, long expected)
        {
            if (a.Nonce != expected) throw Reject(a.Id, RejectReason.NonceMismatch, $"nonce {expected} does not match the account's nonce {a.Nonce}");
            if (a.Nonce + 1 >= Scales.NonceBound) throw Reject(a.Id, RejectReason.NonceExhausted, "nonce would reach 2^48");
            a.Nonce++;
        }

        private void SetBalance(Account a, int venue, int asset, Int128 value)
        {
            if (value < long.MinValue || value > long.MaxValue)
                throw Reject(a.Id, RejectReason.BalanceOutOfRange, $"balance of asset {asset} at venue {venue} would be {value}, outside [-2^63, 2^63)");
            a.SetBalance(venue, asset, (long)value);
        }

        private void AddPosition(Account a, int instrument, int venue, Int128 delta)
        {
            Int128 q = a.Position(instrument, venue) + delta;
            // -2^63 is excluded: its packed lane (qty + 2^63 = 0 with instrument 0, venue 0) would equal the empty slot.
            if (q <= long.MinValue || q > long.MaxValue)
                throw Reject(a.Id, RejectReason.PositionOutOfRange, $"position in instrument {instrument} at venue {venue} would be {q}, outside (-2^63, 2^63)");
            if (!a.TrySetPosition(instrument, venue, (long)q))
                throw Reject(a.Id, RejectReason.PositionSlotsFull, $"all {_cfg.MaxPositions} position slots are in use");
        }

        private Int128 Total(int venue, int asset) => Epoch.Totals[venue * _cfg.C + asset];

        private void AddTotal(int venue, int asset, Int128 delta, ulong account)
        {
            ref var t = ref Epoch.totalsArray[venue * _cfg.C + asset];
            if (Int128.Abs(t + delta) >= Scales.TotalBound) throw Reject(account, RejectReason.ValueOutOfRange, $"venue {venue} total of asset {asset} would exceed 2^100");
            t += delta;
        }

        private void AddFee(int venue, int asset, Int128 delta, ulong account)
        {
            ref var f = ref Epoch.feesArray[venue * _cfg.C + asset];
            if (f + delta >= Scales.TotalBound) throw Reject(account, RejectReason.ValueOutOfRange, $"venue {venue} fee pool of asset {asset} would exceed 2^100");
            f += delta;
        }

        private bool IsHalted(int asset) => (_halted >> asset & 1) != 0;

        private void NotHalted(Account a, int asset)
        {
            if (IsHalted(asset)) throw Reject(a.Id, RejectReason.AssetHalted, $"asset {asset} ({_cfg.Assets[asset].Symbol}) is halted in this batch");
            foreach (var s in a.Slots)
                if (!s.IsEmpty && IsHalted(_cfg.Instruments[s.Instrument].Underlying))
                    throw Reject(a.Id, RejectReason.AssetHalted, $"holds a position in instrument {s.Instrument} whose underlying is halted in this batch");
        }

        private Account? Existing(ulong id) => Touched.TryGetValue(id, out var a) ? a : _engine.State.Account(id);

        private Account Get(ulong id) => Existing(id) ?? throw Reject(id, RejectReason.UnknownAccount, "does not exist");

        private void Venue(int v)
        {
            if (v < 0 || v >= _cfg.V) throw Reject(null, RejectReason.UnknownVenue, $"venue {v} does not exist ({_cfg.V} venues)");
        }

        private void Asset(int c)
        {
            if (c < 0 || c >= _cfg.C) throw Reject(null, RejectReason.UnknownAsset, $"asset {c} does not exist ({_cfg.C} assets)");
        }

        private InstrumentConfig Instrument(int i)
        {
            if (i < 0 || i >= _cfg.NI) throw Reject(null, RejectReason.UnknownInstrument, $"instrument {i} does not exist ({_cfg.NI} instruments)");
            return _cfg.Instruments[i];
        }

        private void Amount(long x, string what, ulong account)
        {
            if (x < 1) throw Reject(account, RejectReason.InvalidAmount, $"{what} {x} must be in [1, 2^63)");
        }

        // A rule that names no account still belongs to the op's account when the op has exactly one.
        private BatchRejectedException Reject(ulong? account, RejectReason reason, string detail) =>
            new(_index, _op?.Kind ?? "Batch", account ?? _op switch
            {
                Deposit d => d.Account, Withdraw w => w.Account, Transfer t => t.Account, _ => null,
            }, reason, detail);
    }
}
