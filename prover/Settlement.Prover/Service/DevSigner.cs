using Settlement.Prover.Engine;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Service;

/// <summary>
/// Signs price ticks, risk updates and batch digests with a sample deployment's dev keys (docs/spec.md §6), as the
/// oracle and risk committees and the venues would: each oracle member signs its own reports, the aggregate goes into
/// the tick; the risk members sign the same message; every venue signs the batch digest. SAMPLE / INSECURE: the keys
/// are public.
/// </summary>
public sealed class DevSigner(Fr configHash, DevKeys keys)
{
    /// <summary>A tick at <paramref name="time"/> with each (asset, signer, price) reported at time − 100 ms, signed by its signers.</summary>
    public PriceTick Tick(long time, IEnumerable<(int Asset, int Signer, long Price)> quotes)
    {
        var reports = quotes.Select(q => new PriceReport(q.Asset, q.Signer, q.Price, time - 100))
            .OrderBy(r => r.Asset).ThenBy(r => r.Signer).ToList();
        var unsigned = new PriceTick(time, reports);
        var grouped = Commitments.ToOracleTick(unsigned, []);
        var sigs = grouped.Signers.Select(s => PopScheme.Sign(keys.Oracle[s.Signer], OracleTick.Message(configHash, s.Signer, s.Reports))).ToArray();
        return unsigned with { AggregateSignature = PopScheme.Aggregate(sigs).ToBytes() };
    }

    /// <summary>A risk update for <paramref name="epoch"/> signed by the first <paramref name="signers"/> members.</summary>
    public RiskUpdate Risk(long epoch, long[] sigmas, InstrumentRisk[] instruments, int signers)
    {
        var update = new RiskUpdate(epoch, sigmas, instruments);
        var members = Enumerable.Range(0, signers).ToArray();
        var message = RiskParameters.Message(configHash, (ulong)epoch, Commitments.Risk(update));
        var sig = PopScheme.Aggregate([.. members.Select(j => PopScheme.Sign(keys.Risk[j], message))]);
        return update with { Signers = members, AggregateSignature = sig.ToBytes() };
    }

    /// <summary>
    /// Every venue's signature over the batch digest of <paramref name="statement"/>. A real venue checks the ops it
    /// submitted and signs at most one digest per (batchIndex, oldRoot); the sample plays every venue, so whoever calls
    /// this twice for one batch makes the dev keys equivocate.
    /// </summary>
    public byte[][] VenueSignatures(Statement statement)
    {
        var message = SignedMessages.BatchDigest(statement);
        return [.. keys.Venues.Select(k => PopScheme.Sign(k, message).ToBytes())];
    }
}
