using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>Input values by name. Arrays declared with <see cref="Api.SecretInputs"/> are named <c>name[i]</c>.</summary>
public sealed class Assignment
{
    private readonly Dictionary<string, Fr> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Fr> Values => _values;

    public Assignment Set(string name, Fr value) { _values[name] = value; return this; }
    public Assignment Set(string name, long value) => Set(name, Fr.FromInt64(value));
    public Assignment Set(string name, System.Numerics.BigInteger value) => Set(name, Fr.FromBigInteger(value));

    public Assignment Set(string name, ReadOnlySpan<Fr> values)
    {
        for (int i = 0; i < values.Length; i++) _values[$"{name}[{i}]"] = values[i];
        return this;
    }

    public Assignment Set(string name, ReadOnlySpan<long> values)
    {
        for (int i = 0; i < values.Length; i++) _values[$"{name}[{i}]"] = Fr.FromInt64(values[i]);
        return this;
    }
}
