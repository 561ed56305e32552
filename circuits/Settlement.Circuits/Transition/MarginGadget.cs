using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Circuits.Native;
using Settlement.Verifier.Bls12381;
using static Settlement.Circuits.Gadgets.CommonGadgets;

namespace Settlement.Circuits.Transition;

/// <summary>
/// TV and Req of an account at one level (docs/spec.md §2.2–2.3), both exact, and the sums behind them that an
/// evaluation of the account after a change or at the other level reuses: the value numerator N, each balance's term
/// of N, per underlying ND_u, NG_u and m_u, and the slots' level-independent products.
/// </summary>
internal sealed class Margin
{
    public Variable TotalValue, Requirement;
    public Variable Numerator;
    /// <summary>[v·C + c]: b·S·10^(20−d)·(PPM ∓ h), the balance's term of N.</summary>
    public Variable[] BalanceTerms = [];
    /// <summary>Per underlying (in <see cref="TransitionShape.Underlyings"/> order).</summary>
    public Variable[] DeltaSums = [], GammaSums = [], Requirements = [];
    /// <summary>Σ qty·M over the slots, and per slot qty·Δ and qty·Γ: the same at both levels.</summary>
    public Variable PositionValue;
    public Variable[] SlotDelta = [], SlotGamma = [];
}

internal static class MarginGadget
{
    /// <summary>The rule tag of the §1.1 bounds (|TV|, |D|, |G|, m_u, Req below 2⁸⁰): the engine's RejectReason.ValueOutOfRange.</summary>
    private const string ValueOutOfRange = "ValueOutOfRange/margin";

    /// <summary>
    /// The margin of an account from its leaf at the initial level. TV = floor(N / 10²⁶); Req = Σ_u m_u with every m_u
    /// exact (<see cref="ScenarioRequirement"/>). Every bound of §1.1 the engine enforces (|TV|, |D|, |G|, m_u, Req
    /// below 2⁸⁰) is enforced here.
    /// </summary>
    public static Margin Evaluate(Api api, TransitionShape shape, BatchValues batch, AccountView a)
    {
        using var _ = api.Scope("MarginIM");
        int P = shape.MaxPositions;
        var m = new Margin { SlotDelta = new Variable[P], SlotGamma = new Variable[P] };
        Variable value = 0;
        for (int s = 0; s < P; s++)
        {
            value += api.Mul(a.Qty[s], a.Mark[s]);
            m.SlotDelta[s] = api.Mul(a.Qty[s], a.Delta[s]);
            m.SlotGamma[s] = api.Mul(a.Qty[s], a.Gamma[s]);
        }
        m.PositionValue = value;
        var (n, nd, ng) = Sums(api, shape, batch, a, m, 0, out m.BalanceTerms);
        return Complete(api, shape, m, n, nd, ng);
    }

    /// <summary>
    /// The maintenance-level margin of the account whose initial-level margin is <paramref name="initial"/> (the
    /// level-independent products qty·M, qty·Δ, qty·Γ are shared), with N, ND and NG multiplied by the boolean
    /// <paramref name="gate"/>: the engine evaluates it only for a liquidation, so for any other op it is the margin of
    /// nothing and its bounds cannot refuse the op.
    /// </summary>
    public static Margin EvaluateMaintenance(Api api, TransitionShape shape, BatchValues batch, AccountView a, Margin initial, Variable gate)
    {
        using var _ = api.Scope("MarginMM");
        var (n, nd, ng) = Sums(api, shape, batch, a, initial, 1, out var _);
        return Complete(api, shape, new Margin(), api.Mul(gate, n),
            nd.Select(x => api.Mul(gate, x)).ToArray(), ng.Select(x => api.Mul(gate, x)).ToArray());
    }

