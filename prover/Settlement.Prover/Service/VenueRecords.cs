using System.Globalization;
using System.Text;
using System.Text.Json;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Config;

namespace Settlement.Prover.Service;

/// <summary>
/// A venue's own record of what it submitted to the prover service (<c>venues/venue-v.submitted.jsonl</c>): one line
/// per submission, the exact signed body posted, appended and flushed to disk before it is posted. The co-signer
/// signs a proposal only when the venue's ops in it are whole submissions from this file, so what the venue signs
/// rests on its own record, never on the service's word (docs/service.md, "Co-signing").
/// </summary>
public sealed class VenueJournal(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    private readonly List<Submission> _entries = [];
    private long _offset;

    /// <summary>Appends a submission and flushes it to disk (write-ahead: a crash after the POST leaves it recorded).</summary>
    public void Append(Submission s)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = JsonSerializer.Serialize(JsonDocument.Parse(BatchFile.WriteSubmission(s)).RootElement) + "\n";
        using var f = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        f.Write(Encoding.UTF8.GetBytes(line));
        f.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Every submission in the file, each checked as the service checks it (venue <paramref name="venue"/>'s ops,
    /// its signature under the venue's key), so that a line nobody holding the key signed never counts. Reads only
    /// what was appended since the last call; a last line without its newline (a write under way) waits for the next.
    /// Throws <see cref="InvalidDataException"/> naming the line when one is not such a submission.
    /// </summary>
    public IReadOnlyList<Submission> Read(SettlementConfig config, in Fr configHash, IReadOnlyList<PublicKey> venueKeys, int venue)
    {
        if (!File.Exists(Path)) return _entries;
        using var f = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        f.Seek(_offset, SeekOrigin.Begin);
        var bytes = new byte[f.Length - _offset];
        f.ReadExactly(bytes);
        int start = 0;
        for (int nl; (nl = Array.IndexOf(bytes, (byte)'\n', start)) >= 0; start = nl + 1)
        {
            var line = bytes.AsSpan(start, nl - start).ToArray();
            string where = $"{Path}: entry {_entries.Count + 1}";
            try
            {
                var s = BatchFile.ParseSubmission(line, where);
                if (s.Venue != venue) throw new SubmissionException("$.venue", $"a submission of venue {s.Venue}, in venue {venue}'s journal");
                Submissions.Check(config, configHash, venueKeys, s);
                _entries.Add(s);
            }
            catch (SubmissionException e) { throw new InvalidDataException($"{where}: {e.Message}"); }
            catch (JsonInputException e) { throw new InvalidDataException(e.Message); }
        }
        _offset += start;
        return _entries;
    }
}

/// <summary>
/// The batch digests a venue signed (<c>venues/venue-v.signed</c>, one line <c>batchIndex 0xoldRoot 0xdigest</c> each,
/// flushed to disk before the signature leaves): a venue signs at most one digest per (batchIndex, oldRoot)
/// (docs/spec.md §6), across restarts too.
/// </summary>
public sealed class SignLog(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    private Dictionary<string, Fr>? _signed;

    private static string Key(long batch, in Fr oldRoot) => $"{batch} 0x{oldRoot.ToHex()}";

    /// <summary>The digest this venue signed for batch n on <paramref name="oldRoot"/>, if any.</summary>
    public Fr? Signed(long batch, in Fr oldRoot) => Load().TryGetValue(Key(batch, oldRoot), out var d) ? d : null;

    /// <summary>Records a signature about to be given (idempotent for the same digest).</summary>
    public void Record(long batch, in Fr oldRoot, in Fr digest)
    {
        var signed = Load();
        string key = Key(batch, oldRoot);
        if (signed.TryGetValue(key, out var d))
        {
            if (d != digest) throw new InvalidOperationException($"{Path}: batch {batch} on this root is signed with another digest already");
            return;
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using (var f = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            f.Write(Encoding.ASCII.GetBytes($"{key} 0x{digest.ToHex()}\n"));
            f.Flush(flushToDisk: true);
        }
        signed[key] = digest;
    }

    private Dictionary<string, Fr> Load()
    {
        if (_signed is not null) return _signed;
        var signed = new Dictionary<string, Fr>();
        if (File.Exists(Path))
        {
            var text = File.ReadAllText(Path, Encoding.ASCII);
            int end = text.LastIndexOf('\n') + 1;
            if (end < text.Length)
            {
                // A line torn by a crash before its flush completed: Record had not returned, so that signature never
                // left. Cut it off, so that the next record starts on a line of its own.
                using var f = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.Read);
                f.SetLength(end);
                f.Flush(flushToDisk: true);
            }
            var lines = text[..end].Split('\n');
            for (int i = 0; i < lines.Length - 1; i++)
            {
                // Any other damage is refused, not skipped: a forgotten signature would let this venue sign a second
                // digest for the same batch and root, i.e. equivocate.
                var f = lines[i].Split(' ');
                if (f.Length != 3 || !long.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out long batch)
                    || !Fr.TryParseHex(f[1], out var root, out _) || !Fr.TryParseHex(f[2], out var digest, out _)
                    || !signed.TryAdd(Key(batch, root), digest))
                    throw new InvalidDataException($"{Path} line {i + 1}: expected 'batchIndex 0xoldRoot 0xdigest', one line per (batch, root), got \"{lines[i]}\"");
            }
        }
        return _signed = signed;
    }
}
