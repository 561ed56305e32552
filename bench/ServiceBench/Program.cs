using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Settlement.Bench.Service;
using Settlement.Prover.Engine;
using Settlement.Prover.Service;
using Settlement.Service;
using Settlement.Verifier.Bls12381;

// The prover service's load harness (bench/ServiceBench/README.md):
//   ServiceBench intake     [--data DIR | (a tiny sample deployment)] [--url URL] [--requests N] [--warmup W] [--concurrency C] [--max-seconds S]
//   ServiceBench throughput --url URL --data DIR [--batches B] [--interval-ms T] [--max-minutes M] [--wait-silos N]
//   ServiceBench newdb      --pg CONNECTION      (prints the connection string of a new, empty database on that server)
var (mode, opt) = Args.Parse(args);
return mode switch
{
    "intake" => await Intake.Run(opt),
    "throughput" => await Throughput.Run(opt),
    "newdb" => NewDatabase(opt),
    _ => Args.Usage(),
};

static int NewDatabase(Dictionary<string, string> opt)
{
    var pg = opt.GetValueOrDefault("pg") ?? throw new ArgumentException("--pg <connection string> is required");
    var name = "settle_bench_" + Guid.NewGuid().ToString("N")[..12];
    using (var c = new Npgsql.NpgsqlConnection(pg))
    {
        c.Open();
        using var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c);
        cmd.ExecuteNonQuery();
    }
    Console.WriteLine(new Npgsql.NpgsqlConnectionStringBuilder(pg) { Database = name }.ConnectionString);
    return 0;
}

