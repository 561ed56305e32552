using Settlement.Circuits.Formats;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// circom/snarkjs witness files (.wtns) from and to disk; the format is parsed and written in one place,
/// <see cref="CircomWitness"/> (circuits). Errors name the file.
/// </summary>
public static class WtnsFile
{
    public static Fr[] Read(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException e) { throw new SnarkjsFormatException(path, "file", e.Message); }
        try
        {
            var w = CircomWitness.Read(bytes);
            if (w.Length == 0 || !w[0].IsOne) throw new SnarkjsFormatException(path, "section 2 (witness values)", "wire 0 must be 1");
            return w;
        }
        catch (R1csFormatException e) { throw new SnarkjsFormatException(path, "wtns", e.Message); }
    }

    public static void Write(string path, ReadOnlySpan<Fr> witness) => File.WriteAllBytes(path, CircomWitness.ToBytes(witness));
}
