using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// The Helm chart without a helm binary: its templates are read, not rendered. What can be
/// checked that way is: every value a template reads is declared in values.yaml, every template
/// it includes is defined, its blocks are balanced; and the chart declares the same images,
/// ports, probes and environment as deploy/k8s/base (rendered by kubectl kustomize).
/// </summary>
public sealed partial class ChartTests
{
    private static readonly string[] Components = ["coordinator", "labeling", "inference", "training", "evaluation"];

    private static string Templates => PathOf("charts", "distillery", "templates");

    private static IEnumerable<(string File, string Text)> TemplateFiles() =>
        Directory.GetFiles(Templates).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)));

    [Fact]
    public void Every_value_a_template_reads_is_declared_in_values_yaml()
    {
        var values = LoadFile("charts", "distillery", "values.yaml")!;
        var missing = new List<string>();
        var read = 0;
        foreach (var (file, text) in TemplateFiles())
        {
            // Direct reads (.Values.a.b, $root.Values.a.b) and reads through a variable bound to a
            // values path ({{- $inference := .Values.inference }} ... $inference.gpu.count); the
            // elements a range binds (labeling.openai.prices) are typed by values.schema.json instead.
            var aliases = ValuesAlias().Matches(text).GroupBy(m => m.Groups["variable"].Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Groups["path"].Value, StringComparer.Ordinal);
            var paths = ValuesPath().Matches(text).Select(m => m.Groups["path"].Value)
                .Concat(VariablePath().Matches(text).Where(m => aliases.ContainsKey(m.Groups["variable"].Value)).Select(m => aliases[m.Groups["variable"].Value] + m.Groups["path"].Value));
            foreach (var path in paths)
            {
                read++;
                JsonNode? node = values;
                foreach (var key in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (node is not JsonObject map)
                    {
                        break; // below a scalar or list: a value of that shape (toYaml), not a key
                    }

                    if (!map.ContainsKey(key))
                    {
                        missing.Add($"{file}: .Values{path}");
                        break;
                    }

                    node = map[key];
                }
            }
        }

        Assert.True(read > 100, $"only {read} .Values references found");
        Assert.True(missing.Count == 0, "templates read values that values.yaml does not declare:\n" + string.Join("\n", missing.Distinct()));
    }

    [Fact]
    public void Every_included_template_is_defined_and_every_block_is_closed()
    {
        var all = string.Join('\n', TemplateFiles().Select(t => t.Text));
        var defined = Define().Matches(all).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var included = Include().Matches(all).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(included.Except(defined));
        Assert.Contains("distillery.workload", defined);
        foreach (var (file, text) in TemplateFiles())
        {
            var actions = Action().Matches(text).Select(m => m.Groups["body"].Value.Trim()).Where(b => !b.StartsWith("/*", StringComparison.Ordinal)).ToList();
            var opened = actions.Count(a => BlockStart().IsMatch(a));
            var closed = actions.Count(a => a == "end");
            Assert.True(opened == closed, $"{file}: {opened} blocks opened (if/range/with/define), {closed} closed");
            Assert.Equal(text.Split("{{").Length, text.Split("}}").Length);
        }
    }

    [KubernetesToolsFact]
    public void The_chart_declares_the_same_images_ports_probes_and_environment_as_the_kustomize_base()
    {
        var values = LoadFile("charts", "distillery", "values.yaml")!;
        var appVersion = Text(LoadFile("charts", "distillery", "Chart.yaml")!["appVersion"]);
        var helpers = File.ReadAllText(Path.Combine(Templates, "_helpers.tpl"));
        var workload = Defined(helpers, "distillery.workload");
        var configTemplate = File.ReadAllText(Path.Combine(Templates, "config.yaml"));
        var configKeys = ConfigMapKey().Matches(configTemplate[configTemplate.IndexOf("\ndata:\n", StringComparison.Ordinal)..]).Select(m => m.Groups["key"].Value).ToHashSet(StringComparer.Ordinal);

        var baseObjects = Objects("deploy/k8s/base");
        var gpuObjects = Objects("deploy/k8s/overlays/gpu");
        var baseConfig = baseObjects.Single(o => Text(o["kind"]) == "ConfigMap" && Text(o["metadata"]!["name"]) == "distillery-config")["data"]!.AsObject();
        Assert.Equal(baseConfig.Select(p => p.Key).Order(StringComparer.Ordinal), configKeys.Order(StringComparer.Ordinal));

        // The probe shapes the workload template writes: for a host that serves gRPC ("grpc" true), the
        // grpc port and gRPC startup and readiness probes on it; otherwise HTTP /health/ready; HTTP
        // /health/live for liveness either way.
        const string probeShape = @"\s+\{\{- if \.grpc \}\}\s+grpc:\s+port: \{\{ \$root\.Values\.ports\.grpc \}\}\s+\{\{- else \}\}\s+httpGet:\s+path: /health/ready\s+port: http\s+\{\{- end \}\}";
        Assert.Matches("startupProbe:" + probeShape, workload);
        Assert.Matches("readinessProbe:" + probeShape, workload);
        Assert.Matches(@"livenessProbe:\s+httpGet:\s+path: /health/live\s+port: http", workload);
        Assert.Matches(@"ports:\s+\{\{- if \.grpc \}\}\s+- name: grpc\s+containerPort: \{\{ \$root\.Values\.ports\.grpc \}\}\s+\{\{- end \}\}\s+- name: http\s+containerPort: \{\{ \$root\.Values\.ports\.http \}\}", workload);
        Assert.Matches(@"ports:\s+\{\{- if \.grpc \}\}\s+- name: grpc\s+port: \{\{ \$root\.Values\.ports\.grpc \}\}\s+targetPort: grpc\s+appProtocol: kubernetes\.io/h2c\s+\{\{- end \}\}\s+- name: http", workload);

        foreach (var component in Components)
        {
            var container = Containers(baseObjects).Single(c => Text(c.Container["name"]) == component).Container;
            var chartValues = values[component]!;

            // Image: the base's is the chart's repository at the chart's appVersion (inference: the CPU image; the gpu overlay's the CUDA one).
            var repository = component == "inference" ? Text(chartValues["image"]!["cpuRepository"]) : Text(chartValues["image"]!["repository"]);
            Assert.Equal($"{repository}:{appVersion}", Text(container["image"]));
            if (component == "inference")
            {
                Assert.Equal($"{Text(chartValues["image"]!["repository"])}:{appVersion}", Text(Containers(gpuObjects).Single(c => Text(c.Container["name"]) == "inference").Container["image"]));
            }

            // Ports (gRPC where the base serves it, which the chart's component template says with "grpc" true) and probe timings.
            var ports = container["ports"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => Text(p!["containerPort"]), StringComparer.Ordinal);
            var chartGrpc = File.ReadAllText(Path.Combine(Templates, component + ".yaml")).Contains("\"grpc\" true", StringComparison.Ordinal);
            Assert.True(chartGrpc == ports.ContainsKey("grpc"), $"{component}: the chart {(chartGrpc ? "serves" : "does not serve")} gRPC, the kustomize base {(ports.ContainsKey("grpc") ? "does" : "does not")}");
            Assert.Equal(Text(values["ports"]!["http"]), ports["http"]);
            if (chartGrpc)
            {
                Assert.Equal(Text(values["ports"]!["grpc"]), ports["grpc"]);
                Assert.Equal(Text(values["ports"]!["grpc"]), Text(container["startupProbe"]!["grpc"]!["port"]));
                Assert.Equal(Text(values["ports"]!["grpc"]), Text(container["readinessProbe"]!["grpc"]!["port"]));
            }
            else
            {
                Assert.Equal("/health/ready", Text(container["startupProbe"]!["httpGet"]!["path"]));
                Assert.Equal("/health/ready", Text(container["readinessProbe"]!["httpGet"]!["path"]));
            }

            Assert.Equal(Text(chartValues["startupFailureThreshold"]), Text(container["startupProbe"]!["failureThreshold"]));
            foreach (var (probe, key) in new[] { ("startupProbe", "startup"), ("readinessProbe", "readiness"), ("livenessProbe", "liveness") })
            {
                foreach (var (setting, value) in values["probes"]![key]!.AsObject())
                {
                    if (!(probe == "startupProbe" && setting == "failureThreshold"))
                    {
                        Assert.True(Text(value) == Text(container[probe]![setting]), $"{component} {probe}.{setting}: chart {Text(value)}, kustomize {Text(container[probe]![setting])}");
                    }
                }
            }

            // Environment: the chart's env helper (with what it includes) and ConfigMap against the base's env and envFrom ConfigMap.
            var chartEnv = EnvNames(helpers, "distillery.env." + component).Concat(configKeys).Order(StringComparer.Ordinal).ToList();
            var baseEnv = (container["env"]?.AsArray() ?? []).Select(e => Text(e!["name"])).Concat(baseConfig.Select(p => p.Key)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(baseEnv, chartEnv);
            Assert.Contains($"(include \"distillery.env.{component}\" .)", File.ReadAllText(Path.Combine(Templates, component + ".yaml")), StringComparison.Ordinal);
        }
    }

    /// <summary>The env names a helper writes, following its includes of other helpers.</summary>
    private static List<string> EnvNames(string helpers, string define)
    {
        var body = Defined(helpers, define);
        var names = EnvName().Matches(body).Select(m => m.Groups["name"].Value).ToList();
        foreach (Match include in Include().Matches(body))
        {
            if (include.Groups["name"].Value.StartsWith("distillery.env.", StringComparison.Ordinal))
            {
                names.AddRange(EnvNames(helpers, include.Groups["name"].Value));
            }
        }

        return names;
    }

    private static string Defined(string text, string name)
    {
        var start = text.IndexOf($"define \"{name}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no template {name}");
        var end = text.IndexOf("{{- define", start + 1, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"\.Values(?<path>(?:\.[A-Za-z0-9_]+)+)")]
    private static partial Regex ValuesPath();

    // Not "range $key, $value := .Values.map": there the variables are an element's, not the map's.
    [GeneratedRegex(@"(?<!range\s+(?:\$\w+\s*,\s*)?)\$(?<variable>\w+)\s*:=\s*\.Values(?<path>(?:\.[A-Za-z0-9_]+)+)\s*\}\}")]
    private static partial Regex ValuesAlias();

    [GeneratedRegex(@"\$(?<variable>\w+)(?<path>(?:\.[A-Za-z0-9_]+)+)")]
    private static partial Regex VariablePath();

    [GeneratedRegex(@"define\s+""(?<name>[^""]+)""")]
    private static partial Regex Define();

    [GeneratedRegex(@"include\s+""(?<name>[^""]+)""")]
    private static partial Regex Include();

    [GeneratedRegex(@"\{\{-?(?<body>.*?)-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Action();

    [GeneratedRegex(@"^(?:if|range|with|define)\b")]
    private static partial Regex BlockStart();

    [GeneratedRegex(@"^\s{2}(?<key>[A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex ConfigMapKey();

    [GeneratedRegex(@"^- name: (?<name>[A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvName();
}
