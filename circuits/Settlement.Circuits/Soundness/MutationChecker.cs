using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Soundness;

/// <summary>Options for <see cref="MutationChecker"/>.</summary>
public sealed record MutationOptions
{
    /// <summary>Wires tested when the circuit has more: a random sample of this size plus every critical wire.</summary>
    public int SampleSize { get; init; } = 5000;
    /// <summary>Random replacement values tried per wire, on top of the fixed ones (v±1, 0, 1, −1, −v, 2v).</summary>
    public int RandomValuesPerWire { get; init; } = 2;
    /// <summary>Also re-solve the circuit after mutating each critical wire, so values derived from it follow (compiled circuits only).</summary>
    public bool Propagate { get; init; } = true;
    /// <summary>Cap on propagated re-solves (each costs one full witness solve).</summary>
    public int MaxPropagated { get; init; } = 400;
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Comparison values whose wires are also changed two at a time (a random sample when there are more): for pairs of
    /// wires of each compared value (a range check's or comparison's input), changes that keep the value,
    /// move both wires by the same or opposite amounts, or by random amounts. 0 turns pair mutation off.
    /// </summary>
    public int PairGroups { get; init; } = 4000;
}

/// <summary>A change to the witness that still satisfies every constraint.</summary>
public sealed record MutationFinding(int Wire, Fr Original, Fr Mutated, bool Propagated, string? DeclaredReason,
    int? Wire2 = null, Fr Original2 = default, Fr Mutated2 = default)
{
    public override string ToString() =>
        $"wire {Wire}: {Original} → {Mutated}{(Wire2 is { } w2 ? $" together with wire {w2}: {Original2} → {Mutated2}" : "")} still satisfies all constraints{(Propagated ? " (after re-solving dependents)" : "")}" +
        (DeclaredReason is null ? "" : $" — declared free: {DeclaredReason}");
}

/// <summary>The outcome of a mutation run: undeclared findings mean an under-constrained circuit.</summary>
public sealed class MutationReport(IReadOnlyList<MutationFinding> findings, IReadOnlyList<MutationFinding> intended, int wiresTested, int mutationsTried,
    int pairsTested = 0)
{
    /// <summary>Changes that satisfy all constraints and that no gadget declared intended.</summary>
    public IReadOnlyList<MutationFinding> Findings { get; } = findings;
    /// <summary>Changes on wires a gadget declared free (reported, not failures).</summary>
    public IReadOnlyList<MutationFinding> Intended { get; } = intended;
    public int WiresTested { get; } = wiresTested;
    public int MutationsTried { get; } = mutationsTried;
    /// <summary>Wire pairs changed together (two wires feeding one comparison).</summary>
    public int PairsTested { get; } = pairsTested;
    public bool IsClean => Findings.Count == 0;

    public override string ToString() =>
        $"{WiresTested} wires, {PairsTested} wire pairs, {MutationsTried} mutations: {Findings.Count} undeclared, {Intended.Count} declared" +
        string.Concat(Findings.Take(20).Select(f => "\n  " + f));
}

