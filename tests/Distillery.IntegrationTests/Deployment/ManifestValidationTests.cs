using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// deploy/k8s rendered by <c>kubectl kustomize</c> (no cluster: kustomize runs offline) and every
/// object checked against the Kubernetes 1.27, KEDA and Prometheus-operator models by
/// tests/k8s-validate (pinned with its package-lock.json); then what the issue asks of them.
/// </summary>
public sealed class ManifestValidationTests(ITestOutputHelper output)
{
    [KubernetesToolsFact]
    public void Every_kustomization_renders_and_every_object_matches_the_Kubernetes_KEDA_and_Prometheus_operator_models()
    {
        Assert.Equal(
            ["deploy/k8s/autoscaling", "deploy/k8s/base", "deploy/k8s/base/dashboards", "deploy/k8s/bundled", "deploy/k8s/monitoring", "deploy/k8s/overlays/dev", "deploy/k8s/overlays/gpu"],
            Kustomizations);
        var folder = Directory.CreateTempSubdirectory("distillery-k8s-").FullName;
        try
        {
            var files = Kustomizations.Select(kustomization =>
            {
                var file = Path.Combine(folder, kustomization.Replace('/', '_') + ".yaml");
                File.WriteAllText(file, Kustomize(kustomization));
                return file;
            }).ToList();

            var (exitCode, stdout, stderr) = Run("node", ["validate.js", "manifests", .. files], TimeSpan.FromMinutes(2), ValidatorFolder);

            Assert.True(exitCode == 0, $"tests/k8s-validate found errors:\n{stderr}");
            var objects = JsonNode.Parse(stdout)!["objects"]!.AsArray();
            output.WriteLine($"{objects.Count} objects validated from {files.Count} kustomizations ({Run("kubectl", ["version", "--client"], TimeSpan.FromSeconds(30)).Output.Split('\n')[0]})");
            int Count(string kustomization, string kind) => objects.Count(o =>
                Text(o!["kind"]) == kind && Path.GetFileName(Text(o["file"])) == kustomization.Replace('/', '_') + ".yaml");
            Assert.Equal(6, Count("deploy/k8s/overlays/dev", "Deployment"));
            Assert.Equal(2, Count("deploy/k8s/overlays/dev", "StatefulSet"));
            Assert.Equal(5, Count("deploy/k8s/overlays/dev", "PodDisruptionBudget"));
            Assert.Equal(3, Count("deploy/k8s/overlays/gpu", "ScaledObject"));
            Assert.Equal(1, Count("deploy/k8s/overlays/gpu", "TriggerAuthentication"));
            Assert.Equal(0, Count("deploy/k8s/overlays/dev", "ScaledObject"));
            Assert.Equal(2, Count("deploy/k8s/monitoring", "ServiceMonitor"));
            Assert.Equal(4, Count("deploy/k8s/base/dashboards", "ConfigMap"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [KubernetesToolsFact]
    public void The_validator_rejects_a_misspelt_field_a_wrong_type_and_a_kind_without_a_model()
    {
        // The same Deployment as the base's, broken three ways; a validator that let any through would prove nothing.
        var training = Objects("deploy/k8s/base").Single(o => Text(o["kind"]) == "Deployment" && Text(o["metadata"]!["name"]) == "distillery-training");
        var misspelt = training.DeepClone().AsObject();
        var podSpec = misspelt["spec"]!["template"]!["spec"]!.AsObject();
        podSpec["nodeSelecter"] = new JsonObject { ["pool"] = "gpu" };
        var wrongType = training.DeepClone().AsObject();
        wrongType["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = "grpc";
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, string.Join("\n---\n", misspelt.ToJsonString(), wrongType.ToJsonString(), """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}"""));

            var (exitCode, _, stderr) = Run("node", ["validate.js", "manifests", file], TimeSpan.FromMinutes(1), ValidatorFolder);

            Assert.Equal(1, exitCode);
            Assert.Contains("unknown field \"nodeSelecter\"", stderr, StringComparison.Ordinal);
            Assert.Contains("containerPort must be integer", stderr, StringComparison.Ordinal);
            Assert.Contains("no model for apiVersion example.com/v1, kind Widget", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [KubernetesToolsFact]
    public void Chart_values_and_every_example_values_file_match_the_values_schema_and_a_misspelt_key_does_not()
    {
        var chart = PathOf("charts", "distillery");
        var examples = Directory.GetFiles(Path.Combine(chart, "examples"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(examples);

        var (exitCode, stdout, stderr) = Run("node", ["validate.js", "values", Path.Combine(chart, "values.schema.json"), Path.Combine(chart, "values.yaml"), .. examples], TimeSpan.FromMinutes(1), ValidatorFolder);

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(examples.Count + 1, JsonNode.Parse(stdout)!["objects"]!.AsArray().Count);

        var misspelt = Path.GetTempFileName();
        try
        {
            File.WriteAllText(misspelt, "inference:\n  gpu:\n    cuont: 2\nrabbitmq:\n  bundled: false\n");
            var rejected = Run("node", ["validate.js", "values", Path.Combine(chart, "values.schema.json"), Path.Combine(chart, "values.yaml"), misspelt], TimeSpan.FromMinutes(1), ValidatorFolder);
            Assert.Equal(1, rejected.ExitCode);
            Assert.Contains("must NOT have additional properties (cuont)", rejected.Error, StringComparison.Ordinal);
            Assert.Contains("/rabbitmq must match \"then\" schema", rejected.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(misspelt);
        }
    }

    [KubernetesToolsFact]
    public void Every_container_requests_cpu_and_memory_and_every_Distillery_pod_runs_non_root_on_a_read_only_root()
    {
        foreach (var overlay in new[] { "deploy/k8s/overlays/dev", "deploy/k8s/overlays/gpu" })
        {
            foreach (var (workload, container) in Containers(Objects(overlay), initContainers: true))
            {
                var where = $"{overlay}: {Text(workload["metadata"]!["name"])}/{Text(container["name"])}";
                var requests = container["resources"]?["requests"];
                Assert.True(requests?["cpu"] is not null && requests["memory"] is not null, $"{where} has no cpu and memory requests");
                Assert.True(container["resources"]?["limits"]?["memory"] is not null, $"{where} has no memory limit");
                Assert.Equal("false", Text(container["securityContext"]?["allowPrivilegeEscalation"]));
                var pod = workload["spec"]!["template"]!["spec"]!;
                Assert.Equal("true", Text(pod["securityContext"]?["runAsNonRoot"]));
                if (Text(container["image"]).StartsWith("distillery-", StringComparison.Ordinal))
                {
                    Assert.True(Text(container["securityContext"]?["readOnlyRootFilesystem"]) == "true", $"{where} has a writable root filesystem");
                    Assert.Equal("1654", Text(pod["securityContext"]!["runAsUser"]));
                }
            }
        }
    }

    [KubernetesToolsFact]
    public void The_gpu_overlay_runs_the_CUDA_inference_image_on_the_GPU_pool_and_the_dev_overlay_the_CPU_image_without_GPUs()
    {
        static JsonObject Inference(string overlay) => Containers(Objects(overlay)).Single(c => Text(c.Container["name"]) == "inference").Workload;
        var gpu = Inference("deploy/k8s/overlays/gpu");
        var gpuPod = gpu["spec"]!["template"]!["spec"]!;
        var gpuContainer = gpuPod["containers"]![0]!;
        Assert.Equal("distillery-inference:0.1.0", Text(gpuContainer["image"]));
        Assert.Equal("1", Text(gpuContainer["resources"]!["requests"]!["nvidia.com/gpu"]));
        Assert.Equal("1", Text(gpuContainer["resources"]!["limits"]!["nvidia.com/gpu"]));
        Assert.Equal("true", Text(gpuPod["nodeSelector"]!["nvidia.com/gpu.present"]));
        Assert.Contains(gpuPod["tolerations"]!.AsArray(), t => Text(t!["key"]) == "nvidia.com/gpu" && Text(t["effect"]) == "NoSchedule");
        Assert.Equal("fetch-model", Text(gpuPod["initContainers"]![0]!["name"]));
        Assert.Contains(gpuPod["volumes"]!.AsArray(), v => Text(v!["persistentVolumeClaim"]?["claimName"]) == "distillery-models");
        Assert.Equal("/models", Text(gpuContainer["volumeMounts"]!.AsArray().Single(m => Text(m!["name"]) == "models")!["mountPath"]));

        var dev = Inference("deploy/k8s/overlays/dev")["spec"]!["template"]!["spec"]!;
        Assert.Equal("distillery-inference-cpu:0.1.0", Text(dev["containers"]![0]!["image"]));
        Assert.Null(dev["containers"]![0]!["resources"]!["limits"]!["nvidia.com/gpu"]);
        Assert.Null(dev["nodeSelector"]);
    }

    [KubernetesToolsFact]
    public void Network_policies_let_only_the_coordinators_grpc_port_be_reached_from_outside_the_namespace()
    {
        var objects = Objects("deploy/k8s/overlays/dev");
        var policies = objects.Where(o => Text(o["kind"]) == "NetworkPolicy").ToList();
        var pods = objects.Where(o => Text(o["kind"]) is "Deployment" or "StatefulSet")
            .Select(o => (Name: Text(o["metadata"]!["name"]), Labels: o["spec"]!["template"]!["metadata"]!["labels"]!.AsObject()))
            .ToList();
        Assert.Equal(8, pods.Count);

        foreach (var (name, labels) in pods)
        {
            var selecting = policies.Where(p => Selects(p["spec"]!["podSelector"]!, labels)).ToList();
            Assert.True(selecting.Count > 0, $"no NetworkPolicy selects {name}: it would accept traffic from anywhere");
            // Ingress rules that admit sources outside the namespace: no "from" at all, or a namespace selector / IP block.
            var external = selecting
                .SelectMany(p => p["spec"]!["ingress"]?.AsArray() ?? [])
                .Where(rule => rule!["from"] is null || rule["from"]!.AsArray().Any(peer => peer!["namespaceSelector"] is not null || peer["ipBlock"] is not null))
                .Select(rule => (
                    From: rule!["from"] is null ? "anywhere" : string.Join(",", rule["from"]!.AsArray().Select(peer => Text(peer!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]))),
                    Ports: string.Join(",", rule["ports"]?.AsArray().Select(port => Text(port!["port"])) ?? ["all"])))
                .Order()
                .ToList();
            List<(string From, string Ports)> expected = name switch
            {
                "distillery-coordinator" => [("anywhere", "grpc")],
                "distillery-otel-collector" => [("monitoring", "prom-metrics")],
                "distillery-rabbitmq" => [("keda", "amqp"), ("monitoring", "prometheus")],
                _ => [],
            };
            Assert.True(expected.SequenceEqual(external), $"{name}: reachable from outside the namespace by {string.Join("; ", external)}");
        }
    }

    [KubernetesToolsFact]
    public void Every_service_is_probed_over_gRPC_where_its_host_serves_the_health_service_and_over_HTTP_where_it_does_not()
    {
        var objects = Objects("deploy/k8s/base");
        var config = objects.Single(o => Text(o["kind"]) == "ConfigMap" && Text(o["metadata"]!["name"]) == "distillery-config")["data"]!;
        var httpPort = new Uri(Text(config["Kestrel__Endpoints__Http__Url"])).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Http1", Text(config["Kestrel__Endpoints__Http__Protocols"]));
        Assert.Null(config["Kestrel__Endpoints__Grpc__Url"]); // per service: only the hosts that serve gRPC listen for it

        var hosts = CodeCatalogue.HostsServingGrpcHealth();
        var planned = AllowedNames.Load().PlannedHosts;
        Assert.True(hosts["distillery-coordinator"] && hosts["distillery-training"], "the Coordinator and Training hosts map the gRPC health service");
        Assert.False(hosts["distillery-labeling"], "the Labeling host maps no gRPC");

        var services = Containers(objects).Where(c => Text(c.Container["image"]).StartsWith("distillery-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["coordinator", "evaluation", "inference", "labeling", "training"], services.Select(s => Text(s.Container["name"])).Order(StringComparer.Ordinal));
        foreach (var (workload, container) in services)
        {
            var assembly = "distillery-" + Text(container["name"]);
            var servesGrpc = hosts.TryGetValue(assembly, out var serves)
                ? serves
                : planned.Single(p => p.Assembly == assembly).ServesGrpc;
            var where = $"{Text(workload["metadata"]!["name"])} ({(hosts.ContainsKey(assembly) ? "host" : "PLANNED host")} {(servesGrpc ? "serves" : "does not serve")} gRPC health)";
            output.WriteLine(where);
            var ports = container["ports"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => Text(p!["containerPort"]), StringComparer.Ordinal);
            var env = (container["env"]?.AsArray() ?? []).Where(e => e!["value"] is not null).ToDictionary(e => Text(e!["name"]), e => Text(e!["value"]), StringComparer.Ordinal);
            var service = objects.Single(o => Text(o["kind"]) == "Service" && Text(o["metadata"]!["name"]) == Text(workload["metadata"]!["name"]));
            var servicePorts = service["spec"]!["ports"]!.AsArray().Select(p => Text(p!["name"])).ToList();

            Assert.Equal(httpPort, ports["http"]);
            Assert.Equal("/health/live", Text(container["livenessProbe"]!["httpGet"]!["path"]));
            Assert.Equal("http", Text(container["livenessProbe"]!["httpGet"]!["port"]));
            Assert.Contains(container["envFrom"]!.AsArray(), e => Text(e!["configMapRef"]?["name"]) == "distillery-config");
            if (servesGrpc)
            {
                Assert.True(env.TryGetValue("Kestrel__Endpoints__Grpc__Url", out var url), $"{where}: no Kestrel__Endpoints__Grpc__Url");
                Assert.Equal("Http2", env["Kestrel__Endpoints__Grpc__Protocols"]);
                var grpcPort = new Uri(url).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(grpcPort, ports["grpc"]);
                Assert.Equal(grpcPort, Text(container["startupProbe"]!["grpc"]!["port"]));
                Assert.Equal(grpcPort, Text(container["readinessProbe"]!["grpc"]!["port"]));
                Assert.Equal(["grpc", "http"], servicePorts);
            }
            else
            {
                Assert.False(ports.ContainsKey("grpc"), $"{where} declares a grpc port");
                Assert.DoesNotContain(env.Keys, key => key.StartsWith("Kestrel__Endpoints__Grpc__", StringComparison.Ordinal));
                foreach (var probe in new[] { "startupProbe", "readinessProbe" })
                {
                    Assert.True(container[probe]!["grpc"] is null, $"{where}: {probe} calls gRPC health, which the host does not serve");
                    Assert.Equal("/health/ready", Text(container[probe]!["httpGet"]!["path"]));
                    Assert.Equal("http", Text(container[probe]!["httpGet"]!["port"]));
                }

                Assert.Equal(["http"], servicePorts);
            }
        }
    }

    private static bool Selects(JsonNode selector, JsonObject labels) =>
        (selector["matchLabels"]?.AsObject() ?? []).All(pair => labels[pair.Key] is { } value && Text(value) == Text(pair.Value));
}
