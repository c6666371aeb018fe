using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// Every configuration key the manifests, the chart and the Dockerfiles set for a Distillery
/// service is one the services read: a key of an options class bound under <c>Distillery:*</c>
/// (AddValidatedOptions, GetValidated, BindConfiguration), an OpenTelemetry variable the
/// telemetry set-up checks, a framework key (Kestrel, Serilog's levels, the OpenTelemetry SDK's variables) or a plain environment variable (read by name, such as
/// a plain one) listed in deploy/planned-and-external-names.yaml, or a key planned for a service
/// still being written. A key nobody reads is a setting silently
/// ignored; under Distillery:Bus it would even stop the service (unknown keys are errors there).
/// </summary>
public sealed partial class ConfigurationKeyTests(ITestOutputHelper output)
{
    [Fact]
    public void The_keys_read_from_the_code_include_the_bus_database_grpc_logging_and_training_settings()
    {
        var keys = CodeCatalogue.Options().SelectMany(o => o.Keys).ToList();
        bool Read(string key) => keys.Any(pattern => pattern.IsMatch(key));
        Assert.True(Read("Distillery__Bus__Host"));
        Assert.True(Read("Distillery__Bus__RedeliveryIntervals__2"));
        Assert.True(Read("Distillery__Database__ConnectionString"));
        Assert.True(Read("Distillery__Grpc__MaxReceiveMessageSize"));
        Assert.True(Read("Distillery__Auth__Principals__0__TokenSha256"));
        Assert.True(Read("Distillery__Labeling__Endpoints__inference__ApiKey"));
        Assert.True(Read("Distillery__Logging__Format"));
        Assert.False(Read("Distillery__Logging__Level"));
        Assert.True(Read("Distillery__Training__PredictionBatchSize"));
        Assert.False(Read("Distillery__Bus__Hostname"));
        Assert.False(Read("Distillery__Grpc__Auth__Tokens__0"));
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", CodeCatalogue.OpenTelemetryKeys());
    }

    [KubernetesToolsFact]
    public void Every_key_the_kustomize_overlays_set_for_a_Distillery_service_is_read_by_the_services()
    {
        var set = new List<(string Where, string Key)>();
        foreach (var kustomization in new[] { "deploy/k8s/base", "deploy/k8s/overlays/dev", "deploy/k8s/overlays/gpu" })
        {
            var objects = Objects(kustomization);
            foreach (var (workload, container) in Containers(objects).Where(c => Text(c.Container["image"]).StartsWith("distillery-", StringComparison.Ordinal)))
            {
                var where = $"{kustomization} {Text(workload["metadata"]!["name"])}";
                set.AddRange((container["env"]?.AsArray() ?? []).Select(e => (where, Text(e!["name"]))));
                foreach (var source in container["envFrom"]?.AsArray() ?? [])
                {
                    var name = Text(source!["configMapRef"]?["name"]);
                    Assert.True(name.Length > 0, $"{where}: envFrom takes only ConfigMaps (secrets go one key at a time through secretKeyRef)");
                    var map = objects.Single(o => Text(o["kind"]) == "ConfigMap" && Text(o["metadata"]!["name"]) == name);
                    set.AddRange(map["data"]!.AsObject().Select(pair => ($"{where} (ConfigMap {name})", pair.Key)));
                }
            }
        }

        Assert.Contains(set, s => s.Key == "Distillery__Bus__Host");
        Assert.True(Check(set, out var report), report);
    }

