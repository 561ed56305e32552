using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Native;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using static Settlement.Circuits.Gadgets.CommonGadgets;

namespace Settlement.Circuits.Transition;

/// <summary>
/// The settlement transition circuit (SPEC §3–§5, docs/spec.md §2–§5): from the old state root, a batch of
/// [PriceTick]? [RiskUpdate]? and up to MaxOps account ops in universal slots, to the new root; its single public
/// input is the statement hash of §5.5. Every slot can hold any account op (Deposit, Withdraw, Transfer, Trade,
/// Liquidate, or none): it always reads two accounts (A and B) from the batch's account registers, and the op kind's
/// one-hot flags gate each rule. Each register holds one account the batch touches: opened once against the running
/// root and written back once, after the last op (<see cref="WriteBack"/>).
/// Design notes, sizes and test results: bench/RESULTS-settlement-circuit.md.
/// </summary>
public sealed class TransitionCircuit(TransitionShape shape) : Circuit
{
    public TransitionShape Shape { get; } = shape;

    /// <summary>Index of the final constraint (computed statement hash = public input), set by <see cref="Define"/>.</summary>
    public int StatementConstraint { get; private set; } = -1;

    /// <summary>
    /// Accounts A and B of each slot after its op, as the circuit computes them (set by <see cref="Define"/>). A forced
    /// witness (TransitionWitnessBuilder.BuildForced) takes B's old leaf from A's after it when they are one account, and
    /// writes both into the tree when it computes the registers' write-back paths, so that every root is consistent and
    /// a refused op can only break its own rule's constraints.
    /// </summary>
    public IReadOnlyList<AccountAfter> AfterA => _afterA;
    public IReadOnlyList<AccountAfter> AfterB => _afterB;
    private readonly List<AccountAfter> _afterA = [], _afterB = [];

    /// <summary>An account leaf after an op: its packed elements and fields; the target slot (one-hot, or none) holds (Instrument, Venue, Qty), or is empty when QtyZero.</summary>
    public sealed record AccountAfter(Variable[] Elements, Variable Salt, Variable Nonce, Variable[] Balances, Variable[] Target,
        Variable Instrument, Variable Venue, Variable Qty, Variable QtyZero);

    /// <summary>
    /// The one-hot selectors of each report's asset and of each slot's asset and instrument (set by <see cref="Define"/>).
    /// An unknown asset or instrument has no honest selector; a forger picks one of a known index, and tests do the same
    /// (through solver overrides) to show that only the UnknownAsset or UnknownInstrument constraints then refuse it.
    /// </summary>
    public IReadOnlyList<Variable[]> ReportAssetSelectors => _reportAsset;
    public IReadOnlyList<Variable[]> SlotAssetSelectors => _slotAsset;
    public IReadOnlyList<Variable[]> SlotInstrumentSelectors => _slotInstrument;
    private readonly List<Variable[]> _reportAsset = [], _slotAsset = [], _slotInstrument = [];

    private Api _api = null!;
    private InputBinder<TransitionWitness> _inputs = null!;

    public override void Define(Api api)
    {
        _api = api;
        _inputs = InputBinder<TransitionWitness>.Declare(api);
        _afterA.Clear(); _afterB.Clear();
        _reportAsset.Clear(); _slotAsset.Clear(); _slotInstrument.Clear();
        var sh = Shape;
        int V = sh.V, C = sh.C, NI = sh.NI;
        var (statement, acctRoot0) = Roots.Of(_inputs);

        // ---------------- old epoch state (§3.3)
        var ep = EpochVars.From(EpochInputs.Of(_inputs, sh));
        Variable oldEpochHash, oldRoot;
        using (api.Scope("OldRoot"))
        {
            oldEpochHash = PoseidonGadget.Hash(api, ep.Encode(), HashDomain.EpochState);
            oldRoot = PoseidonGadget.Hash(api, [acctRoot0, oldEpochHash], HashDomain.StateRoot);
        }
        var cur = ep.Clone();

        // ---------------- PriceTick and RiskUpdate
        Variable oracleCommitment, riskCommitment;
        Variable[] halted;
        using (api.Scope("PriceTick")) (oracleCommitment, halted) = PriceTick(cur);
        using (api.Scope("RiskUpdate")) riskCommitment = RiskUpdate(cur);

        // ---------------- batch parameters (§2.1), once
        BatchValues batch;
        using (api.Scope("BatchParameters")) batch = Parameters(cur);

        // ---------------- account ops
        var chains = new Variable[V];
        var wdChains = new Variable[V];
        var flows = new Variable[V * V * C]; // [(f·V + t)·C + c]
        for (int i = 0; i < V; i++) { chains[i] = 0; wdChains[i] = 0; }
        for (int i = 0; i < flows.Length; i++) flows[i] = 0;
        Registers regs;
        using (api.Scope("AccountRegisters")) regs = OpenRegisters();
        Variable prevActive = 1;
        Variable hasOps = 0;
        for (int j = 0; j < sh.MaxOps; j++)
        {
            using var _ = api.Scope("Slot");
            var active = Slot(j, cur, batch, halted, regs, chains, wdChains, flows, prevActive);
            if (j == 0) hasOps = active;
            prevActive = active;
        }
        Variable root;
        using (api.Scope("AccountRegisters")) root = WriteBack(regs, acctRoot0);
        using (api.Scope("BatchEnd"))
        {
            // Before any account op: a price for every asset and an accepted risk update (PriceMissing, RiskParametersMissing).
            using (api.Rule("RiskParametersMissing")) api.AssertNonZero(cur.Epoch + Api.Constant(1) - hasOps);
            using (api.Rule("PriceMissing"))
                for (int c = 0; c < C; c++) api.AssertNonZero(cur.Prices[c] + Api.Constant(1) - hasOps);
            cur.BatchCount = ep.BatchCount + 1;
            var newEpochHash = PoseidonGadget.Hash(api, cur.Encode(), HashDomain.EpochState);
            var newRoot = PoseidonGadget.Hash(api, [root, newEpochHash], HashDomain.StateRoot);
            var outputs = new Variable[V];
            for (int v = 0; v < V; v++)
            {
                var e = new List<Variable> { v, ep.BatchCount, ep.NextDep[v], cur.NextDep[v], ep.NextWd[v], cur.NextWd[v], wdChains[v] };
                for (int w = 0; w < V; w++) for (int c = 0; c < C; c++) e.Add(flows[(v * V + w) * C + c]);
                for (int w = 0; w < V; w++) for (int c = 0; c < C; c++) e.Add(flows[(w * V + v) * C + c]);
                outputs[v] = PoseidonGadget.Hash(api, e.ToArray(), HashDomain.Outputs);
            }
            Variable mask = 0;
            for (int c = 0; c < C; c++) mask += halted[c] * Pow2(c);
            var st = new List<Variable> { sh.ConfigHash, cur.Epoch, ep.BatchCount, oldRoot, newRoot, oracleCommitment, riskCommitment };
            st.AddRange(chains); st.AddRange(outputs); st.Add(mask);
            var hash = PoseidonGadget.Hash(api, st.ToArray(), HashDomain.Statement);
            StatementConstraint = api.ConstraintCount;
            api.AssertEqual(hash, statement);
        }
    }

    // =====================================================================================================
    // PriceTick (docs/spec.md §4): order, freshness, quorum, lower median by counting, breaker; oracle commitment (§5.3)

