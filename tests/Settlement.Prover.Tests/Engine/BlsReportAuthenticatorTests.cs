using Settlement.Prover.Engine;
using Settlement.Verifier.Config;
using Settlement.Verifier.Bls;
using Settlement.Verifier.Bundles;
using static Settlement.Prover.Tests.Engine.EngineFixture;

namespace Settlement.Prover.Tests.Engine;

public class BlsReportAuthenticatorTests
{
    private static SecretKey Key(int n)
    {
        var ikm = new byte[32];
        ikm[0] = (byte)n; ikm[31] = 0x5a;
        return SecretKey.KeyGen(ikm);
    }

    [Fact]
    public void Signed_ticks_and_risk_updates_pass_and_tampered_or_short_ones_are_refused()
    {
        var oracle = new[] { Key(1), Key(2), Key(3) };
        var risk = new[] { Key(4), Key(5), Key(6) };
        var cfg = Config() with
        {
            Oracle = new CommitteeConfig([.. oracle.Select(RegisteredKey.Of)], 2),
            RiskCommittee = new CommitteeConfig([.. risk.Select(RegisteredKey.Of)], 2),
        };
        var auth = new BlsReportAuthenticator(cfg);
        var e = new SettlementEngine(cfg, auth);
        var configHash = e.ConfigHash;

        PriceTick Signed(PriceTick t)
        {
            var grouped = Commitments.ToOracleTick(t, []);
            var sigs = grouped.Signers.Select(s => PopScheme.Sign(oracle[s.Signer], OracleTick.Message(configHash, s.Signer, s.Reports))).ToArray();
            return t with { AggregateSignature = PopScheme.Aggregate(sigs).ToBytes() };
        }
        RiskUpdate SignedRisk(RiskUpdate u, int[] signers)
        {
            var msg = RiskParameters.Message(configHash, (ulong)u.Epoch, Commitments.Risk(u));
            var sigs = signers.Select(j => PopScheme.Sign(risk[j], msg)).ToArray();
            return u with { Signers = signers, AggregateSignature = PopScheme.Aggregate(sigs).ToBytes() };
        }

        var tick = Signed(Tick(T0, (Usdc, UsdcPrice), (Eth, EthPrice)));
        var update = SignedRisk(Risk(1), [0, 2]);
        // Tampering with one price after signing breaks the aggregate.
        var forged = tick with { Reports = [.. tick.Reports.Select((r, i) => i == 4 ? r with { Price = r.Price + 1 } : r)] };
        var ex = Assert.Throws<BatchRejectedException>(() => e.Apply([forged, update]));
        Assert.Equal(RejectReason.ReportNotAuthentic, ex.Reason);
        Assert.Equal(RejectReason.ReportNotAuthentic, Assert.Throws<BatchRejectedException>(() => e.Apply([tick, SignedRisk(Risk(1), [1])])).Reason);
        Assert.Equal(RejectReason.ReportNotAuthentic, Assert.Throws<BatchRejectedException>(() => e.Apply([tick, update with { Signers = [0, 1] }])).Reason);
        Assert.Equal(RejectReason.ReportNotAuthentic, Assert.Throws<BatchRejectedException>(() => e.Apply([tick with { AggregateSignature = null }])).Reason);
        var r = e.Apply([tick, update]);
        Assert.Equal(1L, r.Epoch);
        Assert.Equal(tick, r.Trace[0].Op);
    }

    [Fact]
    public void Keys_that_are_not_curve_points_are_refused_at_construction()
    {
        var c = Config();
        var notAPoint = new byte[48];
        notAPoint[0] = 0x80; notAPoint[47] = 3;
        var members = c.Oracle.Members.Select((m, j) => j == 0 ? m with { PublicKey = notAPoint } : m).ToArray();
        var ex = Assert.Throws<ConfigException>(() => new BlsReportAuthenticator(c with { Oracle = c.Oracle with { Members = members } }));
        Assert.Equal("$.oracle.members[0].publicKey", ex.Field);
    }
}
