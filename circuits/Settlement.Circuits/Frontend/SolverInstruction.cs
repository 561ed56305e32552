using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>One step of the witness solver, run in definition order over builder-wire values.</summary>
internal abstract class SolverInstruction(ConstraintOrigin origin)
{
    public ConstraintOrigin Origin { get; } = origin;
    public abstract ReadOnlySpan<int> Outputs { get; }
    public abstract void Run(Fr[] values, EvaluationMemo memo);
    /// <summary>The combinations this step reads (for the compiler's memo planning).</summary>
    public abstract IEnumerable<LinearCombination> Reads { get; }
}

/// <summary>out = a · b.</summary>
internal sealed class MulInstruction(int output, LinearCombination a, LinearCombination b, ConstraintOrigin origin) : SolverInstruction(origin)
{
    private readonly int[] _out = [output];
    public override ReadOnlySpan<int> Outputs => _out;
    public override IEnumerable<LinearCombination> Reads => [a, b];
    public override void Run(Fr[] values, EvaluationMemo memo)
    {
        var va = memo.Evaluate(a, values);
        values[_out[0]] = va * (ReferenceEquals(a, b) ? va : memo.Evaluate(b, values)); // squares share one evaluation
    }
}

/// <summary>out = a / b; b = 0 is an error naming the gadget.</summary>
internal sealed class DivInstruction(int output, LinearCombination a, LinearCombination b, ConstraintOrigin origin) : SolverInstruction(origin)
{
    private readonly int[] _out = [output];
    public override ReadOnlySpan<int> Outputs => _out;
    public override IEnumerable<LinearCombination> Reads => [a, b];
    public override void Run(Fr[] values, EvaluationMemo memo)
    {
        var d = memo.Evaluate(b, values);
        if (d.IsZero) throw new SolverStepException(Origin, "division by zero: the divisor evaluates to 0");
        values[_out[0]] = memo.Evaluate(a, values) * d.Inverse();
    }
}

/// <summary>outs = hint(ins).</summary>
internal sealed class HintInstruction(string name, int[] outputs, LinearCombination[] inputs, HintFunction hint, ConstraintOrigin origin) : SolverInstruction(origin)
{
    public string Name => name;
    public override ReadOnlySpan<int> Outputs => outputs;
    public override IEnumerable<LinearCombination> Reads => inputs;
    public override void Run(Fr[] values, EvaluationMemo memo)
    {
        Span<Fr> ins = inputs.Length <= 16 ? stackalloc Fr[inputs.Length] : new Fr[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) ins[i] = memo.Evaluate(inputs[i], values);
        Span<Fr> outs = outputs.Length <= 256 ? stackalloc Fr[outputs.Length] : new Fr[outputs.Length];
        try { hint(ins, outs); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            throw new SolverStepException(Origin, $"hint '{name}' failed: {e.Message}", e);
        }
        for (int i = 0; i < outputs.Length; i++) values[outputs[i]] = outs[i];
    }
}
