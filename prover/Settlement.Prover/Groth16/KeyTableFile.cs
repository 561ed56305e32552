using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Settlement.Prover.Msm;
using Settlement.Prover.Snarkjs;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Groth16;

/// <summary>
/// The point tables (A, B1, B2, C, H) of a proving key read with <c>tablesInFile</c>: they stay in the key file and each
/// proof reads them chunk by chunk into its MSMs, so a prover holds about a tenth of the key's points in memory.
/// <para>When the key was read, every table was read once, checked as an in-memory key's tables are (coordinates below
/// p, on the curve unless the key is trusted) and its SHA-256 noted. Each proof hashes the bytes it multiplies by and
/// refuses the proof (<see cref="InvalidKeyException"/>) if a table differs: a key file that is modified, truncated or
/// replaced while a prover holds it is never half used; read the key again to prove with the new file.</para>
/// </summary>
public sealed class KeyTableFile
{
    /// <summary>One table: <see cref="Count"/> points of <see cref="PointSize"/> bytes at <see cref="Offset"/> in the file.</summary>
    public sealed record Table(string Name, long Offset, int Count, int PointSize, byte[] Sha256);

    public string Path { get; }
    public Table A { get; }
    public Table B1 { get; }
    public Table B2 { get; }
    public Table C { get; }
    public Table H { get; }

    internal KeyTableFile(string path, Table a, Table b1, Table b2, Table c, Table h) =>
        (Path, A, B1, B2, C, H) = (path, a, b1, b2, c, h);

    /// <summary>Σ k_i·P_i over a G1 table, read from the file during the MSM and checked against its hash.</summary>
    internal G1Jacobian MsmG1(Table t, ReadOnlyMemory<Fr> scalars, int threads) =>
        Stream(t, (file, hash) => Pippenger.G1(t.Count, (start, dest) => Read(t, file, hash, start, dest, CurveIo.ParseG1, threads), scalars, threads));

    internal G2Jacobian MsmG2(Table t, ReadOnlyMemory<Fr> scalars, int threads) =>
        Stream(t, (file, hash) => Pippenger.G2(t.Count, (start, dest) => Read(t, file, hash, start, dest, CurveIo.ParseG2, threads), scalars, threads));

    /// <summary>Runs one MSM over table <paramref name="t"/>; the file is opened per MSM, so a prover holds no handle between proofs.</summary>
    private TSum Stream<TSum>(Table t, Func<SafeFileHandle, IncrementalHash, TSum> msm)
    {
        SafeFileHandle file;
        try { file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Changed(t, e.Message); }
        using (file)
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var sum = msm(file, hash);
            if (!hash.GetHashAndReset().AsSpan().SequenceEqual(t.Sha256)) throw Changed(t, "its bytes differ from those checked when the key was read");
            return sum;
        }
    }

    /// <summary>Points [start, start + dest.Length) of the table; the MSM asks for them in order, so the hash runs over the table.</summary>
    private void Read<T>(Table t, SafeFileHandle file, IncrementalHash hash, int start, Memory<T> dest, CurveIo.PointParser<T> parse, int threads)
    {
        int bytes = dest.Length * t.PointSize;
        var raw = ArrayPool<byte>.Shared.Rent(bytes);
        try
        {
            for (int done = 0; done < bytes;)
            {
                int n = RandomAccess.Read(file, raw.AsSpan(done, bytes - done), t.Offset + (long)start * t.PointSize + done);
                if (n <= 0) throw Changed(t, "the file ends early");
                done += n;
            }
            hash.AppendData(raw, 0, bytes);
            // On-curve checks were made when the key was read; the hash vouches for the same bytes.
            if (CurveIo.ParseAll(raw, t.PointSize, dest, false, threads, parse) >= 0)
                throw Changed(t, "a point has a coordinate not below the field modulus");
        }
        finally { ArrayPool<byte>.Shared.Return(raw); }
    }

    private InvalidKeyException Changed(Table t, string what) =>
        new($"{System.IO.Path.GetFileName(Path)}: table {t.Name} changed since the key was read ({what}): the key file was modified or replaced; read the key again");
}
