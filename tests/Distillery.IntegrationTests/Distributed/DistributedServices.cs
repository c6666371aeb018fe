using System.Net;
using System.Net.Sockets;
using Distillery.IntegrationTests.EndToEnd;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Processes;

namespace Distillery.IntegrationTests.Distributed;

/// <summary>
/// Every service as its own process, as in a cluster: Coordinator (Jobs API), Labeling,
/// Training (Students API) and Evaluation, over the test RabbitMQ (virtual host
/// <c>distributed</c>, away from other tests' consumers) and PostgreSQL. Each waits until its
/// readiness endpoint says the bus is connected, so no command is published before its queue exists.
/// Every API is protected as its host's settings say, each caller with a token of its own: the
/// client (<see cref="Token"/>) for the Jobs API, Labeling for Inference, Evaluation for Students.
/// Labeling reaches teachers only through the endpoints registered here (<c>inference</c> when
/// Inference runs, and <see cref="TestTeacherEndpoint"/> when given); the Coordinator knows their
/// names and kinds, never their keys.
/// </summary>
internal sealed class DistributedServices : IAsyncDisposable
{
    public const string Token = "e2e-secret-token";
    private const string InferenceToken = "labeling-to-inference-token";
    private const string StudentsToken = "evaluation-to-students-token";
    private readonly Dictionary<string, (ServiceProcess Process, string[] Arguments, int HttpPort)> _services = [];
    private readonly PrivateServers? _servers;
    private IReadOnlyList<string> _busSettings = [];

    private DistributedServices(PrivateServers? servers) => _servers = servers;

    public int CoordinatorPort { get; } = FreePort();

    public int TrainingPort { get; } = FreePort();

    public string Endpoint => $"http://127.0.0.1:{CoordinatorPort}";

    /// <summary>The Inference service's gRPC address, when it was started (a <c>local</c> teacher's <c>address</c>).</summary>
    public Uri? InferenceAddress { get; private set; }

    public string Output => string.Join("\n", _services.Select(service => $"--- {service.Key}:\n{service.Value.Process.Output}"));

