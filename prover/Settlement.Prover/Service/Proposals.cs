using System.Text;
using System.Text.Json;
using Settlement.Prover.Engine;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;
using Settlement.Verifier.Config;
using Settlement.Verifier.Venue;

namespace Settlement.Prover.Service;

/// <summary>
/// The sequencer's proposal of batch <paramref name="Batch"/> as a venue reads it from <c>GET /v1/proposals/…</c>
/// (docs/service.md, "Streaming"): the root it builds on, the digest the service claims, the operations, and which
/// venues approved and signed so far.
/// </summary>
public sealed record Proposal(long Batch, string Status, Fr OldRoot, Fr Digest, IReadOnlyList<Operation> Operations,
    IReadOnlyList<int> Approved, IReadOnlyList<int> Signed, DateTimeOffset CreatedAt = default)
{
    /// <summary>Reads the service's JSON; <see cref="InvalidDataException"/> naming the field when it is not a proposal.</summary>
    public static Proposal Parse(string json)
    {
        try
        {
            var e = JsonDocument.Parse(json).RootElement;
            var ops = BatchFile.Parse(Encoding.UTF8.GetBytes($"{{\"operations\": {e.GetProperty("operations").GetRawText()}}}"), "proposal");
            return new Proposal(e.GetProperty("batch").GetInt64(), e.GetProperty("status").GetString()!, Field(e, "oldRoot"), Field(e, "batchDigest"), ops,
                Venues(e, "approved"), Venues(e, "signed"), e.GetProperty("createdAt").GetDateTimeOffset());
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or JsonInputException)
        {
            throw new InvalidDataException($"not a proposal: {x.Message}");
        }
    }

    private static Fr Field(JsonElement e, string name)
    {
        var s = e.GetProperty(name).GetString();
        return Fr.TryParseHex(s, out var x, out var error) ? x : throw new FormatException($"$.{name}: {error}, got \"{s}\"");
    }

    private static int[] Venues(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetInt32())];
}

/// <summary>What a venue decided about a proposal: the §6 message to sign, or why it refuses (naming the op).</summary>
public sealed record ProposalVerdict(bool Approved, byte[]? Message, string? Refusal)
{
    public static ProposalVerdict Refuse(string why) => new(false, null, why);
}

/// <summary>
/// A venue's side of co-signing (docs/service.md, "Co-signing: what a venue checks"): the check that decides whether
/// venue v signs a proposal, and the approval message it signs first. The check trusts nothing the service computed:
/// it recomputes the batch digest from the operations and signs its own §6 message.
/// </summary>
public static class Proposals
{
    /// <summary>The role tag of a venue's approval (ASCII, zero-padded to 32 bytes); checked by the service only, never by a bundle.</summary>
    public const string ApprovalTag = "SETTLEMENT-V1/APPROVAL";

    /// <summary>
    /// The approval message: the batch-digest message of docs/spec.md §6 with its tag replaced by <see cref="ApprovalTag"/>,
    /// so that an approval binds the same (batchIndex, oldRoot, digest) and can never be read as the binding signature.
    /// </summary>
    public static byte[] ApprovalMessage(ReadOnlySpan<byte> batchDigestMessage) => Retagged(batchDigestMessage, ApprovalTag, []);

    /// <summary>The role tag of a venue's refusal; checked by the service only, never by a bundle.</summary>
    public const string RefusalTag = "SETTLEMENT-V1/REFUSAL";

    /// <summary>The longest reason a refusal may give (characters).</summary>
    public const int MaxRefusalReason = 1000;

    /// <summary>
    /// The refusal message: the batch-digest message with its tag replaced by <see cref="RefusalTag"/>, then the time the
    /// proposal was made (Unix milliseconds, 8 bytes big-endian) and the reason in UTF-8. The time names one proposal,
    /// so a refusal cannot be replayed against the same operations proposed again; the reason cannot be changed on the way.
    /// </summary>
    public static byte[] RefusalMessage(ReadOnlySpan<byte> batchDigestMessage, DateTimeOffset proposedAt, string reason)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var suffix = new byte[8 + reasonBytes.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(suffix, proposedAt.ToUnixTimeMilliseconds());
        reasonBytes.CopyTo(suffix, 8);
        return Retagged(batchDigestMessage, RefusalTag, suffix);
    }

