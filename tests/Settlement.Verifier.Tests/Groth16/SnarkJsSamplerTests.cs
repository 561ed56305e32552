using System.Text;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;

namespace Settlement.Verifier.Tests.Groth16;

/// <summary>
/// The pieces of snarkjs's ceremony transcript the verifier re-implements: BLAKE2b-512 against RFC 7693 and against
/// BouncyCastle, and the ChaCha20 generator against BouncyCastle's. End to end, the prover tests check the whole
/// transcript against snarkjs's own files and process (Phase2Tests, CeremonyInteropTests).
/// </summary>
public class SnarkJsSamplerTests
{
    [Fact]
    public void Blake2b_matches_RFC_7693_appendix_A()
    {
        Assert.Equal(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Convert.ToHexStringLower(Blake2b.Hash("abc"u8)));
    }

    [Fact]
    public void Blake2b_matches_BouncyCastle_at_every_length_and_split()
    {
        var rng = new Random(7693);
        for (int length = 0; length <= 600; length += length < 260 ? 1 : 37)
        {
            var data = new byte[length];
            rng.NextBytes(data);
            var reference = new Org.BouncyCastle.Crypto.Digests.Blake2bDigest(512);
            reference.BlockUpdate(data, 0, data.Length);
            var expected = new byte[64];
            reference.DoFinal(expected, 0);
            Assert.Equal(expected, Blake2b.Hash(data));

            // Incremental, in uneven pieces, and from a copy made halfway.
            var h = new Blake2b();
            int split = length / 3;
            h.Update(data.AsSpan(0, split));
            var copy = h.Copy();
            h.Update(data.AsSpan(split));
            copy.Update(data.AsSpan(split));
            Assert.Equal(expected, h.Final());
            Assert.Equal(expected, copy.Final());
        }
    }

    [Fact]
    public void ChaCha_blocks_match_BouncyCastle_ChaCha20()
    {
        // snarkjs's generator is ChaCha20 with a 128-bit block counter in words 12..15 and no nonce: with the nonce zero
        // it is Bernstein's original ChaCha20, counter 0, 1, …. snarkjs reads its seed as big-endian words and ChaCha
        // its key as little-endian ones, hence the byte swap.
        var key = Enumerable.Range(0, 32).Select(i => (byte)(7 * i + 3)).ToArray();
        var seed = new byte[32];
        for (int w = 0; w < 8; w++) for (int b = 0; b < 4; b++) seed[4 * w + b] = key[4 * w + 3 - b];
        var rng = new SnarkJsRng(seed);
        var ours = Enumerable.Range(0, 16 * 3).Select(_ => rng.NextU32()).ToArray();

        var engine = new Org.BouncyCastle.Crypto.Engines.ChaChaEngine(20);
        engine.Init(true, new Org.BouncyCastle.Crypto.Parameters.ParametersWithIV(new Org.BouncyCastle.Crypto.Parameters.KeyParameter(key), new byte[8]));
        var stream = new byte[64 * 3];
        engine.ProcessBytes(new byte[stream.Length], 0, stream.Length, stream, 0);
        Assert.Equal(Enumerable.Range(0, 16 * 3).Select(i => BitConverter.ToUInt32(stream, 4 * i)).ToArray(), ours);
    }

    [Fact]
    public void Sampled_challenge_points_are_in_G2_and_depend_on_every_byte()
    {
        var hash = Blake2b.Hash(Encoding.UTF8.GetBytes("settlement"));
        var p = SetupTranscript.HashToG2(hash);
        Assert.True(p.IsOnCurve && G2.IsInSubgroup(p) && !p.IsInfinity);
        Assert.Equal(p, SetupTranscript.HashToG2(hash));
        hash[31] ^= 1;
        Assert.NotEqual(p, SetupTranscript.HashToG2(hash));
    }
}
