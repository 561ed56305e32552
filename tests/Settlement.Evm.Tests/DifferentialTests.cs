using System.Numerics;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Groth16;
using Settlement.Verifier.Tests.Groth16;
using Xunit.Abstractions;

namespace Settlement.Evm.Tests;

/// <summary>
/// The generated verifier and the C# verifier on the same calldata, on the real EVM: valid proofs, forged ones, wrong
/// and non-canonical public inputs, points off the curve, outside the subgroup, at infinity or badly encoded, random
/// bit flips, and truncated or overlong calldata. Every verdict must agree, refusals with the same custom error.
/// </summary>
public class DifferentialTests(ITestOutputHelper output)
{
    private const int Bases = 8;
    private static readonly BigInteger P = BigInteger.Parse("4002409555221667393417789825735904156556882819939007885332058136124031650490837864442687629129015664037894272559787");

    [Fact]
    public void Contract_and_CSharp_verifier_agree_on_every_proof()
    {
        var rng = new Random(2537);
        var keys = new[] { (Name: "One", Key: new TrapdoorKey(rng, 1)), (Name: "Three", Key: new TrapdoorKey(rng, 3)) };
        var sources = keys.ToDictionary(k => k.Name + ".sol", k => Groth16SolidityVerifier.Generate(k.Key.Key, k.Name, "test", k.Name, "a test key whose trapdoor is known"));
        var deploy = keys.Select(k => new Evm.Deploy(k.Name, k.Name + ".sol", k.Name)).ToList();

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var cases = new List<VerifierCase>();
        for (int b = 0; b < Bases; b++)
        {
            var (name, key) = keys[b % keys.Length];
            cases.AddRange(Mutations(name, key, rng));
        }
        var csharp = sw.Elapsed;
        var result = Verdicts.RunAndCompare(sources, deploy, cases, Evm.Bls.Mcl);
        output.WriteLine($"proofs and C# verdicts {csharp.TotalSeconds:F1} s, EVM {(sw.Elapsed - csharp).TotalSeconds:F1} s");

        int accepted = cases.Count(c => c.ExpectAccept);
        output.WriteLine($"{cases.Count} cases ({accepted} valid), verdicts equal; compiler {result.Compiler}");
        foreach (var group in cases.Where(c => !c.ExpectAccept).GroupBy(c => Convert.ToHexStringLower(c.ExpectedRevert![..4])))
            output.WriteLine($"  refused with selector 0x{group.Key}: {group.Count()}");
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        Assert.True(accepted >= Bases, "every base proof must be accepted");
        // Each refusal the contract can make occurs.
        foreach (var error in new[] { "CalldataMalformed()", "PublicInputNotCanonical(uint256)", "PointMalformed(uint256)", "PointAtInfinity(uint256)",
                                      "PointNotOnCurve(uint256)", "PointNotInSubgroup(uint256)", "ProofInvalid()" })
            Assert.Contains(cases, c => c.ExpectedRevert is { } r && r.AsSpan(0, 4).SequenceEqual(Keccak256.Selector(error)));
    }

