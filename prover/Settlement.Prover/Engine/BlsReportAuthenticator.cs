using Settlement.Verifier.Config;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bls12381;
using Settlement.Verifier.Bundles;

namespace Settlement.Prover.Engine;

/// <summary>
/// Checks the oracle and risk-committee signatures of docs/spec.md §6 with the Ethereum BLS ciphersuite: the oracle
/// tick by AggregateVerify over each reporting member's message, the risk parameters by FastAggregateVerify of at least
/// a quorum of distinct members over one message. FastAggregateVerify is sound because the configuration is validated
/// here, which verifies every member's proof of possession; keys are decoded (curve and subgroup checked) once.
/// </summary>
public sealed class BlsReportAuthenticator : IReportAuthenticator
{
    private readonly Fr _configHash;
    private readonly PublicKey[] _oracle;
    private readonly PublicKey[] _risk;
    private readonly int _riskQuorum;

    public BlsReportAuthenticator(SettlementConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _configHash = Commitments.ConfigHash(config);
        _oracle = [.. config.Oracle.Members.Select(m => PublicKey.FromBytes(m.PublicKey))];
        _risk = [.. config.RiskCommittee.Members.Select(m => PublicKey.FromBytes(m.PublicKey))];
        _riskQuorum = config.RiskCommittee.Quorum;
    }

    public bool VerifyPriceTick(PriceTick tick, out string reason)
    {
        if (!TrySignature(tick.AggregateSignature, "oracle", out var sig, out reason)) return false;
        var grouped = Commitments.ToOracleTick(tick, tick.AggregateSignature!);
        if (grouped.Signers.Count == 0) { reason = "a signature over no reports"; return false; }
        var pks = new PublicKey[grouped.Signers.Count];
        var messages = new byte[grouped.Signers.Count][];
        for (int k = 0; k < pks.Length; k++)
        {
            var s = grouped.Signers[k];
            if (s.Signer < 0 || s.Signer >= _oracle.Length) { reason = $"signer {s.Signer} is not a committee member"; return false; }
            pks[k] = _oracle[s.Signer];
            messages[k] = OracleTick.Message(_configHash, s.Signer, s.Reports);
        }
        if (!PopScheme.AggregateVerify(pks, messages, sig!))
        {
            reason = $"the oracle aggregate signature does not verify for signers {string.Join(", ", grouped.Signers.Select(s => s.Signer))}";
            return false;
        }
        return true;
    }

    public bool VerifyRiskUpdate(RiskUpdate update, out string reason)
    {
        if (!TrySignature(update.AggregateSignature, "risk", out var sig, out reason)) return false;
        var signers = update.Signers ?? [];
        if (signers.Count < _riskQuorum) { reason = $"{signers.Count} risk-committee signers, quorum is {_riskQuorum}"; return false; }
        var pks = new PublicKey[signers.Count];
        for (int k = 0; k < pks.Length; k++)
        {
            if (signers[k] < 0 || signers[k] >= _risk.Length) { reason = $"signer {signers[k]} is not a risk-committee member"; return false; }
            if (k > 0 && signers[k] <= signers[k - 1]) { reason = "risk-committee signers must be distinct and increasing"; return false; }
            pks[k] = _risk[signers[k]];
        }
        var message = RiskParameters.Message(_configHash, (ulong)update.Epoch, Commitments.Risk(update));
        if (!PopScheme.FastAggregateVerify(pks, message, sig!))
        {
            reason = $"the risk-committee aggregate signature does not verify for signers {string.Join(", ", signers)}";
            return false;
        }
        return true;
    }

    private static bool TrySignature(byte[]? bytes, string who, out Signature? sig, out string reason)
    {
        sig = null;
        reason = "";
        if (bytes is null) { reason = $"the {who} inputs carry no aggregate signature"; return false; }
        if (!Signature.TryFromBytes(bytes, out sig, out var error)) { reason = $"the {who} aggregate signature is malformed: {error}"; return false; }
        return true;
    }
}
