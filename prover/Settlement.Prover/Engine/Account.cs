using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Engine;

/// <summary>
/// One account leaf: salt, nonce, balances b[v][c] (settlement units, signed: negative is a debt at that venue) and
/// MaxPositions slots. Mutated only by the engine, on its working copy.
/// </summary>
public sealed class Account
{
    public ulong Id { get; }
    public Fr Salt { get; }
    public long Nonce { get; internal set; }
    private readonly long[] _balances;
    private readonly PositionSlot[] _slots;
    private readonly int _assets;

    internal Account(ulong id, Fr salt, int venues, int assets, int maxPositions)
    {
        Id = id; Salt = salt; _assets = assets;
        _balances = new long[venues * assets];
        _slots = new PositionSlot[maxPositions];
    }

    private Account(Account o)
    {
        Id = o.Id; Salt = o.Salt; Nonce = o.Nonce; _assets = o._assets;
        _balances = (long[])o._balances.Clone();
        _slots = (PositionSlot[])o._slots.Clone();
    }

    public Account Clone() => new(this);

    /// <summary>An account exactly as stored (slots at their indices), for loading state from a store.</summary>
    internal static Account Restore(ulong id, Fr salt, long nonce, int assets, long[] balances, PositionSlot[] slots)
    {
        var a = new Account(id, salt, balances.Length / assets, assets, slots.Length) { Nonce = nonce };
        balances.CopyTo(a._balances, 0);
        slots.CopyTo(a._slots, 0);
        return a;
    }

    public long Balance(int venue, int asset) => _balances[venue * _assets + asset];
    /// <summary>Balance at leaf order j = v·C + c.</summary>
    public long BalanceAt(int j) => _balances[j];
    /// <summary>All balances in leaf order.</summary>
    public ReadOnlySpan<long> Balances => _balances;
    internal void SetBalance(int venue, int asset, long value) => _balances[venue * _assets + asset] = value;

    public IReadOnlyList<PositionSlot> Slots => _slots;
    internal ReadOnlySpan<PositionSlot> SlotSpan => _slots;

    /// <summary>The signed quantity held in (instrument, venue), 0 when there is no slot for it.</summary>
    public long Position(int instrument, int venue)
    {
        foreach (var s in _slots) if (!s.IsEmpty && s.Instrument == instrument && s.Venue == venue) return s.Qty;
        return 0;
    }

    /// <summary>Sets the position for a key by the slot rules: its slot, else the lowest empty one; zero empties it. False when no slot is free.</summary>
    internal bool TrySetPosition(int instrument, int venue, long qty)
    {
        int free = -1;
        for (int s = 0; s < _slots.Length; s++)
        {
            if (!_slots[s].IsEmpty && _slots[s].Instrument == instrument && _slots[s].Venue == venue)
            {
                _slots[s] = qty == 0 ? default : new PositionSlot(instrument, venue, qty);
                return true;
            }
            if (_slots[s].IsEmpty && free < 0) free = s;
        }
        if (qty == 0) return true;
        if (free < 0) return false;
        _slots[free] = new PositionSlot(instrument, venue, qty);
        return true;
    }
}
