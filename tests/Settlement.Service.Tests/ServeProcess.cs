using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Settlement.Prover.Service;
using Settlement.Verifier.Venue;

namespace Settlement.Service.Tests;

/// <summary>
/// <c>settle serve</c> as a child process (<c>dotnet settle.dll</c> from the test's output folder, where the CLI project
/// reference puts it). Its output is kept for failure messages; <see cref="Kill"/> is SIGKILL.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _p;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The API's address (full silos).</summary>
    public Uri? Api { get; }

    private ServeProcess(Uri? api, string[] args)
    {
        Api = api;
        var psi = Settle(["serve", .. args]);
        psi.Environment["Logging__LogLevel__Default"] = "Warning"; // the silo's info log is large; its warnings and errors are kept
        psi.Environment["Logging__LogLevel__Settlement"] = "Information";
        _p = new Process { StartInfo = psi };
        _p.OutputDataReceived += (_, e) => Line(e.Data);
        _p.ErrorDataReceived += (_, e) => Line(e.Data);
        _p.Exited += (_, _) => _started.TrySetException(new Xunit.Sdk.XunitException($"settle serve exited with {_p.ExitCode} before it started:\n{Output}"));
        _p.EnableRaisingEvents = true;
        _p.Start();
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    /// <summary><c>dotnet settle.dll args…</c>, its output redirected.</summary>
    private static ProcessStartInfo Settle(string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "settle.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Runs another settle command to its end: its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        using var p = Process.Start(Settle(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TestDeployment.Patience);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException($"settle {string.Join(' ', args)} did not end"); }
        return (p.ExitCode, await stdout, await stderr);
    }

    private void Line(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (line.StartsWith("settle serve:", StringComparison.Ordinal)) _started.TrySetResult();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts a full silo with its API on 127.0.0.1 and a free port, and waits until it serves.</summary>
    public static Task<ServeProcess> Full(params string[] args)
    {
        var api = new Uri($"http://127.0.0.1:{TestDeployment.FreePort()}");
        return Started(new ServeProcess(api, ["--urls", api.ToString().TrimEnd('/'), .. Ports(), .. args]));
    }

    /// <summary>Starts a worker silo (<c>--role worker</c>) and waits until it runs.</summary>
    public static Task<ServeProcess> Worker(params string[] args) => Started(new ServeProcess(null, ["--role", "worker", .. Ports(), .. args]));

    private static string[] Ports() => ["--silo-port", TestDeployment.FreePort().ToString(), "--gateway-port", TestDeployment.FreePort().ToString()];

    private static async Task<ServeProcess> Started(ServeProcess p)
    {
        try { await p._started.Task.WaitAsync(TestDeployment.Patience); }
        catch { p.Dispose(); throw; }
        return p;
    }

    /// <summary>The silo port this process was given.</summary>
    public int SiloPort => int.Parse(_p.StartInfo.ArgumentList[_p.StartInfo.ArgumentList.IndexOf("--silo-port") + 1]);

    public HttpClient Http() => new() { BaseAddress = Api ?? throw new InvalidOperationException("a worker has no API"), Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>SIGKILL: no shutdown, no finaliser, as a power cut.</summary>
    public void Kill()
    {
        _p.Kill(entireProcessTree: true);
        _p.WaitForExit();
    }

    public void Dispose()
    {
        if (!_p.HasExited) Kill();
        _p.Dispose();
    }

    /// <summary>Posts batch k of <paramref name="d"/>'s chain; returns the batch number the service answered with 202.</summary>
    public static async Task<long> Post(HttpClient http, Deployment d, int k)
    {
        var r = await http.PostAsync("/v1/batches", new StringContent(TestDeployment.Batch(d, k), Encoding.UTF8, "application/json"));
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.Accepted, $"batch {k}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("batch").GetInt64();
    }

    public static async Task<JsonElement> Get(HttpClient http, string path) => await http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>
    /// Waits until <paramref name="path"/>'s JSON has <paramref name="field"/> = <paramref name="value"/>; a failure
    /// (timeout, or the service gone) carries the output of <paramref name="processes"/>.
    /// </summary>
    public static async Task Until(HttpClient http, string path, string field, long value, params ServeProcess[] processes)
    {
        try { await TestDeployment.Until(async () => (await Get(http, path)).GetProperty(field).GetInt64() == value, TestDeployment.Patience, $"{path} {field} = {value}"); }
        catch (Exception e) when (e is TimeoutException or HttpRequestException)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n" + string.Join("\n", processes.Select((p, i) => $"--- process {i} said:\n{p.Output}")));
        }
    }

    /// <summary>
    /// Bundles 0..count−1 fetched over HTTP are accepted in order by venue 0's verifier from genesis, and bundle
    /// <paramref name="count"/> does not exist: none missing, none twice.
    /// </summary>
    public static async Task AcceptAllInOrder(HttpClient http, Deployment d, long count)
    {
        using var svc = new SettlementService(d);
        var venue = new VenueVerifier(svc.Trust, 0, new MemoryRootStore());
        for (long n = 0; n < count; n++)
        {
            var verdict = venue.Accept(await http.GetByteArrayAsync($"/v1/bundles/{n}"));
            Assert.True(verdict.Accepted, $"batch {n}: {verdict.Message}");
        }
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync($"/v1/bundles/{count}")).StatusCode);
    }
}
