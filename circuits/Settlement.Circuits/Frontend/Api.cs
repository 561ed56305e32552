using System.Runtime.CompilerServices;
using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// The circuit-description API handed to <see cref="Circuit.Define"/>. Linear operations are free (they build
/// <see cref="Variable"/> combinations); each method that costs constraints records them with the current gadget
/// scope (<see cref="Scope"/>) and the caller's source line, and records the solver step that computes any new wire.
/// The builder also remembers facts gadgets established (a value is boolean, a value fits n bits), so later gadgets
/// do not pay for the same check twice and never skip a check nobody made.
/// </summary>
public sealed class Api
{
    internal enum WireKind : byte { One, Public, Secret, Internal }

    internal readonly List<WireKind> Kinds = [WireKind.One];
    internal readonly List<string?> InputNames = [null];
    private readonly HashSet<string> _inputNameSet = new(StringComparer.Ordinal);
    internal readonly List<(LinearCombination A, LinearCombination B, LinearCombination C, int Origin)> Constraints = [];
    internal readonly List<SolverInstruction> Instructions = [];
    internal readonly List<ConstraintOrigin> Origins = [];
    private readonly Dictionary<ConstraintOrigin, int> _originIndex = [];
    private readonly List<string> _scope = [];
    private string _scopePath = "(top)";
    private readonly List<string> _rules = [];

    private readonly HashSet<LinearCombination> _boolean = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LinearCombination, int> _bits = new(ReferenceEqualityComparer.Instance);
    internal readonly HashSet<int> Critical = [];
    /// <summary>The value of every bit decomposition (so of every range check and comparison), for the mutation checker's pairs.</summary>
    internal readonly List<LinearCombination> Compared = [];
    /// <summary>The factors of each product wire, so that a compared product's pairs are taken from its factors.</summary>
    internal readonly Dictionary<int, (LinearCombination A, LinearCombination B)> Factors = [];
    internal readonly Dictionary<int, string> Free = [];

    internal Api() { }

    public int ConstraintCount => Constraints.Count;
    public int WireCount => Kinds.Count;
    public string CurrentScope => _scopePath;

    // ---------------- inputs and constants ----------------

    public Variable PublicInput(string name) => NewInput(name, WireKind.Public);
    public Variable SecretInput(string name) => NewInput(name, WireKind.Secret);

    public Variable[] PublicInputs(string name, int count) => InputArray(name, count, WireKind.Public);
    public Variable[] SecretInputs(string name, int count) => InputArray(name, count, WireKind.Secret);

    private Variable[] InputArray(string name, int count, WireKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var v = new Variable[count];
        for (int i = 0; i < count; i++) v[i] = NewInput($"{name}[{i}]", kind);
        return v;
    }

