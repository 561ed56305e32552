using System.Numerics;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Prover.Snarkjs;

/// <summary>
/// Points and field elements in the snarkjs in-file layout ("LEM"); the point codec itself is the verifier's
/// <see cref="SnarkJsPoints"/> (phase-2 transcripts use it too), this adds the tables and zkey coefficient words.
/// </summary>
public static class CurveIo
{
    public const int G1Size = SnarkJsPoints.G1Size, G2Size = SnarkJsPoints.G2Size, FrSize = 32, FpSize = SnarkJsPoints.FpSize;

    /// <summary>Fr's R = 2^256 mod r as a field value: multiplying by it turns v into the "double Montgomery" word v·R².</summary>
    private static readonly Fr MontgomeryR = Fr.FromBigInteger(BigInteger.One << 256);

    public static bool TryReadG1(ReadOnlySpan<byte> b, bool checkOnCurve, out G1Affine p) => SnarkJsPoints.TryReadG1(b, checkOnCurve, out p);
    public static bool TryReadG2(ReadOnlySpan<byte> b, bool checkOnCurve, out G2Affine p) => SnarkJsPoints.TryReadG2(b, checkOnCurve, out p);
    public static void WriteG1(Span<byte> b, in G1Affine p) => SnarkJsPoints.WriteG1(b, p);
    public static void WriteG2(Span<byte> b, in G2Affine p) => SnarkJsPoints.WriteG2(b, p);

    /// <summary>A zkey coefficient word (v·R² mod r as little-endian limbs) → v.</summary>
    public static bool TryReadDoubleMontgomery(ReadOnlySpan<byte> b, out Fr v)
    {
        if (!Fr.TryFromMontgomeryLE(b, out var raw)) { v = default; return false; }
        v = raw.MontgomeryReduce();
        return true;
    }

    public static void WriteDoubleMontgomery(Span<byte> b, in Fr v) => (v * MontgomeryR).ToMontgomeryLE(b);

    public static byte[] ModulusLE(BigInteger m, int size)
    {
        var b = new byte[size];
        m.TryWriteBytes(b, out _, isUnsigned: true, isBigEndian: false);
        return b;
    }

    /// <summary>Reads <paramref name="count"/> G1 points from a section in 1 MiB chunks, parsing each chunk in parallel.</summary>
    public static G1Affine[] ReadG1Table(BinFileReader f, int section, string what, long offset, int count, bool checkOnCurve, int threads = 0) =>
        ReadTable(f, section, what, offset, count, G1Size, checkOnCurve, threads, true, null, ParseG1)!;

    public static G2Affine[] ReadG2Table(BinFileReader f, int section, string what, long offset, int count, bool checkOnCurve, int threads = 0) =>
        ReadTable(f, section, what, offset, count, G2Size, checkOnCurve, threads, true, null, ParseG2)!;

    /// <summary>Checks a G1 table as <see cref="ReadG1Table"/> does without keeping it; the SHA-256 of its bytes.</summary>
    public static byte[] HashG1Table(BinFileReader f, int section, string what, int count, bool checkOnCurve, int threads = 0) =>
        HashTable(f, section, what, count, G1Size, checkOnCurve, threads, ParseG1);

    public static byte[] HashG2Table(BinFileReader f, int section, string what, int count, bool checkOnCurve, int threads = 0) =>
        HashTable(f, section, what, count, G2Size, checkOnCurve, threads, ParseG2);

    private static byte[] HashTable<T>(BinFileReader f, int section, string what, int count, int size, bool check, int threads, PointParser<T> parse)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        ReadTable(f, section, what, 0, count, size, check, threads, false, hash, parse);
        return hash.GetHashAndReset();
    }

    internal delegate bool PointParser<T>(ReadOnlySpan<byte> b, bool checkOnCurve, out T p);

    internal static readonly PointParser<G1Affine> ParseG1 = TryReadG1;
    internal static readonly PointParser<G2Affine> ParseG2 = TryReadG2;

    private static T[]? ReadTable<T>(BinFileReader f, int section, string what, long offset, int count, int size, bool check, int threads,
        bool keep, System.Security.Cryptography.IncrementalHash? hash, PointParser<T> parse)
    {
        // A small pooled read buffer: a table-sized one (6 MiB per G1 table at 2^16) was large-object garbage beside
        // the parsed points it was copied into, and raised the loading peak.
        int perChunk = Math.Max(1, (1 << 20) / size);
        var result = keep ? new T[count] : null;
        var scratch = keep ? null : System.Buffers.ArrayPool<T>.Shared.Rent(Math.Min(count, perChunk));
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Min(count, perChunk) * size);
        for (int start = 0; start < count; start += perChunk)
        {
            int k = Math.Min(perChunk, count - start);
            f.Read(section, offset + (long)start * size, buffer.AsSpan(0, k * size));
            hash?.AppendData(buffer, 0, k * size);
            int bad = keep ? ParseAll(buffer, size, result.AsMemory(start, k), check, threads, parse) : ParseAll(buffer, size, scratch.AsMemory(0, k), check, threads, parse);
            if (bad >= 0) throw f.Fail($"section {section} ({what})", $"point {start + bad} is {(check ? "not on the curve or has a coordinate" : "has a coordinate")} not below the field modulus");
        }
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        if (scratch is not null) System.Buffers.ArrayPool<T>.Shared.Return(scratch);
        return result;
    }

    /// <summary>Parses dest.Length points of <paramref name="size"/> bytes from <paramref name="raw"/> in parallel; the index of a bad point, or −1.</summary>
    internal static int ParseAll<T>(byte[] raw, int size, Memory<T> dest, bool check, int threads, PointParser<T> parse)
    {
        int k = dest.Length, bad = -1;
        int degree = threads > 0 ? threads : Environment.ProcessorCount;
        int parts = Math.Max(1, Math.Min(degree * 2, k / 256));
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = degree }, part =>
        {
            var d = dest.Span;
            int lo = k * part / parts, hi = k * (part + 1) / parts;
            for (int i = lo; i < hi; i++)
                if (!parse(raw.AsSpan(i * size, size), check, out d[i])) Interlocked.CompareExchange(ref bad, i, -1);
        });
        return bad;
    }
}
