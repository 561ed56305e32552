using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Circuits.Settlement.SettlementGadgets;

namespace Settlement.Circuits.Settlement;

/// <summary>
/// An account leaf opened in the circuit (docs/spec.md §3.1): its fields range-checked, balance signs, per-slot
/// selectors (instrument and venue one-hot, underlying indicator), the slot's mark and Greeks, and the leaf hash.
/// Built for the leaf before an op (from inputs) and after it (from expressions).
/// </summary>
internal sealed class AccountView
{
    public Variable Id, Salt, Nonce;
    public Variable[] Bal = [], Neg = [];
    public Variable[] Instr = [], Venue = [], Qty = [], Empty = [];
    public Variable[][] ISel = [], VSel = [], IsU = [];
    public Variable[] Mark = [], Delta = [], Gamma = [];
    public Variable Leaf;

    /// <summary>Opens a leaf: range checks (balances and qty signed 64-bit, nonce 48-bit, instrument &lt; NI, venue &lt; V), empty slots exactly (0, 0, 0), and the Poseidon leaf hash.</summary>
    public static AccountView Open(Api api, TransitionShape shape, BatchValues batch, Variable id, Variable salt, Variable nonce,
        Variable[] bal, Variable[] instr, Variable[] venue, Variable[] qty)
    {
        using var _ = api.Scope("AccountLeaf");
        int P = shape.MaxPositions, VC = shape.V * shape.C;
        var us = shape.Underlyings;
        var a = new AccountView
        {
            Id = id, Salt = salt, Nonce = nonce, Bal = bal, Instr = instr, Venue = venue, Qty = qty,
            Neg = new Variable[VC], Empty = new Variable[P], ISel = new Variable[P][], VSel = new Variable[P][], IsU = new Variable[P][],
            Mark = new Variable[P], Delta = new Variable[P], Gamma = new Variable[P],
        };
        RangeCheck.Check(api, nonce, 48);
        for (int j = 0; j < VC; j++) a.Neg[j] = SignedInt.IsNegative(api, bal[j], 64);
        var lanes = new Variable[P];
        for (int s = 0; s < P; s++)
        {
            SignedInt.Check(api, qty[s], 64);
            // Spec deviation (reported): qty = −2⁶³ would pack to the lane of an empty slot, so the circuit refuses it.
            api.AssertNonZero(qty[s] + Pow2(63));
            a.Empty[s] = api.IsZero(qty[s]);
            ZeroIf(api, a.Empty[s], instr[s]);
            ZeroIf(api, a.Empty[s], venue[s]);
            a.ISel[s] = OneHot(api, instr[s], shape.NI);
            a.VSel[s] = OneHot(api, venue[s], shape.V);
            a.IsU[s] = new Variable[us.Length];
            for (int k = 0; k < us.Length; k++)
            {
                Variable ind = 0;
                for (int i = 0; i < shape.NI; i++) if (shape.Instruments[i].Underlying == us[k]) ind += a.ISel[s][i];
                a.IsU[s][k] = us.Length == 1 ? Api.Constant(1) : ind;
            }
            a.Mark[s] = Pick(api, a.ISel[s], batch.Marks);
            a.Delta[s] = Pick(api, a.ISel[s], batch.Deltas);
            a.Gamma[s] = Pick(api, a.ISel[s], batch.Gammas);
            lanes[s] = instr[s] + venue[s] * Pow2(16) + (qty[s] + (Api.Constant(1) - a.Empty[s]) * Pow2(63)) * Pow2(24);
        }
        var e = new List<Variable> { salt, id + nonce * Pow2(32) };
        for (int j = 0; j < VC; j += 3)
        {
            Variable x = 0;
            for (int t = 0; t < 3 && j + t < VC; t++) x += (bal[j + t] + Pow2(63)) * Pow2(64 * t);
            e.Add(x);
        }
        for (int s = 0; s < P; s += 2) e.Add(s + 1 < P ? lanes[s] + lanes[s + 1] * Pow2(128) : lanes[s]);
        a.Leaf = PoseidonGadget.Hash(api, e.ToArray(), HashDomain.AccountLeaf);
        return a;
    }
}

/// <summary>Per-batch values every op reads: risk parameters after the update, and per level the collateral price factors and ranges.</summary>
internal sealed class BatchValues
{
    public Variable[] Prices = [], Marks = [], Deltas = [], Gammas = [];
    /// <summary>[level][c·V + v]: S_c·10^(20−d_c)·(PPM − h) and ·(PPM + h).</summary>
    public Variable[][] PricePos = [], PriceNeg = [];
    /// <summary>[level][k·V + v] for the k-th underlying: R^ℓ_{u,v}.</summary>
    public Variable[][] Range = [];
}

/// <summary>TV and Req of an account at one level (docs/spec.md §2.2–2.3), both exact.</summary>
internal readonly record struct MarginValues(Variable TotalValue, Variable Requirement);

