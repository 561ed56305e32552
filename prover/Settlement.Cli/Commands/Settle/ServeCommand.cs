using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Settlement.Cli.Commands.Groth16;
using Settlement.Prover.Store;
using Settlement.Service;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Settlement.Cli.Commands.Settle;

/// <summary>
/// <c>settle serve</c>: the prover service on this machine (docs/service.md): one Orleans silo in process with
/// localhost clustering, the deployment's SQLite store, and the HTTP API; or, with <c>--cluster</c>, a silo of one
/// cluster over machines on PostgreSQL (<c>--role worker</c>: provers only). Runs until Ctrl+C.
/// </summary>
internal sealed class ServeCommand : SettleCommand<ServeCommand.Settings>
{
    public sealed class Settings : ProvingSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where the HTTP API listens (default http://127.0.0.1:5080; loopback unless you say otherwise). For --role worker: where its /metrics alone listens (default: no HTTP endpoint)")]
        public string? Urls { get; init; }

        internal string ApiUrls => Urls ?? "http://127.0.0.1:5080";

        [CommandOption("--provers <N>")]
        [Description("Proofs run at once on this machine, each on --threads threads (default 1; 0: sequence and serve only)")]
        public int Provers { get; init; } = 1;

        [CommandOption("--lease <SECONDS>")]
        [Description("A prover's lease on a job; a job whose prover stops renewing it runs again after this (default 30)")]
        public int LeaseSeconds { get; init; } = 30;

        [CommandOption("--batch-window <MS>")]
        [Description("Streaming flow (POST /v1/submissions): cut a batch once pending submissions hold maxOps ops, or once the oldest has waited this many milliseconds, whichever comes first (default 1000)")]
        public int BatchWindowMs { get; init; } = 1000;

        [CommandOption("--proposal-timeout <S>")]
        [Description("Streaming flow: a proposal that no venue has signed and not every venue approved within this many seconds is abandoned; the submissions of venues that did not approve it are refused, the others proposed again (default 30)")]
        public int ProposalTimeoutSeconds { get; init; } = 30;

        [CommandOption("--store <CONNECTION>")]
        [Description("A PostgreSQL connection string: the store shared by separate services, each its own cluster (default: the deployment's state.db)")]
        public string? Store { get; init; }

        [CommandOption("--cluster <CONNECTION>")]
        [Description("A PostgreSQL connection string: join one Orleans cluster over machines (ADO.NET clustering and reminders), the store on the same database; the tables are created when missing")]
        public string? Cluster { get; init; }

        [CommandOption("--role <ROLE>")]
        [Description("full (HTTP API, may host the sequencer and publisher, proves with --provers) or worker (provers only, no HTTP API; needs --cluster). Default full")]
        public string Role { get; init; } = "full";

        [CommandOption("--address <IP>")]
        [Description("With --cluster: the address the other silos reach this one at (default: this host's address as Orleans finds it)")]
        public string? Address { get; init; }

        [CommandOption("--cluster-id <ID>")]
        [Description("With --cluster: silos with the same id on one database form one service (default settlement)")]
        public string ClusterId { get; init; } = "settlement";

        [CommandOption("--silo-port <PORT>")]
        [Description("Orleans silo port (default 11111; on 127.0.0.1 unless --cluster)")]
        public int SiloPort { get; init; } = 11111;

        [CommandOption("--gateway-port <PORT>")]
        [Description("Orleans gateway port (default 30000; on 127.0.0.1 unless --cluster)")]
        public int GatewayPort { get; init; } = 30000;

        internal ServiceRole ParsedRole => Role switch { "full" => ServiceRole.Full, "worker" => ServiceRole.Worker, _ => throw new InvalidOperationException("validated") };

        public override ValidationResult Validate()
        {
            if (base.Validate() is { Successful: false } v) return v;
            if (Provers < 0) return ValidationResult.Error($"--provers must be 0 or more, got {Provers}");
            if (LeaseSeconds < 2) return ValidationResult.Error($"--lease must be at least 2 seconds, got {LeaseSeconds}");
            if (BatchWindowMs < 1) return ValidationResult.Error($"--batch-window must be at least 1 ms, got {BatchWindowMs}");
            if (ProposalTimeoutSeconds < 1) return ValidationResult.Error($"--proposal-timeout must be at least 1 second, got {ProposalTimeoutSeconds}");
            if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
                return ValidationResult.Error($"--silo-port and --gateway-port must be two different ports in 1..65535, got {SiloPort} and {GatewayPort}");
            if (Role is not ("full" or "worker")) return ValidationResult.Error($"--role must be full or worker, got '{Role}'");
            if (Cluster is null && (Role == "worker" || Address is not null))
                return ValidationResult.Error("--role worker and --address need --cluster (a worker proves for a cluster's sequencer)");
            if (Cluster is not null && Store is not null)
                return ValidationResult.Error("--cluster already puts the store on that PostgreSQL database: drop --store");
            if (Address is not null && !System.Net.IPAddress.TryParse(Address, out _)) return ValidationResult.Error($"--address must be an IP address, got '{Address}'");
            if (string.IsNullOrWhiteSpace(ClusterId)) return ValidationResult.Error("--cluster-id must not be empty");
            if (Role == "worker" && Provers < 1) return ValidationResult.Error($"a worker needs at least one prover, got --provers {Provers}");
            return ValidationResult.Success();
        }
    }

    protected override int Run(Settings s)
    {
        var lease = TimeSpan.FromSeconds(s.LeaseSeconds);
        var options = new ServiceOptions
        {
            DataDir = s.Data, Urls = s.ApiUrls, MetricsUrls = s.Role == "worker" ? s.Urls : null, Provers = s.Provers, Threads = s.Threads, Lease = lease, Heartbeat = lease / 6,
            BatchWindow = TimeSpan.FromMilliseconds(s.BatchWindowMs), ProposalTimeout = TimeSpan.FromSeconds(s.ProposalTimeoutSeconds),
            SiloPort = s.SiloPort, GatewayPort = s.GatewayPort, Cluster = s.Cluster, Role = s.ParsedRole, ClusterId = s.ClusterId,
            Address = s.Address is { } a ? System.Net.IPAddress.Parse(a) : null,
        };
        bool worker = options.Role == ServiceRole.Worker;
        IHost host = worker ? SettlementHost.BuildWorker(options) : SettlementHost.Build(options, s.Store is { } pg ? new PostgresSettlementStore(pg) : null);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
        {
            string where = s.Cluster is null ? "embedded (localhost clustering)" : $"cluster '{s.ClusterId}', silo port {s.SiloPort}";
            if (s.Json) CliJson.Write(Name, true, new { role = s.Role, urls = worker ? s.Urls : s.ApiUrls, provers = s.Provers, cluster = s.Cluster is not null, siloPort = s.SiloPort });
            else if (worker) AnsiConsole.MarkupLine($"settle serve: worker of {Markup.Escape(where)}, {s.Provers} prover(s){(s.Urls is { } m ? $", /metrics on {Markup.Escape(m)}" : "")}; Ctrl+C stops");
            else AnsiConsole.MarkupLine($"settle serve: deployment {Markup.Escape(Path.GetFullPath(s.Data))}, {Markup.Escape(where)}, API on [bold]{Markup.Escape(s.ApiUrls)}[/], {s.Provers} prover(s); Ctrl+C stops");
        });
        host.Run();
        return Accepted;
    }
}
