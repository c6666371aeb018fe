using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Distillery.Grpc;
using Distillery.Grpc.Client;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Health.V1;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// The real Training host (distillery-training.dll, as the image runs it) started with exactly
/// the environment the dev overlay gives its container (ConfigMap and Secrets resolved against the
/// test RabbitMQ and PostgreSQL, ports moved to free ones), then probed the way Kubernetes would:
/// gRPC health on the readiness probe's port, HTTP GET on the liveness probe's path and port.
/// </summary>
public sealed class TrainingHostProbeTests
{
    [KubernetesToolsAndServersFact]
    public async Task The_training_host_configured_by_the_dev_overlay_answers_its_gRPC_readiness_and_HTTP_liveness_probes()
    {
        var objects = Objects("deploy/k8s/overlays/dev");
        var (_, container) = Containers(objects).Single(c => Text(c.Container["name"]) == "training");
        var ports = container["ports"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => int.Parse(Text(p!["containerPort"]), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var moved = ports.ToDictionary(p => p.Value, _ => FreePort());

        var environment = Environment(objects, container);
        // The manifest's ports, moved: several test runs may share this machine.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("Kestrel__Endpoints__", StringComparison.Ordinal) && k.EndsWith("__Url", StringComparison.Ordinal)).ToList())
        {
            var url = new Uri(environment[key]);
            Assert.True(moved.ContainsKey(url.Port), $"{key} listens on {url.Port}, which is not a container port of the manifest");
            environment[key] = $"http://127.0.0.1:{moved[url.Port]}";
        }

        var broker = TestServers.RabbitMq;
        environment["Distillery__Bus__Host"] = broker.Host;
        environment["Distillery__Bus__Port"] = broker.Port.ToString(CultureInfo.InvariantCulture);
        // Its own virtual host: on "/" this real Training process would compete with the
        // in-process Training consumers of other tests for their TrainStudent commands.
        environment["Distillery__Bus__VirtualHost"] = "distributed";
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"); // no collector here

        var host = HostAssembly();
        var start = new ProcessStartInfo("dotnet", [host]) { WorkingDirectory = Path.GetDirectoryName(host)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Distillery__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var grpcPort = moved[int.Parse(Text(container["readinessProbe"]!["grpc"]!["port"]), CultureInfo.InvariantCulture)];
            using var channel = new GrpcChannel(new Uri($"http://127.0.0.1:{grpcPort}"));
            // As the startup probe does: call until SERVING (the host waits for the broker and migrates its schema first).
            HealthCheckResponse.Types.ServingStatus? status = null;
            var deadline = Stopwatch.StartNew();
            while (status != HealthCheckResponse.Types.ServingStatus.Serving && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                Assert.False(process.HasExited, $"the host exited with {(process.HasExited ? process.ExitCode : 0)}:\n{log}");
                try
                {
                    status = (await channel.UnaryAsync<HealthCheckResponse>("/grpc.health.v1.Health/Check", new HealthCheckRequest())).Status;
                }
                catch (Exception e) when (e is HttpRequestException or RpcException or IOException)
                {
                    await Task.Delay(250);
                }
            }

            Assert.True(status == HealthCheckResponse.Types.ServingStatus.Serving, $"no SERVING within 90 s (last: {status}):\n{log}");

            var liveness = container["livenessProbe"]!["httpGet"]!;
            var livePort = moved[ports[Text(liveness["port"])]];
            using var http = new HttpClient();
            using var live = await http.GetAsync(new Uri($"http://127.0.0.1:{livePort}{Text(liveness["path"])}"));
            Assert.True(live.IsSuccessStatusCode, $"GET {Text(liveness["path"])} answered {(int)live.StatusCode}");
            Assert.Contains("Healthy", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>The container's environment: envFrom ConfigMaps, then env (literal values, ConfigMap keys, and Secrets made up for the test servers).</summary>
    private static Dictionary<string, string> Environment(IReadOnlyList<JsonObject> objects, JsonObject container)
    {
        var broker = TestServers.RabbitMq;
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        var secrets = new Dictionary<(string, string), string>
        {
            [("distillery-rabbitmq", "username")] = credentials[0],
            [("distillery-rabbitmq", "password")] = credentials[1],
            [("distillery-postgresql", "connection-string")] = TestServers.Postgres,
        };
        JsonObject ConfigMap(string name) => objects.Single(o => Text(o["kind"]) == "ConfigMap" && Text(o["metadata"]!["name"]) == name)["data"]!.AsObject();

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            foreach (var (key, value) in ConfigMap(Text(source!["configMapRef"]!["name"])))
            {
                environment[key] = Text(value);
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            var name = Text(variable!["name"]);
            var from = variable["valueFrom"];
            environment[name] = from switch
            {
                null => Text(variable["value"]),
                _ when from["secretKeyRef"] is { } secret => secrets.TryGetValue((Text(secret["name"]), Text(secret["key"])), out var value)
                    ? value
                    : throw new InvalidOperationException($"the test has no value for Secret {Text(secret["name"])} key {Text(secret["key"])}"),
                _ when from["configMapKeyRef"] is { } map => Text(ConfigMap(Text(map["name"]))[Text(map["key"])]),
                _ => throw new InvalidOperationException($"{name}: unsupported valueFrom"),
            };
        }

        return environment;
    }

    /// <summary>services/Distillery.Training.Host's build output, in the configuration the tests were built in (the solution builds both).</summary>
    private static string HostAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = PathOf("services", "Distillery.Training.Host", "bin", configuration, "net10.0", "distillery-training.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build Distillery.slnx; make test does)");
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
