using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Settlement.Verifier.Tests.Conformance;

namespace Settlement.Evm.Tests;

/// <summary>
/// Compiles and runs Solidity on the real EVM pinned in <c>tests/evm</c> (solc-js, @ethereumjs/evm with Prague rules):
/// one <c>node tests/evm/run.mjs</c> process per <see cref="Run"/>, which compiles the sources, deploys the contracts
/// and makes the calls in order. node comes from <c>NODE</c> when set, else <c>PATH</c>. When node or the packages are
/// missing, <see cref="Run"/> throws, saying to run <c>npm ci</c> in tests/evm: the tests fail rather than pass unrun.
/// </summary>
internal static class Evm
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    public static string Directory => Path.Combine(VectorCatalog.RepositoryRoot, "tests", "evm");

    /// <summary>A contract to deploy; <paramref name="Args"/> is the hex of its constructor arguments, where
    /// <c>&lt;name&gt;</c> stands for the address of a contract deployed before it.</summary>
    public sealed record Deploy(string Name, string File, string Contract, string? Args = null);

    /// <summary>A call; <paramref name="Static"/> false lets it change state, and it runs in block <paramref name="BlockNumber"/>.</summary>
    public sealed record Call(string To, byte[] Data, long? GasLimit = null, bool Static = true, long BlockNumber = 0)
    {
        /// <summary>Hex calldata in which <c>&lt;name&gt;</c> stands for a deployed contract's address (sent instead of <see cref="Data"/>).</summary>
        public string? Hex { get; init; }

        /// <summary>Report the gas of SLOAD, SSTORE and the LOG opcodes (<see cref="CallResult.StorageGas"/>); slow, for gas splits.</summary>
        public bool StorageGas { get; init; }
    }

    public sealed record CallResult(bool Success, string? Exception, byte[] ReturnData, long ExecutionGas, long CalldataGas, long TxGas,
        IReadOnlyDictionary<string, long> PrecompileGas, IReadOnlyDictionary<string, long>? StorageGas)
    {
        public override string ToString() =>
            Success ? $"success ({ExecutionGas} gas)" : $"{Exception} 0x{Convert.ToHexStringLower(ReturnData)}";
    }

    public sealed record Contract(string Address, long DeployGas, int CodeSize);
    public sealed record Result(string Compiler, string[] Warnings, IReadOnlyDictionary<string, Contract> Contracts, IReadOnlyList<CallResult> Calls);

    /// <summary>The precompiles' BLS12-381 backend: the EVM's default @noble/curves, or mcl-wasm (faster pairings).</summary>
    public enum Bls { Noble, Mcl }

    public static Result Run(IReadOnlyDictionary<string, string> sources, IReadOnlyList<Deploy> deploy, IReadOnlyList<Call> calls, Bls bls = Bls.Noble,
        TimeSpan? timeout = null)
    {
        var request = new JsonObject
        {
            ["bls"] = bls == Bls.Noble ? "noble" : "mcl",
            ["sources"] = new JsonObject(sources.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(s.Value)))),
            ["deploy"] = new JsonArray(deploy.Select(d => (JsonNode)new JsonObject { ["name"] = d.Name, ["file"] = d.File, ["contract"] = d.Contract, ["args"] = d.Args ?? "0x" }).ToArray()),
            ["calls"] = new JsonArray(calls.Select(c =>
            {
                var o = new JsonObject { ["to"] = c.To, ["data"] = c.Hex ?? "0x" + Convert.ToHexStringLower(c.Data), ["static"] = c.Static, ["blockNumber"] = c.BlockNumber };
                if (c.GasLimit is { } g) o["gasLimit"] = g;
                if (c.StorageGas) o["storageGas"] = true;
                return (JsonNode)o;
            }).ToArray()),
        };
        var requestPath = Path.GetTempFileName();
        try
        {
            File.WriteAllText(requestPath, request.ToJsonString());
            // To rerun a test's calls by hand (node tests/evm/run.mjs <file>), name a folder to keep the requests in.
            if (Environment.GetEnvironmentVariable("SETTLEMENT_EVM_REQUESTS") is { Length: > 0 } keep)
                File.Copy(requestPath, Path.Combine(keep, $"request-{DateTime.UtcNow:HHmmssfff}-{Environment.CurrentManagedThreadId}.json"));
            return Parse(RunNode(requestPath, timeout ?? Timeout));
        }
        finally { File.Delete(requestPath); }
    }

    private static string RunNode(string requestPath, TimeSpan timeout)
    {
        var script = Path.Combine(Directory, "run.mjs");
        if (!File.Exists(Path.Combine(Directory, "node_modules", "@ethereumjs", "evm", "package.json")))
            throw new InvalidOperationException($"the pinned EVM is not installed: run `npm ci` in {Directory}");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("NODE") is { Length: > 0 } n ? n : "node")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Directory,
        };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(requestPath);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (Win32Exception e) { throw new InvalidOperationException($"node could not be started ({e.Message}); install node 18+ or set NODE", e); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"run.mjs did not finish in {timeout}");
            }
            if (p.ExitCode != 0) throw new InvalidOperationException($"run.mjs exited with {p.ExitCode}: {stdout.Result}{stderr.Result}");
            return stdout.Result;
        }
    }

    private static Result Parse(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var contracts = root["contracts"]!.AsObject().ToDictionary(
            c => c.Key,
            c => new Contract((string)c.Value!["address"]!, (long)c.Value!["deployGas"]!, (int)c.Value!["codeSize"]!));
        var calls = root["calls"]!.AsArray().Select(c => new CallResult(
            (bool)c!["success"]!, (string?)c["exception"], Convert.FromHexString(((string)c["returnData"]!)[2..]),
            (long)c["executionGas"]!, (long)c["calldataGas"]!, (long)c["txGas"]!,
            c["precompileGas"]!.AsObject().ToDictionary(g => g.Key, g => (long)g.Value!),
            c["storageGas"]?.AsObject().ToDictionary(g => g.Key, g => (long)g.Value!))).ToList();
        return new Result((string)root["compiler"]!, root["warnings"]!.AsArray().Select(w => (string)w!).ToArray(), contracts, calls);
    }
}
