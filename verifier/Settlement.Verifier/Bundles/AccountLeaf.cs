using System.Numerics;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>One position slot of an account leaf; the empty slot is (0, 0, 0).</summary>
public readonly record struct PositionSlot(int Instrument, int Venue, long Qty)
{
    /// <summary>True for the empty slot (0, 0, 0).</summary>
    public bool IsEmpty => Instrument == 0 && Venue == 0 && Qty == 0;
}

/// <summary>
/// The account leaf of docs/spec.md §3.1: its packed field elements and its Poseidon hash. The engine, the circuit's
/// witness and the venue's exit-claim check all use this one definition.
/// </summary>
public static class AccountLeaf
{
    private static readonly BigInteger Offset63 = BigInteger.One << 63;
    private static readonly BigInteger Two128 = BigInteger.One << 128;

    /// <summary>[salt, id + 2³²·nonce, balances packed three per element, slots packed two per element].</summary>
    public static Fr[] Elements(ulong id, long nonce, in Fr salt, ReadOnlySpan<long> balances, ReadOnlySpan<PositionSlot> slots)
    {
        if (id >= 1UL << 32) throw new ArgumentOutOfRangeException(nameof(id), "account ids are below 2^32");
        if (nonce < 0 || nonce >= 1L << 48) throw new ArgumentOutOfRangeException(nameof(nonce), "nonces are in [0, 2^48)");
        var e = new Fr[2 + (balances.Length + 2) / 3 + (slots.Length + 1) / 2];
        e[0] = salt;
        e[1] = Fr.FromBigInteger(id + ((BigInteger)nonce << 32));
        int k = 2;
        for (int j = 0; j < balances.Length; j += 3)
        {
            BigInteger x = 0;
            for (int t = 0; t < 3 && j + t < balances.Length; t++) x += (balances[j + t] + Offset63) << (64 * t);
            e[k++] = Fr.FromBigInteger(x);
        }
        for (int s = 0; s < slots.Length; s += 2)
        {
            BigInteger x = Lane(slots[s]);
            if (s + 1 < slots.Length) x += Lane(slots[s + 1]) * Two128;
            e[k++] = Fr.FromBigInteger(x);
        }
        return e;
    }

    /// <summary>
    /// The leaf hash Poseidon.Hash(<see cref="Elements"/>, AccountLeaf); throws <see cref="ArgumentOutOfRangeException"/>
    /// when id ≥ 2³² or nonce is outside [0, 2⁴⁸).
    /// </summary>
    public static Fr Hash(ulong id, long nonce, in Fr salt, ReadOnlySpan<long> balances, ReadOnlySpan<PositionSlot> slots) =>
        Hash(Elements(id, nonce, salt, balances, slots));

    /// <summary>The leaf hash of packed <paramref name="elements"/> (<see cref="Elements"/>): Poseidon with the AccountLeaf domain.</summary>
    public static Fr Hash(ReadOnlySpan<Fr> elements) => Poseidon.Poseidon.Hash(elements, HashDomain.AccountLeaf);

    /// <summary>The state root: Hash([accountRoot, epochHash], StateRoot) (docs/spec.md §3).</summary>
    public static Fr StateRoot(in Fr accountRoot, in Fr epochHash) => Poseidon.Poseidon.Hash([accountRoot, epochHash], HashDomain.StateRoot);

    private static BigInteger Lane(PositionSlot s)
    {
        if (s.IsEmpty) return BigInteger.Zero;
        if ((uint)s.Instrument >= 1 << 16 || (uint)s.Venue >= 1 << 8) throw new ArgumentOutOfRangeException(nameof(s), "instrument ids are below 2^16 and venue ids below 2^8");
        return s.Instrument + ((BigInteger)s.Venue << 16) + ((s.Qty + Offset63) << 24);
    }
}