    /// <summary>
    /// Starts the services; with <paramref name="inferenceModelFolder"/> also the Inference service,
    /// serving as <c>tiny</c> the synthetic tiny GGUF model it writes into that folder.
    /// <paramref name="coordinatorSettings"/> (<c>--Key=value</c>) override the Coordinator's,
    /// <paramref name="busSettings"/> every service's, <paramref name="labelingSettings"/> Labeling's. With <paramref name="servers"/> the services use
    /// that private RabbitMQ and PostgreSQL instead of the shared ones.
    /// </summary>
    public static async Task<DistributedServices> StartAsync(
        string? inferenceModelFolder = null, IReadOnlyList<string>? coordinatorSettings = null, TestTeacherEndpoint? teacher = null,
        IReadOnlyList<string>? busSettings = null, PrivateServers? servers = null, IReadOnlyList<string>? labelingSettings = null)
    {
        var services = new DistributedServices(servers);
        services._busSettings = busSettings ?? [];
        try
        {
            var endpoints = new List<TestTeacherEndpoint>();
            if (inferenceModelFolder is not null)
            {
                await services.StartInferenceAsync(inferenceModelFolder);
                endpoints.Add(new TestTeacherEndpoint("inference", "Inference", services.InferenceAddress!, InferenceToken));
            }

            if (teacher is not null)
            {
                endpoints.Add(teacher);
            }

            // The Coordinator first: it creates the corpus and job tables the others read.
            await services.StartAsync("coordinator", "Distillery.Coordinator.Host", "distillery-coordinator",
            [
                .. Grpc(services.CoordinatorPort), .. TestPrincipals.Principal(0, "e2e", Token), "--Distillery:Grpc:MaxReceiveMessageSize=67108864",
                "--Distillery:Coordinator:LabelBatchSize=40", .. endpoints.SelectMany(endpoint => endpoint.CoordinatorSettings), .. coordinatorSettings ?? [],
            ]);
            await Task.WhenAll(
                services.StartAsync("labeling", "Distillery.Labeling.Host", "distillery-labeling",
                    ["--Distillery:Labeling:LabelCache=Postgres", .. endpoints.SelectMany(endpoint => endpoint.LabelingSettings), .. labelingSettings ?? []]),
                services.StartAsync("training", "Distillery.Training.Host", "distillery-training", [.. Grpc(services.TrainingPort), .. TestPrincipals.Principal(0, "evaluation", StudentsToken)]),
                services.StartAsync("evaluation", "Distillery.Evaluation.Host", "distillery-evaluation",
                    [$"--Distillery:Evaluation:StudentsAddress=http://127.0.0.1:{services.TrainingPort}", $"--Distillery:Evaluation:StudentsToken={StudentsToken}"]));
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs the <c>distillery</c> client against this Coordinator with the token.</summary>
    /// <summary>
    /// What a user does with a job file: <c>distillery submit</c>, <c>watch</c> to the end and
    /// <c>report --format json</c> into <paramref name="file"/>, each asserted to succeed; the report's text.
    /// </summary>
    public async Task<string> SubmitWatchAndReportAsync(TimeSpan deadline, string job, string file)
    {
        var submitted = await CliAsync(deadline, "submit", job);
        Assert.True(submitted.ExitCode == 0, submitted.Output);
        var jobId = submitted.Output.Trim().Split('\n')[^1].Trim();
        var watched = await CliAsync(deadline, "watch", jobId);
        Assert.True(watched.ExitCode == 0, watched.Output);
        var report = await CliAsync(deadline, "report", jobId, "--format", "json", "-o", file);
        Assert.True(report.ExitCode == 0, report.Output);
        return await File.ReadAllTextAsync(file);
    }

    public Task<(int ExitCode, string Output)> CliAsync(TimeSpan deadline, params string[] arguments) =>
        DistilleryProcess.RunAsync(deadline, new Dictionary<string, string>(), [.. arguments, "--endpoint", Endpoint, "--token", Token]);

    /// <summary>SIGKILLs a service and starts it again with the same settings.</summary>
    public async Task RestartAsync(string name)
    {
        var (process, arguments, port) = _services[name];
        await process.KillAsync();
        var project = name switch { "coordinator" => "Coordinator", "labeling" => "Labeling", "training" => "Training", "inference" => "Inference", _ => "Evaluation" };
        _services[name] = (ServiceProcess.Start($"Distillery.{project}.Host", $"distillery-{name}", arguments), arguments, port);
        await WaitReadyAsync(name, port);
    }

    public async Task KillAsync(string name) => await _services[name].Process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _, _) in _services.Values)
        {
            await process.DisposeAsync();
        }
    }

    private static string[] Grpc(int port) =>
        [$"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{port}", "--Kestrel:Endpoints:Grpc:Protocols=Http2"];

    /// <summary>The Inference service needs neither bus nor database: models, gRPC and health only.</summary>
    private async Task StartInferenceAsync(string modelFolder)
    {
        var httpPort = FreePort();
        var grpcPort = FreePort();
        string[] arguments =
        [
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            .. Grpc(grpcPort),
            "--Distillery:Logging:Format=Text",
            "--Distillery:Inference:Models:0:Name=tiny",
            $"--Distillery:Inference:Models:0:Path={Path.Combine(modelFolder, "tiny.gguf")}",
            "--Distillery:Inference:Models:0:Synthetic=Tiny",
            "--Distillery:Inference:Models:0:ContextLength=4096",
            "--Distillery:Inference:Models:0:ParallelSequences=8",
            // One thread: the other services share the same cores.
            "--Distillery:Inference:Models:0:Threads=1",
            .. TestPrincipals.Principal(0, "labeling", InferenceToken),
        ];
        _services["inference"] = (ServiceProcess.Start("Distillery.Inference.Host", "distillery-inference", arguments), arguments, httpPort);
        await WaitReadyAsync("inference", httpPort);
        InferenceAddress = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    private async Task StartAsync(string name, string project, string assembly, string[] extra)
    {
        var httpPort = FreePort();
        var broker = _servers?.RabbitMq ?? TestServers.RabbitMq;
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        string[] arguments =
        [
            $"--Kestrel:Endpoints:Http:Url=http://127.0.0.1:{httpPort}",
            "--Distillery:Logging:Format=Text",
            "--Distillery:Bus:Transport=RabbitMq",
            $"--Distillery:Bus:Host={broker.Host}",
            $"--Distillery:Bus:Port={broker.Port}",
            "--Distillery:Bus:VirtualHost=distributed",
            $"--Distillery:Bus:Username={credentials[0]}",
            $"--Distillery:Bus:Password={credentials[1]}",
            .. TestSettings.FastRetries(3),
            .. _busSettings,
            $"--Distillery:Database:ConnectionString={_servers?.Postgres ?? TestServers.Postgres}",
            .. extra,
        ];
        _services[name] = (ServiceProcess.Start(project, assembly, arguments), arguments, httpPort);
        await WaitReadyAsync(name, httpPort);
    }

    private async Task WaitReadyAsync(string name, int httpPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_services[name].Process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited while starting:\n{_services[name].Process.Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health/ready"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{name} was not ready within 60 s:\n{_services[name].Process.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
