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
        Assert.Contains(VectorCatalog.All, f => f.Family == "hash-to-curve-suite" && f.Root == VectorCatalog.Roots[0]);
        Assert.Contains(VectorCatalog.All, f => f.Family == "expand-message-xmd" && f.Root == VectorCatalog.Roots[0]);
    }

    [Fact]
    public void A_missing_family_fails_instead_of_passing()
    {
        var only = Assert.Single(VectorCatalog.Cases("no-such-family"));
        var e = Assert.ThrowsAny<Exception>(() => VectorCatalog.RequirePresent((string)only[0]));
        Assert.Contains("no-such-family", e.Message);
    }

    [Theory]
    [InlineData("eip2537/eips-assets/fail-add_G1_bls.json", "eip2537-g1add")]
    [InlineData("eip2537/go-ethereum/blsG2MultiExp.json", "eip2537-g2msm")]
    [InlineData("eip2537/eips-assets/mul_G2_bls.json", "eip2537-g2msm")]
    [InlineData("eip2537/go-ethereum/blsMapG1.json", "eip2537-map-g1")]
    [InlineData("eip2537/eips-assets/map_fp2_to_G2_bls.json", "eip2537-map-g2")]
    [InlineData("bls-sig/eth-bls12-381-tests/fast_aggregate_verify/x.json", "eth-bls-fast_aggregate_verify")]
    [InlineData("serialization/zkcrypto/g2_uncompressed_valid_test_vectors.dat", "zkcrypto-encodings")]
    [InlineData("hash-to-curve/BLS12381G2_XMD_SHA-256_SSWU_RO_.json", "hash-to-curve-suite")]
    [InlineData("hash-to-curve/BLS12381G1_XMD_SHA-256_SSWU_NU_.json", "hash-to-curve-suite")]
    [InlineData("something/else.bin", "unknown")]
    public void Families_are_named_from_folder_and_file(string path, string family) =>
        Assert.Equal(family, VectorCatalog.Classify(path));
}
