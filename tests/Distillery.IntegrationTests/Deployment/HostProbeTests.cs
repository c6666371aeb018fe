using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// Each real host (distillery-*.dll, as its image runs it) started with exactly the environment
/// the dev overlay gives its container (ConfigMap and Secrets resolved against the test RabbitMQ
/// and PostgreSQL, ports moved to free ones), then probed the way Kubernetes would, as the
/// manifest says: the startup probe until it passes, then readiness and liveness, each over gRPC
/// health or HTTP GET on its port. Every host that exists in services/ and has a container in the
/// overlay is probed (a planned host, not written yet, is not). Each run gets a database of its
/// own and the test broker's "deployment-probes" virtual host (tests/infra/servers.sh), so the
/// hosts neither take other tests' messages nor see their jobs.
/// </summary>
public sealed class HostProbeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartupDeadline = TimeSpan.FromSeconds(90);

    public static TheoryData<string> Components()
    {
        var data = new TheoryData<string>();
        foreach (var assembly in CodeCatalogue.HostProjects().Values.Where(a => a.StartsWith("distillery-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(assembly["distillery-".Length..]);
        }

        return data;
    }

    [Fact]
    public void The_hosts_probed_include_every_service_host_in_main_today()
    {
        var probed = ((IEnumerable<object[]>)Components()).Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string>(["coordinator", "labeling", "training", "evaluation"], StringComparer.Ordinal), probed);
    }

    [KubernetesToolsAndServersTheory]
    [MemberData(nameof(Components))]
    public async Task The_host_configured_by_the_dev_overlay_answers_its_startup_readiness_and_liveness_probes(string component)
    {
        var objects = Objects("deploy/k8s/overlays/dev");
        var (_, container) = Containers(objects).Single(c => Text(c.Container["name"]) == component);
        var ports = container["ports"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => int.Parse(Text(p!["containerPort"]), CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var moved = ports.ToDictionary(p => p.Value, _ => FreePort());
        await using var database = await ScratchDatabase.CreateAsync("distillery_probe");

        using var secretFiles = new SecretFiles();
        var environment = Environment(objects, container, database.ConnectionString);
        // Secrets mounted as files: written to a folder of the test's, and the paths the environment names moved there.
        foreach (var (mountPath, folder) in secretFiles.Mount(Containers(objects).Single(c => Text(c.Container["name"]) == component).Workload, container))
        {
            foreach (var key in environment.Keys.Where(k => environment[k].StartsWith(mountPath + "/", StringComparison.Ordinal)).ToList())
            {
                environment[key] = folder + environment[key][mountPath.Length..];
            }
        }

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
        environment["Distillery__Bus__VirtualHost"] = "deployment-probes";
        environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"); // no collector here

        var host = HostAssembly(component);
        var start = new ProcessStartInfo("dotnet", [host]) { WorkingDirectory = Path.GetDirectoryName(host)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Distillery__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("Kestrel__", StringComparison.Ordinal)).ToList())
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
            // As the kubelet does: the startup probe until it passes (the host waits for the broker
            // and migrates its schema first), then readiness and liveness must pass.
            var clock = Stopwatch.StartNew();
            string? failure = "not probed yet";
            while (clock.Elapsed < StartupDeadline && (failure = await ProbeAsync(container["startupProbe"]!, ports, moved)) is not null)
            {
                Assert.False(process.HasExited, $"{component} exited with {(process.HasExited ? process.ExitCode : 0)}:\n{log}");
                await Task.Delay(250);
            }

            Assert.True(failure is null, $"{component}: the startup probe did not pass within {StartupDeadline.TotalSeconds:0} s ({failure}):\n{log}");
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                var result = await ProbeAsync(container[probe]!, ports, moved);
                Assert.True(result is null, $"{component}: {probe} failed: {result}\n{log}");
            }

            output.WriteLine($"{component}: startup ({Describe(container["startupProbe"]!)}) passed after {clock.Elapsed.TotalSeconds:0.0} s; readiness ({Describe(container["readinessProbe"]!)}) and liveness ({Describe(container["livenessProbe"]!)}) pass");
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

    /// <summary>One probe as the kubelet runs it: null when it passes, otherwise why not.</summary>
    private static async Task<string?> ProbeAsync(JsonNode probe, Dictionary<string, int> ports, Dictionary<int, int> moved)
    {
        int Port(JsonNode? port) => moved[int.TryParse(Text(port), CultureInfo.InvariantCulture, out var number) ? number : ports[Text(port)]];
        try
        {
            if (probe["grpc"] is { } grpc)
            {
                using var channel = GrpcClients.Channel(new Uri($"http://127.0.0.1:{Port(grpc["port"])}"));
                var status = (await GrpcClients.Health(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync).Status;
                return status == HealthCheckResponse.Types.ServingStatus.Serving ? null : $"gRPC health: {status}";
            }

            var httpGet = probe["httpGet"] ?? throw new InvalidOperationException($"unsupported probe {probe.ToJsonString()}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port(httpGet["port"])}{Text(httpGet["path"])}"));
            // The kubelet counts 200-399 as success.
            return (int)response.StatusCode is >= 200 and < 400 ? null : $"GET {Text(httpGet["path"])}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (Exception e) when (e is HttpRequestException or RpcException or IOException or TaskCanceledException)
        {
            return e.GetType().Name + ": " + e.Message;
        }
    }

    private static string Describe(JsonNode probe) =>
        probe["grpc"] is { } grpc ? $"gRPC health on {Text(grpc["port"])}" : $"GET {Text(probe["httpGet"]!["path"])} on {Text(probe["httpGet"]!["port"])}";

    /// <summary>The container's environment: envFrom ConfigMaps, then env (literal values, ConfigMap keys, and Secrets made up for the test servers; an optional Secret key the test has no value for is left out, as Kubernetes leaves out a missing one).</summary>
    private static Dictionary<string, string> Environment(IReadOnlyList<JsonObject> objects, JsonObject container, string connectionString)
    {
        var broker = TestServers.RabbitMq;
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        var secrets = new Dictionary<(string, string), string>
        {
            [("distillery-rabbitmq", "username")] = credentials[0],
            [("distillery-rabbitmq", "password")] = credentials[1],
            [("distillery-postgresql", "connection-string")] = connectionString,
            [("distillery-service-tokens", "labeling")] = "probe-labeling-token",
            [("distillery-service-tokens", "evaluation")] = "probe-evaluation-token",
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
            if (from?["secretKeyRef"] is { } secret)
            {
                if (secrets.TryGetValue((Text(secret["name"]), Text(secret["key"])), out var value))
                {
                    environment[name] = value;
                }
                else if (Text(secret["optional"]) != "true")
                {
                    throw new InvalidOperationException($"the test has no value for Secret {Text(secret["name"])} key {Text(secret["key"])}");
                }

                continue;
            }

            environment[name] = from switch
            {
                null => Text(variable["value"]),
                _ when from["configMapKeyRef"] is { } map => Text(ConfigMap(Text(map["name"]))[Text(map["key"])]),
                _ => throw new InvalidOperationException($"{name}: unsupported valueFrom"),
            };
        }

        return environment;
    }

    /// <summary>services/Distillery.X.Host's build output, in the configuration the tests were built in (the test project references the hosts).</summary>
    private static string HostAssembly(string component)
    {
        var project = CodeCatalogue.HostProjects().Single(host => host.Value == "distillery-" + component).Key;
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(Path.GetDirectoryName(PathOf(project.Split('/')))!, "bin", configuration, "net10.0", $"distillery-{component}.dll");
        Assert.True(File.Exists(path), $"{path} is missing: build the solution (dotnet build Distillery.slnx; make test does)");
        return path;
    }

    /// <summary>The Secrets a container mounts as files, written to temporary folders with what the test makes up for them.</summary>
    private sealed class SecretFiles : IDisposable
    {
        private static readonly Dictionary<(string Secret, string Key), string> Contents = new()
        {
            [("distillery-principals", "jobs.json")] = Principal("researcher", "probe-test-token"),
            [("distillery-principals", "inference.json")] = Principal("labeling", "probe-labeling-token"),
            [("distillery-principals", "students.json")] = Principal("evaluation", "probe-evaluation-token"),
        };

        private readonly List<string> _folders = [];

        /// <summary>Each secret volume the container mounts, as (its mount path, the folder that stands for it).</summary>
        public IEnumerable<(string MountPath, string Folder)> Mount(JsonObject workload, JsonObject container)
        {
            var volumes = (workload["spec"]!["template"]!["spec"]!["volumes"]?.AsArray() ?? []).ToDictionary(v => Text(v!["name"]), v => v!, StringComparer.Ordinal);
            foreach (var mount in container["volumeMounts"]?.AsArray() ?? [])
            {
                if (volumes[Text(mount!["name"])]["secret"] is not { } secret)
                {
                    continue;
                }

                var folder = Directory.CreateTempSubdirectory("distillery-probe-secret-").FullName;
                _folders.Add(folder);
                foreach (var item in secret["items"]!.AsArray())
                {
                    var key = (Text(secret["secretName"]), Text(item!["key"]));
                    Assert.True(Contents.ContainsKey(key), $"the test has no content for Secret {key.Item1} key {key.Item2}");
                    File.WriteAllText(Path.Combine(folder, Text(item["path"])), Contents[key]);
                }

                yield return (Text(mount["mountPath"]), folder);
            }
        }

        public void Dispose() => _folders.ForEach(folder => Directory.Delete(folder, recursive: true));

        private static string Principal(string name, string token) =>
            $$"""[{"name": "{{name}}", "tokenSha256": "{{ServiceDefaults.Security.BearerTokens.Sha256(token)}}", "roles": []}]""";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