    /// <summary>N, ND_u and NG_u at one level from the balances and the slots' level-independent products.</summary>
    private static (Variable N, Variable[] ND, Variable[] NG) Sums(Api api, TransitionShape shape, BatchValues batch, AccountView a,
        Margin products, int level, out Variable[] balanceTerms)
    {
        int V = shape.V, C = shape.C, P = shape.MaxPositions;
        var us = shape.Underlyings;
        balanceTerms = new Variable[V * C];
        Variable n = products.PositionValue * Fr.FromBigInteger(Scales.PositionValueFactor);
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                int j = v * C + c;
                var pos = batch.PricePos[level][c * V + v];
                var price = pos + api.Mul(a.Neg[j], batch.PriceNeg[level][c * V + v] - pos);
                balanceTerms[j] = api.Mul(a.Bal[j], price);
                n += balanceTerms[j];
            }
        var nd = new Variable[us.Length];
        var ng = new Variable[us.Length];
        for (int s = 0; s < P; s++)
        {
            Variable r = 0;
            for (int k = 0; k < us.Length; k++)
            {
                Variable rv = 0;
                for (int v = 0; v < V; v++) rv += api.Mul(a.VSel[s][v], batch.Range[level][k * V + v]);
                r += us.Length == 1 ? rv : api.Mul(a.IsU[s][k], rv);
            }
            var qdr = api.Mul(products.SlotDelta[s], r);
            var qgr2 = api.Mul(products.SlotGamma[s], api.Mul(r, r));
            for (int k = 0; k < us.Length; k++)
            {
                nd[k] += us.Length == 1 ? qdr : api.Mul(a.IsU[s][k], qdr);
                ng[k] += us.Length == 1 ? qgr2 : api.Mul(a.IsU[s][k], qgr2);
            }
        }
        return (n, nd, ng);
    }

    /// <summary>TV, every m_u and Req from the sums, into <paramref name="m"/>.</summary>
    private static Margin Complete(Api api, TransitionShape shape, Margin m, Variable n, Variable[] nd, Variable[] ng)
    {
        m.Numerator = n;
        using (api.Rule(ValueOutOfRange)) m.TotalValue = FloorDivConst(api, n, Scales.ValueDivisor, Scales.ValueBits).Q;
        m.DeltaSums = nd;
        m.GammaSums = ng;
        m.Requirements = new Variable[nd.Length];
        Variable req = 0;
        for (int k = 0; k < nd.Length; k++) req += m.Requirements[k] = ScenarioRequirement(api, shape.Grid, nd[k], ng[k]);
        if (nd.Length > 1) using (api.Rule(ValueOutOfRange)) RangeCheck.Check(api, req, Scales.ValueBits);
        m.Requirement = req;
        return m;
    }

    /// <summary>
    /// The margin of the account <paramref name="before"/> after a change that adds <paramref name="dN"/> to N and
    /// <paramref name="dND"/>, <paramref name="dNG"/> to the sums of one underlying (one-hot <paramref name="underlying"/>):
    /// an op changes one position slot, so only that underlying's m_u is evaluated again; the others are the
    /// before-state's, which are exact and bounded. The caller proves the deltas are exactly the change of the leaf it
    /// commits to.
    /// </summary>
    public static Margin EvaluateChanged(Api api, TransitionShape shape, Margin before, Variable dN,
        Variable[] underlying, Variable dND, Variable dNG)
    {
        using var _ = api.Scope("MarginIM");
        var n = before.Numerator + dN;
        var nd = Pick(api, underlying, before.DeltaSums) + dND;
        var ng = Pick(api, underlying, before.GammaSums) + dNG;
        var mu = ScenarioRequirement(api, shape.Grid, nd, ng);
        var m = new Margin { Numerator = n };
        using (api.Rule(ValueOutOfRange)) m.TotalValue = FloorDivConst(api, n, Scales.ValueDivisor, Scales.ValueBits).Q;
        if (underlying.Length == 1) m.Requirement = mu;
        else
        {
            m.Requirement = before.Requirement - Pick(api, underlying, before.Requirements) + mu;
            using (api.Rule(ValueOutOfRange)) RangeCheck.Check(api, m.Requirement, Scales.ValueBits);
        }
        return m;
    }

    /// <summary>
    /// m_u = ceil(max(0, max_k X_{u,k}) / KSCALE) exactly, from ND_u and NG_u (docs/spec.md §2.3; the engine's maximum
    /// starts at 0), with m_u ∈ [0, 2⁸⁰). Exactness matters: Req_before enters the risk-reducing cross-multiplication on
    /// the side a forger would like larger. A grid point with X ≡ 0 (u = 0 or w = 0) needs no comparison (the maximum
    /// starts at 0), and the points ±u of equal weight are one candidate:
    /// max(X_{+u}, X_{−u}) = w·|u|·U·max(−D_lo, D_hi) − w·u²·G. When every candidate is such a pair (the usual symmetric
    /// grid), the maximum is found on the upper envelope (<see cref="EnvelopeMaximum"/>); otherwise m_u is compared with
    /// every candidate (<see cref="CandidateMaximum"/>).
    /// </summary>
    public static Variable ScenarioRequirement(Api api, IReadOnlyList<(int Shock, int Weight)> grid,
        Variable nd, Variable ng)
    {
        using var _ = api.Scope("Underlying");
        int vb = Scales.ValueBits;
        var candidates = Candidates(grid);
        Quotient dLo;
        using (api.Rule(ValueOutOfRange)) dLo = FloorDivConst(api, nd, Scales.DeltaDivisor, vb);
        var dHi = dLo.Q + Api.Constant(1) - api.IsZero(dLo.Rem);
        using (api.Rule(ValueOutOfRange)) api.AssertNonZero(dHi - Pow2(vb)); // |D_hi| < 2^80: D_hi ∈ {D_lo, D_lo + 1} and |D_lo| < 2^80, so only 2^80 is left
        // max(−D_lo, D_hi): D_hi when N_D ≥ 0 (then D_hi ≥ 0 ≥ −D_lo), else −D_lo (then D_hi ≤ 0 < −D_lo).
        var dAbs = candidates.Any(p => p.Kind == ShockKind.Pair) ? If(api, dLo.NonNegative, dHi, -dLo.Q) : Api.Constant(0);
        Variable g;
        using (api.Rule(ValueOutOfRange)) g = FloorDivConst(api, ng, Scales.GammaDivisor, vb).Q;
        var m = candidates.All(p => p.Kind == ShockKind.Pair)
            ? EnvelopeMaximum(api, candidates, dAbs, g)
            : CandidateMaximum(api, candidates, dLo.Q, dHi, dAbs, g);
        using (api.Rule(ValueOutOfRange)) RangeCheck.Check(api, m, vb);
        return m;
    }

    /// <summary>
    /// Every candidate a ±u pair: X_k = a_k·|D| − b_k·G with a_k = w·|u|·U, b_k = w·u² (|D| = max(−D_lo, D_hi) ≥ 0),
    /// plus the line X = 0. Divided by |D| &gt; 0 these are lines in ρ = G/|D|, and their maximum is the upper envelope,
    /// on which each line wins on one interval of ρ between its two neighbours. So the chosen line X* (one-hot) is the
    /// maximum iff X* ≥ its left neighbour and X* ≥ its right neighbour: two comparisons, whatever the grid's size
    /// (at |D| = 0 the same two hold exactly for the line of largest b when G &lt; 0, and for X = 0 when G ≥ 0). Lines
    /// under the envelope are dropped when compiling. Then m·KSCALE − X* ∈ [0, KSCALE).
    /// </summary>
    private static Variable EnvelopeMaximum(Api api, List<(int Shock, int Weight, ShockKind Kind)> candidates, Variable dAbs, Variable g)
    {
        var lines = Envelope(candidates.Select(c => ((BigInteger)c.Weight * -c.Shock * Scales.ShockScale, (BigInteger)c.Weight * c.Shock * c.Shock)));
        int n = lines.Count;
        Variable[] x = lines.Select(l => dAbs * Fr.FromBigInteger(l.A) - g * Fr.FromBigInteger(l.B)).ToArray();
        var hint = api.Hint("scenario-envelope", (ins, outs) =>
        {
            int best = 0;
            for (int i = 1; i < ins.Length; i++) if (ToSigned(ins[i]) > ToSigned(ins[best])) best = i;
            outs[0] = Fr.FromBigInteger(FixedPointMath.CeilDiv(ToSigned(ins[best]), Scales.ScenarioScale));
            for (int i = 0; i < ins.Length; i++) outs[1 + i] = i == best ? Fr.One : Fr.Zero;
        }, 1 + n, x);
        var m = hint[0];
        var sel = hint.AsSpan(1).ToArray();
        Variable sum = 0;
        foreach (var s in sel) { api.AssertBoolean(s); sum += s; }
        api.AssertEqual(sum, 1);
        // Σ sel_k·(p_k·|D| − q_k·G) in two products: the coefficients a one-hot picks are linear in it.
        Variable Selected(Func<int, (BigInteger P, BigInteger Q)> coefficients)
        {
            Variable p = 0, q = 0;
            for (int k = 0; k < n; k++)
            {
                var (pk, qk) = coefficients(k);
                p += sel[k] * Fr.FromBigInteger(pk);
                q += sel[k] * Fr.FromBigInteger(qk);
            }
            return api.Mul(dAbs, p) - api.Mul(g, q);
        }
        // X* − X_neighbour ≥ 0, divided by the gcd of its two coefficients (positive, so the sign is kept); |D|, |G| < 2⁸⁰.
        void NotBelow(int offset)
        {
            (BigInteger, BigInteger) Diff(int k)
            {
                int j = k + offset;
                if (j < 0 || j >= n) return (0, 0);
                BigInteger p = lines[k].A - lines[j].A, q = lines[k].B - lines[j].B;
                var div = BigInteger.GreatestCommonDivisor(p, q);
                return (p / div, q / div);
            }
            var widest = Enumerable.Range(0, n).Select(k => { var (p, q) = Diff(k); return BigInteger.Abs(p) + BigInteger.Abs(q); }).Max();
            if (widest.IsZero) return;
            RangeCheck.Check(api, Selected(Diff), Scales.ValueBits + (int)widest.GetBitLength());
        }
        NotBelow(-1);
        NotBelow(+1);
        AssertBelowConst(api, m * Fr.FromInt64(Scales.ScenarioScale) - Selected(k => (lines[k].A, lines[k].B)), Scales.ScenarioScale);
        return m;
    }

    /// <summary>
    /// The upper envelope of the lines X = A·|D| − B·G and X = 0 over |D| ≥ 0, left to right (B decreasing): in
    /// ρ = G/|D| each is the line A − B·ρ, so this is the upper hull of lines sorted by slope −B, keeping at equal B the
    /// largest A and dropping a line that only touches the envelope where its neighbours meet.
    /// </summary>
    internal static List<(BigInteger A, BigInteger B)> Envelope(IEnumerable<(BigInteger A, BigInteger B)> candidates)
    {
        var sorted = candidates.Append((A: BigInteger.Zero, B: BigInteger.Zero))
            .GroupBy(l => l.B).Select(gr => (A: gr.Max(l => l.A), B: gr.Key))
            .OrderByDescending(l => l.B).ToList();
        var hull = new List<(BigInteger A, BigInteger B)>();
        foreach (var l in sorted)
        {
            // With slopes m = −B increasing, the middle of three lines is useless iff the outer two meet at or left of
            // where it meets the first: (A1 − A3)(m2 − m1) ≤ (A1 − A2)(m3 − m1).
            while (hull.Count >= 2)
            {
                var (a1, b1) = hull[^2];
                var (a2, b2) = hull[^1];
                if ((a1 - l.A) * (b1 - b2) <= (a1 - a2) * (b1 - l.B)) hull.RemoveAt(hull.Count - 1);
                else break;
            }
            hull.Add(l);
        }
        return hull;
    }

    /// <summary>
    /// Any grid: m·KSCALE ≥ X for every candidate X, and m·KSCALE − X* &lt; KSCALE for a one-hot chosen candidate X* or 0.
    /// </summary>
    private static Variable CandidateMaximum(Api api, List<(int Shock, int Weight, ShockKind Kind)> candidates,
        Variable dLoQ, Variable dHi, Variable dAbs, Variable g)
    {
        int vb = Scales.ValueBits;
        var ks = Fr.FromInt64(Scales.ScenarioScale);
        var x = new Variable[candidates.Count];
        var ds = new Variable[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            var (u, w, kind) = candidates[i];
            ds[i] = kind switch { ShockKind.Up => dLoQ, ShockKind.Down => dHi, _ => dAbs };
            x[i] = -(ds[i] * Fr.FromInt64((long)u * Scales.ShockScale) + g * Fr.FromInt64((long)u * u)) * Fr.FromInt64(w);
        }
        // Outputs: m, then the one-hot choice over [0, candidates…].
        var hint = api.Hint("scenario-max", (ins, outs) =>
        {
            int best = 0;
            var bv = BigInteger.Zero;
            for (int i = 0; i < ins.Length; i++) { var xi = ToSigned(ins[i]); if (xi > bv) { bv = xi; best = 1 + i; } }
            outs[0] = Fr.FromBigInteger(FixedPointMath.CeilDiv(bv, Scales.ScenarioScale));
            for (int i = 0; i <= ins.Length; i++) outs[1 + i] = i == best ? Fr.One : Fr.Zero;
        }, 2 + candidates.Count, x);
        var m = hint[0];
        api.AssertBoolean(hint[1]);
        Variable sum = hint[1], xsel = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            api.AssertBoolean(hint[2 + i]);
            sum += hint[2 + i];
            xsel += api.Mul(hint[2 + i], x[i]);
            // m·KSCALE − X = −(−KSCALE·m + e·D + f·G) with e = w·u·U, f = w·u²: divided by the constant gcd of the three
            // coefficients (exact, so the sign is unchanged) it fits in 80 bits + log2((KSCALE + |e| + f)/gcd).
            var (u, w, _) = candidates[i];
            BigInteger e = (BigInteger)w * u * Scales.ShockScale, f = (BigInteger)w * u * u;
            var div = BigInteger.GreatestCommonDivisor(Scales.ScenarioScale, BigInteger.GreatestCommonDivisor(e, f));
            var reduced = m * Fr.FromBigInteger(Scales.ScenarioScale / div) + ds[i] * Fr.FromBigInteger(e / div) + g * Fr.FromBigInteger(f / div);
            int bits = (int)(((Scales.ScenarioScale + BigInteger.Abs(e) + f) << vb) / div).GetBitLength();
            RangeCheck.Check(api, reduced, bits);
        }
        api.AssertEqual(sum, 1);
        // m·KSCALE − X* ≥ 0 is one of the checks above (or m ≥ 0 for the 0 candidate); only < KSCALE is left.
        var slack = Fr.FromInt64(Scales.ScenarioScale - 1) - (m * ks - xsel);
        RangeCheck.Check(api, slack, (int)new BigInteger(Scales.ScenarioScale - 1).GetBitLength());
        return m;
    }

    private enum ShockKind { Up, Down, Pair }

    /// <summary>The grid points that need a comparison: u &gt; 0 (uses D_lo), u &lt; 0 (D_hi), or a ±u pair of equal weight (stored as −|u|, uses max(−D_lo, D_hi)).</summary>
    private static List<(int Shock, int Weight, ShockKind Kind)> Candidates(IReadOnlyList<(int Shock, int Weight)> grid)
    {
        var list = new List<(int, int, ShockKind)>();
        foreach (var (u, w) in grid)
        {
            if (u == 0 || w == 0) continue;
            bool paired = grid.Contains((-u, w));
            if (paired && u > 0) continue;
            list.Add((u, w, paired ? ShockKind.Pair : u > 0 ? ShockKind.Up : ShockKind.Down));
        }
        return list;
    }
}