    private (Variable Commitment, Variable[] Halted) PriceTick(EpochVars cur)
    {
        var api = _api; var sh = Shape; int C = sh.C, R = sh.MaxReports;
        var (present, T, active, asset, signer, price, ts) = TickInputs.Of(_inputs, sh);
        api.AssertBoolean(present);
        ZeroUnless(api, present, T);
        using (api.Rule("StaleTick"))
        {
            RangeCheck.Check(api, T, 48);
            NonNegativeIf(api, present, T - cur.LastTick - 1, 48);
        }
        var assetSel = new Variable[R][];
        Variable count = 0;
        for (int j = 0; j < R; j++)
        {
            api.AssertBoolean(active[j]);
            ZeroUnless(api, present, active[j]);
            if (j > 0) ZeroIf(api, active[j], Api.Constant(1) - active[j - 1]); // active reports form a prefix
            foreach (var x in new[] { asset[j], signer[j], price[j], ts[j] }) ZeroUnless(api, active[j], x);
            count += active[j];
            using (api.Rule("UnknownAsset/report")) assetSel[j] = OneHot(api, asset[j], C);
            _reportAsset.Add(assetSel[j]);
            using (api.Rule("InvalidParameter/signer")) Comparison.AssertLessThan(api, signer[j], sh.OracleSize, 8);
            using (api.Rule("InvalidParameter/price")) AssertPositiveBelow(api, active[j], price[j], Scales.PriceBits);
            using (api.Rule("ReportNotFresh"))
            {
                RangeCheck.Check(api, ts[j], 48);                                     // t ∈ [0, 2⁴⁸) (§1.1; 0 when inactive)
                NonNegativeIf(api, active[j], T - ts[j], 49);                         // t ≤ T
                NonNegativeIf(api, active[j], ts[j] - T + sh.FreshnessWindowMs, 49);  // T − W ≤ t
            }
            // Reports come in the oracle commitment's order (signer by signer, each signer's by asset, as the bundle
            // carries them): (signer, asset) strictly increasing, so no pair repeats.
            if (j > 0)
                using (api.Rule("ReportsNotSorted"))
                    NonNegativeIf(api, active[j], signer[j] * 256 + asset[j] - signer[j - 1] * 256 - asset[j - 1] - 1, 16);
        }
        // Per asset: count, quorum, median.
        var act = new Variable[R][];
        for (int j = 0; j < R; j++)
        {
            act[j] = new Variable[C];
            for (int c = 0; c < C; c++) act[j][c] = api.Mul(active[j], assetSel[j][c]);
        }
        var medianIns = new List<Variable>();
        for (int j = 0; j < R; j++) { medianIns.Add(active[j]); medianIns.Add(asset[j]); medianIns.Add(price[j]); }
        var med = api.Hint("lower-medians", (ins, outs) =>
        {
            var groups = new List<BigInteger>[outs.Length];
            for (int c = 0; c < outs.Length; c++) groups[c] = [];
            for (int j = 0; j + 2 < ins.Length + 0; j += 3)
                if (ins[j].IsOne) { var a = (int)ToSigned(ins[j + 1]); if (a >= 0 && a < outs.Length) groups[a].Add(ToSigned(ins[j + 2])); }
            for (int c = 0; c < outs.Length; c++)
                outs[c] = groups[c].Count == 0 ? Fr.Zero : Fr.FromBigInteger(Native.OrderRules.LowerMedian(groups[c].ToArray()));
        }, C, medianIns.ToArray());
        var le = new Variable[R]; var ge = new Variable[R];
        for (int j = 0; j < R; j++)
        {
            var m = Pick(api, assetSel[j], med);
            le[j] = Comparison.IsLessOrEqual(api, price[j], m, 57);
            ge[j] = Comparison.IsLessOrEqual(api, m, price[j], 57);
        }
        var halted = new Variable[C];
        for (int c = 0; c < C; c++)
        {
            using var _ = api.Scope("Asset");
            Variable n = 0, nle = 0, nge = 0, nlt = 0;
            for (int j = 0; j < R; j++)
            {
                n += act[j][c];
                nle += api.Mul(act[j][c], le[j]);
                nge += api.Mul(act[j][c], ge[j]);
                nlt += act[j][c] - api.Mul(act[j][c], ge[j]);
            }
            var has = Api.Constant(1) - api.IsZero(n);
            ZeroUnless(api, has, med[c]);
            RangeCheck.Check(api, med[c], 56);
            using (api.Rule("QuorumNotMet")) NonNegativeIf(api, has, n - sh.OracleQuorum, 16);
            NonNegativeIf(api, has, nle * 2 - n, 16);               // n ≤ 2·#{p ≤ m}
            NonNegativeIf(api, has, nge * 2 - n, 16);               // n ≤ 2·#{p ≥ m}
            NonNegativeIf(api, has, n - nlt * 2 - 1, 16);           // 2·#{p < m} < n (lower median)
            // Breaker: S ≠ 0 and |m − S|·PPM > β·S.
            var s = cur.Prices[c];
            var dev = (med[c] - s) * Scales.Ppm;
            var bound = s * Shape.Breaker;
            var inside = api.Mul(IsNonNegative(api, bound - dev, 92), IsNonNegative(api, bound + dev, 92));
            var nzS = Api.Constant(1) - api.IsZero(s);
            halted[c] = api.Mul(api.Mul(has, nzS), Api.Constant(1) - inside);
            cur.Prices[c] = If(api, has, med[c], s);
            cur.PriceTimes[c] = If(api, has, T, cur.PriceTimes[c]);
        }
        cur.LastTick = If(api, present, T, cur.LastTick);

        // Commitment Hash([T, count, per report: asset + 2¹⁶·signer + 2³²·t, price], OracleCommitment), length 2 + 2·count.
        var elems = new List<Variable> { T, count };
        for (int j = 0; j < R; j++) { elems.Add(asset[j] + signer[j] * Pow2(16) + ts[j] * Pow2(32)); elems.Add(price[j]); }
        int blocks = (elems.Count + 3) / 4;
        var half = api.Hint("half", static (ins, outs) => outs[0] = Fr.FromBigInteger(ToSigned(ins[0]) / 2), 1, [count])[0];
        var blockSel = OneHot(api, half, blocks);
        api.AssertBoolean(count - half * 2);
        Variable[] state = [Api.Constant(Fr.FromBigInteger(new BigInteger(HashDomain.OracleCommitment) << 64)) + 2 + count * 2, 0, 0, 0, 0];
        Variable output = 0;
        for (int b = 0, k = 0; b < blocks; b++)
        {
            for (int i = 0; i < 4 && k < elems.Count; i++, k++) state[1 + i] += elems[k];
            state = PoseidonGadget.Permute(api, state);
            output += api.Mul(blockSel[b], state[1]);
        }
        return (api.Mul(present, output), halted);
    }

    // =====================================================================================================
    // RiskUpdate: epoch sequence, σ caps and step limit, widths of M, Δ, Γ, no-arbitrage bounds; risk commitment (§5.3)

