using System.Diagnostics;
using System.Globalization;
using System.Text;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Venue;

/// <summary>What a venue's store holds: the last accepted root and batch (null before the first) and the equivocation evidence it keeps, if any.</summary>
public sealed record RootStoreState((Fr Root, ulong BatchIndex)? Last, EquivocationEvidence? Evidence);

/// <summary>
/// Where a venue keeps the last root it accepted, the record of every batch it accepted (to recognise a second digest
/// for the same batch) and equivocation evidence. Acceptance is load, check, update: <see cref="Update"/> runs all three
/// under one exclusive lock, which a store shared by several processes must hold across processes.
/// </summary>
public interface IRootStore
{
    /// <summary>
    /// The last accepted root and batch, and any evidence held; a store that has accepted nothing returns (null, null).
    /// </summary>
    RootStoreState Load();

    /// <summary>The record of accepted batch <paramref name="batchIndex"/>, or null if this store did not accept it.</summary>
    AcceptedBatch? Find(ulong batchIndex);

    /// <summary>
    /// Runs <paramref name="decide"/> (which reads the store with <see cref="Load"/> and <see cref="Find"/>) under the
    /// store's exclusive lock, then durably and atomically records what its verdict says: the accepted batch, or
    /// equivocation evidence when none is held yet. Nothing is written for any other verdict.
    /// </summary>
    VenueVerdict Update(Func<VenueVerdict> decide);
}

/// <summary>
/// The default store, three files beside <see cref="Path"/>: the state file (lines <c>root 0x… batchIndex</c> and
/// <c>equivocation …</c>, replaced atomically by write, flush, rename, so a crash leaves the old state or the new one),
/// <c>.history</c> (one appended line per accepted batch: batchIndex, oldRoot, newRoot, digest, the venues' signatures;
/// a line torn by a crash is cut off before the next append) and <c>.lock</c>, held with <see cref="FileShare.None"/>
/// around every <see cref="Update"/>, so processes sharing the files accept one at a time.
/// </summary>
public sealed class FileRootStore(string path, TimeSpan? lockTimeout = null) : IRootStore
{
    /// <summary>
    /// The state file's full path; the history and lock files are this path with ".history" and ".lock" appended.
    /// </summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);
    private string HistoryPath => Path + ".history";
    private string LockPath => Path + ".lock";
    private readonly TimeSpan _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The state file is not in the store's format.</exception>
    public RootStoreState Load()
    {
        if (!File.Exists(Path)) return new RootStoreState(null, null);
        (Fr, ulong)? last = null;
        EquivocationEvidence? evidence = null;
        foreach (var line in File.ReadAllLines(Path))
        {
            var (key, rest) = line.IndexOf(' ') is var i and > 0 ? (line[..i], line[(i + 1)..]) : (line, "");
            if (key == "root" && last is null) last = ParseRoot(rest);
            else if (key == "equivocation" && evidence is null)
                try { evidence = EquivocationEvidence.Parse(rest); }
                catch (FormatException e) { throw Corrupt(Path, e.Message); }
            else throw Corrupt(Path, "expected a line \"root 0x<64 hex digits> <batch index>\" and at most one line \"equivocation <evidence>\"");
        }
        return new RootStoreState(last, evidence);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The history file has a line not in the store's format.</exception>
    public AcceptedBatch? Find(ulong batchIndex)
    {
        if (Load().Last is not { } last || batchIndex > last.BatchIndex || !File.Exists(HistoryPath)) return null;
        var lines = File.ReadAllText(HistoryPath).Split('\n');
        AcceptedBatch? found = null;
        // The last segment is empty after a complete line, or a line torn by a crash: either way not a record.
        // A crash after the append but before the state file's rename can leave a line for a batch then accepted
        // again with another bundle, so the last line for a batch index wins.
        for (int k = 0; k < lines.Length - 1; k++)
        {
            var p = lines[k].Split(' ');
            if (p.Length < 5 || !ulong.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var b))
                throw Corrupt(HistoryPath, $"line {k + 1} is not \"<batch> <oldRoot> <newRoot> <digest> <signatures…>\"");
            if (b != batchIndex) continue;
            try
            {
                found = new AcceptedBatch(b, EquivocationEvidence.Field(p[1], "oldRoot"), EquivocationEvidence.Field(p[2], "newRoot"),
                    EquivocationEvidence.Field(p[3], "digest"), [.. p.Skip(4).Select((s, v) => EquivocationEvidence.Bytes(s, $"signature {v}", 96))]);
            }
            catch (FormatException e) { throw Corrupt(HistoryPath, $"line {k + 1}: {e.Message}"); }
        }
        return found;
    }

