using System.Buffers.Binary;
using Settlement.Circuits.Frontend;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Service;

/// <summary>
/// The circuit inputs of a sequenced batch as the store keeps them, so that any prover can prove it later without the
/// state before the batch: a 4-byte big-endian count, then each input's value (32 bytes, big-endian) in the compiled
/// circuit's order (public inputs, then secret inputs). The names are not stored: the circuit of the deployment fixes them.
/// </summary>
public static class WitnessInputs
{
    public static byte[] Encode(CompiledCircuit circuit, Assignment inputs)
    {
        var names = Names(circuit);
        var bytes = new byte[4 + 32 * names.Count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            if (!inputs.Values.TryGetValue(names[i], out var v)) throw new ArgumentException($"the assignment has no value for input '{names[i]}'", nameof(inputs));
            v.ToBytesBE().CopyTo(bytes.AsSpan(4 + 32 * i));
        }
        return bytes;
    }

    public static Assignment Decode(CompiledCircuit circuit, byte[] bytes)
    {
        var names = Names(circuit);
        if (bytes.Length < 4 || BinaryPrimitives.ReadInt32BigEndian(bytes) != names.Count || bytes.Length != 4 + 32 * names.Count)
            throw new InvalidDataException($"stored circuit inputs ({bytes.Length} bytes) are not for this circuit ({names.Count} inputs): was the setup redone after the batch was sequenced?");
        var a = new Assignment();
        for (int i = 0; i < names.Count; i++) a.Set(names[i], Fr.FromBytesWideBE(bytes.AsSpan(4 + 32 * i, 32)));
        return a;
    }

    private static List<string> Names(CompiledCircuit circuit) => [.. circuit.PublicInputNames, .. circuit.SecretInputNames];
}
