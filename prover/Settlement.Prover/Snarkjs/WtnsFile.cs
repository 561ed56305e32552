using Settlement.Circuits.Formats;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// circom/snarkjs witness files (.wtns) from and to disk; the format is parsed and written in one place,
/// <see cref="CircomWitness"/> (circuits). Errors name the file.
/// </summary>
public static class WtnsFile
{
    /// <summary>
    /// Reads the file into native memory that is freed right after parsing: a byte array copy (32 bytes per wire)
    /// was large-object garbage that stayed in the prover's heap beside the witness.
    /// </summary>
    public static unsafe Fr[] Read(string path)
    {
        Fr[] w;
        try
        {
            using var file = File.OpenHandle(path);
            int length = checked((int)RandomAccess.GetLength(file));
            byte* p = (byte*)System.Runtime.InteropServices.NativeMemory.Alloc((nuint)Math.Max(length, 1));
            try
            {
                var bytes = new Span<byte>(p, length);
                for (int done = 0, n; done < length; done += n)
                    if ((n = RandomAccess.Read(file, bytes[done..], done)) <= 0) throw new IOException("the file ended while it was read");
                w = CircomWitness.Read(bytes);
            }
            finally { System.Runtime.InteropServices.NativeMemory.Free(p); }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OverflowException) { throw new SnarkjsFormatException(path, "file", e.Message); }
        catch (R1csFormatException e) { throw new SnarkjsFormatException(path, "wtns", e.Message); }
        if (w.Length == 0 || !w[0].IsOne) throw new SnarkjsFormatException(path, "section 2 (witness values)", "wire 0 must be 1");
        return w;
    }

    public static void Write(string path, ReadOnlySpan<Fr> witness) => File.WriteAllBytes(path, CircomWitness.ToBytes(witness));
}