    private static byte[] Retagged(ReadOnlySpan<byte> batchDigestMessage, string tag, ReadOnlySpan<byte> suffix)
    {
        var m = new byte[batchDigestMessage.Length + suffix.Length];
        batchDigestMessage.CopyTo(m);
        suffix.CopyTo(m.AsSpan(batchDigestMessage.Length));
        m.AsSpan(0, 32).Clear();
        Encoding.ASCII.GetBytes(tag, m);
        return m;
    }

    /// <summary>
    /// Whether venue <paramref name="venue"/> signs <paramref name="p"/>, checked cheapest first: the proposal is open;
    /// it holds only venues' account ops; the venue's own ops are exactly whole submissions from its
    /// <paramref name="journal"/>, in order, none altered, none cut short; the digest is the one the operations give;
    /// the old root follows the last root the venue accepted; and the venue has not signed another digest for this
    /// batch on this root (<paramref name="pins"/>; spec §6).
    /// </summary>
    public static ProposalVerdict Check(SettlementConfig config, in Fr configHash, int venue, Proposal p, IReadOnlyList<Submission> journal,
        RootStoreState accepted, SignLog pins)
    {
        if (p.Status != "open") return ProposalVerdict.Refuse($"the proposal is {p.Status}, not open");
        var mine = new List<(int Index, Operation Op)>();
        for (int k = 0; k < p.Operations.Count; k++)
        {
            var op = p.Operations[k];
            if (op.SubmittedBy is not { } by || by < 0 || by >= config.V)
                return ProposalVerdict.Refuse($"operations[{k}] ({Describe(op)}) is not a venue's op: a proposal holds only submitted account ops");
            if (by == venue) mine.Add((k, op));
        }
        if (OwnOps(venue, mine, journal) is { } foreign) return ProposalVerdict.Refuse(foreign);

        var digest = Digest(config, configHash, p);
        if (digest != p.Digest)
            return ProposalVerdict.Refuse($"the service's batch digest 0x{p.Digest.ToHex()} is not the operations' (0x{digest.ToHex()})");
        if (accepted.Last is { } last)
        {
            if ((long)last.BatchIndex >= p.Batch) return ProposalVerdict.Refuse($"venue {venue} already accepted batch {last.BatchIndex}; batch {p.Batch} is behind it");
            if ((long)last.BatchIndex == p.Batch - 1 && last.Root != p.OldRoot)
                return ProposalVerdict.Refuse($"old root 0x{p.OldRoot.ToHex()} is not the root venue {venue} accepted for batch {last.BatchIndex} (0x{last.Root.ToHex()})");
        }
        if (pins.Signed(p.Batch, p.OldRoot) is { } bound && bound != digest)
            return ProposalVerdict.Refuse($"venue {venue} signed digest 0x{bound.ToHex()} for batch {p.Batch} on this root; signing 0x{digest.ToHex()} too would be equivocation (spec §6)");
        return new ProposalVerdict(true, SignedMessages.BatchDigest(configHash, (ulong)p.Batch, p.OldRoot, digest), null);
    }

    /// <summary>
    /// The batch digest of the proposal's operations (spec §5.6): each venue's ops chain, and no tick, risk update or
    /// halted asset (a proposal holds only account ops, so those three are 0). The digest uses only these fields of
    /// the statement; the others are left 0.
    /// </summary>
    private static Fr Digest(SettlementConfig config, in Fr configHash, Proposal p)
    {
        var chains = new Fr[config.V];
        foreach (var op in p.Operations)
        {
            int v = op.SubmittedBy!.Value;
            chains[v] = Commitments.OpsChainStep(chains[v], op);
        }
        return new Statement(configHash, 0, (ulong)p.Batch, p.OldRoot, Fr.Zero, Fr.Zero, Fr.Zero, chains, new Fr[config.V], 0).BatchDigest();
    }