    private Variable RiskUpdate(EpochVars cur)
    {
        var api = _api; var sh = Shape; int C = sh.C, NI = sh.NI;
        var (present, e, sigma, mark, delta, gamma) = RiskInputs.Of(_inputs, sh);
        api.AssertBoolean(present);
        using (api.Rule("EpochOutOfSequence")) api.AssertEqual(e, api.Mul(present, cur.Epoch + 1)); // (and 0 when absent)
        for (int c = 0; c < C; c++)
        {
            using (api.Rule("SigmaOutsideCaps"))
            {
                RangeCheck.Check(api, sigma[c] - present * sh.SigmaMin[c], 48);
                RangeCheck.Check(api, present * sh.SigmaMax[c] - sigma[c], 48);
            }
            var prev = cur.Sigmas[c];
            var gate = api.Mul(present, Api.Constant(1) - api.IsZero(prev));
            var step = (sigma[c] - prev) * Scales.Ppm;
            using (api.Rule("SigmaStepTooLarge"))
            {
                NonNegativeIf(api, gate, prev * sh.SigmaStep - step, 84);
                NonNegativeIf(api, gate, prev * sh.SigmaStep + step, 84);
            }
            cur.Sigmas[c] = If(api, present, sigma[c], prev);
        }
        // The bounds compare against S after the batch's tick; an underlying without a price has none to compare against.
        using (api.Rule("PriceMissing/risk"))
            foreach (int u in sh.Underlyings) api.AssertNonZero(cur.Prices[u] + Api.Constant(1) - present);
        for (int i = 0; i < NI; i++)
        {
            foreach (var x in new[] { mark[i], delta[i], gamma[i] }) ZeroUnless(api, present, x);
            Variable gammaNonNegative;
            using (api.Rule("InvalidParameter/risk"))
            {
                RangeCheck.Check(api, mark[i], 56);
                AssertAbsBelow(api, delta[i], 48);
                gammaNonNegative = AbsBelowIsNonNegative(api, gamma[i], 48);
            }
            NoArbitrageBounds(sh.Instruments[i], present, mark[i], delta[i], gammaNonNegative, cur.Prices[sh.Instruments[i].Underlying]);
            cur.Marks[i] = If(api, present, mark[i], cur.Marks[i]);
            cur.Deltas[i] = If(api, present, delta[i], cur.Deltas[i]);
            cur.Gammas[i] = If(api, present, gamma[i], cur.Gammas[i]);
        }
        cur.Epoch += present;
        var list = new List<Variable> { e };
        list.AddRange(sigma);
        for (int i = 0; i < NI; i++) { list.Add(mark[i]); list.Add(delta[i]); list.Add(gamma[i]); }
        return api.Mul(present, PoseidonGadget.Hash(api, list.ToArray(), HashDomain.RiskCommitment));
    }

    /// <summary>
    /// The no-arbitrage bounds of one instrument's parameters against S (docs/spec.md §4 RiskUpdate, native rule
    /// Native.RiskBounds): exact comparisons, M, S, K in one unit. An absent update has M = Δ = Γ = 0, which meets the
    /// ungated checks; the checks that 0 could fail are gated on <paramref name="present"/>.
    /// </summary>
    private void NoArbitrageBounds(InstrumentShape ins, Variable present, Variable mark, Variable delta, Variable gammaNonNegative, Variable spot)
    {
        var api = _api;
        var strike = Api.Constant(Fr.FromInt64(ins.Strike));
        switch (ins.Kind)
        {
            case InstrumentKind.Perpetual:
            {
                // |M − S|·PPM ≤ markBand·S: inside, both sides are in [0, 2·markBand·S] with S < 2⁵⁶.
                var x = (mark - spot) * Scales.Ppm;
                var y = spot * Shape.MarkBand;
                int bits = Math.Max(1, (int)(2 * Shape.MarkBand * ((BigInteger.One << 56) - 1)).GetBitLength());
                using (api.Rule("MarkOutsideBounds/perpetual"))
                {
                    NonNegativeIf(api, present, y - x, bits);
                    NonNegativeIf(api, present, y + x, bits);
                }
                break;
            }
            case InstrumentKind.Call:
                using (api.Rule("MarkOutsideBounds/upper")) RangeCheck.Check(api, spot - mark, 56);                  // M ≤ S
                using (api.Rule("MarkOutsideBounds/intrinsic")) NonNegativeIf(api, present, mark + strike - spot, 57); // M ≥ S − K
                break;
            default:
                using (api.Rule("MarkOutsideBounds/upper")) RangeCheck.Check(api, strike - mark, 56);                 // M ≤ K
                using (api.Rule("MarkOutsideBounds/intrinsic")) NonNegativeIf(api, present, mark + spot - strike, 57); // M ≥ K − S
                break;
        }
        using (api.Rule("GreekOutsideBounds/delta"))
            if (RiskBounds.DeltaRange(ins.Kind) is var (lo, hi)) AssertBelowConst(api, delta - lo, (BigInteger)hi - lo + 1);
        using (api.Rule("GreekOutsideBounds/gamma")) api.AssertEqual(gammaNonNegative, 1);                           // Γ ≥ 0
    }

    // =====================================================================================================
    // Batch parameters (docs/spec.md §2.1): haircuts and ranges per level from the post-update σ and prices

    private BatchValues Parameters(EpochVars cur)
    {
        var api = _api; var sh = Shape; int V = sh.V, C = sh.C;
        var us = sh.Underlyings;
        var b = new BatchValues
        {
            Prices = cur.Prices, Marks = cur.Marks, Deltas = cur.Deltas, Gammas = cur.Gammas,
            PricePos = new Variable[2][], PriceNeg = new Variable[2][], Range = new Variable[2][],
        };
        for (int level = 0; level < 2; level++)
        {
            long z = level == 0 ? sh.ZIm : sh.ZMm;
            b.PricePos[level] = new Variable[C * V];
            b.PriceNeg[level] = new Variable[C * V];
            b.Range[level] = new Variable[us.Length * V];
            for (int c = 0; c < C; c++)
            {
                var sigmaPrice = api.Mul(cur.Sigmas[c], cur.Prices[c]);
                var collateralScale = Fr.FromBigInteger(BigInteger.Pow(10, Scales.CollateralExponent - sh.AssetDecimals[c]));
                for (int v = 0; v < V; v++)
                {
                    var zt = Fr.FromBigInteger(z * sh.TimeRoot(v));
                    var raw = CeilDivConst(api, cur.Sigmas[c] * zt, Scales.HaircutDivisor, 64);
                    var below = Comparison.IsLessThan(api, raw, sh.HaircutFloor, 64);
                    var above = Comparison.IsLessThan(api, sh.HaircutCap, raw, 64);
                    var h = If(api, below, sh.HaircutFloor, If(api, above, sh.HaircutCap, raw));
                    var sp = cur.Prices[c] * collateralScale;
                    b.PricePos[level][c * V + v] = api.Mul(sp, Api.Constant(Scales.Ppm) - h);
                    b.PriceNeg[level][c * V + v] = api.Mul(sp, Api.Constant(Scales.Ppm) + h);
                    // R = ceil(z·σ·S·t / 10¹⁹) < 2⁶⁴ for every asset (the engine computes all; ValueOutOfRange otherwise).
                    Variable r;
                    using (api.Rule("ValueOutOfRange/range")) r = CeilDivConst(api, sigmaPrice * zt, Scales.RangeDivisor, 64);
                    int k = Array.IndexOf(us, c);
                    if (k >= 0) b.Range[level][k * V + v] = r;
                }
            }
        }
        return b;
    }

    // =====================================================================================================
    // One account-op slot

    /// <summary>
    /// One account op slot (docs/spec.md §4): the op's fields and selectors, its accounts read from their registers,
    /// the position and balance changes, margin, the rules of its kind, the registers written, and the epoch updated.
    /// Returns whether the slot holds an op (slots fill a prefix).
    /// </summary>
    private Variable Slot(int j, EpochVars cur, BatchValues batch, Variable[] halted, Registers regs,
        Variable[] chains, Variable[] wdChains, Variable[] flows, Variable prevActive)
    {
        var api = _api;
        var slot = TransitionInputs.Slot(_inputs, Shape, j);
        var op = OpFields.Of(slot);
        var k = OpKinds.Of(api, op.Kind);
        ZeroIf(api, k.Active, Api.Constant(1) - prevActive); // ops fill a prefix of the slots
        CheckFields(op, k);
        var sel = Selectors(op, k);
        var (notional, mark) = NotionalAndBand(op, k, sel, cur);
        var (sideA, sideB) = Accounts(slot, op, k, cur, batch);
        var change = Changes(op, k, sel, sideA.Old, sideB.Old, notional);
        var margin = MarginChanges(k, sel, batch, sideA.Old, sideB.Old, change, mark);
        var insHalted = HaltedRules(op, k, sel, cur, halted, sideA.Old, margin.BalanceA1);
        HealthRules(k, batch, sideA.Old, margin, change, insHalted);
        using (api.Scope("Register"))
        {
            // A, then B on the registers A left.
            ReadWrite(regs, sideA, change.A1, k.Active);
            ReadWrite(regs, sideB, change.B1, k.TradeOrLiquidate);
        }
        EpochUpdate(op, k, sel, cur, change, sideA, sideB, chains, wdChains, flows);
        return k.Active;
    }

