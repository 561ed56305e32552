using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// A circuit value: a linear combination of wires. Additions, subtractions and multiplication by constants build
/// new combinations and cost no constraint; only <see cref="Api"/> methods that multiply two variables do.
/// <c>default(Variable)</c> is the constant 0.
/// </summary>
public readonly struct Variable
{
    private readonly LinearCombination? _lc;

    internal Variable(LinearCombination lc) { _lc = lc; }

    internal LinearCombination Lc => _lc ?? LinearCombination.Zero;

    public bool IsConstant => Lc.IsConstant;
    /// <summary>The value when <see cref="IsConstant"/>.</summary>
    public Fr ConstantValue => IsConstant ? Lc.ConstantValue : throw new InvalidOperationException("the variable is not a constant");

    public static Variable Constant(in Fr c) => new(LinearCombination.Constant(c));
    public static implicit operator Variable(Fr c) => Constant(c);
    public static implicit operator Variable(long c) => Constant(Fr.FromInt64(c));

    public static Variable operator +(Variable a, Variable b) => new(LinearCombination.AddScaled(a.Lc, b.Lc, Fr.One));
    public static Variable operator -(Variable a, Variable b) => new(LinearCombination.AddScaled(a.Lc, b.Lc, -Fr.One));
    public static Variable operator -(Variable a) => new(a.Lc.Scale(-Fr.One));
    public static Variable operator *(Variable a, Fr k) => new(a.Lc.Scale(k));
    public static Variable operator *(Fr k, Variable a) => new(a.Lc.Scale(k));
    public static Variable operator *(Variable a, long k) => new(a.Lc.Scale(Fr.FromInt64(k)));
    public static Variable operator *(long k, Variable a) => new(a.Lc.Scale(Fr.FromInt64(k)));

    public override string ToString() => IsConstant ? $"const {ConstantValue}" : $"lc[{Lc.Count} terms]";
}