    /// <summary>
    /// Null when the venue's ops (<paramref name="mine"/>, in proposal order) are whole journal submissions one after
    /// another, each at most once; else the first op at fault: foreign (no submission has it), altered (a submission
    /// has an op of that account and nonce, otherwise), or where a submission does not continue as submitted.
    /// </summary>
    private static string? OwnOps(int venue, List<(int Index, Operation Op)> mine, IReadOnlyList<Submission> journal)
    {
        var used = new bool[journal.Count];
        for (int i = 0; i < mine.Count;)
        {
            int whole = -1, longest = 0, partial = -1;
            for (int j = 0; j < journal.Count && whole < 0; j++)
            {
                if (used[j]) continue;
                var ops = journal[j].Operations;
                int m = 0;
                while (m < ops.Count && i + m < mine.Count && ops[m] == mine[i + m].Op) m++;
                if (m == ops.Count) whole = j;
                else if (m > longest) (longest, partial) = (m, j);
            }
            if (whole >= 0)
            {
                used[whole] = true;
                i += journal[whole].Operations.Count;
                continue;
            }
            if (partial >= 0)
            {
                var expected = journal[partial].Operations[longest];
                int at = i + longest;
                return at < mine.Count
                    ? $"operations[{mine[at].Index}] ({Describe(mine[at].Op)}) is not what venue {venue} submitted there: its submission (journal entry {partial + 1}) continues with {Describe(expected)} (altered or missing)"
                    : $"venue {venue}'s submission (journal entry {partial + 1}) is cut short: {Describe(expected)} is missing";
            }
            var op = mine[i].Op;
            for (int j = 0; j < journal.Count; j++)
                if (journal[j].Operations.Any(o => Identity(o) == Identity(op)))
                    return $"operations[{mine[i].Index}] ({Describe(op)}) is altered: venue {venue} submitted that account's op with nonce {Identity(op).Nonce} otherwise (journal entry {j + 1})";
            return $"operations[{mine[i].Index}] ({Describe(op)}) is not an op venue {venue} submitted (foreign)";
        }
        return null;
    }

    /// <summary>What names an account op: its kind, the account whose nonce it uses, and that nonce.</summary>
    private static (string Kind, ulong Account, long Nonce) Identity(Operation op) => op switch
    {
        Deposit d => (d.Kind, d.Account, d.Nonce),
        Withdraw w => (w.Kind, w.Account, w.Nonce),
        Transfer t => (t.Kind, t.Account, t.Nonce),
        Trade t => (t.Kind, t.Buyer, t.BuyerNonce),
        Liquidate l => (l.Kind, l.Account, l.Nonce),
        _ => (op.Kind, 0, 0),
    };

    private static string Describe(Operation op) => op switch
    {
        Deposit d => $"Deposit, account {d.Account}, nonce {d.Nonce}, asset {d.Asset}, amount {d.Amount}",
        Withdraw w => $"Withdraw, account {w.Account}, nonce {w.Nonce}, asset {w.Asset}, amount {w.Amount}",
        Transfer t => $"Transfer, account {t.Account}, nonce {t.Nonce}, asset {t.Asset}, amount {t.Amount}, venue {t.FromVenue} to {t.ToVenue}",
        Trade t => $"Trade, instrument {t.Instrument}, buyer {t.Buyer} nonce {t.BuyerNonce}, seller {t.Seller} nonce {t.SellerNonce}, qty {t.Qty} at {t.Price}",
        Liquidate l => $"Liquidate, instrument {l.Instrument}, account {l.Account} nonce {l.Nonce}, qty {l.Qty} at {l.Price}",
        _ => op.Kind,
    };

}