    /// <summary>One valid proof of random inputs, and the mutations of it, each with the C# verdict.</summary>
    private static IEnumerable<VerifierCase> Mutations(string contract, TrapdoorKey key, Random rng)
    {
        int n = key.Key.PublicInputCount;
        var x = Enumerable.Range(0, n).Select(_ => Fr.Random(rng)).ToArray();
        var proof = key.Prove(x, rng);
        var inputs = x.Select(Bytes.ToBig).ToList();
        var encoded = Eip2537Proof.Encode(proof);
        int k = rng.Next(n);

        VerifierCase Make(string label, byte[] proofBytes, IReadOnlyList<BigInteger> values) =>
            Verdicts.Case(label, contract, key.Prepared, VerifierCalldata.EncodeUnchecked(proofBytes, values));
        List<BigInteger> With(BigInteger v) { var l = inputs.ToList(); l[k] = v; return l; }
        byte[] Patched(int at, ReadOnlySpan<byte> bytes) => Bytes.Patched(encoded, at, bytes);

        yield return Make("valid", encoded, inputs);
        yield return Verdicts.Case("valid, from Proof", contract, key.Prepared, VerifierCalldata.Encode(proof, x));
        yield return Make("rerandomized", Eip2537Proof.Encode(Groth16Fixtures.Rerandomize(proof, key.Key, rng)), inputs);
        yield return Make("wrong input (+1)", encoded, With((inputs[k] + 1) % Verdicts.R));
        yield return Make("input + r", encoded, With(inputs[k] + Verdicts.R));
        yield return Make("input = r", encoded, With(Verdicts.R));
        yield return Make("input = 2^256 - 1", encoded, With(BigInteger.Pow(2, 256) - 1));
        var other = x.ToArray();
        other[k] += Fr.One;
        yield return Make("proof of other inputs", Eip2537Proof.Encode(key.Prove(other, rng)), inputs);
        yield return Make("A and C swapped", Eip2537Proof.Encode(new Proof(proof.C, proof.B, proof.A)), inputs);
        yield return Make("-A", Eip2537Proof.Encode(new Proof(-proof.A, proof.B, proof.C)), inputs);
        yield return Make("random points", Eip2537Proof.Encode(new Proof(TrapdoorKey.G1(Fr.Random(rng)), TrapdoorKey.G2(Fr.Random(rng)), TrapdoorKey.G1(Fr.Random(rng)))), inputs);

        yield return Make("A at infinity", Patched(0, new byte[128]), inputs);
        yield return Make("B at infinity", Patched(128, new byte[256]), inputs);
        yield return Make("C at infinity", Patched(384, new byte[128]), inputs);
        yield return Make("A outside G1", Patched(0, Bytes.G1(Groth16Fixtures.G1PointOutsideSubgroup)), inputs);
        yield return Make("C outside G1", Patched(384, Bytes.G1(Groth16Fixtures.G1PointOutsideSubgroup)), inputs);
        yield return Make("B outside G2", Patched(128, Bytes.G2(Groth16Fixtures.TwistPointOutsideG2())), inputs);
        yield return Make("A off curve", Patched(0, Bytes.G1(G1Affine.FromCoordinatesUnchecked(proof.A.X, proof.A.Y + Fp.One))), inputs);
        yield return Make("B off curve", Patched(128, Bytes.G2(G2Affine.FromCoordinatesUnchecked(proof.B.X, proof.B.Y + Fp2.One))), inputs);
        yield return Make("C off curve", Patched(384, Bytes.G1(G1Affine.FromCoordinatesUnchecked(proof.C.X + Fp.One, proof.C.Y))), inputs);

        int coordinate = rng.Next(8);
        yield return Make($"coordinate {coordinate} = p", Patched(coordinate * 64 + 16, Bytes.BigEndian(P, 48)), inputs);
        yield return Make($"coordinate {coordinate} + p", Patched(coordinate * 64, Bytes.BigEndian(new BigInteger(encoded.AsSpan(coordinate * 64, 64), isUnsigned: true, isBigEndian: true) + P, 64)), inputs);
        yield return Make($"padding byte of coordinate {coordinate}", Patched(coordinate * 64 + rng.Next(16), [(byte)(1 + rng.Next(255))]), inputs);
        for (int f = 0; f < 3; f++)
        {
            int bit = rng.Next(Eip2537Proof.Size * 8);
            var flipped = (byte[])encoded.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            yield return Make($"bit {bit} flipped", flipped, inputs);
        }

        yield return Make("proof truncated to 511 bytes", encoded[..511], inputs);
        yield return Make("proof with 32 bytes more", [.. encoded, .. new byte[32]], inputs);
        yield return Make("empty proof", [], inputs);
        var calldata = VerifierCalldata.EncodeUnchecked(encoded, inputs);
        yield return Verdicts.Case("calldata with 1 byte more", contract, key.Prepared, [.. calldata, 0]);
        yield return Verdicts.Case("calldata with 32 bytes more", contract, key.Prepared, [.. calldata, .. new byte[32]]);
    }
}
