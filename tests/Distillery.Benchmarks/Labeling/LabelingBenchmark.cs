using System.Diagnostics;
using System.Globalization;
using Distillery.Contracts.Labeling;
using Distillery.Grpc.Client;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.ServiceDefaults.Security;
using Distillery.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Spectre.Console;
using V1 = Distillery.Contracts.Grpc.V1;

namespace Distillery.Benchmarks.Labeling;

/// <summary>
/// <c>make bench-labeling</c>: labels/s through the Labeling service with the <c>local</c> teacher
/// on the synthetic tiny model, every service a process of its own (Inference with the host's
/// settings from <c>make up</c>, Labeling with its appsettings: 4 batches at once, 16 texts per
/// teacher call) over the real RabbitMQ and PostgreSQL that <c>scripts/bench-labeling.sh</c>
/// starts on private ports. The benchmark publishes every LabelBatch of a set (50 texts each) at
/// once and times until the last BatchLabeled. Runs:
/// (a) one Labeling process, then two consuming the same <c>label-batch</c> queue, each on a new
///     set of texts; Inference alone (the Classify calls one Labeling process makes for a set,
///     sent straight to Inference) bounds what the service can reach;
/// (b) each set relabelled as 8 new tasks with the same codebook and teacher: every text is
///     answered from the PostgreSQL label cache (keyed by model, prompt version, text hash);
/// (c) the services' own metrics (OTLP, pushed to a collector in this process every 250 ms):
///     the time each batch spent outside its calls to the model, and the time Inference spent in
///     llama.cpp steps. CPU per process from /proc.
/// Warm-up sets (JIT, connections, the codebook's prefix in Inference's cache) run before each
/// process count and are not timed.
/// </summary>
internal static class LabelingBenchmark
{
    private const string BatchDuration = "distillery_label_batch_duration";
    private const string TeacherCallDuration = "distillery_teacher_call_duration";
    private const string StepDuration = "distillery_inference_step_duration";
    private const string EvaluatedTokens = "distillery_inference_evaluated_tokens";

    /// <summary>Labeling's token for Inference in this run.</summary>
    private static readonly string InferenceToken = BearerTokens.New();
    private const int DirectClients = 4;
    private const int TeacherChunk = 16;

    /// <summary>A set is relabelled this many times (as as many new tasks) on the cache path, which is fast enough to need it for a measurable wall time.</summary>
    private const int CacheRounds = 8;