internal static class MarginGadget
{
    /// <summary>
    /// TV = floor(N / 10²⁶) and Req = Σ_u m_u with m_u = ceil(max_k X_{u,k} / KSCALE) proved exactly: m_u·KSCALE ≥ X_{u,k} for
    /// every k, and m_u·KSCALE − X_{u,k*} &lt; KSCALE for a one-hot chosen k*. Every bound of §1.1 the engine enforces
    /// (|TV|, |D|, |G|, m_u, Req below 2⁸⁰) is enforced here. Balances, signs and quantities are passed separately so a
    /// caller can zero them (the maintenance evaluation of a non-liquidation op).
    /// </summary>
    public static MarginValues Evaluate(Api api, TransitionShape shape, BatchValues batch, AccountView a,
        Variable[] bal, Variable[] neg, Variable[] qty, int level)
    {
        using var _ = api.Scope(level == 0 ? "MarginIM" : "MarginMM");
        var sc = shape.Scales;
        int V = shape.V, C = shape.C, P = shape.MaxPositions;
        var us = shape.Underlyings;
        int vb = sc.ValueBits;
        Variable n = 0;
        for (int v = 0; v < V; v++)
            for (int c = 0; c < C; c++)
            {
                int j = v * C + c;
                var pos = batch.PricePos[level][c * V + v];
                var price = pos + api.Mul(neg[j], batch.PriceNeg[level][c * V + v] - pos);
                n += api.Mul(bal[j], price);
            }
        var nd = new Variable[us.Length];
        var ng = new Variable[us.Length];
        for (int s = 0; s < P; s++)
        {
            n += api.Mul(qty[s], a.Mark[s]) * Fr.FromBigInteger(sc.PositionValueFactor);
            var qd = api.Mul(qty[s], a.Delta[s]);
            var qg = api.Mul(qty[s], a.Gamma[s]);
            Variable r = 0;
            for (int k = 0; k < us.Length; k++)
            {
                Variable rv = 0;
                for (int v = 0; v < V; v++) rv += api.Mul(a.VSel[s][v], batch.Range[level][k * V + v]);
                r += us.Length == 1 ? rv : api.Mul(a.IsU[s][k], rv);
            }
            var qdr = api.Mul(qd, r);
            var qgr2 = api.Mul(qg, api.Mul(r, r));
            for (int k = 0; k < us.Length; k++)
            {
                nd[k] += us.Length == 1 ? qdr : api.Mul(a.IsU[s][k], qdr);
                ng[k] += us.Length == 1 ? qgr2 : api.Mul(a.IsU[s][k], qgr2);
            }
        }
        var (tv, _) = FloorDivConst(api, n, sc.ValueDivisor, vb);
        Variable req = 0;
        var grid = shape.Grid;
        var ks = Fr.FromInt64(sc.ScenarioScale);
        // Width of m·KSCALE − X_k: m < 2^80, |X_k| ≤ w·(|u|·U·|D| + u²·|G|) with |D|, |G| < 2^80.
        BigInteger maxX = 0;
        foreach (var (u, w) in grid) maxX = BigInteger.Max(maxX, (BigInteger)w * (Math.Abs(u) * sc.ShockScale + (BigInteger)u * u) << vb);
        int diffBits = (int)(((BigInteger.One << vb) * sc.ScenarioScale + maxX).GetBitLength()) + 1;
        for (int k = 0; k < us.Length; k++)
        {
            using var __ = api.Scope("Underlying");
            var (dLo, remD) = FloorDivConst(api, nd[k], sc.DeltaDivisor, vb);
            var dHi = dLo + Api.Constant(1) - api.IsZero(remD);
            AssertAbsBelow(api, dHi, vb);
            var (g, _) = FloorDivConst(api, ng[k], sc.GammaDivisor, vb);
            var x = new Variable[grid.Count];
            for (int i = 0; i < grid.Count; i++)
            {
                var (u, w) = grid[i];
                var d = u > 0 ? dLo : u < 0 ? dHi : Api.Constant(0);
                x[i] = -(d * Fr.FromInt64((long)u * sc.ShockScale) + g * Fr.FromInt64((long)u * u)) * Fr.FromInt64(w);
            }
            var hint = api.Hint("scenario-max", (ins, outs) =>
            {
                int best = 0;
                var bv = ToSigned(ins[0]);
                for (int i = 1; i < ins.Length; i++) { var xi = ToSigned(ins[i]); if (xi > bv) { bv = xi; best = i; } }
                var q = BigInteger.DivRem(bv, sc.ScenarioScale, out var rr);
                if (rr.Sign > 0) q += 1;
                outs[0] = Fr.FromBigInteger(q);
                for (int i = 0; i < ins.Length; i++) outs[1 + i] = i == best ? Fr.One : Fr.Zero;
            }, 1 + grid.Count, x);
            var m = hint[0];
            RangeCheck.Check(api, m, vb);
            Variable sum = 0, xsel = 0;
            for (int i = 0; i < grid.Count; i++)
            {
                api.AssertBoolean(hint[1 + i]);
                sum += hint[1 + i];
                xsel += api.Mul(hint[1 + i], x[i]);
                RangeCheck.Check(api, m * ks - x[i], diffBits);
            }
            api.AssertEqual(sum, 1);
            Comparison.AssertLessThan(api, m * ks - xsel, ks, 20);
            req += m;
        }
        if (us.Length > 1) RangeCheck.Check(api, req, vb);
        return new MarginValues(tv, req);
    }
}
