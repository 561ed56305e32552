using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// A circuit after <see cref="Circuit.Define"/> has run: its <see cref="R1cs"/> (wire 0 = 1, then the public inputs in
/// declaration order, then everything else in creation order), statistics, and the solver program that turns an
/// <see cref="Assignment"/> into the full witness in that wire order.
/// </summary>
public sealed class CompiledCircuit
{
    /// <summary>
    /// The constraint system, built on first use: proving from a key and solving witnesses never need it, and at 2^20
    /// constraints its matrices are the largest thing the compiled circuit would hold.
    /// </summary>
    public R1cs R1cs => _r1cs.Value;
    public int NumWires { get; }
    public int NumPublic { get; }
    private readonly Lazy<R1cs> _r1cs;
    public CircuitStatistics Statistics { get; }
    /// <summary>Names of the public inputs, in wire order (wire i+1 is PublicInputNames[i]).</summary>
    public IReadOnlyList<string> PublicInputNames { get; }
    public IReadOnlyList<string> SecretInputNames { get; }

    private readonly Api _api;
    private readonly int[] _toR1cs;    // builder wire → R1CS wire
    private readonly int[] _fromR1cs;  // R1CS wire → builder wire
    private readonly int[] _constraintOrigin;

    private CompiledCircuit(Api api)
    {
        _api = api;
        int n = api.Kinds.Count;
        _toR1cs = new int[n];
        _fromR1cs = new int[n];
        int next = 0;
        var pub = new List<string>();
        var sec = new List<string>();
        for (int pass = 0; pass < 2; pass++)
            for (int w = 0; w < n; w++)
            {
                bool early = api.Kinds[w] is Api.WireKind.One or Api.WireKind.Public;
                if (early != (pass == 0)) continue;
                _toR1cs[w] = next; _fromR1cs[next] = w; next++;
                if (api.Kinds[w] == Api.WireKind.Public) pub.Add(api.InputNames[w]!);
                if (api.Kinds[w] == Api.WireKind.Secret) sec.Add(api.InputNames[w]!);
            }
        PublicInputNames = pub;
        SecretInputNames = sec;

        _constraintOrigin = new int[api.Constraints.Count];
        var byGadget = new Dictionary<string, int>(StringComparer.Ordinal);
        long nonZeros = 0;
        for (int i = 0; i < api.Constraints.Count; i++)
        {
            var (la, lb, lc, origin) = api.Constraints[i];
            nonZeros += la.Count + lb.Count + lc.Count;
            _constraintOrigin[i] = origin;
            var g = api.Origins[origin].Gadget;
            byGadget[g] = byGadget.GetValueOrDefault(g) + 1;
        }
        NumWires = n;
        NumPublic = pub.Count;
        _r1cs = new Lazy<R1cs>(BuildR1cs);
        _memoSlots = PlanMemo(api);
        Statistics = new CircuitStatistics(api.Constraints.Count, n, pub.Count, sec.Count, n - 1 - pub.Count - sec.Count, nonZeros, byGadget);
    }

    private readonly int _memoSlots;

    private R1cs BuildR1cs()
    {
        var a = new SparseMatrix.Builder(); var b = new SparseMatrix.Builder(); var c = new SparseMatrix.Builder();
        foreach (var (la, lb, lc, _) in _api.Constraints) { a.AddRow(Remap(la)); b.AddRow(Remap(lb)); c.AddRow(Remap(lc)); }
        return new R1cs(NumWires, NumPublic, a.Build(), b.Build(), c.Build());
    }

    /// <summary>Gives a memo slot to every combination of 3+ terms that is read more than once.</summary>
    private int PlanMemo(Api api)
    {
        var uses = new Dictionary<LinearCombination, int>(ReferenceEqualityComparer.Instance);
        void Use(LinearCombination lc) { if (lc.Count >= 3) uses[lc] = uses.GetValueOrDefault(lc) + 1; }
        foreach (var ins in api.Instructions) foreach (var lc in ins.Reads) Use(lc);
        foreach (var (la, lb, lc, _) in api.Constraints) { Use(la); if (!ReferenceEquals(la, lb)) Use(lb); Use(lc); }
        int slots = 0;
        foreach (var (lc, count) in uses)
            if (count >= 2) lc.Memo = new MemoTag(api, slots++);
        return slots;
    }

    private (int, Fr)[] Remap(LinearCombination lc)
    {
        var t = new (int, Fr)[lc.Count];
        for (int i = 0; i < t.Length; i++) t[i] = (_toR1cs[lc.Wires[i]], lc.Coeffs[i]);
        return t;
    }

    public static CompiledCircuit Compile(Circuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var api = new Api();
        circuit.Define(api);
        return new CompiledCircuit(api);
    }

    /// <summary>Solves the witness and checks every constraint; a violation names the constraint, gadget and line.</summary>
    public Fr[] Solve(Assignment assignment)
    {
        var memo = new EvaluationMemo(_api, _memoSlots);
        var values = SolveBuilder(assignment, null, memo);
        CheckBuilder(values, memo);
        return ToR1csOrder(values);
    }

