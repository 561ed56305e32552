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
    private PreparedSignature[] _group = null!;

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
        // The service's intake group: 16 submissions by 3 venue keys, each over its own message.
        _group = Enumerable.Range(0, IntakeGroup).Select(i =>
        {
            var m = _message.Append((byte)i).ToArray();
            return PopScheme.Prepare(_pks5[i % 3], m, PopScheme.Sign(keys[i % 3], m));
        }).ToArray();
        if (!PopScheme.Verify(_pk, _message, _sig) || !PopScheme.FastAggregateVerify(_pks5, _message, _agg5) || !PopScheme.VerifyAll(_group))
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

    private const int IntakeGroup = 16;
    /// <summary>A submission's signature work on the request thread (the service's intake): decode, then hash its message to G2.</summary>
    [Benchmark] public PreparedSignature IntakePrepare() => PopScheme.Prepare(_pk, _message, Signature.FromBytes(_sigBytes));
    /// <summary>A submission's share of its group's pairing batch (16 signatures by 3 keys: 4 Miller-loop pairs, one final exponentiation).</summary>
    [Benchmark(OperationsPerInvoke = IntakeGroup)] public bool IntakeVerifyAllShare() => PopScheme.VerifyAll(_group);
}
