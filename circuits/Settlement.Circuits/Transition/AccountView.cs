using System.Numerics;
using Settlement.Circuits.Frontend;
using Settlement.Circuits.Gadgets;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using static Settlement.Circuits.Gadgets.CommonGadgets;

namespace Settlement.Circuits.Transition;

/// <summary>
/// An account leaf opened in the circuit (docs/spec.md §3.1): its fields range-checked, balance signs, per-slot
/// selectors (instrument and venue one-hot, underlying indicator), the slot's mark and Greeks, and the leaf's packed
/// elements. Built for the leaf before an op; the leaf after it differs in one slot and two balances and is packed from
/// those changes (<see cref="Pack"/>), its margin evaluated from the differences (<see cref="MarginGadget.EvaluateChanged"/>).
/// When registers hold leaf hashes the leaf is hashed here (<see cref="Leaf"/>); when they hold elements, an op compares
/// the elements with its register's instead, since the range checks here make the packing one-to-one, and only the
/// register hashes them (docs/spec.md §10).
/// </summary>
internal sealed class AccountView
{
    public Variable Id, Salt, Nonce;
    public Variable[] Bal = [], Neg = [];
    public Variable[] Instr = [], Venue = [], Qty = [], Empty = [], QtyNegative = [];
    public Variable[][] ISel = [], VSel = [], IsU = [];
    public Variable[] Mark = [], Delta = [], Gamma = [];
    /// <summary>Each slot's 128-bit lane of the leaf (free linear expressions).</summary>
    public Variable[] Lanes = [];
    /// <summary>The leaf's hash preimage (<see cref="Pack"/>, free linear expressions).</summary>
    public Variable[] Elements = [];
    /// <summary>The leaf hash, when registers hold leaf hashes (<see cref="TransitionShape.RegistersHoldElements"/> false).</summary>
    public Variable Leaf;

    /// <summary>Opens a leaf: range checks (balances and qty signed 64-bit, with their signs, nonce 48-bit, instrument &lt; NI, venue &lt; V), empty slots exactly (0, 0, 0), the packed elements, and the Poseidon leaf hash when registers hold hashes.</summary>
    public static AccountView Open(Api api, TransitionShape shape, BatchValues batch, Variable id, Variable salt, Variable nonce,
        Variable[] bal, Variable[] instr, Variable[] venue, Variable[] qty)
    {
        using var _ = api.Scope("AccountLeaf");
        int P = shape.MaxPositions, VC = shape.V * shape.C;
        var us = shape.Underlyings;
        var a = new AccountView
        {
            Id = id, Salt = salt, Nonce = nonce, Bal = bal, Instr = instr, Venue = venue, Qty = qty,
            Neg = new Variable[VC], Empty = new Variable[P], QtyNegative = new Variable[P], ISel = new Variable[P][], VSel = new Variable[P][], IsU = new Variable[P][],
            Mark = new Variable[P], Delta = new Variable[P], Gamma = new Variable[P],
        };
        RangeCheck.Check(api, nonce, 48);
        for (int j = 0; j < VC; j++) a.Neg[j] = SignedInt.IsNegative(api, bal[j], 64);
        var lanes = a.Lanes = new Variable[P];
        for (int s = 0; s < P; s++)
        {
            a.QtyNegative[s] = SignedInt.IsNegative(api, qty[s], 64);
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
        a.Elements = Pack(shape, salt, id, nonce, bal, lanes);
        if (!shape.RegistersHoldElements) a.Leaf = LeafHash(api, a.Elements);
        return a;
    }

    /// <summary>The leaf's elements of §3.1 (AccountLeaf.Elements) from its fields; balances as signed values, slots as their lanes.</summary>
    public static Variable[] Pack(TransitionShape shape, Variable salt, Variable id, Variable nonce, Variable[] bal, Variable[] lanes)
    {
        int VC = shape.V * shape.C, P = shape.MaxPositions;
        var e = new List<Variable> { salt, id + nonce * Pow2(32) };
        for (int j = 0; j < VC; j += 3)
        {
            Variable x = 0;
            for (int t = 0; t < 3 && j + t < VC; t++) x += (bal[j + t] + Pow2(63)) * Pow2(64 * t);
            e.Add(x);
        }
        for (int s = 0; s < P; s += 2) e.Add(s + 1 < P ? lanes[s] + lanes[s + 1] * Pow2(128) : lanes[s]);
        return [.. e];
    }

    /// <summary>The leaf hash of §3.1: Poseidon over the packed elements.</summary>
    public static Variable LeafHash(Api api, Variable[] elements) => PoseidonGadget.Hash(api, elements, HashDomain.AccountLeaf);
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
