using System.Buffers.Binary;
using System.Numerics;

namespace Settlement.Verifier.Groth16;

/// <summary>
/// BLAKE2b-512, unkeyed (RFC 7693): the hash snarkjs uses for a phase-2 ceremony's circuit hash and transcript. Kept
/// here because the verifier has no dependencies and .NET has no BLAKE2. Incremental, and copyable so that one
/// accumulated prefix can be extended several ways, as the transcript of each contribution is.
/// </summary>
internal sealed class Blake2b
{
    private const int BlockSize = 128, OutSize = 64;

    private static readonly ulong[] Iv =
    [
        0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
        0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
    ];

    private static readonly byte[,] Sigma =
    {
        { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 },
        { 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3 },
        { 11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4 },
        { 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8 },
        { 9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13 },
        { 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9 },
        { 12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11 },
        { 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10 },
        { 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5 },
        { 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0 },
    };

    private readonly ulong[] _h = new ulong[8];
    private readonly byte[] _buffer = new byte[BlockSize];
    private int _filled;
    private UInt128 _counter;

    public Blake2b()
    {
        Iv.CopyTo(_h, 0);
        _h[0] ^= 0x01010000UL ^ OutSize; // parameter block: digest length 64, no key, fanout 1, depth 1
    }

    private Blake2b(Blake2b other)
    {
        other._h.CopyTo(_h, 0);
        other._buffer.CopyTo(_buffer, 0);
        _filled = other._filled;
        _counter = other._counter;
    }

    /// <summary>An independent hasher in the same state.</summary>
    public Blake2b Copy() => new(this);

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var h = new Blake2b();
        h.Update(data);
        return h.Final();
    }

    public void Update(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            // The last block is compressed with the final flag, so a full buffer waits until more data arrives.
            if (_filled == BlockSize)
            {
                _counter += BlockSize;
                Compress(_buffer, last: false);
                _filled = 0;
            }
            int n = Math.Min(BlockSize - _filled, data.Length);
            data[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            data = data[n..];
        }
    }

    public void Update(uint bigEndian)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, bigEndian);
        Update(b);
    }

    /// <summary>The 64-byte digest; the hasher is not usable afterwards.</summary>
    public byte[] Final()
    {
        _counter += (ulong)_filled;
        _buffer.AsSpan(_filled).Clear();
        Compress(_buffer, last: true);
        var output = new byte[OutSize];
        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(8 * i), _h[i]);
        return output;
    }

    private void Compress(ReadOnlySpan<byte> block, bool last)
    {
        Span<ulong> m = stackalloc ulong[16];
        Span<ulong> v = stackalloc ulong[16];
        for (int i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        _h.CopyTo(v);
        Iv.CopyTo(v[8..]);
        v[12] ^= (ulong)_counter;
        v[13] ^= (ulong)(_counter >> 64);
        if (last) v[14] = ~v[14];
        for (int r = 0; r < 12; r++)
        {
            int s = r % 10;
            G(v, 0, 4, 8, 12, m[Sigma[s, 0]], m[Sigma[s, 1]]);
            G(v, 1, 5, 9, 13, m[Sigma[s, 2]], m[Sigma[s, 3]]);
            G(v, 2, 6, 10, 14, m[Sigma[s, 4]], m[Sigma[s, 5]]);
            G(v, 3, 7, 11, 15, m[Sigma[s, 6]], m[Sigma[s, 7]]);
            G(v, 0, 5, 10, 15, m[Sigma[s, 8]], m[Sigma[s, 9]]);
            G(v, 1, 6, 11, 12, m[Sigma[s, 10]], m[Sigma[s, 11]]);
            G(v, 2, 7, 8, 13, m[Sigma[s, 12]], m[Sigma[s, 13]]);
            G(v, 3, 4, 9, 14, m[Sigma[s, 14]], m[Sigma[s, 15]]);
        }
        for (int i = 0; i < 8; i++) _h[i] ^= v[i] ^ v[i + 8];
    }

    private static void G(Span<ulong> v, int a, int b, int c, int d, ulong x, ulong y)
    {
        v[a] += v[b] + x; v[d] = BitOperations.RotateRight(v[d] ^ v[a], 32);
        v[c] += v[d]; v[b] = BitOperations.RotateRight(v[b] ^ v[c], 24);
        v[a] += v[b] + y; v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] += v[d]; v[b] = BitOperations.RotateRight(v[b] ^ v[c], 63);
    }
}