    public static async Task<int> RunAsync(int texts, int threads)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var broker = new Uri(Required("DISTILLERY_TEST_RABBITMQ"));
        var postgres = Required("DISTILLERY_TEST_POSTGRES");
        var root = RepositoryRoot();
        var models = Directory.CreateTempSubdirectory("distillery-bench-labeling-").FullName;
        var runs = new List<Run>();
        var hosts = new List<HostProcess>();
        try
        {
            await using var collector = await OtlpCollector.StartAsync();
            await using var database = NpgsqlDataSource.Create(postgres);
            var corpus = new CorpusStore(database);
            await corpus.MigrateAsync(CancellationToken.None);
            var workload = new LabelingWorkload();
            var events = new BatchEvents();
            using var bus = await StartBusAsync(broker, events);
            var publisher = bus.Services.GetRequiredService<IBus>();
            var cpu = new CpuProcesses(postgres);

            Console.WriteLine($"== {texts} texts a set, batches of {LabelingWorkload.BatchSize}, tiny model, {threads} llama.cpp thread(s); {Environment.ProcessorCount} cores, load {LoadAverage()} ==");
            var inferenceGrpc = HostProcess.FreePort();
            var inference = await HostProcess.StartAsync(root, "inference", "Distillery.Inference.Host", "distillery-inference",
            [
                $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{inferenceGrpc}",
                "--Kestrel:Endpoints:Grpc:Protocols=Http2",
                $"--Distillery:Native:Path={Path.Combine(root, "native", "linux-x64")}",
                $"--Distillery:Inference:ModelFolder={models}",
                "--Distillery:Inference:Models:0:Name=tiny",
                "--Distillery:Inference:Models:0:Path=tiny.gguf",
                "--Distillery:Inference:Models:0:Synthetic=Tiny",
                "--Distillery:Inference:Models:0:ContextLength=2048",
                "--Distillery:Inference:Models:0:ParallelSequences=8",
                $"--Distillery:Inference:Models:0:Threads={threads}",
                // Inference answers Labeling alone, as in a cluster (docs/operations.md, Security).
                "--Distillery:Auth:Principals:0:Name=labeling",
                $"--Distillery:Auth:Principals:0:TokenSha256={BearerTokens.Sha256(InferenceToken)}",
                .. Telemetry(collector, "inference"),
            ]);
            hosts.Add(inference);
            var inferenceAddress = new Uri($"http://127.0.0.1:{inferenceGrpc}");

            var labeling = new List<HostProcess>();
            async Task AddLabelingAsync()
            {
                var name = $"labeling-{labeling.Count + 1}";
                var host = await HostProcess.StartAsync(root, name, "Distillery.Labeling.Host", "distillery-labeling",
                [
                    "--Distillery:Bus:Transport=RabbitMq",
                    $"--Distillery:Bus:Host={broker.Host}",
                    $"--Distillery:Bus:Port={broker.Port}",
                    $"--Distillery:Database:ConnectionString={postgres}",
                    // The job's local teacher names the endpoint "inference"; its token comes by the environment.
                    "--Distillery:Labeling:Endpoints:inference:Kind=Inference",
                    $"--Distillery:Labeling:Endpoints:inference:BaseUrl={inferenceAddress}",
                    .. Telemetry(collector, name),
                ],
                new Dictionary<string, string> { ["Distillery__Labeling__Endpoints__inference__ApiKey"] = InferenceToken });
                hosts.Add(host);
                labeling.Add(host);
            }

            async Task<Run> TimeAsync(string name, int labels, Func<Task> work)
            {
                var services = (IReadOnlyList<string>)[inference.Name, .. labeling.Select(host => host.Name)];
                var before = await collector.SnapshotAsync(services, DateTime.UtcNow);
                var cpuBefore = cpu.Sample(hosts);
                var clock = Stopwatch.StartNew();
                await work();
                var wall = clock.Elapsed.TotalSeconds;
                var cpuAfter = cpu.Sample(hosts);
                var after = await collector.SnapshotAsync(services, DateTime.UtcNow);
                var run = new Run(name, labels, wall, cpuAfter.ToDictionary(pair => pair.Key, pair => (pair.Value - cpuBefore.GetValueOrDefault(pair.Key)) / wall, StringComparer.Ordinal),
                    services.ToDictionary(service => service, service => Delta(before[service], after[service]), StringComparer.Ordinal));
                runs.Add(run);
                Console.WriteLine($"{name}: {labels} labels in {wall:0.0} s, {labels / wall:0.0} labels/s");
                return run;
            }

            async Task LabelAsync(IReadOnlyList<LabelBatch> batches)
            {
                foreach (var batch in batches)
                {
                    await publisher.Publish(batch);
                }

                var all = events.AllLabeledAsync(batches);
                while (await Task.WhenAny(all, Task.Delay(1_000)) != all)
                {
                    hosts.ForEach(host => host.ThrowIfExited());
                }

                await all;
            }

            async Task<IReadOnlyList<LabelBatch>> TaskAsync(string taskId, IReadOnlyList<string> set) => await LabelingWorkload.TaskAsync(corpus, taskId, set);

            // The same texts, codebook and teacher as new tasks: the label store has nothing for them, the label cache everything.
            async Task<IReadOnlyList<LabelBatch>> CachedTasksAsync(string taskId, IReadOnlyList<string> set)
            {
                var batches = new List<LabelBatch>();
                for (var round = 1; round <= CacheRounds; round++)
                {
                    batches.AddRange(await TaskAsync($"{taskId}-{round}", set));
                }

                return batches;
            }

            var setOne = workload.NewTexts(texts);
            var setTwo = workload.NewTexts(texts);

            // One Labeling process.
            await AddLabelingAsync();
            await LabelAsync(await TaskAsync("warm-up-1", workload.NewTexts(600)));
            var freshOne = await TaskAsync("fresh-1", setOne);
            var one = await TimeAsync("1 replica, new texts", texts, () => LabelAsync(freshOne));
            var cachedOne = await CachedTasksAsync("cached-1", setOne);
            var oneCached = await TimeAsync("1 replica, cache hits", CacheRounds * texts, () => LabelAsync(cachedOne));
            Expect(events.Of(freshOne), cached: false);
            Expect(events.Of(cachedOne), cached: true);
            var direct = await TimeAsync("Inference alone", texts, () => ClassifyDirectAsync(inferenceAddress, setOne));

            // Two Labeling processes on the same queue.
            await AddLabelingAsync();
            await LabelAsync(await TaskAsync("warm-up-2", workload.NewTexts(400)));
            var freshTwo = await TaskAsync("fresh-2", setTwo);
            var two = await TimeAsync("2 replicas, new texts", texts, () => LabelAsync(freshTwo));
            var cachedTwo = await CachedTasksAsync("cached-2", setTwo);
            var twoCached = await TimeAsync("2 replicas, cache hits", CacheRounds * texts, () => LabelAsync(cachedTwo));
            Expect(events.Of(freshTwo), cached: false);
            Expect(events.Of(cachedTwo), cached: true);

            Print(runs, one, two, oneCached, twoCached, direct);
            return 0;
        }
        catch (Exception) when (hosts.Count > 0)
        {
            foreach (var host in hosts)
            {
                Console.Error.WriteLine($"--- {host.Name}, last output:\n{host.Output}");
            }

            throw;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            Directory.Delete(models, recursive: true);
        }
    }

    /// <summary>A timed run: labels, wall seconds, cores used per process, and each service's metric deltas.</summary>
    private sealed record Run(string Name, int Labels, double Wall, IReadOnlyDictionary<string, double> Cores, IReadOnlyDictionary<string, MetricsSnapshot> Metrics)
    {
        public double PerSecond => Labels / Wall;

        /// <summary>Labels per second of CPU the Inference process got: what the machine's other work cannot move much.</summary>
        public double PerInferenceCpuSecond => Labels / (Cores["inference"] * Wall);

        /// <summary>Summed over the Labeling processes.</summary>
        public (double Sum, long Count) Labeling(string instrument) =>
            Metrics.Where(pair => pair.Key.StartsWith("labeling", StringComparison.Ordinal))
                .Aggregate((Sum: 0.0, Count: 0L), (total, pair) => (total.Sum + pair.Value[instrument].Sum, total.Count + pair.Value[instrument].Count));
    }

    /// <summary>
    /// The Classify calls one Labeling process makes for <paramref name="texts"/>, straight to
    /// Inference: 4 batches at once (its ConcurrentBatches), each batch's 50 texts in calls of 16
    /// one after another (its TeacherChunkSize: 16 + 16 + 16 + 2), and nothing else.
    /// </summary>
    private static async Task ClassifyDirectAsync(Uri address, IReadOnlyList<string> texts)
    {
        using var channel = DistilleryChannel.Create(address, new ChannelSettings { BearerToken = InferenceToken });
        var client = new V1.Inference.InferenceClient(channel);
        var codebook = LabelingWorkload.InferenceCodebook();
        var batches = texts.Select((text, i) => new V1.TextItem { Id = $"t{i}", Text = text }).Chunk(LabelingWorkload.BatchSize).ToList();
        await Inference.ClientLoad.RunAsync(DirectClients, batches.Count, async batch =>
        {
            foreach (var chunk in batches[batch].Chunk(TeacherChunk))
            {
                var request = new V1.ClassifyRequest { Model = "tiny", Codebook = codebook, Mode = V1.ClassifyMode.Score };
                request.Texts.AddRange(chunk);
                await client.ClassifyAsync(request);
            }
        });
    }

    private static void Expect(IReadOnlyList<BatchLabeled> labeled, bool cached)
    {
        var documents = labeled.Sum(batch => batch.Documents);
        var hits = labeled.Sum(batch => batch.CacheHits);
        if (labeled.Sum(batch => batch.Labelled) != documents || hits != (cached ? documents : 0))
        {
            throw new InvalidOperationException($"expected {documents} labels with {(cached ? documents : 0)} cache hits, got {labeled.Sum(batch => batch.Labelled)} labels and {hits} hits");
        }
    }

    private static void Print(List<Run> runs, Run one, Run two, Run oneCached, Run twoCached, Run direct)
    {
        Console.WriteLine();
        var throughput = new Table().Title("(a), (b) labels/s through the Labeling service: local teacher, tiny model, batches of 50 published at once, timed to the last BatchLabeled")
            .AddColumns("run", "labels", "wall s", "labels/s", "labels per Inference CPU s", "batches per Labeling process");
        foreach (var run in new[] { one, two, oneCached, twoCached, direct })
        {
            var batches = string.Join(" / ", run.Metrics.Where(pair => pair.Key.StartsWith("labeling", StringComparison.Ordinal)).OrderBy(pair => pair.Key, StringComparer.Ordinal)
                .Select(pair => pair.Value[BatchDuration].Count.ToString(CultureInfo.InvariantCulture)));
            var perCpu = run == oneCached || run == twoCached ? "-" : F(run.PerInferenceCpuSecond, "0.0");
            throughput.AddRow(run == direct ? "Inference alone: the same Classify calls, no Labeling" : run.Name, F(run.Labels, "0"), F(run.Wall, "0.0"), F(run.PerSecond, "0.0"), perCpu, run == direct ? "-" : batches);
        }

        AnsiConsole.Write(throughput);
        Console.WriteLine($"(a) 2 replicas / 1 replica = {two.PerSecond / one.PerSecond:0.00}x labels/s, {two.PerInferenceCpuSecond / one.PerInferenceCpuSecond:0.00}x per Inference CPU second (new texts)");
        Console.WriteLine($"    1 replica / Inference alone = {one.PerSecond / direct.PerSecond:0.00}x labels/s, {one.PerInferenceCpuSecond / direct.PerInferenceCpuSecond:0.00}x per Inference CPU second");
        Console.WriteLine($"    bound: with new texts Inference was in a llama.cpp step {Busy(one):0} % (1 replica) and {Busy(two):0} % (2 replicas) of the wall time, on {one.Cores["inference"]:0.00} and {two.Cores["inference"]:0.00} cores");
        Console.WriteLine($"    (1 llama.cpp thread; the machine was {one.Cores["machine"]:0.00} and {two.Cores["machine"]:0.00} cores busy of {Environment.ProcessorCount}): the one Inference process is the bottleneck, not the Labeling");
        Console.WriteLine($"    processes ({one.Cores["labeling-1"]:0.00} and {two.Cores["labeling-1"] + two.Cores["labeling-2"]:0.00} cores). A second replica only queues more texts at Inference; the two runs differ by the CPU");
        Console.WriteLine("    share (and speed per CPU second) Inference gets on a machine shared with other work.");
        Console.WriteLine($"(b) cache hits / new texts = {oneCached.PerSecond / one.PerSecond:0.0}x labels/s (1 replica), {twoCached.PerSecond / two.PerSecond:0.0}x (2 replicas); 2 replicas / 1 replica on cache hits = {twoCached.PerSecond / oneCached.PerSecond:0.00}x");

        var processes = new[] { "inference", "labeling-1", "labeling-2", "postgres", "rabbitmq", "benchmark", "machine" };
        var cores = new Table().Title("CPU: cores used during each run (CPU seconds / wall seconds; a process's children included). machine = every process on it, other users' work included")
            .AddColumns(new[] { "run" }.Concat(processes).ToArray());
        foreach (var run in runs)
        {
            cores.AddRow(new[] { run.Name }.Concat(processes.Select(process => run.Cores.TryGetValue(process, out var used) ? F(used, "0.00") : "-")).ToArray());
        }

        AnsiConsole.Write(cores);

        var overhead = new Table().Title("(c) service overhead, from the services' metrics: per batch, the time outside the calls to the model (documents, label store, label cache, publish)")
            .AddColumns("run", "batches", "sum of batch s", "sum of teacher-call s", "outside teacher calls", "share of batch time", "Inference busy: steps / wall");
        foreach (var run in new[] { one, two })
        {
            var batch = run.Labeling(BatchDuration);
            var teacher = run.Labeling(TeacherCallDuration);
            var steps = run.Metrics["inference"][StepDuration].Sum;
            overhead.AddRow(run.Name, F(batch.Count, "0"), F(batch.Sum, "0.0"), F(teacher.Sum, "0.0"), F(batch.Sum - teacher.Sum, "0.00") + " s",
                F(100 * (batch.Sum - teacher.Sum) / batch.Sum, "0.0") + " %", F(100 * steps / run.Wall, "0") + " %");
        }

        overhead.AddRow(direct.Name, "-", "-", "-", "-", "-", F(100 * direct.Metrics["inference"][StepDuration].Sum / direct.Wall, "0") + " %");
        AnsiConsole.Write(overhead);

        // The same work should cost the engine the same tokens and steps whoever sends it; its speed per step-second is the CPU it got.
        var engine = new Table().Title("Inference's own metrics for the runs with new texts: the same work, whoever sends it")
            .AddColumns("run", "llama.cpp steps", "tokens evaluated per text", "tokens per step", "tokens per step-second", "labels/s");
        foreach (var run in new[] { one, two, direct })
        {
            var steps = run.Metrics["inference"][StepDuration];
            var tokens = run.Metrics["inference"][EvaluatedTokens].Sum;
            engine.AddRow(run.Name, F(steps.Count, "0"), F(tokens / run.Labels, "0.0"), F(tokens / steps.Count, "0"), F(tokens / steps.Sum, "0"), F(run.PerSecond, "0.0"));
        }

        AnsiConsole.Write(engine);
        var shares = new[] { one, two }.Select(run => 100 * (run.Labeling(BatchDuration).Sum - run.Labeling(TeacherCallDuration).Sum) / run.Labeling(BatchDuration).Sum);
        Console.WriteLine($"(c) overhead = sum over batches of (distillery_label_batch_duration - distillery_teacher_call_duration) / sum of distillery_label_batch_duration: {string.Join(", ", shares.Select(share => F(share, "0.0") + " %"))} (1, 2 replicas); goal < 5 %");
        Console.WriteLine("    batches overlap (4 at once per process), so this is a share of batch time, not of wall time; the publish of BatchLabeled and the message's delivery fall outside both.");
    }

    private static double Busy(Run run) => 100 * run.Metrics["inference"][StepDuration].Sum / run.Wall;

    private static MetricsSnapshot Delta(MetricsSnapshot before, MetricsSnapshot after) =>
        new(after.Instruments.ToDictionary(
            pair => pair.Key,
            pair => (pair.Value.Sum - before[pair.Key].Sum, pair.Value.Count - before[pair.Key].Count),
            StringComparer.Ordinal));

    private static string[] Telemetry(OtlpCollector collector, string service) =>
    [
        $"--OTEL_EXPORTER_OTLP_ENDPOINT={collector.Address}",
        "--OTEL_METRIC_EXPORT_INTERVAL=250",
        $"--OTEL_SERVICE_NAME={service}",
    ];

    private static async Task<IHost> StartBusAsync(Uri broker, BatchEvents events)
    {
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        var builder = Host.CreateApplicationBuilder(
        [
            "--Distillery:Logging:Format=Text",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:MassTransit=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime=Warning",
            "--Distillery:Bus:Transport=RabbitMq",
            $"--Distillery:Bus:Host={broker.Host}",
            $"--Distillery:Bus:Port={broker.Port}",
            $"--Distillery:Bus:Username={credentials[0]}",
            $"--Distillery:Bus:Password={credentials[1]}",
        ]);
        builder.AddServiceDefaults("bench-labeling");
        builder.Services.AddSingleton(events);
        builder.AddDistilleryBus(bus => bus.AddConsumer<BatchEventsConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run scripts/bench-labeling.sh (make bench-labeling), which starts the servers");

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Distillery.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Distillery.slnx) above " + AppContext.BaseDirectory);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>CPU seconds so far of the benchmark's processes, PostgreSQL and RabbitMQ (found by their ports), and the machine.</summary>
    private sealed class CpuProcesses(string postgres)
    {
        private readonly int? _postgres = ProcessCpu.Find("bin/postgres", $"-p {new NpgsqlConnectionStringBuilder(postgres).Port}");
        // tests/infra/servers.sh gives the broker's Erlang VM its state folder as home.
        private readonly int? _rabbitmq = Environment.GetEnvironmentVariable("DISTILLERY_TEST_SERVERS_DIR") is { Length: > 0 } servers
            ? ProcessCpu.Find("beam.smp", $"-home {Path.Combine(servers, "rabbitmq")} ")
            : null;

        public Dictionary<string, double> Sample(IEnumerable<HostProcess> hosts)
        {
            var seconds = hosts.ToDictionary(host => host.Name, host => ProcessCpu.TreeSeconds(host.Id), StringComparer.Ordinal);
            if (_postgres is { } postgresPid)
            {
                seconds["postgres"] = ProcessCpu.TreeSeconds(postgresPid);
            }

            if (_rabbitmq is { } rabbitPid)
            {
                seconds["rabbitmq"] = ProcessCpu.TreeSeconds(rabbitPid);
            }

            seconds["benchmark"] = ProcessCpu.TreeSeconds(Environment.ProcessId) - seconds.Where(pair => hosts.Any(host => host.Name == pair.Key)).Sum(pair => pair.Value);
            seconds["machine"] = ProcessCpu.MachineSeconds();
            return seconds;
        }
    }
}