    private Variable NewInput(string name, WireKind kind)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("an input needs a name", nameof(name));
        if (!_inputNameSet.Add(name)) throw new ArgumentException($"input '{name}' is declared twice", nameof(name));
        Kinds.Add(kind);
        InputNames.Add(name);
        return new(LinearCombination.Wire(Kinds.Count - 1));
    }

    private int NewInternalWire()
    {
        Kinds.Add(WireKind.Internal);
        InputNames.Add(null);
        return Kinds.Count - 1;
    }

    public static Variable Constant(Fr c) => Variable.Constant(c);
    public static Variable Constant(long c) => Variable.Constant(Fr.FromInt64(c));

    // ---------------- free linear operations ----------------

    public Variable Add(Variable a, Variable b) => a + b;
    public Variable Add(Variable a, Variable b, params ReadOnlySpan<Variable> more)
    {
        var acc = a + b;
        foreach (var m in more) acc += m;
        return acc;
    }
    public Variable Sub(Variable a, Variable b) => a - b;
    public Variable Neg(Variable a) => -a;
    public Variable MulByConstant(Variable a, Fr k) => a * k;

    /// <summary>Σ coeffs[i]·vars[i], free.</summary>
    public Variable WeightedSum(ReadOnlySpan<Variable> vars, ReadOnlySpan<Fr> coeffs)
    {
        if (vars.Length != coeffs.Length) throw new ArgumentException($"{vars.Length} variables but {coeffs.Length} coefficients");
        var acc = LinearCombination.Zero;
        for (int i = 0; i < vars.Length; i++) acc = LinearCombination.AddScaled(acc, vars[i].Lc, coeffs[i]);
        return new(acc);
    }

    // ---------------- multiplicative operations ----------------

    /// <summary>a · b: free when either side is constant, else one constraint.</summary>
    public Variable Mul(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (a.IsConstant) return b * a.ConstantValue;
        if (b.IsConstant) return a * b.ConstantValue;
        int w = NewInternalWire();
        var origin = Origin(file, line);
        var wl = LinearCombination.Wire(w);
        Instructions.Add(new MulInstruction(w, a.Lc, b.Lc, Origins[origin]));
        Factors[w] = (a.Lc, b.Lc);
        Constraints.Add((a.Lc, b.Lc, wl, origin));
        return new(wl);
    }

    public Variable Square(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Mul(a, a, file, line);

    /// <summary>1 / a, with a·inv = 1 (so a = 0 has no witness). One constraint.</summary>
    public Variable Inverse(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (a.IsConstant)
        {
            if (a.ConstantValue.IsZero) throw new ArgumentException($"inverse of the constant 0 in gadget '{_scopePath}' at {Path.GetFileName(file)}:{line}");
            return Constant(a.ConstantValue.Inverse());
        }
        int w = NewInternalWire();
        var origin = Origin(file, line);
        Instructions.Add(new DivInstruction(w, LinearCombination.One, a.Lc, Origins[origin]));
        Constraints.Add((a.Lc, LinearCombination.Wire(w), LinearCombination.One, origin));
        return new(LinearCombination.Wire(w));
    }

    /// <summary>a / b with b ≠ 0 enforced (b·inv = 1, then a·inv): two constraints; one when b is constant.</summary>
    public Variable Div(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (b.IsConstant)
        {
            if (b.ConstantValue.IsZero) throw new ArgumentException($"division by the constant 0 in gadget '{_scopePath}' at {Path.GetFileName(file)}:{line}");
            return a * b.ConstantValue.Inverse();
        }
        return Mul(a, Inverse(b, file, line), file, line);
    }

    /// <summary>
    /// q with q·b = a, one constraint. Unchecked: when b = 0 and a = 0 any q satisfies it, so use only where b ≠ 0 is
    /// already enforced elsewhere.
    /// </summary>
    public Variable DivUnchecked(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (b.IsConstant) return Div(a, b, file, line);
        int w = NewInternalWire();
        var origin = Origin(file, line);
        Instructions.Add(new DivInstruction(w, a.Lc, b.Lc, Origins[origin]));
        Constraints.Add((LinearCombination.Wire(w), b.Lc, a.Lc, origin));
        return new(LinearCombination.Wire(w));
    }

    // ---------------- assertions ----------------

    /// <summary>a = b. One constraint; none (or a compile-time error) when both are constant.</summary>
    public void AssertEqual(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var d = a - b;
        if (d.IsConstant)
        {
            if (!d.ConstantValue.IsZero) throw new ArgumentException($"AssertEqual of two different constants in gadget '{_scopePath}' at {Path.GetFileName(file)}:{line}");
            return;
        }
        AddConstraint(d, Constant(1), Constant(0), file, line);
    }

    /// <summary>a ∈ {0, 1}: a·(1 − a) = 0. Free if a is already known boolean.</summary>
    public void AssertBoolean(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (a.IsConstant)
        {
            var c = a.ConstantValue;
            if (!c.IsZero && !c.IsOne) throw new ArgumentException($"AssertBoolean of the constant {c} in gadget '{_scopePath}' at {Path.GetFileName(file)}:{line}");
            return;
        }
        if (IsKnownBoolean(a)) return;
        AddConstraint(a, Constant(1) - a, Constant(0), file, line);
        _boolean.Add(a.Lc);
    }

    /// <summary>a ≠ 0, by exhibiting its inverse. One constraint.</summary>
    public void AssertNonZero(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Inverse(a, file, line);

    /// <summary>Adds the raw constraint a·b = c.</summary>
    public void AddConstraint(Variable a, Variable b, Variable c, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
        => Constraints.Add((a.Lc, b.Lc, c.Lc, Origin(file, line)));

    // ---------------- selection and tests ----------------

    /// <summary>cond ? whenTrue : whenFalse. Asserts cond boolean unless already known; one multiplication.</summary>
    public Variable Select(Variable cond, Variable whenTrue, Variable whenFalse, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        AssertBoolean(cond, file, line);
        return whenFalse + Mul(cond, whenTrue - whenFalse, file, line);
    }

    /// <summary>
    /// 1 if a = 0 else 0: with inv a hint, m = a·inv, out = 1 − m and a·out = 0. Two constraints; out is boolean.
    /// When a = 0 the hint inv is free (any value gives m = 0); that freedom is intended and declared.
    /// </summary>
    public Variable IsZero(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        if (a.IsConstant) return Constant(a.ConstantValue.IsZero ? 1 : 0);
        using var _ = Scope("IsZero");
        var inv = Hint("inverse-or-zero", static (ins, outs) => outs[0] = ins[0].IsZero ? Fr.Zero : ins[0].Inverse(), 1, [a], file, line)[0];
        DeclareFree(inv, "IsZero: the inverse hint is unconstrained when the input is 0 (a·inv = 0 for any inv)");
        var m = Mul(a, inv, file, line);
        var output = Constant(1) - m;
        AddConstraint(a, output, Constant(0), file, line);
        _boolean.Add(output.Lc);
        return output;
    }

    /// <summary>1 if a = b else 0.</summary>
    public Variable IsEqual(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => IsZero(a - b, file, line);

    /// <summary>a AND b for booleans (asserted): one multiplication.</summary>
    public Variable And(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        AssertBoolean(a, file, line); AssertBoolean(b, file, line);
        var r = Mul(a, b, file, line);
        _boolean.Add(r.Lc);
        return r;
    }

    /// <summary>a OR b for booleans (asserted): a + b − a·b.</summary>
    public Variable Or(Variable a, Variable b, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        AssertBoolean(a, file, line); AssertBoolean(b, file, line);
        var r = a + b - Mul(a, b, file, line);
        _boolean.Add(r.Lc);
        return r;
    }

    /// <summary>NOT a for a boolean (asserted); free.</summary>
    public Variable Not(Variable a, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        AssertBoolean(a, file, line);
        var r = Constant(1) - a;
        _boolean.Add(r.Lc);
        return r;
    }

    // ---------------- hints ----------------

    /// <summary>
    /// New witness values computed by <paramref name="hint"/> from <paramref name="inputs"/> when the witness is solved.
    /// They are unconstrained until the caller constrains them; each output is marked critical for the mutation checker.
    /// </summary>
    public Variable[] Hint(string name, HintFunction hint, int outputs, ReadOnlySpan<Variable> inputs,
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(hint);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        var outWires = new int[outputs];
        var result = new Variable[outputs];
        for (int i = 0; i < outputs; i++)
        {
            outWires[i] = NewInternalWire();
            result[i] = new(LinearCombination.Wire(outWires[i]));
            Critical.Add(outWires[i]);
        }
        var ins = new LinearCombination[inputs.Length];
        for (int i = 0; i < ins.Length; i++) ins[i] = inputs[i].Lc;
        Instructions.Add(new HintInstruction(name, outWires, ins, hint, Origins[Origin(file, line)]));
        return result;
    }

    // ---------------- gadget bookkeeping ----------------

    /// <summary>Enters a gadget scope; constraints emitted until disposal are attributed to "outer/name".</summary>
    public ScopeHandle Scope(string name)
    {
        _scope.Add(name);
        _scopePath = string.Join('/', _scope);
        return new ScopeHandle(this);
    }

    public readonly struct ScopeHandle : IDisposable
    {
        private readonly Api _api;
        internal ScopeHandle(Api api) { _api = api; }
        public void Dispose()
        {
            _api._scope.RemoveAt(_api._scope.Count - 1);
            _api._scopePath = _api._scope.Count == 0 ? "(top)" : string.Join('/', _api._scope);
        }
    }

    /// <summary>
    /// Tags the constraints emitted until disposal with a rule name (the settlement circuit uses the engine's
    /// RejectReason, optionally "Reason/part"), without changing the gadget scope path; an inner rule replaces an outer
    /// one. <see cref="CompiledCircuit.Violations"/> reports which rules a witness breaks and can leave rules out.
    /// </summary>
    public RuleHandle Rule(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a rule needs a name", nameof(name));
        _rules.Add(name);
        return new RuleHandle(this);
    }

    public readonly struct RuleHandle : IDisposable
    {
        private readonly Api _api;
        internal RuleHandle(Api api) { _api = api; }
        public void Dispose() => _api._rules.RemoveAt(_api._rules.Count - 1);
    }

    /// <summary>Marks a single-wire variable as critical: the mutation checker always mutates it.</summary>
    public void MarkCritical(Variable v)
    {
        int w = v.Lc.SingleWire;
        if (w > 0) Critical.Add(w);
    }

    /// <summary>Declares that a single-wire variable may legitimately take other values (the mutation checker reports it as intended).</summary>
    public void DeclareFree(Variable v, string reason)
    {
        int w = v.Lc.SingleWire;
        if (w <= 0) throw new ArgumentException("only a single wire can be declared free", nameof(v));
        Free[w] = reason;
    }

    public bool IsKnownBoolean(Variable v) =>
        (v.IsConstant && (v.ConstantValue.IsZero || v.ConstantValue.IsOne)) || _boolean.Contains(v.Lc);

    /// <summary>The smallest n for which v is known (constrained earlier) to be below 2^n, or null.</summary>
    public int? KnownBits(Variable v)
    {
        if (v.IsConstant)
        {
            var c = v.ConstantValue.ToBigInteger();
            return c.IsZero ? 0 : (int)c.GetBitLength();
        }
        if (IsKnownBoolean(v)) return 1;
        return _bits.TryGetValue(v.Lc, out var n) ? n : null;
    }

    /// <summary>Records that a gadget has constrained v below 2^bits (called by range-checking gadgets only).</summary>
    internal void RecordBits(Variable v, int bits)
    {
        if (v.IsConstant) return;
        if (!_bits.TryGetValue(v.Lc, out var old) || bits < old) _bits[v.Lc] = bits;
    }

    /// <summary>Records the value a range check or comparison decomposes: the mutation checker changes two of its wires together.</summary>
    internal void RecordCompared(Variable x) { if (x.Lc.Count >= 2 || x.Lc.SingleWire > 0) Compared.Add(x.Lc); }

    /// <summary>Records that a gadget has constrained v to {0, 1}.</summary>
    internal void RecordBoolean(Variable v) { if (!v.IsConstant) _boolean.Add(v.Lc); }

    private int Origin(string file, int line)
    {
        var o = new ConstraintOrigin(_scopePath, file, line, _rules.Count == 0 ? null : _rules[^1]);
        if (_originIndex.TryGetValue(o, out var i)) return i;
        Origins.Add(o);
        _originIndex[o] = Origins.Count - 1;
        return Origins.Count - 1;
    }
}
