using BenchmarkDotNet.Attributes;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;

namespace Settlement.Bench;

/// <summary>
/// Hash to curve and BLS signatures (Ethereum ciphersuite). Results and ratios to blst: bench/RESULTS-bls.md.
/// Run: dotnet run -c Release --project bench/Settlement.Bench -- --filter '*BlsBench*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class BlsBench
{
    private static readonly byte[] Dst = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"u8.ToArray();
    private readonly byte[] _message = new byte[32];
    private SecretKey _sk = null!;
    private PublicKey _pk = null!;
    private Signature _sig = null!;
    private byte[] _pkBytes = null!, _sigBytes = null!;
    private PublicKey[] _pks5 = null!;
    private Signature _agg5 = null!;
    private (G1Affine, G2Affine)[] _pairs = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_message);
        _sk = SecretKey.KeyGen(new byte[32]);
        _pk = PopScheme.SkToPk(_sk);
        _sig = PopScheme.Sign(_sk, _message);
        _pkBytes = _pk.ToBytes();
        _sigBytes = _sig.ToBytes();
        var keys = Enumerable.Range(1, 5).Select(i => SecretKey.KeyGen(Enumerable.Repeat((byte)i, 32).ToArray())).ToArray();
        _pks5 = keys.Select(PopScheme.SkToPk).ToArray();
        _agg5 = PopScheme.Aggregate(keys.Select(k => PopScheme.Sign(k, _message)).ToArray());
        _pairs = [(_pk.Point, HashToCurve.HashToG2(_message, Dst)), (-G1Affine.Generator, _sig.Point)];
        if (!PopScheme.Verify(_pk, _message, _sig) || !PopScheme.FastAggregateVerify(_pks5, _message, _agg5))
            throw new InvalidOperationException("benchmark inputs do not verify");
    }

    [Benchmark] public G1Affine HashToG1() => HashToCurve.HashToG1(_message, Dst);
    [Benchmark] public G2Affine HashToG2() => HashToCurve.HashToG2(_message, Dst);
    [Benchmark] public Signature Sign() => PopScheme.Sign(_sk, _message);
    [Benchmark] public bool Verify() => PopScheme.Verify(_pk, _message, _sig);
    [Benchmark] public bool FastAggregateVerify5() => PopScheme.FastAggregateVerify(_pks5, _message, _agg5);
    /// <summary>The two-term pairing check inside Verify, without the hash: Verify − this = hashing.</summary>
    [Benchmark] public bool PairingCheck2() => Pairing.PairingCheck(_pairs);
    [Benchmark] public PublicKey DecodePublicKey() => PublicKey.FromBytes(_pkBytes);
    [Benchmark] public Signature DecodeSignature() => Signature.FromBytes(_sigBytes);
}
