using Settlement.Circuits;
using Settlement.Circuits.Formats;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// circom .r1cs files from disk. The format itself is parsed in one place, <see cref="CircomR1cs"/> (circuits), which
/// also writes it; this adds the file name to its errors so the CLI reports which input was wrong.
/// </summary>
public static class R1csFile
{
    public static R1cs Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new SnarkjsFormatException(path, "file", e.Message); }
        try { return CircomR1cs.Read(bytes); }
        catch (R1csFormatException e) { throw new SnarkjsFormatException(path, "r1cs", e.Message); }
    }
}