/// <summary>
/// Under-constraint detector: starting from a valid witness, replaces one wire at a time by other values and reports
/// every replacement that still satisfies all constraints. Works on any R1CS + witness (each mutation re-checks only
/// the rows that read the wire); given a <see cref="CompiledCircuit"/> it also tests the critical wires (hint outputs
/// and wires gadgets marked) with re-solving, so that products computed from a mutated hint follow it.
/// Pairs of wires that feed one comparison (<see cref="CompiledCircuit.ComparedValues"/>) are also changed together,
/// which finds a comparison whose inputs are pinned only through their difference. Freedoms that need more wires to
/// move together (such as a bit decomposition of a + r) the gadget tests construct explicitly.
/// </summary>
public static class MutationChecker
{
    public static MutationReport Check(R1cs r1cs, ReadOnlySpan<Fr> witness, MutationOptions? options = null,
        IEnumerable<int>? criticalWires = null, IReadOnlyDictionary<int, string>? declaredFree = null,
        IReadOnlyList<(int Wire, Fr Coeff)[]>? comparedValues = null)
    {
        options ??= new MutationOptions();
        if (!r1cs.IsSatisfied(witness))
            throw new ArgumentException($"the starting witness violates constraint {r1cs.FirstUnsatisfied(witness)}; mutation checking needs a valid witness", nameof(witness));
        var w = witness.ToArray();
        var rng = new Random(options.Seed);
        var wires = ChooseWires(r1cs.NumWires, options.SampleSize, criticalWires, rng);

        // Row values once, and for each wire the rows that read it with its coefficient in A, B, C.
        int m = r1cs.NumConstraints;
        var av = new Fr[m]; var bv = new Fr[m]; var cv = new Fr[m];
        for (int i = 0; i < m; i++) { av[i] = r1cs.A.Dot(i, w); bv[i] = r1cs.B.Dot(i, w); cv[i] = r1cs.C.Dot(i, w); }
        var pairs = ChoosePairs(comparedValues, options.PairGroups, rng);
        var touching = ColumnIndex(r1cs, wires.Concat(pairs.SelectMany(p => new[] { p.W1, p.W2 })).Distinct().ToList());

        var findings = new List<MutationFinding>();
        var intended = new List<MutationFinding>();
        int tried = 0;
        Span<Fr> candidates = stackalloc Fr[8 + options.RandomValuesPerWire];
        foreach (int wire in wires)
        {
            var rows = touching[wire];
            int nc = Candidates(w[wire], candidates, rng, options.RandomValuesPerWire);
            for (int k = 0; k < nc; k++)
            {
                var delta = candidates[k] - w[wire];
                tried++;
                bool holds = true;
                foreach (var (row, ca, cb, cc) in rows)
                {
                    var a = av[row] + ca * delta; var b = bv[row] + cb * delta; var c = cv[row] + cc * delta;
                    if (a * b != c) { holds = false; break; }
                }
                if (!holds) continue;
                Record(new MutationFinding(wire, w[wire], candidates[k], false, null), declaredFree, findings, intended);
                break; // one finding per wire is enough
            }
        }
        // Pairs: the two wires move together; only the rows reading either can change.
        var seenPair = new HashSet<(int, int)>();
        foreach (var (w1, c1, w2, c2) in pairs)
        {
            if (!seenPair.Add((w1, w2))) continue;
            var rows = new Dictionary<int, (Fr A1, Fr B1, Fr C1, Fr A2, Fr B2, Fr C2)>();
            foreach (var (row, ca, cb, cc) in touching[w1]) rows[row] = (ca, cb, cc, Fr.Zero, Fr.Zero, Fr.Zero);
            foreach (var (row, ca, cb, cc) in touching[w2])
            {
                var e = rows.GetValueOrDefault(row);
                rows[row] = (e.A1, e.B1, e.C1, ca, cb, cc);
            }
            var r1 = Fr.Random(rng);
            (Fr D1, Fr D2)[] deltas = [(Fr.One, -(c1 * c2.Inverse())), (Fr.One, Fr.One), (Fr.One, -Fr.One), (r1, Fr.Random(rng)), (r1, -(r1 * c1 * c2.Inverse()))];
            foreach (var (d1, d2) in deltas)
            {
                tried++;
                bool holds = true;
                foreach (var (row, k) in rows)
                {
                    var a = av[row] + k.A1 * d1 + k.A2 * d2;
                    var b = bv[row] + k.B1 * d1 + k.B2 * d2;
                    var c = cv[row] + k.C1 * d1 + k.C2 * d2;
                    if (a * b != c) { holds = false; break; }
                }
                if (!holds) continue;
                var f = new MutationFinding(w1, w[w1], w[w1] + d1, false, null, w2, w[w2], w[w2] + d2);
                if (declaredFree != null && (declaredFree.TryGetValue(w1, out var why) || declaredFree.TryGetValue(w2, out why))) intended.Add(f with { DeclaredReason = why });
                else findings.Add(f);
                break;
            }
        }
        return new MutationReport(findings, intended, wires.Count, tried, seenPair.Count);
    }

    /// <summary>Wire pairs of each compared value (a sample of <paramref name="max"/> values): neighbours among its first five terms, and its first with its last.</summary>
    private static List<(int W1, Fr C1, int W2, Fr C2)> ChoosePairs(IReadOnlyList<(int Wire, Fr Coeff)[]>? values, int max, Random rng)
    {
        var list = new List<(int, Fr, int, Fr)>();
        if (values is null || max <= 0) return list;
        var eligible = values.Where(v => v.Length >= 2).ToList();
        var pick = eligible.Count <= max ? eligible : eligible.OrderBy(_ => rng.Next()).Take(max).ToList();
        foreach (var v in pick)
        {
            for (int i = 0; i + 1 < v.Length && i < 4; i++) list.Add((v[i].Wire, v[i].Coeff, v[i + 1].Wire, v[i + 1].Coeff));
            if (v.Length > 2) list.Add((v[0].Wire, v[0].Coeff, v[^1].Wire, v[^1].Coeff));
        }
        return list;
    }

