using Settlement.Verifier.Bls12381;

namespace Settlement.Circuits.Frontend;

/// <summary>
/// A circuit's inputs and a witness's values for them, written once: an input group is a function over a binder that
/// names each input next to the witness value it takes. The circuit runs it with <see cref="Declare"/> (inputs declared
/// in the <see cref="Api"/>, the variables returned); a witness runs the same function with <see cref="Assign"/> (the
/// values set in an <see cref="Assignment"/>; the variables returned are placeholders). A name or a width therefore
/// cannot differ between the two sides.
/// </summary>
public abstract class InputBinder<TWitness>
{
    /// <summary>The binder that declares inputs; its witness values are never read.</summary>
    public static InputBinder<TWitness> Declare(Api api) => new Declaring(api, "");

    /// <summary>The binder that sets <paramref name="witness"/>'s values in <paramref name="assignment"/>.</summary>
    public static InputBinder<TWitness> Assign(Assignment assignment, TWitness witness) => new Assigning(assignment, witness, "");

    public abstract Variable Public(string name, Func<TWitness, Fr> value);
    public abstract Variable Secret(string name, Func<TWitness, Fr> value);
    public abstract Variable[] Secrets(string name, int count, Func<TWitness, Fr[]> values);

    public Variable Secret(string name, Func<TWitness, long> value) => Secret(name, w => Fr.FromInt64(value(w)));
    public Variable Secret(string name, Func<TWitness, bool> value) => Secret(name, w => value(w) ? Fr.One : Fr.Zero);

    public Variable[] Secrets(string name, int count, Func<TWitness, long[]> values) =>
        Secrets(name, count, w => Array.ConvertAll(values(w), Fr.FromInt64));

    /// <summary>The binder of a part of the witness (an op slot, one of its accounts), its inputs named prefix + name.</summary>
    public abstract InputBinder<TPart> Part<TPart>(string prefix, Func<TWitness, TPart> part);

    private sealed class Declaring(Api api, string prefix) : InputBinder<TWitness>
    {
        public override Variable Public(string name, Func<TWitness, Fr> value) => api.PublicInput(prefix + name);
        public override Variable Secret(string name, Func<TWitness, Fr> value) => api.SecretInput(prefix + name);
        public override Variable[] Secrets(string name, int count, Func<TWitness, Fr[]> values) => api.SecretInputs(prefix + name, count);
        public override InputBinder<TPart> Part<TPart>(string prefix2, Func<TWitness, TPart> part) => new InputBinder<TPart>.Declaring(api, prefix + prefix2);
    }

    private sealed class Assigning(Assignment assignment, TWitness witness, string prefix) : InputBinder<TWitness>
    {
        public override Variable Public(string name, Func<TWitness, Fr> value) => Secret(name, value);

        public override Variable Secret(string name, Func<TWitness, Fr> value)
        {
            assignment.Set(prefix + name, value(witness));
            return default;
        }

        public override Variable[] Secrets(string name, int count, Func<TWitness, Fr[]> values)
        {
            var v = values(witness);
            if (v.Length != count) throw new ArgumentException($"input '{prefix + name}' has {count} elements, the witness gives {v.Length}");
            assignment.Set(prefix + name, v);
            return new Variable[count];
        }

        public override InputBinder<TPart> Part<TPart>(string prefix2, Func<TWitness, TPart> part) =>
            new InputBinder<TPart>.Assigning(assignment, part(witness), prefix + prefix2);
    }
}