    /// <inheritdoc/>
    /// <exception cref="TimeoutException">Another process held the lock for longer than the lock timeout (30 s unless
    /// given).</exception>
    public VenueVerdict Update(Func<VenueVerdict> decide)
    {
        using var held = AcquireLock();
        var verdict = decide();
        var state = Load();
        if (verdict.Accepted && verdict.Batch is { } b)
        {
            AppendHistory(b);
            WriteState((b.NewRoot, b.BatchIndex), state.Evidence);
        }
        else if (verdict.Evidence is { } e && state.Evidence is null) WriteState(state.Last, e);
        return verdict;
    }

    private FileStream AcquireLock()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (sw.Elapsed < _lockTimeout) { Thread.Sleep(Random.Shared.Next(2, 20)); }
            catch (IOException e) { throw new TimeoutException($"{LockPath}: another process has held the root store's lock for {_lockTimeout.TotalSeconds:0.#} s", e); }
        }
    }

    private void AppendHistory(AcceptedBatch b)
    {
        var line = new StringBuilder().Append(b.BatchIndex.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(EquivocationEvidence.Hex(b.OldRoot)).Append(' ').Append(EquivocationEvidence.Hex(b.NewRoot)).Append(' ')
            .Append(EquivocationEvidence.Hex(b.Digest));
        foreach (var s in b.VenueSignatures) line.Append(' ').Append(EquivocationEvidence.Hex(s));
        line.Append('\n');
        using var f = new FileStream(HistoryPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        f.SetLength(CompleteLength(f));
        f.Seek(0, SeekOrigin.End);
        f.Write(Encoding.ASCII.GetBytes(line.ToString()));
        f.Flush(flushToDisk: true);
    }

    /// <summary>The length up to and including the last newline: what remains of the file once a torn last line is cut off.</summary>
    private static long CompleteLength(FileStream f)
    {
        for (long n = f.Length; n > 0; n--)
        {
            f.Seek(n - 1, SeekOrigin.Begin);
            if (f.ReadByte() == '\n') return n;
        }
        return 0;
    }

    private void WriteState((Fr Root, ulong BatchIndex)? last, EquivocationEvidence? evidence)
    {
        var text = new StringBuilder();
        if (last is { } l) text.Append($"root {EquivocationEvidence.Hex(l.Root)} {l.BatchIndex.ToString(CultureInfo.InvariantCulture)}\n");
        if (evidence is not null) text.Append($"equivocation {evidence.ToText()}\n");
        var tmp = Path + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            f.Write(Encoding.ASCII.GetBytes(text.ToString()));
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path, overwrite: true);
    }

    private (Fr, ulong) ParseRoot(string rest)
    {
        var p = rest.Split(' ');
        if (p.Length != 2 || !ulong.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var batch))
            throw Corrupt(Path, "expected \"root 0x<64 hex digits> <batch index>\"");
        try { return (EquivocationEvidence.Field(p[0], "the root"), batch); }
        catch (FormatException e) { throw Corrupt(Path, e.Message); }
    }

    private static InvalidDataException Corrupt(string file, string problem) => new($"{file}: {problem}");
}

/// <summary>An in-memory store for tests and simulations; <see cref="Update"/> is serialised within the process.</summary>
public sealed class MemoryRootStore : IRootStore
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, AcceptedBatch> _history = [];
    private RootStoreState _state = new(null, null);

    /// <summary>An empty store: nothing accepted yet.</summary>
    public MemoryRootStore() { }

    /// <summary>A store that starts as if <paramref name="batchIndex"/> had been accepted with root <paramref name="root"/> (simulations, tests).</summary>
    public MemoryRootStore(Fr root, ulong batchIndex) => _state = new((root, batchIndex), null);

    /// <inheritdoc/>
    public RootStoreState Load() { lock (_gate) return _state; }
    /// <inheritdoc/>
    public AcceptedBatch? Find(ulong batchIndex) { lock (_gate) return _history.GetValueOrDefault(batchIndex); }

    /// <inheritdoc/>
    public VenueVerdict Update(Func<VenueVerdict> decide)
    {
        lock (_gate)
        {
            var verdict = decide();
            if (verdict.Accepted && verdict.Batch is { } b)
            {
                _history[b.BatchIndex] = b;
                _state = _state with { Last = (b.NewRoot, b.BatchIndex) };
            }
            else if (verdict.Evidence is { } e && _state.Evidence is null) _state = _state with { Evidence = e };
            return verdict;
        }
    }
}