    /// <summary>
    /// Solves and checks as <see cref="Solve(Assignment)"/>, and writes (A·w)_i and (B·w)_i of every constraint i into
    /// <paramref name="aw"/> and <paramref name="bw"/> (at least one entry per constraint; the check computes them
    /// anyway), which is all of the constraint system a Groth16 prover needs besides its key's tables.
    /// </summary>
    public Fr[] Solve(Assignment assignment, Fr[] aw, Fr[] bw)
    {
        int m = _api.Constraints.Count;
        if (aw.Length < m || bw.Length < m) throw new ArgumentException($"A·w and B·w need {m} entries, one per constraint; got {aw.Length} and {bw.Length}");
        var memo = new EvaluationMemo(_api, _memoSlots);
        var values = SolveBuilder(assignment, null, memo);
        CheckBuilder(values, memo, aw, bw);
        return ToR1csOrder(values);
    }

    /// <summary>
    /// Solves without checking, replacing the value of each overridden R1CS wire as soon as it is computed (later steps
    /// see the replacement); steps that fail leave zeros. For building wrong witnesses in tests and for the propagating
    /// mutation checker. Never use its output as a proof witness without <see cref="Check"/>.
    /// </summary>
    public Fr[] SolveUnchecked(Assignment assignment, IReadOnlyDictionary<int, Fr>? overrides = null)
    {
        Dictionary<int, Fr>? byBuilder = null;
        if (overrides != null)
        {
            byBuilder = [];
            foreach (var (w, v) in overrides)
            {
                if (w <= 0 || w >= _fromR1cs.Length) throw new ArgumentOutOfRangeException(nameof(overrides), w, "override names no wire of this circuit (wire 0 is the constant 1)");
                byBuilder[_fromR1cs[w]] = v;
            }
        }
        return ToR1csOrder(SolveBuilder(assignment, byBuilder, new EvaluationMemo(_api, _memoSlots)));
    }

    /// <summary>Throws <see cref="UnsatisfiedConstraintException"/> for the first violated constraint of an R1CS-order witness.</summary>
    public void Check(ReadOnlySpan<Fr> witness)
    {
        if (witness.Length != _fromR1cs.Length) throw new ArgumentException($"witness has {witness.Length} values, the circuit has {_fromR1cs.Length} wires");
        var values = new Fr[witness.Length];
        for (int i = 0; i < witness.Length; i++) values[_fromR1cs[i]] = witness[i];
        if (!values[0].IsOne) throw new WitnessException("wire 0 must hold the constant 1");
        CheckBuilder(values);
    }

    public bool IsSatisfied(ReadOnlySpan<Fr> witness) => R1cs.IsSatisfied(witness);

    /// <summary>
    /// Every constraint an R1CS-order witness violates, in order (empty when it satisfies them all), leaving out the
    /// constraints of <paramref name="droppedRules"/>: the witness satisfies the circuit compiled without those rules
    /// exactly when the list is empty (rule ablation).
    /// </summary>
    public IReadOnlyList<int> Violations(ReadOnlySpan<Fr> witness, IReadOnlySet<string>? droppedRules = null)
    {
        if (witness.Length != _fromR1cs.Length) throw new ArgumentException($"witness has {witness.Length} values, the circuit has {_fromR1cs.Length} wires");
        var r = R1cs;
        var bad = new List<int>();
        for (int i = 0; i < r.NumConstraints; i++)
        {
            if (droppedRules is not null && OriginOf(i).Rule is { } rule && droppedRules.Contains(rule)) continue;
            if (r.A.Dot(i, witness) * r.B.Dot(i, witness) != r.C.Dot(i, witness)) bad.Add(i);
        }
        return bad;
    }

    /// <summary>The rule names the circuit tagged constraints with (<see cref="Api.Rule"/>), sorted.</summary>
    public IReadOnlyList<string> Rules => _api.Origins.Select(o => o.Rule).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Gadget, source line and rule of constraint <paramref name="constraint"/>.</summary>
    public ConstraintOrigin OriginOf(int constraint) => _api.Origins[_constraintOrigin[constraint]];

    /// <summary>The value of any variable of this circuit (a wire or a combination of wires) in an R1CS-order witness.</summary>
    public Fr ValueOf(Variable v, ReadOnlySpan<Fr> witness)
    {
        var lc = v.Lc;
        var acc = Fr.Zero;
        for (int i = 0; i < lc.Count; i++) acc += lc.Coeffs[i] * witness[_toR1cs[lc.Wires[i]]];
        return acc;
    }

    /// <summary>The R1CS wire of a single-wire variable (an input, a product, a hint output).</summary>
    public int WireOf(Variable v)
    {
        int w = v.Lc.SingleWire;
        if (w < 0) throw new ArgumentException("the variable is a combination of wires, not a single wire", nameof(v));
        return _toR1cs[w];
    }

