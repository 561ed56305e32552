using System.Data.Common;
using System.Globalization;
using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Store;

/// <summary>
/// How the stores write an account and an epoch state as text columns (one definition for SQLite and PostgreSQL):
/// balances and epoch arrays comma-separated, slots "instrument:venue:qty" separated by ';', the epoch's fields by '|'.
/// The <c>where</c> arguments name the store in error messages.
/// </summary>
internal static class StoreRows
{
    public static (string Salt, string Balances, string Slots, string Leaf) EncodeAccount(Account a) =>
        (SqliteSettlementStore.Hex(a.Salt), string.Join(',', a.Balances.ToArray()), string.Join(';', a.Slots.Select(s => $"{s.Instrument}:{s.Venue}:{s.Qty}")), LeafHex(a));

    /// <summary>An account row read back; its stored leaf hash must match its values (a row edited outside the prover is refused).</summary>
    public static Account RestoreAccount(long rowId, string salt, long nonce, string balances, string slots, string leaf, SettlementConfig config, string where)
    {
        ulong id = (ulong)rowId;
        var a = Account.Restore(id, Fr.FromBytesWideBE(Convert.FromHexString(salt)), nonce, config.C, Longs(balances), Slots(slots, config.MaxPositions, where));
        if (a.Balances.Length != config.V * config.C) throw new InvalidDataException($"{where}: account {id} has {a.Balances.Length} balances, the configuration {config.V * config.C}");
        if (LeafHex(a) != leaf) throw new InvalidDataException($"{where}: account {id}'s stored leaf hash does not match its values");
        return a;
    }

    // The leaf hash is stored so that LoadState detects a row edited outside the prover; it needs the account's own sizes.
    private static string LeafHex(Account a) =>
        SqliteSettlementStore.Hex(AccountLeaf.Hash(a.Id, a.Nonce, a.Salt, a.Balances, [.. a.Slots]));

    public static string EncodeEpoch(EpochState e) => string.Join('|',
        e.Epoch, e.BatchCount, e.LastTickTime, Join(e.Prices), Join(e.PriceTimes), Join(e.Sigmas), Join(e.Marks), Join(e.Deltas),
        Join(e.Gammas), Join(e.NextDepositId), Join(e.NextWithdrawalId), Join(e.Totals), Join(e.Fees));

    private static string Join<T>(IEnumerable<T> xs) => string.Join(',', xs.Select(x => Convert.ToString(x, CultureInfo.InvariantCulture)));

    public static EpochState DecodeEpoch(string text, SettlementConfig config, string where)
    {
        var f = text.Split('|');
        if (f.Length != 13) throw new InvalidDataException($"{where}: epoch state has {f.Length} fields, expected 13");
        var e = new EpochState(config)
        {
            Epoch = long.Parse(f[0], CultureInfo.InvariantCulture),
            BatchCount = long.Parse(f[1], CultureInfo.InvariantCulture),
            LastTickTime = long.Parse(f[2], CultureInfo.InvariantCulture),
        };
        void Fill<T>(T[] into, T[] from, string what)
        {
            if (into.Length != from.Length) throw new InvalidDataException($"{where}: epoch {what} has {from.Length} values, the configuration {into.Length}");
            from.CopyTo(into, 0);
        }
        Fill(e.pricesArray, Longs(f[3]), "prices"); Fill(e.priceTimesArray, Longs(f[4]), "price times"); Fill(e.sigmasArray, Longs(f[5]), "sigmas");
        Fill(e.marksArray, Longs(f[6]), "marks"); Fill(e.deltasArray, Longs(f[7]), "deltas"); Fill(e.gammasArray, Longs(f[8]), "gammas");
        Fill(e.nextDepositIdArray, Longs(f[9]), "deposit ids"); Fill(e.nextWithdrawalIdArray, Longs(f[10]), "withdrawal ids");
        Fill(e.totalsArray, Int128s(f[11]), "totals"); Fill(e.feesArray, Int128s(f[12]), "fees");
        return e;
    }

    private static long[] Longs(string s) => s.Length == 0 ? [] : s.Split(',').Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
    private static Int128[] Int128s(string s) => s.Length == 0 ? [] : s.Split(',').Select(x => Int128.Parse(x, CultureInfo.InvariantCulture)).ToArray();

    private static PositionSlot[] Slots(string s, int maxPositions, string where)
    {
        var slots = new PositionSlot[maxPositions];
        if (s.Length == 0) return slots;
        var parts = s.Split(';');
        if (parts.Length != maxPositions) throw new InvalidDataException($"{where}: stored account has {parts.Length} position slots, the configuration {maxPositions}");
        for (int k = 0; k < parts.Length; k++)
        {
            var x = parts[k].Split(':');
            slots[k] = new PositionSlot(int.Parse(x[0], CultureInfo.InvariantCulture), int.Parse(x[1], CultureInfo.InvariantCulture), long.Parse(x[2], CultureInfo.InvariantCulture));
        }
        return slots;
    }


    /// <summary>A proof job's status column (<see cref="JobStatus"/> in lowercase).</summary>
    public static JobStatus ParseStatus(string s, string where) => s switch
    {
        "queued" => JobStatus.Queued, "proving" => JobStatus.Proving, "proved" => JobStatus.Proved,
        "published" => JobStatus.Published, "failed" => JobStatus.Failed,
        _ => throw new InvalidDataException($"{where}: proof job status '{s}' is not one this settle knows"),
    };

    /// <summary>The key under which a venue's submission is stored: its repeats (the same venue, the same operations) find it.</summary>
    public static string SubmissionKey(int venue, string operationsJson) =>
        BatchKey.Of(venue.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n" + operationsJson);

    public const string SubmissionColumns = "id, venue, operations, op_count, status, batch_index, reason, received_at";

    /// <summary>A row of <see cref="SubmissionColumns"/>.</summary>
    public static SubmissionRecord ReadSubmission(DbDataReader r) =>
        new(r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetInt32(3), ParseSubmissionStatus(r.GetString(4)), r.IsDBNull(5) ? null : r.GetInt64(5),
            r.IsDBNull(6) ? null : r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)));

    public const string ProposalColumns = "batch_index, status, old_root, digest, message, operations, reason, created_at";

    /// <summary>A row of <see cref="ProposalColumns"/>; its submissions and signatures are in other tables, left empty here.</summary>
    public static ProposalRecord ReadProposal(DbDataReader r) =>
        new(r.GetInt64(0), ParseProposalStatus(r.GetString(1)), r.GetString(2), r.GetString(3), (byte[])r[4], r.GetString(5), [],
            new Dictionary<int, byte[]>(), [], r.IsDBNull(6) ? null : r.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)));

    public static SubmissionStatus ParseSubmissionStatus(string s) => s switch
    {
        "pending" => SubmissionStatus.Pending, "proposed" => SubmissionStatus.Proposed, "sequenced" => SubmissionStatus.Sequenced,
        "rejected" => SubmissionStatus.Rejected,
        _ => throw new InvalidDataException($"submission status '{s}' is not one this settle knows"),
    };

    public static ProposalStatus ParseProposalStatus(string s) => s switch
    {
        "open" => ProposalStatus.Open, "sequenced" => ProposalStatus.Sequenced, "void" => ProposalStatus.Void,
        _ => throw new InvalidDataException($"proposal status '{s}' is not one this settle knows"),
    };
}
