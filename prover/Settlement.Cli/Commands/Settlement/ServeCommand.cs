using System.ComponentModel;
using Settlement.Cli.Commands.Groth16;
using Settlement.Prover.Store;
using Settlement.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;
// (Not "…Commands.Settlement": that name would shadow the root "Settlement" namespace in sibling folders.)

/// <summary>
/// <c>settle serve</c>: the prover service on this machine (docs/service.md): one Orleans silo in process with
/// localhost clustering, the deployment's SQLite store, and the HTTP API. Runs until Ctrl+C.
/// </summary>
internal sealed class ServeCommand : SettleCommand<ServeCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where the HTTP API listens (default http://127.0.0.1:5080; loopback unless you say otherwise)")]
        public string Urls { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--provers <N>")]
        [Description("Proofs run at once on this machine, each on --threads threads (default 1; 0: sequence and serve only)")]
        public int Provers { get; init; } = 1;

        [CommandOption("--lease <SECONDS>")]
        [Description("A prover's lease on a job; a job whose prover stops renewing it runs again after this (default 30)")]
        public int LeaseSeconds { get; init; } = 30;

        [CommandOption("--store <CONNECTION>")]
        [Description("A PostgreSQL connection string: the store shared by every machine of the service (default: the deployment's state.db)")]
        public string? Store { get; init; }

        [CommandOption("--silo-port <PORT>")]
        [Description("Orleans silo port on 127.0.0.1 (default 11111)")]
        public int SiloPort { get; init; } = 11111;

        [CommandOption("--gateway-port <PORT>")]
        [Description("Orleans gateway port on 127.0.0.1 (default 30000)")]
        public int GatewayPort { get; init; } = 30000;

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } v) return v;
            if (Provers < 0) return ValidationResult.Error($"--provers must be 0 or more, got {Provers}");
            if (LeaseSeconds < 2) return ValidationResult.Error($"--lease must be at least 2 seconds, got {LeaseSeconds}");
            if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
                return ValidationResult.Error($"--silo-port and --gateway-port must be two different ports in 1..65535, got {SiloPort} and {GatewayPort}");
            return ValidationResult.Success();
        }
    }

    protected override int Run(Settings s)
    {
        var lease = TimeSpan.FromSeconds(s.LeaseSeconds);
        var options = new ServiceOptions
        {
            DataDir = s.Data, Urls = s.Urls, Provers = s.Provers, Threads = s.Threads, Lease = lease, Heartbeat = lease / 6,
            SiloPort = s.SiloPort, GatewayPort = s.GatewayPort,
        };
        var app = SettlementHost.Build(options, s.Store is { } pg ? new PostgresSettlementStore(pg) : null);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (s.Json) CliJson.Write(Name, true, new { urls = s.Urls, provers = s.Provers });
            else AnsiConsole.MarkupLine($"settle serve: deployment {Markup.Escape(Path.GetFullPath(s.Data))}, API on [bold]{Markup.Escape(s.Urls)}[/], {s.Provers} prover(s); Ctrl+C stops");
        });
        app.Run();
        return Accepted;
    }
}
