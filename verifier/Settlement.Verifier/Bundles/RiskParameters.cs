using System.Buffers.Binary;
using Settlement.Verifier.Bls12381;

namespace Settlement.Verifier.Bundles;

/// <summary>Mark and per-unit Greeks of one instrument for an epoch (docs/spec.md §1.1 scales).</summary>
public readonly record struct InstrumentRisk(ulong Mark, long Delta, long Gamma);

/// <summary>
/// A RiskUpdate as carried by a bundle: the epoch's volatilities per asset and marks/Greeks per instrument, signed by
/// the risk committee (aggregate signature, signer bitmap).
/// </summary>
public sealed record RiskParameters(ulong Epoch, IReadOnlyList<ulong> Sigmas, IReadOnlyList<InstrumentRisk> Instruments,
    IReadOnlyList<int> Signers, byte[] AggregateSignature)
{
    /// <summary>Hash([e, σ_0..σ_{C−1}, per instrument M, Δ, Γ (signed as x mod r)], RiskCommitment).</summary>
    public Fr Commitment()
    {
        var e = new List<Fr> { Fr.FromUInt64(Epoch) };
        foreach (var s in Sigmas) e.Add(Fr.FromUInt64(s));
        foreach (var i in Instruments) { e.Add(Fr.FromUInt64(i.Mark)); e.Add(Fr.FromInt64(i.Delta)); e.Add(Fr.FromInt64(i.Gamma)); }
        return Poseidon.Poseidon.Hash(e.ToArray(), HashDomain.RiskCommitment);
    }

    /// <summary>The message every risk-committee member signs (docs/spec.md §6).</summary>
    public static byte[] Message(in Fr configHash, ulong epoch, in Fr riskCommitment)
    {
        var m = new byte[64 + 8 + 32];
        SignedMessages.WriteHeader(m, SignedMessages.RiskTag, configHash);
        BinaryPrimitives.WriteUInt64BigEndian(m.AsSpan(64), epoch);
        riskCommitment.ToBytesBE(m.AsSpan(72));
        return m;
    }
}