    /// <summary>
    /// The operation selectors of a slot: one boolean per kind (at most one set; none for an empty slot) and the unions
    /// the rules read.
    /// </summary>
    private readonly record struct OpKinds(Variable Active, Variable Deposit, Variable Withdraw, Variable Transfer, Variable Trade,
        Variable Liquidate, Variable TradeOrLiquidate, Variable WithdrawOrTransfer)
    {
        /// <summary>The kind's one-hot decomposition: 0 none, 1 Deposit, 2 Withdraw, 3 Transfer, 4 Trade, 5 Liquidate.</summary>
        public static OpKinds Of(Api api, Variable kind)
        {
            var k = OneHot(api, kind, 6);
            return new OpKinds(Api.Constant(1) - k[0], k[1], k[2], k[3], k[4], k[5],
                TradeOrLiquidate: k[4] + k[5],      // two accounts, a position change
                WithdrawOrTransfer: k[2] + k[3]);  // a debit out of an escrow
        }
    }

    /// <summary>
    /// The one-hot selectors of an op's indices: venue, transfer destination, asset, instrument, and the (venue, asset)
    /// and (venue2, asset) balance positions v·C + c.
    /// </summary>
    private sealed record OpSelectors(Variable[] Venue, Variable[] Venue2, Variable[] Asset, Variable[] Instrument, Variable[] At1, Variable[] At2);

    /// <summary>Each field only where its kind uses it; amounts, prices and fees in range.</summary>
    private void CheckFields(OpFields op, OpKinds k)
    {
        var api = _api;
        ZeroUnless(api, k.Transfer, op.Venue2);
        ZeroUnless(api, k.TradeOrLiquidate, op.Instrument);
        ZeroUnless(api, k.TradeOrLiquidate, op.Price);
        ZeroUnless(api, k.Trade, op.FeeA);
        ZeroUnless(api, k.Trade, op.FeeB);
        ZeroUnless(api, k.Deposit + k.Withdraw, op.OpId);
        ZeroUnless(api, k.Deposit, op.Salt);
        ZeroUnless(api, k.Active, op.Venue);
        ZeroUnless(api, k.Active, op.Asset);
        using (api.Rule("InvalidAmount"))
        {
            AssertPositiveBelow(api, k.Active, op.Amount, Scales.AmountBits); // amount, qty ∈ [1, 2⁶³)
            RangeCheck.Check(api, op.Price, 63);
            RangeCheck.Check(api, op.FeeA, 63);
            RangeCheck.Check(api, op.FeeB, 63);
        }
    }

