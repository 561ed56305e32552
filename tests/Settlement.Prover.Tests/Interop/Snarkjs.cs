using System.ComponentModel;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Settlement.Prover.Tests.Interop;

/// <summary>
/// Runs the real snarkjs (the version pinned in <c>tests/interop/package.json</c>) from tests.
/// <para>
/// API, for tests that check our Groth16 files against snarkjs:
/// <list type="bullet">
/// <item><c>Snarkjs.Run("groth16", "verify", vk, pub, proof)</c> runs <c>snarkjs groth16 verify …</c> and returns a
/// <see cref="SnarkjsResult"/> (exit code, stdout, stderr with ANSI colours removed, elapsed time). Arguments are passed
/// as-is (no shell); pass full paths, since snarkjs runs with <c>tests/interop</c> as its working folder. The default timeout is <see cref="DefaultTimeout"/>; <c>Run(timeout, args…)</c> takes another.
/// On timeout the process tree is killed and a <see cref="TimeoutException"/> is thrown.</item>
/// <item><c>Snarkjs.Groth16Verify(vk, pub, proof)</c>: the same, returning the result; <c>result.Verified</c> is true
/// only when snarkjs exited 0 and printed <c>OK!</c>. Typical use:
/// <c>var r = Snarkjs.Groth16Verify(...); Assert.True(r.Verified, r.ToString());</c></item>
/// <item><c>Snarkjs.Groth16Prove(zkey, wtns, proofOut, publicOut)</c>: <c>snarkjs groth16 prove</c> (throws
/// <see cref="SnarkjsFailedException"/> on a non-zero exit), so our verifier can be checked on snarkjs proofs made now.</item>
/// <item><see cref="RepositoryRoot"/> (the folder holding <c>Settlement.sln</c>, found by walking up from the test
/// assembly), <see cref="InteropDirectory"/>, <see cref="CliPath"/>, <see cref="NodePath"/>.</item>
/// </list>
/// node is taken from the <c>NODE</c> environment variable when set, else from <c>PATH</c>. snarkjs is
/// <c>tests/interop/node_modules/.bin/snarkjs</c>, run as <c>node &lt;that file&gt;</c>. When either is missing every
/// call throws <see cref="SnarkjsNotInstalledException"/>, whose message says to run <c>npm ci</c> in
/// <c>tests/interop</c>: interop tests fail loudly rather than pass without having run snarkjs.
/// </para>
/// Calls are independent and thread-safe (each starts its own process). Files live in <see cref="Fixtures"/>.
/// </summary>
public static class Snarkjs
{
    /// <summary>Generous for the small fixtures (a BLS12-381 verify takes ~0.5 s, a 1000-constraint prove ~1 s) on a busy 2-core CI machine.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static string RepositoryRoot => s_root.Value;
    public static string InteropDirectory => Path.Combine(RepositoryRoot, "tests", "interop");
    public static string CliPath => Path.Combine(InteropDirectory, "node_modules", ".bin", "snarkjs");
    public static string NodePath => s_node.Value ?? throw NotInstalled($"node was not found (NODE is unset and no node on PATH)");

    static readonly Lazy<string> s_root = new(FindRepositoryRoot);
    static readonly Lazy<string?> s_node = new(FindNode);
    static readonly Regex s_ansi = new(@"\x1B\[[0-9;]*[A-Za-z]", RegexOptions.Compiled);

    /// <summary>Throws <see cref="SnarkjsNotInstalledException"/> unless node and the pinned snarkjs are present.</summary>
    public static void EnsureInstalled()
    {
        _ = NodePath;
        if (!File.Exists(CliPath))
            throw NotInstalled($"snarkjs is not installed: {CliPath} does not exist");
    }

    public static SnarkjsResult Run(params string[] args) => Run(DefaultTimeout, args);

    public static SnarkjsResult Run(TimeSpan timeout, params string[] args)
    {
        EnsureInstalled();
        var psi = new ProcessStartInfo(NodePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = InteropDirectory,
        };
        psi.ArgumentList.Add(CliPath);
        foreach (var a in args) psi.ArgumentList.Add(a);

        var watch = Stopwatch.StartNew();
        using var p = new Process { StartInfo = psi };
        try { p.Start(); }
        catch (Win32Exception e) { throw NotInstalled($"could not start node at {NodePath}: {e.Message}"); }
        p.StandardInput.Close(); // snarkjs asks for entropy on stdin when none is given: make that fail, not hang.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit();
            throw new TimeoutException($"snarkjs {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }
        p.WaitForExit(); // drains the redirected streams
        return new SnarkjsResult(args, p.ExitCode, s_ansi.Replace(stdout.Result, ""), s_ansi.Replace(stderr.Result, ""), watch.Elapsed);
    }

    /// <summary><c>snarkjs groth16 verify vk public proof</c>. Check <see cref="SnarkjsResult.Verified"/>.</summary>
    public static SnarkjsResult Groth16Verify(string verificationKeyJson, string publicJson, string proofJson)
        => Run("groth16", "verify", verificationKeyJson, publicJson, proofJson);

    /// <summary><c>snarkjs groth16 prove zkey wtns proof public</c>; throws <see cref="SnarkjsFailedException"/> unless it exits 0.</summary>
    public static SnarkjsResult Groth16Prove(string zkey, string witnessWtns, string proofJsonOut, string publicJsonOut)
        => Run("groth16", "prove", zkey, witnessWtns, proofJsonOut, publicJsonOut).EnsureSuccess();

    static SnarkjsNotInstalledException NotInstalled(string what)
        => new($"{what}. Install the pinned snarkjs with `npm ci` in {InteropDirectory} (node 18+ and npm needed); " +
               "the snarkjs interop tests cannot run without it.");

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Settlement.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Settlement.sln in {AppContext.BaseDirectory} or any parent folder");
    }

    static string? FindNode()
    {
        var env = Environment.GetEnvironmentVariable("NODE");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }
}

/// <summary>One snarkjs run: its arguments, exit code, stdout and stderr (ANSI colour codes removed) and wall time.</summary>
public sealed record SnarkjsResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    /// <summary>True for a <c>groth16 verify</c> that accepted: exit code 0 and <c>OK!</c> printed.</summary>
    public bool Verified => ExitCode == 0 && Stdout.Contains("OK!", StringComparison.Ordinal);

    public SnarkjsResult EnsureSuccess() => ExitCode == 0 ? this : throw new SnarkjsFailedException(this);

    public override string ToString()
        => $"snarkjs {string.Join(' ', Args)} -> exit {ExitCode} in {Elapsed.TotalSeconds:0.00} s\n--- stdout\n{Stdout.TrimEnd()}\n--- stderr\n{Stderr.TrimEnd()}";
}

/// <summary>node or the pinned snarkjs is missing; the message says how to install it.</summary>
public sealed class SnarkjsNotInstalledException(string message) : Exception(message);

/// <summary>A snarkjs command that had to succeed exited non-zero; the message holds its output.</summary>
public sealed class SnarkjsFailedException(SnarkjsResult result) : Exception(result.ToString())
{
    public SnarkjsResult Result { get; } = result;
}
