using System.Numerics;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Engine;

/// <summary>Canonical field-element encodings of docs/spec.md §3 and §5.2: the inputs of the Poseidon commitments in <see cref="Commitments"/> (the §7 configuration encoding is <see cref="SettlementConfig.HashElements"/>).</summary>
public static class FieldEncoding
{

    /// <summary>A signed integer as x mod r.</summary>
    public static Fr Signed(BigInteger x) => Fr.FromBigInteger(x);

    /// <summary>The account leaf elements of docs/spec.md §3.1 (one definition, shared with the venue's exit-claim check).</summary>
    public static Fr[] Leaf(Account a, SettlementConfig c) => AccountLeaf.Elements(a.Id, a.Nonce, a.Salt, a.Balances, a.SlotSpan);

    /// <summary>The epoch state list of docs/spec.md §3.3.</summary>
    public static Fr[] Epoch(EpochState s)
    {
        var e = new List<Fr> { Fr.FromUInt64((ulong)s.Epoch), Fr.FromUInt64((ulong)s.BatchCount), Fr.FromUInt64((ulong)s.LastTickTime) };
        for (int c = 0; c < s.Prices.Count; c++) { e.Add(Fr.FromInt64(s.Prices[c])); e.Add(Fr.FromInt64(s.PriceTimes[c])); e.Add(Fr.FromInt64(s.Sigmas[c])); }
        for (int i = 0; i < s.Marks.Count; i++) { e.Add(Fr.FromInt64(s.Marks[i])); e.Add(Fr.FromInt64(s.Deltas[i])); e.Add(Fr.FromInt64(s.Gammas[i])); }
        for (int v = 0; v < s.NextDepositId.Count; v++) { e.Add(Fr.FromInt64(s.NextDepositId[v])); e.Add(Fr.FromInt64(s.NextWithdrawalId[v])); }
        for (int j = 0; j < s.Totals.Count; j++) { e.Add(Signed((BigInteger)s.Totals[j])); e.Add(Signed((BigInteger)s.Fees[j])); }
        return [.. e];
    }

    /// <summary>The six elements E0..E5 of one op in its venue's ops chain (docs/spec.md §5.2).</summary>
    public static Fr[] Op(Operation op)
    {
        static BigInteger Acct(ulong a, long n) => a + ((BigInteger)n << 32);
        static BigInteger Head(int kind, int v, int v2, int x) => kind + ((BigInteger)v << 8) + ((BigInteger)v2 << 16) + ((BigInteger)x << 24);
        BigInteger[] x = op switch
        {
            Deposit d => [Head(1, d.Venue, 0, d.Asset), Acct(d.Account, d.Nonce), 0, d.Amount, d.DepositId, 0],
            Withdraw w => [Head(2, w.Venue, 0, w.Asset), Acct(w.Account, w.Nonce), 0, w.Amount, w.WithdrawalId, 0],
            Transfer t => [Head(3, t.FromVenue, t.ToVenue, t.Asset), Acct(t.Account, t.Nonce), 0, t.Amount, 0, 0],
            Trade t => [Head(4, t.Venue, 0, t.Instrument), Acct(t.Buyer, t.BuyerNonce), Acct(t.Seller, t.SellerNonce), t.Qty, t.Price,
                t.BuyerFee + ((BigInteger)t.SellerFee << 64)],
            Liquidate l => [Head(5, l.Venue, 0, l.Instrument), Acct(l.Account, l.Nonce), Acct(l.Liquidator, l.LiquidatorNonce), l.Qty, l.Price, 0],
            _ => throw new ArgumentException($"{op.Kind} is not a venue op and has no ops-chain encoding", nameof(op)),
        };
        var e = new Fr[6];
        for (int i = 0; i < 6; i++) e[i] = Fr.FromBigInteger(x[i]);
        if (op is Deposit dep) e[5] = dep.Salt;
        return e;
    }
}