namespace Settlement.Bench.Service
{
    internal static class Args
    {
        public static (string Mode, Dictionary<string, string> Options) Parse(string[] args)
        {
            var opt = new Dictionary<string, string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"expected --name value, got '{args[i]}'");
                opt[args[i][2..]] = args[++i];
            }
            return (args.Length > 0 ? args[0] : "", opt);
        }

        public static int Int(this Dictionary<string, string> o, string name, int fallback) =>
            o.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public static int Usage()
        {
            Console.Error.WriteLine("usage: ServiceBench intake|throughput|newdb [options] (bench/ServiceBench/README.md)");
            return 2;
        }
    }

    /// <summary>Latency percentiles (nearest rank) of a sample, in milliseconds.</summary>
    internal static class Percentiles
    {
        public static double Of(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static string Describe(List<double> ms)
        {
            ms.Sort();
            return string.Create(CultureInfo.InvariantCulture, $"p50 {Of(ms, 0.5):F2} ms, p90 {Of(ms, 0.9):F2} ms, p99 {Of(ms, 0.99):F2} ms, max {ms[^1]:F2} ms ({ms.Count} samples)");
        }
    }

    /// <summary>
    /// A chain of valid batches for a sample deployment (settle init): batch 0 brings the oracle's prices and the risk
    /// committee's parameters, signed with the dev keys; every account op is a deposit that opens a new account, on the
    /// venues in turn.
    /// </summary>
    internal sealed class Chain(Deployment d)
    {
        public readonly Settlement.Verifier.Config.SettlementConfig Config = d.LoadConfig();
        public readonly DevKeys Keys = d.LoadDevKeys();
        public Fr ConfigHash => Commitments.ConfigHash(Config);
        private readonly Dictionary<int, long> _nextDeposit = [];
        private ulong _nextAccount = 1;

        /// <summary>The signed tick and risk update of batch 0 (the sample's two assets and two instruments).</summary>
        public IReadOnlyList<Operation> Genesis()
        {
            var signer = new DevSigner(ConfigHash, Keys);
            return
            [
                signer.Tick(1_000_000, Enumerable.Range(0, Config.Oracle.Members.Count).SelectMany(j => new[] { (0, j, 100_000_000L), (1, j, 300_000_000_000L) })),
                signer.Risk(1, [0, 3_377_000], [new(300_000_000_000, 100_000_000, 0), new(15_000_000_000, 50_000_000, 1_000_000_000)], Config.RiskCommittee.Quorum),
            ];
        }

        public Deposit NextDeposit()
        {
            ulong account = _nextAccount++;
            if (account >= 1UL << Config.TreeDepth) throw new InvalidOperationException($"the tree (depth {Config.TreeDepth}) has no room for account {account}: init the deployment with a larger --depth");
            int venue = (int)(account % (ulong)Config.V);
            long id = _nextDeposit.GetValueOrDefault(venue);
            _nextDeposit[venue] = id + 1;
            return new Deposit(venue, account, 0, 0, 1_000_000 * (long)account, id, Fr.FromUInt64(1000 + account));
        }
    }

    /// <summary>
    /// Submission intake on loopback: validate (JSON, venue, ops, BLS signature) and enqueue (one store insert), as
    /// <c>POST /v1/submissions</c> does. Closed loop: C clients each send the next pre-signed submission as soon as the
    /// last one is answered; stops after N requests or S seconds.
    /// </summary>
    internal static class Intake
    {
        public static async Task<int> Run(Dictionary<string, string> opt)
        {
            int n = opt.Int("requests", 2000), warmup = opt.Int("warmup", 200), concurrency = opt.Int("concurrency", 32), maxSeconds = opt.Int("max-seconds", 60);
            var dir = opt.GetValueOrDefault("data") ?? TinyDeployment(warmup + n);
            var d = new Deployment(dir);
            var chain = new Chain(d);

            Microsoft.AspNetCore.Builder.WebApplication? app = null;
            string url;
            if (opt.GetValueOrDefault("url") is { } given) url = given;
            else
            {
                // The service in this process with no prover.
                app = SettlementHost.Build(new ServiceOptions
                {
                    DataDir = dir, Urls = "http://127.0.0.1:0", Provers = 0, SiloPort = FreePort(), GatewayPort = FreePort(),
                    ClusterId = "intake-" + Guid.NewGuid().ToString("N"), BatchWindow = TimeSpan.FromMilliseconds(1),
                }, configure: b => b.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
                await app.StartAsync();
                url = app.Urls.Single();
            }
            try
            {
                // Batch 0 (prices and risk parameters, a complete batch) first: without it the engine refuses every
                // deposit and the sequencer would reject each submission as it arrives. After it, the first submission is
                // proposed and nobody co-signs, so the sequencer only answers its wake-ups while the rest is measured.
                using (var admin = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) })
                {
                    using var r = await admin.PostAsync("/v1/batches", new StringContent(BatchFile.Write(chain.Genesis()), Encoding.UTF8, "application/json"));
                    if (r.StatusCode != HttpStatusCode.Accepted) { Console.Error.WriteLine($"intake: batch 0 was answered {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}"); return 2; }
                }
                Console.WriteLine($"intake: signing {warmup + n} submissions (one deposit each) for {url}…");
                var bodies = new string[warmup + n];
                for (int i = 0; i < bodies.Length; i++)
                {
                    var dep = chain.NextDeposit();
                    bodies[i] = BatchFile.WriteSubmission(Submissions.Sign(chain.Keys.Venues[dep.Venue], chain.ConfigHash, dep.Venue, [dep]));
                }
                using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
                await Load(http, bodies[..warmup], concurrency, TimeSpan.FromSeconds(maxSeconds), "warm-up");
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var (latencies, statuses, elapsed) = await Load(http, bodies[warmup..], concurrency, TimeSpan.FromSeconds(maxSeconds), "measured");
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"intake: {latencies.Count} requests in {elapsed.TotalSeconds:F2} s = {latencies.Count / elapsed.TotalSeconds:F0} requests/s, concurrency {concurrency}; {Percentiles.Describe(latencies)}"));
                // The process's CPU time per request (with --url: the load generator's alone); on a loaded machine this
                // moves less than the wall-clock rate does.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"intake: CPU time of this process {cpu.TotalSeconds:F2} s = {cpu.TotalMilliseconds / Math.Max(1, latencies.Count):F3} ms per request"));
                Console.WriteLine("intake: statuses " + string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{(int)kv.Key}: {kv.Value}")));
                return statuses.Keys.All(s => s == HttpStatusCode.Accepted) && latencies.Count == n ? 0 : 1;
            }
            finally
            {
                if (app is not null) { await app.StopAsync(); await app.DisposeAsync(); }
            }
        }

        private static async Task<(List<double> Latencies, Dictionary<HttpStatusCode, int> Statuses, TimeSpan Elapsed)> Load(
            HttpClient http, string[] bodies, int concurrency, TimeSpan bound, string what)
        {
            int next = -1;
            var latencies = new List<double>(bodies.Length);
            var statuses = new Dictionary<HttpStatusCode, int>();
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Length && total.Elapsed < bound)
                {
                    var sw = Stopwatch.StartNew();
                    using var r = await http.PostAsync("/v1/submissions", new StringContent(bodies[i], Encoding.UTF8, "application/json"));
                    await r.Content.ReadAsByteArrayAsync();
                    double ms = sw.Elapsed.TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(ms);
                        statuses[r.StatusCode] = statuses.GetValueOrDefault(r.StatusCode) + 1;
                    }
                }
            })));
            if (total.Elapsed >= bound) Console.WriteLine($"intake: {what} stopped at the {bound.TotalSeconds:F0} s bound after {latencies.Count} of {bodies.Length} requests");
            return (latencies, statuses, total.Elapsed);
        }

        /// <summary>
        /// A sample deployment in a temporary folder: two ops per batch (batch 0 is the tick and the risk update), a tree
        /// just deep enough for one new account per submission, an INSECURE dev setup (intake never proves; the service
        /// only needs keys to start).
        /// </summary>
        private static string TinyDeployment(int accounts)
        {
            int depth = 4;
            while ((1L << depth) <= accounts) depth++;
            var dir = Directory.CreateTempSubdirectory("settle-intake-").FullName;
            Console.WriteLine($"intake: a sample deployment (tree depth {depth}) in {dir} (dev setup)…");
            var d = SampleDeployment.Init(dir, new SampleDeployment.Sizes(depth, 2, 2));
            using var svc = new SettlementService(d);
            svc.Setup();
            return dir;
        }

        public static int FreePort()
        {
            using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }
    }

    /// <summary>
    /// Throughput and latency of a running service (<c>settle serve</c> on a fresh deployment): B full batches (maxOps
    /// deposits each; batch 0 also the prices and risk parameters) posted at once or every T ms; each batch's latency is
    /// from its post to its bundle on the SSE stream; throughput is B over the first post to the last bundle.
    /// </summary>
    internal static class Throughput
    {
        public static async Task<int> Run(Dictionary<string, string> opt)
        {
            var url = opt.GetValueOrDefault("url") ?? throw new ArgumentException("--url of the running service is required");
            var d = new Deployment(opt.GetValueOrDefault("data") ?? throw new ArgumentException("--data (the service's deployment folder, for its config and dev keys) is required"));
            int batches = opt.Int("batches", 8), interval = opt.Int("interval-ms", 0), maxMinutes = opt.Int("max-minutes", 30);
            var chain = new Chain(d);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
            // --wait-silos n: the full silo and its workers have just been started; wait (2 minutes at most) until the
            // cluster counts n active silos.
            int silos = opt.Int("wait-silos", 0);
            var waited = Stopwatch.StartNew();
            JsonElement health;
            while (true)
            {
                try
                {
                    health = JsonDocument.Parse(await http.GetStringAsync("/health")).RootElement;
                    if (health.GetProperty("silos").GetInt32() >= silos) break;
                }
                catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromMinutes(2)) { }
                if (waited.Elapsed > TimeSpan.FromMinutes(2)) { Console.Error.WriteLine($"throughput: the cluster did not reach {silos} silos in 2 minutes"); return 2; }
                await Task.Delay(500);
            }
            if (health.GetProperty("batches").GetInt64() != 0) { Console.Error.WriteLine("throughput: the service's store already holds batches: start it on a fresh deployment (and database)"); return 2; }
            Console.WriteLine($"throughput: {batches} batches of {chain.Config.MaxOps} ops to {url}, {health.GetProperty("silos").GetInt32()} silo(s), {(interval == 0 ? "all at once" : $"one every {interval} ms")}");

            var bodies = new List<string>();
            for (int k = 0; k < batches; k++)
            {
                var ops = new List<Operation>(k == 0 ? chain.Genesis() : []);
                for (int j = 0; j < chain.Config.MaxOps; j++) ops.Add(chain.NextDeposit());
                bodies.Add(BatchFile.Write(ops));
            }

            var posted = new DateTimeOffset[batches];
            var arrived = new DateTimeOffset?[batches];
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(maxMinutes));
            using var stream = await http.GetAsync("/v1/bundles?after=-1", HttpCompletionOption.ResponseHeadersRead, stop.Token);
            var follow = Task.Run(async () =>
            {
                using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(stop.Token));
                int seen = 0;
                while (seen < batches && await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                    long n = JsonDocument.Parse(line[6..]).RootElement.GetProperty("batch").GetInt64();
                    if (n < batches) { arrived[n] = DateTimeOffset.UtcNow; seen++; }
                }
            });
            for (int k = 0; k < batches; k++)
            {
                posted[k] = DateTimeOffset.UtcNow;
                using var r = await http.PostAsync("/v1/batches", new StringContent(bodies[k], Encoding.UTF8, "application/json"));
                var answer = await r.Content.ReadAsStringAsync();
                if (r.StatusCode != HttpStatusCode.Accepted || JsonDocument.Parse(answer).RootElement.GetProperty("batch").GetInt64() != k)
                { Console.Error.WriteLine($"throughput: batch {k} was not queued as batch {k}: {(int)r.StatusCode} {answer}"); return 1; }
                if (interval > 0 && k + 1 < batches) await Task.Delay(interval);
            }
            try { await follow; }
            catch (OperationCanceledException) { Console.Error.WriteLine($"throughput: stopped at the {maxMinutes}-minute bound with {arrived.Count(a => a is not null)} of {batches} bundles"); return 1; }

            var latencies = Enumerable.Range(0, batches).Select(k => (arrived[k]!.Value - posted[k]).TotalMilliseconds).ToList();
            var prove = new List<double>();
            for (int k = 0; k < batches; k++)
                prove.Add(JsonDocument.Parse(await http.GetStringAsync($"/v1/batches/{k}")).RootElement.GetProperty("proveMs").GetInt64());
            var overhead = Enumerable.Range(0, batches).Select(k => latencies[k] - prove[k]).ToList();
            double wall = (arrived.Max()!.Value - posted[0]).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"throughput: {batches} batches in {wall:F1} s = {batches / wall:F4} batches/s = {batches * chain.Config.MaxOps / wall:F3} ops/s"));
            Console.WriteLine("throughput: latency (post → bundle on the stream) " + Percentiles.Describe(latencies));
            Console.WriteLine("throughput: prove time (the prover's own, per batch) " + Percentiles.Describe(prove));
            Console.WriteLine("throughput: latency − prove time (queueing and service overhead) " + Percentiles.Describe(overhead));
            return 0;
        }
    }
}