    [Fact]
    public void Every_key_the_chart_templates_and_the_Dockerfiles_set_is_read_by_the_services()
    {
        var set = new List<(string Where, string Key)>();
        foreach (var template in Directory.GetFiles(PathOf("charts", "distillery", "templates")))
        {
            // A name built from a range variable (Prices__{{ $model }}__...) stands for any such name: "x" here.
            var text = RangeVariable().Replace(File.ReadAllText(template), "x");
            var where = $"charts/distillery/templates/{Path.GetFileName(template)}";
            set.AddRange(AppKey().Matches(text).Select(m => (where, m.Value)));
            // Every variable the env helpers write, plain ones included.
            foreach (var helper in text.Split("define \"").Where(chunk => chunk.StartsWith("distillery.env.", StringComparison.Ordinal)))
            {
                set.AddRange(EnvName().Matches(helper).Select(m => (where, m.Groups["name"].Value)));
            }
        }

        foreach (var dockerfile in Directory.GetFiles(PathOf("deploy", "docker"), "Dockerfile.*"))
        {
            var environment = string.Join(' ', DockerfileTests.Instructions(dockerfile).Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
            set.AddRange(EnvAssignment().Matches(environment).Select(m => m.Groups["key"].Value).Where(k => AppKey().IsMatch(k)).Select(k => ($"deploy/docker/{Path.GetFileName(dockerfile)}", k)));
        }

        Assert.Contains(set, s => s.Key == "Distillery__Training__PredictionBatchSize");
        Assert.Contains(set, s => s.Key == "Distillery__Labeling__Endpoints__openai__Prices__x__PromptUsdPerMillionTokens");
        Assert.Contains(set, s => s.Key == "Distillery__Labeling__Endpoints__openai__ApiKey");
        Assert.Contains(set, s => s.Key == "Distillery__Auth__PrincipalsFile");
        Assert.Contains(set, s => s.Key == "Kestrel__Endpoints__Grpc__Protocols" && s.Where.Contains("Dockerfile", StringComparison.Ordinal));
        Assert.True(Check(set, out var report), report);
    }

    [Fact]
    public void A_key_no_service_reads_is_reported()
    {
        Assert.False(Check([("a test", "Distillery__Bus__PrefetchCout"), ("a test", "OTEL_EXPORTER_OTLP_ENDPONT"), ("a test", "OPENAI_APIKEY")], out var report));
        Assert.Contains("Distillery__Bus__PrefetchCout", report, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPONT", report, StringComparison.Ordinal);
        Assert.Contains("OPENAI_APIKEY", report, StringComparison.Ordinal);
    }

    private bool Check(IEnumerable<(string Where, string Key)> set, out string report)
    {
        var allowed = AllowedNames.Load();
        var options = CodeCatalogue.Options();
        var otel = CodeCatalogue.OpenTelemetryKeys();
        var owners = options.Select(o => o.Project).ToHashSet(StringComparer.Ordinal);
        bool Read(string key) => options.Any(o => o.Keys.Any(pattern => pattern.IsMatch(key)));
        var problems = new List<string>();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, reader) in allowed.EnvironmentVariables)
        {
            var path = PathOf(reader.Split('/'));
            if (File.Exists(path) && File.ReadAllText(path).Contains($"\"{name}\"", StringComparison.Ordinal))
            {
                variables[name] = reader;
            }
            else
            {
                problems.Add($"{AllowedNames.File} says {reader} reads the environment variable {name}, but it does not (no \"{name}\" there)");
            }
        }

        foreach (var (owner, key) in allowed.PlannedKeys)
        {
            if (Read(key))
            {
                problems.Add($"planned key {key} is read by the code now: remove it from {AllowedNames.File}");
            }
            else if (owners.Contains(owner))
            {
                problems.Add($"{key} is planned for {owner}, which binds options now ({string.Join(", ", options.Where(o => o.Project == owner).Select(o => o.Section))}) but not this key: set what it reads");
            }
        }

        foreach (var (key, places) in set.GroupBy(s => s.Key, s => s.Where, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Distinct().ToList())))
        {
            string? reader = key switch
            {
                _ when key.StartsWith("Distillery__", StringComparison.Ordinal) && Read(key) => "options " + options.First(o => o.Keys.Any(p => p.IsMatch(key))).Class,
                _ when key.StartsWith("OTEL_", StringComparison.Ordinal) && otel.Contains(key) => "OtlpExport",
                _ when allowed.FrameworkKeys.FirstOrDefault(pattern => pattern.IsMatch(key)) is { } pattern => "framework (" + pattern + ")",
                _ when variables.TryGetValue(key, out var file) => "environment variable read by " + file,
                _ when allowed.PlannedKeys.Any(p => p.Key == key) => "PLANNED (not read yet)",
                _ => null,
            };
            if (reader is null)
            {
                problems.Add($"{key}, set in {string.Join("; ", places)}, is read by no service");
            }
            else
            {
                output.WriteLine($"{key}: {reader}");
            }
        }

        report = string.Join("\n", problems);
        return problems.Count == 0;
    }

    [GeneratedRegex(@"\b(?:Distillery__[A-Za-z0-9_]+|OTEL_[A-Z_]+|Kestrel__[A-Za-z0-9_]+|Serilog__[A-Za-z0-9_.]+)\b")]
    private static partial Regex AppKey();

    [GeneratedRegex(@"\{\{-?\s*\$\w+\s*-?\}\}")]
    private static partial Regex RangeVariable();

    [GeneratedRegex(@"^- name: (?<name>[A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=")]
    private static partial Regex EnvAssignment();
}
