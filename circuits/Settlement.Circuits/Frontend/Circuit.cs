namespace Settlement.Circuits.Frontend;

/// <summary>
/// A circuit is described once, in <see cref="Define"/>; <see cref="CompiledCircuit.Compile"/> runs it to produce
/// both the R1CS and the solver program that fills a witness from an <see cref="Assignment"/> (define, then solve).
/// </summary>
public abstract class Circuit
{
    public abstract void Define(Api api);

    public CompiledCircuit Compile() => CompiledCircuit.Compile(this);

    /// <summary>A circuit from a lambda, for tests and small compositions.</summary>
    public static Circuit From(Action<Api> define) => new LambdaCircuit(define);

    private sealed class LambdaCircuit(Action<Api> define) : Circuit
    {
        public override void Define(Api api) => define(api);
    }
}
