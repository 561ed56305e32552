using Settlement.Verifier.Bundles;
using Xunit.Abstractions;

namespace Settlement.Evm.Tests;

/// <summary>SettlementEscrow.sol on the pinned EVM: acceptance, collateral, exit claims, gas.</summary>
public class EscrowTests(ITestOutputHelper output)
{
    [Fact]
    public void An_honest_bundle_is_accepted_and_a_replay_refused()
    {
        var w = new EscrowWorld();
        var rng = new Random(1);
        var b0 = w.Bundle(rng, w.Genesis, 0).ToBytes();
        Assert.True(w.NewVenue().Accept(b0).Accepted);
        var r = Evm.Run(w.Sources(), EscrowWorld.Deploy(100), [EscrowWorld.Accept(b0), EscrowWorld.Accept(b0)], Evm.Bls.Mcl);
        output.WriteLine($"escrow code {r.Contracts["Escrow"].CodeSize} bytes, deployment {r.Contracts["Escrow"].DeployGas} gas");
        foreach (var c in r.Calls) output.WriteLine(c + " " + string.Join(", ", c.PrecompileGas.Select(p => $"{p.Key} {p.Value}")));
        Assert.True(r.Calls[0].Success, r.Calls[0].ToString());
        Assert.Equal(EscrowWorld.Error("UnexpectedOldRoot"), r.Calls[1].ReturnData);
    }
}
