namespace Settlement.Verifier.Tests.Conformance;

public class CatalogTests
{
    [Fact]
    public void Every_vector_file_belongs_to_a_family()
    {
        var unknown = VectorCatalog.Unknown.Select(f => Path.Combine(f.Root, f.RelativePath)).ToList();
        Assert.True(unknown.Count == 0, "Vector files no conformance test reads:\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void Shipped_vectors_are_found()
    {
        Assert.Contains(VectorCatalog.All, f => f.Family == "eip2537-g1add");
        Assert.Contains(VectorCatalog.All, f => f.Family == "pairing-gt");
        Assert.Contains(VectorCatalog.All, f => f.Family == "poseidon-kat");
    }

    [Theory]
    [InlineData("eip2537/eips-assets/fail-add_G1_bls.json", "eip2537-g1add")]
    [InlineData("eip2537/go-ethereum/blsG2MultiExp.json", "eip2537-g2msm")]
    [InlineData("eip2537/eips-assets/mul_G2_bls.json", "eip2537-g2mul")]
    [InlineData("eip2537/go-ethereum/blsMapG1.json", "eip2537-map-g1")]
    [InlineData("eip2537/eips-assets/map_fp2_to_G2_bls.json", "eip2537-map-g2")]
    [InlineData("bls-sig/eth-bls12-381-tests/fast_aggregate_verify/x.json", "eth-bls-fast_aggregate_verify")]
    [InlineData("serialization/zkcrypto/g2_uncompressed_valid_test_vectors.dat", "zkcrypto-g2-uncompressed")]
    [InlineData("hash-to-curve/BLS12381G2_XMD_SHA-256_SSWU_RO_.json", "hash-to-g2-ro")]
    [InlineData("something/else.bin", "unknown")]
    public void Families_are_named_from_folder_and_file(string path, string family) =>
        Assert.Equal(family, VectorCatalog.Classify(path));
}