    /// <summary>The op's indices as one-hot selectors (an index out of range has none), distinct transfer venues, a trade's cash leg in the quote asset.</summary>
    private OpSelectors Selectors(OpFields op, OpKinds k)
    {
        var api = _api; var sh = Shape; int V = sh.V, C = sh.C;
        Variable[] v1, v2, cs, ins;
        using (api.Rule("UnknownVenue/op")) v1 = OneHot(api, op.Venue, V);
        using (api.Rule("UnknownVenue/transfer-to")) v2 = OneHot(api, op.Venue2, V);
        using (api.Rule("UnknownAsset/op")) cs = OneHot(api, op.Asset, C);
        using (api.Rule("UnknownInstrument")) ins = OneHot(api, op.Instrument, sh.NI);
        _slotAsset.Add(cs); _slotInstrument.Add(ins);
        using (api.Rule("SameVenue")) api.AssertNonZero(op.Venue - op.Venue2 + Api.Constant(1) - k.Transfer);
        var quote = PickConst(ins, sh.Instruments.Select(x => (BigInteger)x.QuoteAsset).ToArray());
        ZeroIf(api, k.TradeOrLiquidate, op.Asset - quote);              // a trade's cash leg is in the instrument's quote asset
        var at1 = new Variable[V * C];
        var at2 = new Variable[V * C];
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                at1[v * C + c] = api.Mul(v1[v], cs[c]);
                at2[v * C + c] = api.Mul(v2[v], cs[c]);
            }
        return new OpSelectors(v1, v2, cs, ins, at1, at2);
    }

    /// <summary>A trade's or liquidation's exact notional, its price within the band around the mark, an unexpired instrument; returns the notional and the mark.</summary>
    private (Variable Notional, Variable Mark) NotionalAndBand(OpFields op, OpKinds k, OpSelectors sel, EpochVars cur)
    {
        var api = _api; var sh = Shape;
        var notional = api.Hint("notional", (ins2, outs) =>
        {
            var q = FixedPointMath.Notional(ToSigned(ins2[0]), ToSigned(ins2[1]), out var r);
            if (!r.IsZero) throw new ArgumentException($"qty·price is not a multiple of {Scales.QtyScale}");
            outs[0] = Fr.FromBigInteger(q);
        }, 1, [op.Amount, op.Price])[0];
        using (api.Rule("NotionalNotExact")) api.AddConstraint(op.Amount, op.Price, notional * Scales.QtyScale);
        using (api.Rule("BalanceOutOfRange")) RangeCheck.Check(api, notional + 1, 63); // notional < 2⁶³ − 1
        var mark = Pick(api, sel.Instrument, cur.Marks);
        using (api.Scope("Band"))
        {
            var sq = Pick(api, sel.Asset, cur.Prices);
            var scale = PickConst(sel.Asset, sh.AssetDecimals.Select(d => BigInteger.Pow(10, d)).ToArray());
            var markScaled = api.Mul(mark, scale);
            var x = api.Mul(op.Price, sq) - markScaled;
            var band = k.Trade * sh.TradeBand + k.Liquidate * sh.LiquidationBand;
            var y = api.Mul(band, markScaled);
            // Inside the band both sides are in [0, 2y], y ≤ band·(2⁵⁶ − 1)·10^d (marks are below 2⁵⁶); outside, one is
            // negative and far above −2²⁵⁰, so the width only has to hold 2y.
            BigInteger maxY = Math.Max(sh.TradeBand, sh.LiquidationBand) * ((BigInteger.One << 56) - 1) * BigInteger.Pow(10, sh.AssetDecimals.Max());
            int bandBits = Math.Max(1, (int)(2 * maxY).GetBitLength());
            using (api.Rule("PriceOutsideBand"))
            {
                NonNegativeIf(api, k.TradeOrLiquidate, y - x * Scales.Ppm, bandBits);
                NonNegativeIf(api, k.TradeOrLiquidate, y + x * Scales.Ppm, bandBits);
            }
            var expiry = PickConst(sel.Instrument, sh.Instruments.Select(x2 => x2.IsOption ? (BigInteger)x2.Expiry : BigInteger.One << 48).ToArray());
            using (api.Rule("InstrumentExpired")) NonNegativeIf(api, k.Trade, expiry - cur.LastTick - 1, 49);
        }
        return (notional, mark);
    }

    /// <summary>The op's accounts A (every op) and B (trades and liquidations) opened, and the rules on which may exist.</summary>
    private (Side A, Side B) Accounts(InputBinder<OpSlotWitness> slot, OpFields op, OpKinds k, EpochVars cur, BatchValues batch)
    {
        var api = _api;
        var sideA = OpenSide(slot, second: false, k.Active, cur, batch);
        var sideB = OpenSide(slot, second: true, k.TradeOrLiquidate, cur, batch);
        var a0 = sideA.Old; var b0 = sideB.Old;
        using (api.Rule("UnknownAccount/second")) api.AssertEqual(sideB.Exists, k.TradeOrLiquidate);                       // the second account must exist
        using (api.Rule("UnknownAccount/first")) ZeroIf(api, k.Active - k.Deposit, Api.Constant(1) - sideA.Exists);  // only a deposit creates
        using (api.Rule("SelfTrade")) api.AssertNonZero(a0.Id - b0.Id + Api.Constant(1) - k.TradeOrLiquidate);
        using (api.Rule("SaltMismatch"))
        {
            api.AssertNonZero(op.Salt + sideA.Exists + Api.Constant(1) - k.Deposit); // creation needs a salt
            ZeroIf(api, sideA.Exists, op.Salt);                                     // an existing account takes salt 0
        }
        return (sideA, sideB);
    }

    /// <summary>
    /// What an op changes in its accounts: A's position change dq (B's is −dq), the balance changes at (venue, asset)
    /// and (venue2, asset), the leaves after (as a register holds them), and whether each target slot's qty rose.
    /// </summary>
    private sealed record SlotChanges(Variable Dq, Variable SignedAmount, Variable D1A, Variable D2A, Variable D1B,
        Variable[] A1, NewQty QtyA1, Variable RoseA, Variable[] B1, NewQty QtyB1, Variable RoseB);

    private SlotChanges Changes(OpFields op, OpKinds k, OpSelectors sel, AccountView a0, AccountView b0, Variable notional)
    {
        var api = _api;
        // Target slots and position changes.
        var tA = Target(a0, op.Instrument, op.Venue, k.TradeOrLiquidate);
        var dir = Api.Constant(1) - tA.OldNegative * 2;                      // sign of the liquidated position
        // NoPosition has no constraint of its own (docs/spec.md §4, Liquidate): without a slot for (instrument, venue)
        // the target is an empty slot (qty 0) or none, so |old qty| − qty = −qty < 0 breaks LiquidationTooLarge.
        var liqShort = api.Mul(k.Liquidate, tA.OldNegative);
        var liqDir = k.Liquidate - liqShort * 2;
        using (api.Rule("LiquidationTooLarge")) NonNegativeIf(api, k.Liquidate, api.Mul(dir, tA.OldQty) - op.Amount, 64);
        var dq = api.Mul(op.Amount, k.Trade - liqDir);                       // A's position change
        var tB = Target(b0, op.Instrument, op.Venue, k.TradeOrLiquidate);
        var dirNotional = api.Mul(liqDir, notional);

        // Balance deltas at (venue, asset) and, for a transfer, (venue2, asset).
        var signedAmount = api.Mul(op.Amount, k.Deposit - k.WithdrawOrTransfer);
        var d1A = signedAmount - api.Mul(k.Trade, notional + op.FeeA) + dirNotional;
        var d2A = api.Mul(k.Transfer, op.Amount);
        var d1B = api.Mul(k.Trade, notional - op.FeeB) - dirNotional;
        var (leafA1, qA1) = AfterLeaf(a0, tA, dq, d1A, d2A, sel.Venue, sel.Venue2, sel.Asset, op.Instrument, op.Venue, op.Salt, k.Active, _afterA);
        var (leafB1, qB1) = AfterLeaf(b0, tB, -dq, d1B, 0, sel.Venue, sel.Venue2, sel.Asset, op.Instrument, op.Venue, 0, k.TradeOrLiquidate, _afterB);
        // Whether the target slot's qty rose, from the op: A's does when it buys in a trade or is liquidated short,
        // B's when it liquidates a long (|dq| = amount ≥ 1 for these ops; the others change no slot).
        return new SlotChanges(dq, signedAmount, d1A, d2A, d1B, leafA1, qA1, k.Trade + liqShort, leafB1, qB1, k.Liquidate - liqShort);
    }

    /// <summary>Margin of A and B at the initial level, before and after the op, and A's balance at (venue, asset) after.</summary>
    private sealed record SlotMargins(Margin A0, Margin B0, Margin A1, Margin B1, Variable BalanceA1);

    /// <summary>
    /// Margin (§2.4) at the initial level: before from the leaves, after from the differences. The leaf after an op
    /// differs from the one before in the target slot and the balances at (venue, asset) and (venue2, asset), so N
    /// changes by the new minus the old terms of those balances plus dq·M_i·10¹²·PPM (the target slot either held key
    /// (i, venue) or was empty, and it is emptied exactly when its qty becomes 0), and ND_u, NG_u change only for
    /// u = u(i), by dq·Δ_i·R_{u,venue} and dq·Γ_i·R²_{u,venue}. B's position change is −dq.
    /// </summary>
    private SlotMargins MarginChanges(OpKinds k, OpSelectors sel, BatchValues batch, AccountView a0, AccountView b0, SlotChanges ch, Variable mark)
    {
        var api = _api; var sh = Shape; int V = sh.V, C = sh.C, NI = sh.NI;
        var us = sh.Underlyings;
        using var _ = api.Scope("MarginIM");
        var mA0 = MarginGadget.Evaluate(api, sh, batch, a0);
        var mB0 = MarginGadget.Evaluate(api, sh, batch, b0);
        var pricePos = new Variable[V * C];
        var priceNeg = new Variable[V * C];
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                pricePos[v * C + c] = batch.PricePos[0][c * V + v];
                priceNeg[v * C + c] = batch.PriceNeg[0][c * V + v];
            }
        var price1 = (Pick(api, sel.At1, pricePos), Pick(api, sel.At1, priceNeg));
        var price2 = (Pick(api, sel.At2, pricePos), Pick(api, sel.At2, priceNeg));
        var uSel = new Variable[us.Length];
        for (int u = 0; u < us.Length; u++)
        {
            Variable ind = 0;
            for (int i = 0; i < NI; i++) if (sh.Instruments[i].Underlying == us[u]) ind += sel.Instrument[i];
            uSel[u] = us.Length == 1 ? Api.Constant(1) : ind;
        }
        Variable r = 0;
        for (int u = 0; u < us.Length; u++)
        {
            var rv = Pick(api, sel.Venue, batch.Range[0].AsSpan(u * V, V));
            r += us.Length == 1 ? rv : api.Mul(uSel[u], rv);
        }
        var dND = api.Mul(api.Mul(ch.Dq, Pick(api, sel.Instrument, batch.Deltas)), r);
        var dNG = api.Mul(api.Mul(ch.Dq, Pick(api, sel.Instrument, batch.Gammas)), api.Mul(r, r));
        var dNP = api.Mul(ch.Dq, mark) * Fr.FromBigInteger(Scales.PositionValueFactor);
        var (b1A, dN1A) = BalanceChange(a0, mA0, sel.At1, ch.D1A, price1);
        var (_, dN2A) = BalanceChange(a0, mA0, sel.At2, ch.D2A, price2);
        var (_, dN1B) = BalanceChange(b0, mB0, sel.At1, ch.D1B, price1);
        var mA1 = MarginGadget.EvaluateChanged(api, sh, mA0, dN1A + dN2A + dNP, uSel, dND, dNG);
        var mB1 = MarginGadget.EvaluateChanged(api, sh, mB0, dN1B - dNP, uSel, -dND, -dNG);
        return new SlotMargins(mA0, mB0, mA1, mB1, b1A);
    }

    /// <summary>
    /// Withdraw and Transfer: the balance and the escrow cover the amount, and neither the asset nor any underlying A
    /// holds is halted. Returns whether the op's instrument's underlying is halted.
    /// </summary>
    private Variable HaltedRules(OpFields op, OpKinds k, OpSelectors sel, EpochVars cur, Variable[] halted, AccountView a0, Variable balA1)
    {
        var api = _api; var sh = Shape;
        var us = sh.Underlyings;
        using (api.Rule("InsufficientBalance")) NonNegativeIf(api, k.WithdrawOrTransfer, balA1, 64);
        using (api.Rule("EscrowInsufficient")) NonNegativeIf(api, k.WithdrawOrTransfer, Pick(api, sel.At1, cur.Totals) - op.Amount, 101);
        var assetHalted = Pick(api, sel.Asset, halted);
        Variable heldHalted = 0;
        for (int s = 0; s < sh.MaxPositions; s++)
        {
            Variable hu = 0;
            for (int u = 0; u < us.Length; u++) hu += api.Mul(a0.IsU[s][u], halted[us[u]]);
            heldHalted += api.Mul(Api.Constant(1) - a0.Empty[s], hu);
        }
        using (api.Rule("AssetHalted")) ZeroIf(api, k.WithdrawOrTransfer, assetHalted + heldHalted);
        Variable insHalted = 0;
        for (int u = 0; u < us.Length; u++)
        {
            Variable ind = 0;
            for (int i = 0; i < sh.NI; i++) if (sh.Instruments[i].Underlying == us[u]) ind += sel.Instrument[i];
            insHalted += api.Mul(ind, halted[us[u]]);
        }
        return insHalted;
    }

    /// <summary>
    /// The margin rules of each kind: healthy after or risk-reducing, risk-reducing on a halted underlying, a
    /// liquidated account below maintenance before (§2.4) and its liquidator healthy after.
    /// </summary>
    private void HealthRules(OpKinds k, BatchValues batch, AccountView a0, SlotMargins m, SlotChanges ch, Variable insHalted)
    {
        var api = _api;
        var mmA = MarginGadget.EvaluateMaintenance(api, Shape, batch, a0, m.A0, k.Liquidate);
        Variable healthyA, healthyB, validA, validB, rrA, rrB, liquidatable;
        using (api.Scope("Health"))
        {
            healthyA = IsNonNegative(api, m.A1.TotalValue - m.A1.Requirement, 83);
            healthyB = IsNonNegative(api, m.B1.TotalValue - m.B1.Requirement, 83);
            rrA = RiskReducing(m.A0, m.A1, ch.QtyA1, ch.RoseA, k.TradeOrLiquidate);
            rrB = RiskReducing(m.B0, m.B1, ch.QtyB1, ch.RoseB, k.TradeOrLiquidate);
            validA = api.Or(healthyA, rrA);
            validB = api.Or(healthyB, rrB);
            liquidatable = Api.Constant(1) - IsNonNegative(api, mmA.TotalValue - mmA.Requirement, 83);
        }
        // Parts of one RejectReason are tagged apart, so that rule ablation notices the removal of any one of them.
        using (api.Rule("WouldBreachInitialMargin/withdrawer")) ZeroIf(api, k.Withdraw, Api.Constant(1) - healthyA);
        using (api.Rule("WouldBreachInitialMargin/transferrer-or-buyer")) ZeroIf(api, k.Transfer + k.Trade, Api.Constant(1) - validA);
        using (api.Rule("WouldBreachInitialMargin/seller")) ZeroIf(api, k.Trade, Api.Constant(1) - validB);
        Variable haltedTrade = api.Mul(k.Trade, insHalted), haltedTL = api.Mul(k.TradeOrLiquidate, insHalted);
        using (api.Rule("HaltedNotRiskReducing/buyer")) ZeroIf(api, haltedTrade, Api.Constant(1) - rrA);
        using (api.Rule("HaltedNotRiskReducing/seller-or-liquidator")) ZeroIf(api, haltedTL, Api.Constant(1) - rrB);
        using (api.Rule("NotLiquidatable")) ZeroIf(api, k.Liquidate, Api.Constant(1) - liquidatable);
        using (api.Rule("LiquidatorUnhealthy")) ZeroIf(api, k.Liquidate, Api.Constant(1) - healthyB);
    }

    /// <summary>Epoch: deposit/withdrawal sequence, escrow totals, fees, flows, the withdrawal chain and the ops chain of the submitting venue (§5.2, §5.4).</summary>
    private void EpochUpdate(OpFields op, OpKinds k, OpSelectors sel, EpochVars cur, SlotChanges ch, Side sideA, Side sideB,
        Variable[] chains, Variable[] wdChains, Variable[] flows)
    {
        var api = _api; int V = Shape.V, C = Shape.C;
        var v1 = sel.Venue; var v2 = sel.Venue2; var cs = sel.Asset;
        using var _ = api.Scope("EpochUpdate");
        var depId = Pick(api, v1, cur.NextDep);
        var wdId = Pick(api, v1, cur.NextWd);
        using (api.Rule("DepositIdOutOfSequence")) ZeroIf(api, k.Deposit, op.OpId - depId);
        using (api.Rule("WithdrawalIdOutOfSequence")) ZeroIf(api, k.Withdraw, op.OpId - wdId);
        for (int v = 0; v < V; v++)
        {
            cur.NextDep[v] += api.Mul(k.Deposit, v1[v]);
            cur.NextWd[v] += api.Mul(k.Withdraw, v1[v]);
        }
        var eT = new Variable[V];
        for (int v = 0; v < V; v++) eT[v] = api.Mul(v1[v], ch.SignedAmount) + api.Mul(v2[v], ch.D2A);
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                cur.Totals[v * C + c] += api.Mul(cs[c], eT[v]);
                cur.Fees[v * C + c] += api.Mul(sel.At1[v * C + c], op.FeeA + op.FeeB);
            }
        using (api.Rule("ValueOutOfRange/escrow-total"))
        {
            AssertAbsBelow(api, Pick(api, sel.At1, cur.Totals), 100);           // |T| < 2¹⁰⁰
            AssertAbsBelow(api, Pick(api, sel.At2, cur.Totals), 100);
        }
        using (api.Rule("ValueOutOfRange/fee-pool")) RangeCheck.Check(api, Pick(api, sel.At1, cur.Fees), 100);
        var ac = new Variable[C];
        for (int c = 0; c < C; c++) ac[c] = api.Mul(cs[c], ch.D2A);
        for (int f = 0; f < V; f++)
            for (int t = 0; t < V; t++)
            {
                if (f == t) continue;
                var pair = api.Mul(v1[f], v2[t]);
                for (int c = 0; c < C; c++) flows[(f * V + t) * C + c] += api.Mul(pair, ac[c]);
            }

        var wdSel = Pick(api, v1, wdChains);
        var wdWord = sideA.Old.Id + op.Asset * Pow2(32) + op.Amount * Pow2(48) + op.OpId * Pow2(112); // §5.4, one word
        var wdHash = PoseidonGadget.Hash(api, [wdSel, wdWord], HashDomain.Withdrawals);
        var wdNew = wdSel + api.Mul(k.Withdraw, wdHash - wdSel);
        for (int v = 0; v < V; v++) wdChains[v] += api.Mul(v1[v], wdNew - wdSel);
        var x = op.Instrument + api.Mul(Api.Constant(1) - k.TradeOrLiquidate, op.Asset);
        var e0 = op.Kind + op.Venue * Pow2(8) + op.Venue2 * Pow2(16) + x * Pow2(24);
        var e1 = sideA.Old.Id + sideA.OpNonce * Pow2(32);
        var e2 = sideB.Old.Id + sideB.OpNonce * Pow2(32);
        var e4 = op.OpId + op.Price;
        var e5 = op.Salt + op.FeeA + op.FeeB * Pow2(64);
        var chainSel = Pick(api, v1, chains);
        var h = PoseidonGadget.Hash(api, [chainSel, e0 + op.Amount * Pow2(40) + e4 * Pow2(104), e1 + e2 * Pow2(96), e5], HashDomain.OpsChain); // §5.2
        var chainNew = chainSel + api.Mul(k.Active, h - chainSel);
        for (int v = 0; v < V; v++) chains[v] += api.Mul(v1[v], chainNew - chainSel);
    }

    private sealed record Side(Variable Exists, Variable OpNonce, Variable Register, AccountView Old);

    /// <summary>An account's inputs; all zero when the side is unused, its op nonce equal to the account's (NonceMismatch).</summary>
    private Side OpenSide(InputBinder<OpSlotWitness> slot, bool second, Variable used, EpochVars cur, BatchValues batch)
    {
        var api = _api; var sh = Shape;
        var (exists, opNonce, id, salt, nonce, bal, instr, venue, qty, register) = SideInputs.Of(slot, sh, second);
        api.AssertBoolean(exists);
        ZeroUnless(api, used, exists);
        using (api.Rule("NonceMismatch")) api.AssertEqual(opNonce, nonce);
        // An unused side, or an account that does not exist yet, holds zeros.
        foreach (var x in new[] { salt, nonce }.Concat(bal).Concat(instr).Concat(venue).Concat(qty)) ZeroUnless(api, exists, x);
        ZeroUnless(api, used, id);
        ZeroUnless(api, used, register);
        var view = AccountView.Open(api, sh, batch, id, salt, nonce, bal, instr, venue, qty);
        return new Side(exists, opNonce, register, view);
    }

    private sealed record TargetSlot(Variable[] Target, Variable OldQty, Variable OldNegative);

    /// <summary>
    /// The slot an op's position change goes to (docs/spec.md §3.1): the non-empty slot with key (instrument, venue), else
    /// the lowest empty slot; none for an op that changes no position. A position op without one is PositionSlotsFull.
    /// </summary>
    private TargetSlot Target(AccountView a, Variable instrument, Variable venue, Variable posOp)
    {
        var api = _api; int P = Shape.MaxPositions;
        using var _ = api.Scope("TargetSlot");
        var key = instrument + venue * Pow2(16);
        var match = new Variable[P];
        Variable found = 0, noneBefore = 1;
        var first = new Variable[P];
        for (int s = 0; s < P; s++)
        {
            match[s] = api.Mul(Api.Constant(1) - a.Empty[s], api.IsZero(a.Instr[s] + a.Venue[s] * Pow2(16) - key));
            found += match[s];
            first[s] = api.Mul(a.Empty[s], noneBefore);
            noneBefore = api.Mul(noneBefore, Api.Constant(1) - a.Empty[s]);
        }
        var target = new Variable[P];
        Variable sum = 0, oldQty = 0, oldNegative = 0;
        var notFound = Api.Constant(1) - found;
        for (int s = 0; s < P; s++)
        {
            target[s] = api.Mul(posOp, match[s] + api.Mul(notFound, first[s]));
            sum += target[s];
            oldQty += api.Mul(target[s], a.Qty[s]);
            oldNegative += api.Mul(target[s], a.QtyNegative[s]);
        }
        using (api.Rule("PositionSlotsFull")) api.AssertEqual(sum, posOp);
        return new TargetSlot(target, oldQty, oldNegative);
    }

    /// <summary>
    /// The leaf after an op as a register holds it (<see cref="RegisterState"/>; nonce + 1, balance deltas d1 at (venue, asset) and d2 at (venue2, asset), the target slot's
    /// new qty, reset to (0, 0, 0) at 0). Only what changed is checked: the new qty is signed 64-bit and not −2⁶³
    /// (PositionOutOfRange, see <see cref="AccountView.Open"/>), the new nonce below 2⁴⁸; the changed balances are
    /// range-checked by <see cref="BalanceChange"/>; everything else was checked when the leaf before was opened.
    /// </summary>
    private (Variable[] State, NewQty Qty) AfterLeaf(AccountView a, TargetSlot t, Variable dq, Variable d1, Variable d2,
        Variable[] v1, Variable[] v2, Variable[] cs, Variable instrument, Variable venue, Variable saltIn, Variable used,
        List<AccountAfter>? record)
    {
        var api = _api; var sh = Shape; int V = sh.V, C = sh.C, P = sh.MaxPositions;
        using var _ = api.Scope("After");
        using var __ = api.Scope("AccountLeaf");
        var bal = new Variable[V * C];
        for (int v = 0; v < V; v++)
        {
            var ev = api.Mul(v1[v], d1) + api.Mul(v2[v], d2);
            for (int c = 0; c < C; c++) bal[v * C + c] = a.Bal[v * C + c] + api.Mul(cs[c], ev);
        }
        var qNew = t.OldQty + dq;
        Variable negative;
        using (api.Rule("PositionOutOfRange/width")) negative = SignedInt.IsNegative(api, qNew, 64);
        using (api.Rule("PositionOutOfRange/minimum")) api.AssertNonZero(qNew + Pow2(63));
        var zero = api.IsZero(qNew);
        var nz = Api.Constant(1) - zero;
        var lane = api.Mul(nz, instrument + venue * Pow2(16) + Pow2(87)) + qNew * Pow2(24);
        var lanes = new Variable[P];
        for (int s = 0; s < P; s++) lanes[s] = a.Lanes[s] + api.Mul(t.Target[s], lane - a.Lanes[s]);
        // NonceExhausted: the old nonce is below 2⁴⁸, so only 2⁴⁸ − 1 cannot take the increment.
        using (api.Rule("NonceExhausted"))
            api.AssertNonZero(api.Mul(used, a.Nonce - Fr.FromBigInteger((BigInteger.One << 48) - 1)) + Api.Constant(1) - used);
        var elements = AccountView.Pack(sh, a.Salt + saltIn, a.Id, a.Nonce + used, bal, lanes);
        record?.Add(new AccountAfter(elements, a.Salt + saltIn, a.Nonce + used, bal, t.Target, instrument, venue, qNew, zero));
        return (RegisterState(1, elements), new NewQty(negative, zero));
    }

    /// <summary>The target slot's qty after the op: its sign and whether it is 0.</summary>
    private readonly record struct NewQty(Variable Negative, Variable Zero);

    /// <summary>
    /// A balance the op moves by d (sel one-hot over (venue, asset)): its new value, signed 64-bit (BalanceOutOfRange),
    /// and the change of N at the initial level, the new term (price factor by the new sign) minus the old one.
    /// </summary>
    private (Variable NewBalance, Variable DeltaN) BalanceChange(AccountView a, Margin before, Variable[] sel, Variable d,
        (Variable Pos, Variable Neg) price)
    {
        var api = _api;
        var nb = Pick(api, sel, a.Bal) + d;
        Variable neg;
        using (api.Rule("BalanceOutOfRange")) neg = SignedInt.IsNegative(api, nb, 64);
        var factor = price.Pos + api.Mul(neg, price.Neg - price.Pos);
        return (nb, api.Mul(nb, factor) - Pick(api, sel, before.BalanceTerms));
    }

    /// <summary>Risk-reducing (docs/spec.md §2.4): the changed slot shrank toward 0 without flipping, TV/Req did not fall, TV did not fall when Req was 0.</summary>
    private Variable RiskReducing(Margin before, Margin after, NewQty q, Variable rose, Variable posOp)
    {
        var api = _api;
        using var _ = api.Scope("RiskReducing");
        // A position op changes the slot (|dq| ≥ 1): a long may fall to ≥ 0, a short may rise to ≤ 0.
        var pos = api.Mul(Api.Constant(1) - q.Negative, Api.Constant(1) - rose);
        var neg = api.Mul(q.Negative + q.Zero, rose);
        var ok = pos + neg - api.Mul(pos, neg);
        var c1 = Api.Constant(1) - posOp + api.Mul(posOp, ok);
        var cross = api.Mul(after.TotalValue, before.Requirement) - api.Mul(before.TotalValue, after.Requirement);
        var c2 = IsNonNegative(api, cross, 164);
        var zb = api.IsZero(before.Requirement);
        var c3 = Api.Constant(1) - api.Mul(zb, Api.Constant(1) - IsNonNegative(api, after.TotalValue - before.TotalValue, 83));
        return api.Mul(api.Mul(c1, c2), c3);
    }

    /// <summary>
    /// The account registers (docs/spec.md §10): register r holds one account the batch touches, its id, and the
    /// account's state before the batch and now (<see cref="RegisterState"/>). Used registers form a prefix and their ids
    /// strictly increase, so no account has two registers: every op on an account reads the state the previous op on it
    /// wrote, and the write-back changes each touched leaf once.
    /// </summary>
    private sealed class Registers
    {
        public Variable[] Used = [], Id = [];
        public Variable[][] Initial = [], Current = [], Siblings = [];
    }

    /// <summary>
    /// An account's state as a register holds it (<see cref="TransitionShape.RegistersHoldElements"/>): [exists, the
    /// leaf's elements…], or [exists · leafHash], the hash taken from <paramref name="leaf"/> when the caller already has
    /// it (the opening's). Elements are one-to-one with the opened fields, which the opening range-checks, so comparing
    /// them binds an op's account as comparing hashes does.
    /// </summary>
    private Variable[] RegisterState(Variable exists, Variable[] elements, Variable? leaf = null) =>
        Shape.RegistersHoldElements ? [exists, .. elements] : [_api.Mul(exists, leaf ?? AccountView.LeafHash(_api, elements))];

    /// <summary>The tree leaf of a register's state: exists · leafHash(elements), or the hash it holds; 0 for an account that does not exist.</summary>
    private Variable RegisterLeaf(Variable[] state) =>
        Shape.RegistersHoldElements ? _api.Mul(state[0], AccountView.LeafHash(_api, state[1..])) : state[0];

    private Registers OpenRegisters()
    {
        var api = _api; var sh = Shape; int R = sh.MaxAccounts;
        var regs = new Registers { Used = new Variable[R], Id = new Variable[R], Initial = new Variable[R][], Current = new Variable[R][], Siblings = new Variable[R][] };
        for (int r = 0; r < R; r++)
        {
            var (used, id, state, sib) = RegisterInputs.Of(_inputs, sh, r);
            regs.Used[r] = used; regs.Id[r] = id; regs.Initial[r] = state; regs.Current[r] = (Variable[])state.Clone(); regs.Siblings[r] = sib;
            // A register's exists needs no booleanity check: the first op that reads it compares it with a boolean, and a
            // register no op reads writes back the leaf it opened.
            api.AssertBoolean(used);
            if (r > 0)
            {
                ZeroIf(api, used, Api.Constant(1) - regs.Used[r - 1]);          // a prefix of the registers
                NonNegativeIf(api, used, id - regs.Id[r - 1] - 1, 2 * sh.Depth); // ids strictly increase (each id < 4^D, below)
            }
            ZeroUnless(api, used, id);
            foreach (var x in state) ZeroUnless(api, used, x);
            foreach (var x in sib) ZeroUnless(api, used, x);
        }
        return regs;
    }

    /// <summary>
    /// A side's account read from and written to its register: the register is used, holds the side's id and, as its
    /// current state, the side's state before the op; it takes the state after. No change for an unused side.
    /// </summary>
    private void ReadWrite(Registers regs, Side side, Variable[] after, Variable used)
    {
        var api = _api; int R = Shape.MaxAccounts;
        var sel = OneHot(api, side.Register, R);
        ZeroIf(api, used, Api.Constant(1) - Pick(api, sel, regs.Used));
        ZeroIf(api, used, Pick(api, sel, regs.Id) - side.Old.Id);
        // The picks come before the state's product, so that the layout of hashes keeps the constraint order it always had.
        var held = new Variable[after.Length];
        for (int i = 0; i < held.Length; i++) held[i] = Pick(api, sel, Array.ConvertAll(regs.Current, x => x[i]));
        var before = RegisterState(side.Exists, side.Old.Elements, side.Old.Leaf);
        for (int i = 0; i < held.Length; i++) ZeroIf(api, used, held[i] - before[i]);
        for (int r = 0; r < R; r++)
        {
            var w = api.Mul(used, sel[r]);
            for (int i = 0; i < after.Length; i++) regs.Current[r][i] += api.Mul(w, after[i] - regs.Current[r][i]);
        }
    }

    /// <summary>
    /// Each used register, in order, opened against the running root and written back on the same path: two path hashes
    /// per touched account per batch (and two leaf hashes when registers hold elements; a register no op touched writes
    /// the leaf it opened). The ids are distinct, so an earlier write-back never changed a later register's leaf, and
    /// each opening proves the leaf the batch started from.
    /// </summary>
    private Variable WriteBack(Registers regs, Variable root)
    {
        var api = _api;
        for (int r = 0; r < Shape.MaxAccounts; r++)
        {
            var at = MerkleGadget.Index(api, regs.Id[r], Shape.Depth);
            ZeroIf(api, regs.Used[r], MerkleGadget.Root(api, RegisterLeaf(regs.Initial[r]), at, regs.Siblings[r]) - root);
            var newRoot = MerkleGadget.Root(api, RegisterLeaf(regs.Current[r]), at, regs.Siblings[r]);
            root += api.Mul(regs.Used[r], newRoot - root);
        }
        return root;
    }

    /// <summary>The epoch state of §3.3 as circuit values.</summary>
    private sealed class EpochVars
    {
        public Variable Epoch, BatchCount, LastTick;
        public Variable[] Prices = [], PriceTimes = [], Sigmas = [], Marks = [], Deltas = [], Gammas = [], NextDep = [], NextWd = [], Totals = [], Fees = [];

        public static EpochVars From(EpochInputs e) => new()
        {
            Epoch = e.Epoch, BatchCount = e.BatchCount, LastTick = e.LastTick, Prices = e.Prices, PriceTimes = e.PriceTimes,
            Sigmas = e.Sigmas, Marks = e.Marks, Deltas = e.Deltas, Gammas = e.Gammas, NextDep = e.NextDep, NextWd = e.NextWd,
            Totals = e.Totals, Fees = e.Fees,
        };

        public EpochVars Clone() => new()
        {
            Epoch = Epoch, BatchCount = BatchCount, LastTick = LastTick,
            Prices = (Variable[])Prices.Clone(), PriceTimes = (Variable[])PriceTimes.Clone(), Sigmas = (Variable[])Sigmas.Clone(),
            Marks = (Variable[])Marks.Clone(), Deltas = (Variable[])Deltas.Clone(), Gammas = (Variable[])Gammas.Clone(),
            NextDep = (Variable[])NextDep.Clone(), NextWd = (Variable[])NextWd.Clone(), Totals = (Variable[])Totals.Clone(), Fees = (Variable[])Fees.Clone(),
        };

        public Variable[] Encode()
        {
            var e = new List<Variable> { Epoch, BatchCount, LastTick };
            for (int c = 0; c < Prices.Length; c++) { e.Add(Prices[c]); e.Add(PriceTimes[c]); e.Add(Sigmas[c]); }
            for (int i = 0; i < Marks.Length; i++) { e.Add(Marks[i]); e.Add(Deltas[i]); e.Add(Gammas[i]); }
            for (int v = 0; v < NextDep.Length; v++) { e.Add(NextDep[v]); e.Add(NextWd[v]); }
            for (int j = 0; j < Totals.Length; j++) { e.Add(Totals[j]); e.Add(Fees[j]); }
            return [.. e];
        }
    }
}
