using System.Diagnostics;
using Npgsql;

namespace Settlement.Service.Tests;

/// <summary>
/// A PostgreSQL server for the store tests: the one named by the SETTLEMENT_PG connection string when set, else a
/// throwaway server started here (initdb and pg_ctl from /usr/lib/postgresql/*/bin, as the postgres user when running
/// as root, a temporary data folder, 127.0.0.1 and a free port), stopped when the tests end. When the binaries are
/// missing it installs the postgresql package with apt-get if it runs as root, and otherwise fails saying so: the
/// PostgreSQL tests never skip silently. Each <see cref="NewDatabase"/> is an empty database of its own.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Variable = "SETTLEMENT_PG";
    private readonly string _admin;
    private readonly string? _dataDir, _bin;

    public PostgresServer()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given) { _admin = given; return; }
        _bin = FindBinaries() ?? Install();
        _dataDir = Directory.CreateTempSubdirectory("settle-pg-").FullName;
        bool root = Environment.UserName == "root";
        if (root) Run("chown", "-R", "postgres:postgres", _dataDir);
        int port = TestDeployment.FreePort();
        As(root, Path.Combine(_bin, "initdb"), "-D", _dataDir, "-A", "trust", "-U", "postgres", "--no-sync");
        As(root, Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-h 127.0.0.1 -p {port} -k {_dataDir} -c fsync=off", "start");
        _admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>The connection string of a new, empty database.</summary>
    public string NewDatabase()
    {
        string name = "settle_" + Guid.NewGuid().ToString("N")[..16];
        using (var c = new NpgsqlConnection(_admin))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(_admin) { Database = name, Pooling = true }.ConnectionString;
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;

    private static string Install()
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb) and these tests do not run as root to install it: " +
                $"install the postgresql package, or set {Variable} to a connection string of a server the tests may create databases on");
        Run("apt-get", "install", "-y", "-q", "postgresql");
        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql, but /usr/lib/postgresql/*/bin/initdb is still missing");
    }

    private static void As(bool root, string exe, params string[] args)
    {
        if (root) Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        else Run(exe, args);
    }

    private static void Run(string exe, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} {string.Join(' ', args)} exited with {p.ExitCode}: {stderr}{stdout.Result}");
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDir is null || _bin is null) return;
        try { As(Environment.UserName == "root", Path.Combine(_bin, "pg_ctl"), "-D", _dataDir, "-m", "immediate", "stop"); }
        finally { Directory.Delete(_dataDir, recursive: true); }
    }
}