    /// <summary>Checks a compiled circuit's witness, using the critical and declared-free wires its gadgets recorded.</summary>
    public static MutationReport Check(CompiledCircuit circuit, Assignment assignment, MutationOptions? options = null)
    {
        options ??= new MutationOptions();
        var witness = circuit.Solve(assignment);
        var free = circuit.FreeWires;
        var local = Check(circuit.R1cs, witness, options, circuit.CriticalWires, free, circuit.ComparedValues);
        if (!options.Propagate) return local;

        var findings = local.Findings.ToList();
        var intended = local.Intended.ToList();
        var seen = new HashSet<int>(findings.Select(f => f.Wire).Concat(intended.Select(f => f.Wire)));
        var rng = new Random(options.Seed + 1);
        int tried = local.MutationsTried;
        Span<Fr> candidates = stackalloc Fr[8 + options.RandomValuesPerWire];
        int budget = options.MaxPropagated;
        foreach (int wire in circuit.CriticalWires)
        {
            if (seen.Contains(wire)) continue;
            int nc = Candidates(witness[wire], candidates, rng, options.RandomValuesPerWire);
            for (int k = 0; k < nc && budget > 0; k++, budget--)
            {
                tried++;
                Fr[] mutated;
                try { mutated = circuit.SolveUnchecked(assignment, new Dictionary<int, Fr> { [wire] = candidates[k] }); }
                catch (WitnessException) { continue; } // a later step cannot even be computed: rejected
                if (mutated[wire] != candidates[k] || !circuit.R1cs.IsSatisfied(mutated)) continue;
                Record(new MutationFinding(wire, witness[wire], candidates[k], true, null), free, findings, intended);
                break;
            }
        }
        return new MutationReport(findings, intended, local.WiresTested, tried, local.PairsTested);
    }

    private static void Record(MutationFinding f, IReadOnlyDictionary<int, string>? free, List<MutationFinding> findings, List<MutationFinding> intended)
    {
        if (free != null && free.TryGetValue(f.Wire, out var reason)) intended.Add(f with { DeclaredReason = reason });
        else findings.Add(f);
    }

    private static int Candidates(in Fr v, Span<Fr> dest, Random rng, int randomCount)
    {
        int n = 0;
        void Add(Span<Fr> d, in Fr x, in Fr orig) { if (x != orig) { for (int i = 0; i < n; i++) if (d[i] == x) return; d[n++] = x; } }
        Add(dest, v + Fr.One, v); Add(dest, v - Fr.One, v); Add(dest, Fr.Zero, v); Add(dest, Fr.One, v);
        Add(dest, -Fr.One, v); Add(dest, -v, v); Add(dest, v.Double(), v);
        for (int i = 0; i < randomCount; i++) Add(dest, Fr.Random(rng), v);
        return n;
    }

    private static List<int> ChooseWires(int numWires, int sampleSize, IEnumerable<int>? critical, Random rng)
    {
        var set = new SortedSet<int>();
        if (numWires - 1 <= sampleSize) for (int i = 1; i < numWires; i++) set.Add(i);
        else while (set.Count < sampleSize) set.Add(rng.Next(1, numWires));
        if (critical != null) foreach (var c in critical) if (c > 0 && c < numWires) set.Add(c);
        return [.. set];
    }

    private static Dictionary<int, List<(int Row, Fr A, Fr B, Fr C)>> ColumnIndex(R1cs r1cs, List<int> wires)
    {
        var idx = new Dictionary<int, List<(int, Fr, Fr, Fr)>>();
        foreach (var w in wires) idx[w] = [];
        var pos = new Dictionary<(int Wire, int Row), int>();
        void Scan(SparseMatrix mat, int which)
        {
            for (int row = 0; row < mat.Rows; row++)
                for (int k = mat.RowStart[row]; k < mat.RowStart[row + 1]; k++)
                {
                    int col = mat.Columns[k];
                    if (!idx.TryGetValue(col, out var list)) continue;
                    if (!pos.TryGetValue((col, row), out var p)) { p = list.Count; list.Add((row, Fr.Zero, Fr.Zero, Fr.Zero)); pos[(col, row)] = p; }
                    var e = list[p];
                    list[p] = which switch
                    {
                        0 => (e.Item1, e.Item2 + mat.Values[k], e.Item3, e.Item4),
                        1 => (e.Item1, e.Item2, e.Item3 + mat.Values[k], e.Item4),
                        _ => (e.Item1, e.Item2, e.Item3, e.Item4 + mat.Values[k]),
                    };
                }
        }
        Scan(r1cs.A, 0); Scan(r1cs.B, 1); Scan(r1cs.C, 2);
        return idx;
    }
}