    /// <summary>The R1CS wires of each call of the hint named <paramref name="name"/>, in definition order (to forge a hint's answer in tests).</summary>
    internal IReadOnlyList<int[]> HintOutputs(string name) =>
        _api.Instructions.OfType<HintInstruction>().Where(h => h.Name == name).Select(h => h.Outputs.ToArray().Select(w => _toR1cs[w]).ToArray()).ToArray();

    /// <summary>Wires a gadget marked critical, and all hint outputs (R1CS order).</summary>
    public IReadOnlyList<int> CriticalWires => _api.Critical.Select(w => _toR1cs[w]).Order().ToArray();
    /// <summary>
    /// The values the circuit's range checks and comparisons decompose, each as its terms (R1CS wire, coefficient) without
    /// the constant, or, for a value that is one product wire, its factors' terms: the wires that feed each comparison,
    /// which the mutation checker changes in pairs.
    /// </summary>
    public IReadOnlyList<(int Wire, Fr Coeff)[]> ComparedValues => _api.Compared.Select(lc =>
        lc.SingleWire is var w && w > 0 && _api.Factors.TryGetValue(w, out var f) ? Terms(f.A).Concat(Terms(f.B)).ToArray() : Terms(lc).ToArray()).ToArray();

    private IEnumerable<(int, Fr)> Terms(LinearCombination lc) =>
        Enumerable.Range(0, lc.Count).Where(i => lc.Wires[i] != 0).Select(i => (_toR1cs[lc.Wires[i]], lc.Coeffs[i]));

    /// <summary>Wires whose freedom a gadget declared intended, with the reason.</summary>
    public IReadOnlyDictionary<int, string> FreeWires => _api.Free.ToDictionary(p => _toR1cs[p.Key], p => p.Value);

    /// <summary>The public inputs of a witness (wires 1..NumPublic).</summary>
    public Fr[] PublicValues(ReadOnlySpan<Fr> witness) => witness.Slice(1, NumPublic).ToArray();

    private Fr[] SolveBuilder(Assignment assignment, Dictionary<int, Fr>? overrides, EvaluationMemo memo)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int n = _api.Kinds.Count;
        var values = new Fr[n];
        values[0] = Fr.One;
        int used = 0;
        for (int w = 1; w < n; w++)
        {
            var name = _api.InputNames[w];
            if (name is null) continue;
            if (!assignment.Values.TryGetValue(name, out var v))
                throw new InputAssignmentException(name, $"input '{name}' has no value in the assignment");
            values[w] = v;
            used++;
            if (overrides != null && overrides.TryGetValue(w, out var o)) values[w] = o;
        }
        if (used != assignment.Values.Count)
        {
            var declared = new HashSet<string>(PublicInputNames.Concat(SecretInputNames), StringComparer.Ordinal);
            var extra = assignment.Values.Keys.First(k => !declared.Contains(k));
            throw new InputAssignmentException(extra, $"the assignment sets '{extra}', which the circuit does not declare");
        }
        if (overrides == null)
        {
            foreach (var ins in _api.Instructions) ins.Run(values, memo);
            return values;
        }
        // Forging mode: an instruction whose outputs are all overridden does not run, and a step that cannot be
        // computed (a hint refusing an out-of-range input) leaves zeros, so any witness can be built and then checked.
        foreach (var ins in _api.Instructions)
        {
            bool all = true;
            foreach (var w in ins.Outputs) all &= overrides.ContainsKey(w);
            if (!all)
            {
                try { ins.Run(values, memo); }
                catch (SolverStepException) { foreach (var w in ins.Outputs) values[w] = Fr.Zero; }
            }
            foreach (var w in ins.Outputs)
                if (overrides.TryGetValue(w, out var o)) values[w] = o;
        }
        return values;
    }

    private void CheckBuilder(Fr[] values) => CheckBuilder(values, new EvaluationMemo(_api, _memoSlots));

    private void CheckBuilder(Fr[] values, EvaluationMemo memo, Fr[]? aw = null, Fr[]? bw = null)
    {
        var cs = _api.Constraints;
        for (int i = 0; i < cs.Count; i++)
        {
            var (a, b, c, origin) = cs[i];
            var va = memo.Evaluate(a, values);
            var vb = ReferenceEquals(a, b) ? va : memo.Evaluate(b, values);
            var vc = memo.Evaluate(c, values);
            if (va * vb != vc)
                throw new UnsatisfiedConstraintException(i, _api.Origins[origin], $"A·B = {va}·{vb} ≠ C = {vc}");
            if (aw is not null) { aw[i] = va; bw![i] = vb; }
        }
    }

    private Fr[] ToR1csOrder(Fr[] values)
    {
        var w = new Fr[values.Length];
        for (int i = 0; i < values.Length; i++) w[_toR1cs[i]] = values[i];
        return w;
    }
}
