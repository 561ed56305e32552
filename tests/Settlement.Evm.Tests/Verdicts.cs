using System.Numerics;
using Settlement.Prover.Solidity;
using Settlement.Verifier.Groth16;

namespace Settlement.Evm.Tests;

/// <summary>One call to the verifier contract, and what the C# verifier says about the same calldata.</summary>
internal sealed record VerifierCase(string Label, string Contract, byte[] Calldata, byte[]? ExpectedRevert)
{
    public bool ExpectAccept => ExpectedRevert is null;
}

internal static class Verdicts
{
    /// <summary>The scalar field order r.</summary>
    public static readonly BigInteger R = BigInteger.Parse("52435875175126190479447740508185965837690552500527637822603658699938581184513");

    /// <summary>
    /// The C# verdict on calldata: <see cref="VerifierCalldata.Decode"/> then <see cref="Groth16Verifier.Verify"/>; null
    /// when it accepts, else the revert data the contract must give for the same refusal.
    /// </summary>
    public static byte[]? Expected(byte[] calldata, PreparedVerifyingKey key)
    {
        try
        {
            var (proof, inputs) = VerifierCalldata.Decode(calldata, key.PublicInputCount);
            return Groth16Verifier.Verify(key, proof, inputs) ? null : VerifierCalldata.RevertData(null);
        }
        catch (Groth16Exception e) { return VerifierCalldata.RevertData(e); }
    }

    public static VerifierCase Case(string label, string contract, PreparedVerifyingKey key, byte[] calldata) =>
        new(label, contract, calldata, Expected(calldata, key));

    /// <summary>Runs every case on the EVM in one process and fails listing each case where the contract disagrees.</summary>
    public static Evm.Result RunAndCompare(IReadOnlyDictionary<string, string> sources, IReadOnlyList<Evm.Deploy> deploy, IReadOnlyList<VerifierCase> cases,
        Evm.Bls bls = Evm.Bls.Noble)
    {
        var result = Evm.Run(sources, deploy, cases.Select(c => new Evm.Call(c.Contract, c.Calldata)).ToList(), bls);
        Assert.Empty(result.Warnings);
        Assert.Equal(cases.Count, result.Calls.Count);
        var mismatches = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            var (c, r) = (cases[i], result.Calls[i]);
            bool agree = c.ExpectAccept
                ? r.Success && r.ReturnData.Length == 0
                : !r.Success && r.Exception == "revert" && r.ReturnData.AsSpan().SequenceEqual(c.ExpectedRevert);
            if (!agree)
                mismatches.Add($"#{i} {c.Label} on {c.Contract}: C# {(c.ExpectAccept ? "accepts" : "refuses with 0x" + Convert.ToHexStringLower(c.ExpectedRevert!))}, contract: {r}");
        }
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {cases.Count} verdicts differ:\n" + string.Join("\n", mismatches));
        return result;
    }
}
