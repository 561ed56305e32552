using Settlement.Prover.Msm;
using Settlement.Verifier.Bls12381;

namespace Settlement.Prover.Tests.Msm;

/// <summary>The chunk-by-chunk MSM against the in-memory one, across chunk boundaries, with points at infinity and zero scalars.</summary>
public class StreamedPippengerTests
{
    private static PointSource<T> From<T>(T[] points, List<int> starts) => (start, dest) =>
    {
        starts.Add(start);
        points.AsSpan(start, dest.Length).CopyTo(dest.Span);
    };

    [Theory]
    [InlineData(100)]                                   // one read, then the in-memory MSM
    [InlineData(2 * Pippenger.StreamChunkG1 + 1000)]    // two full chunks and a short one
    public void G1EqualsInMemory(int n)
    {
        var p = PippengerTests.G1Points(n, 5);
        var k = PippengerTests.Scalars(n, 6);
        p[7] = G1Affine.Infinity;
        k[n - 1] = Fr.Zero;
        var starts = new List<int>();
        Assert.Equal(Pippenger.G1(p, k, 2), Pippenger.G1(n, From(p, starts), k, 2));
        Assert.Equal(n > Pippenger.StreamChunkG1 ? [0, Pippenger.StreamChunkG1, 2 * Pippenger.StreamChunkG1] : [0], starts);
    }

    [Fact]
    public void G2EqualsInMemory()
    {
        int n = 2 * Pippenger.StreamChunkG2 + 300;
        var p = PippengerTests.G2Points(n, 7);
        var k = PippengerTests.Scalars(n, 8);
        p[Pippenger.StreamChunkG2 + 1] = G2Affine.Infinity;
        k[3] = Fr.Zero;
        var starts = new List<int>();
        Assert.Equal(Pippenger.G2(p, k, 2), Pippenger.G2(n, From(p, starts), k, 2));
        Assert.Equal([0, Pippenger.StreamChunkG2, 2 * Pippenger.StreamChunkG2], starts);
        // A second MSM of the same shape reuses the bucket sets; they must start empty.
        Assert.Equal(Pippenger.G2(p, k, 1), Pippenger.G2(n, From(p, []), k, 1));
    }
}
