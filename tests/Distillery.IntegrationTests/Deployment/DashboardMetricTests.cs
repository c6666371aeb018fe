using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Infrastructure;
using Distillery.IntegrationTests.Messaging;
using Distillery.ServiceDefaults.Hosting;
using Distillery.ServiceDefaults.Messaging;
using Distillery.ServiceDefaults.Telemetry;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// Every metric a Grafana dashboard queries is one the services emit, under the name the
/// collector's Prometheus exporter gives it: Distillery's own instruments read from the code
/// under services/, the libraries' (ASP.NET Core, MassTransit, ...) observed while a real host
/// runs, plus external exporters and planned metrics from deploy/planned-and-external-names.yaml.
/// </summary>
public sealed class DashboardMetricTests(ITestOutputHelper output)
{
    private static readonly string[] DashboardFolders = ["deploy/k8s/base/dashboards", "charts/distillery/dashboards"];

    [Fact]
    public void The_Prometheus_names_follow_the_collectors_translation()
    {
        Assert.Equal(
            ["distillery_rpc_server_duration_milliseconds_bucket", "distillery_rpc_server_duration_milliseconds_sum", "distillery_rpc_server_duration_milliseconds_count"],
            PrometheusNames.SeriesNames(new Instrument("distillery_rpc_server_duration", "histogram", "ms", "")));
        Assert.Equal(["distillery_training_examples_total"], PrometheusNames.SeriesNames(new Instrument("distillery_training_examples", "counter", "{example}", "")));
        Assert.Equal(["http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_sum", "http_server_request_duration_seconds_count"], PrometheusNames.SeriesNames(new Instrument("http.server.request.duration", "histogram", "s", "")));
        Assert.Equal(["messaging_masstransit_consume_errors_total"], PrometheusNames.SeriesNames(new Instrument("messaging.masstransit.consume.errors", "counter", "", "")));
        Assert.Equal(["messaging_masstransit_consume_errors_ea_total"], PrometheusNames.SeriesNames(new Instrument("messaging.masstransit.consume.errors", "counter", "ea", "")));
        Assert.Equal(["kestrel_active_connections"], PrometheusNames.SeriesNames(new Instrument("kestrel.active_connections", "updowncounter", "{connection}", "")));
        Assert.Equal(["process_memory_usage_bytes"], PrometheusNames.SeriesNames(new Instrument("process.memory.usage", "updowncounter", "By", "")));
        Assert.Equal(["cpu_utilization_ratio"], PrometheusNames.SeriesNames(new Instrument("cpu.utilization", "gauge", "1", "")));
        Assert.Equal(["requests_per_second_total"], PrometheusNames.SeriesNames(new Instrument("requests", "counter", "1/s", "")));
        Assert.Equal(
            new HashSet<string>(["distillery_rpc_server_duration_milliseconds_bucket", "rabbitmq_queue_messages_ready"]),
            PrometheusNames.MetricsIn("histogram_quantile(0.95, sum by (le, rpc_method) (rate(distillery_rpc_server_duration_milliseconds_bucket{job=\"x\", rpc_method=~\"a|b\"}[$__rate_interval]))) / on(job) group_left sum(rabbitmq_queue_messages_ready offset 5m) > bool 0.5"));
    }

    [Fact]
    public async Task Every_metric_a_dashboard_queries_is_emitted_by_the_code_an_external_exporter_or_a_planned_service()
    {
        var allowed = AllowedNames.Load();
        var ours = CodeCatalogue.Instruments();
        var libraries = await LibraryInstruments.ObserveAsync();
        output.WriteLine($"library instruments seen: {string.Join(", ", libraries.Select(i => $"{i.Name} [{i.Kind}, {i.Unit}, {i.Source}]"))}");
        var emitted = ours.Select(o => o.Instrument).Concat(libraries)
            .SelectMany(instrument => PrometheusNames.SeriesNames(instrument).Select(series => (series, instrument)))
            .GroupBy(pair => pair.series, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().instrument, StringComparer.Ordinal);
        Assert.Contains("distillery_rpc_server_duration_milliseconds_bucket", emitted.Keys);
        Assert.Contains("messaging_masstransit_consume_errors_ea_total", emitted.Keys); // MassTransit's unit is "ea" (each), which the exporter appends
        Assert.Contains("http_server_request_duration_seconds_bucket", emitted.Keys);
        Assert.Equal(("gauge", "{task}"), (emitted["distillery_tasks"].Kind, emitted["distillery_tasks"].Unit)); // an observable instrument: the unit follows the callback
        Assert.Contains("distillery_teacher_cost_USD_total", emitted.Keys); // a unit outside the exporter's table is appended as written

        // A planned metric is allowed only while its owner emits nothing: once the owner has
        // instruments, the dashboards must use what it really emits.
        var owners = ours.Select(o => o.Project).ToHashSet(StringComparer.Ordinal);
        var planned = new Dictionary<string, (string Owner, Instrument Instrument)>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (owner, instrument) in allowed.PlannedMetrics)
        {
            foreach (var series in PrometheusNames.SeriesNames(instrument))
            {
                if (emitted.TryGetValue(series, out var real))
                {
                    problems.Add($"{instrument.Name} is emitted now ({real.Source}): remove it from {AllowedNames.File}");
                }
                else if (owners.Contains(owner))
                {
                    problems.Add($"{instrument.Name} is planned for {owner}, which emits metrics now but not this one: use its real metrics in the dashboards");
                }

                planned[series] = (owner, instrument);
            }
        }

        var used = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (file, title, expression) in DashboardQueries(DashboardFolders[0]))
        {
            foreach (var metric in PrometheusNames.MetricsIn(expression))
            {
                if (!used.TryGetValue(metric, out var panels))
                {
                    used[metric] = panels = [];
                }

                panels.Add($"{file}: {title}");
            }
        }

        Assert.True(used.Count >= 15, $"only {used.Count} metrics found in the dashboards: is the PromQL extraction broken?");
        foreach (var (metric, panels) in used)
        {
            if (emitted.TryGetValue(metric, out var instrument))
            {
                output.WriteLine($"emitted  {metric}  ({instrument.Name}, {instrument.Source})");
            }
            else if (allowed.ExternalMetricPrefixes.FirstOrDefault(prefix => metric.StartsWith(prefix, StringComparison.Ordinal)) is { } prefix)
            {
                output.WriteLine($"external {metric}  (prefix {prefix})");
            }
            else if (planned.TryGetValue(metric, out var promise))
            {
                output.WriteLine($"PLANNED  {metric}  ({promise.Instrument.Name}, owner {promise.Owner}; not emitted yet)");
            }
            else
            {
                problems.Add($"{metric} (in {string.Join("; ", panels)}) is emitted by no service, library, external exporter or planned service");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_chart_carries_the_same_dashboards_and_collector_and_scrape_configuration_as_deploy()
    {
        var deployed = Directory.GetFiles(PathOf("deploy", "k8s", "base", "dashboards"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var charted = Directory.GetFiles(PathOf("charts", "distillery", "dashboards"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(deployed, charted);
        Assert.Equal(4, deployed.Count);
        foreach (var name in deployed)
        {
            Assert.True(
                File.ReadAllText(PathOf("deploy", "k8s", "base", "dashboards", name!)) == File.ReadAllText(PathOf("charts", "distillery", "dashboards", name!)),
                $"charts/distillery/dashboards/{name} differs from deploy/k8s/base/dashboards/{name}: copy it over");
        }

        foreach (var name in new[] { "otel-collector.yaml", "prometheus.yaml" })
        {
            Assert.True(
                File.ReadAllText(PathOf("deploy", "k8s", "base", "observability", name)) == File.ReadAllText(PathOf("charts", "distillery", "files", name)),
                $"charts/distillery/files/{name} differs from deploy/k8s/base/observability/{name}: copy it over");
        }
    }

    [Fact]
    public void Every_dashboard_has_the_datasource_variable_unique_panel_ids_and_a_query_per_panel()
    {
        foreach (var file in Directory.GetFiles(PathOf("deploy", "k8s", "base", "dashboards"), "*.json"))
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!;
            Assert.Equal("datasource", Text(dashboard["templating"]!["list"]![0]!["name"]));
            var panels = dashboard["panels"]!.AsArray();
            Assert.Equal(panels.Count, panels.Select(p => p!["id"]!.GetValue<int>()).Distinct().Count());
            Assert.All(panels.Where(p => Text(p!["type"]) != "row"), panel =>
            {
                Assert.NotEmpty(panel!["targets"]!.AsArray());
                Assert.Equal("${datasource}", Text(panel["datasource"]!["uid"]));
            });
            Assert.StartsWith("distillery-", Text(dashboard["uid"]), StringComparison.Ordinal);
        }
    }

    [PromtoolFact]
    public void Every_dashboard_query_is_valid_PromQL_and_the_scrape_configuration_passes_promtool()
    {
        var folder = Directory.CreateTempSubdirectory("distillery-promtool-").FullName;
        try
        {
            // promtool parses PromQL when it checks rules: one recording rule per panel query,
            // Grafana's interval variables replaced by durations.
            var rules = new JsonObject
            {
                ["groups"] = new JsonArray(new JsonObject
                {
                    ["name"] = "dashboards",
                    ["rules"] = new JsonArray(DashboardQueries(DashboardFolders[0]).Select((query, i) => (JsonNode)new JsonObject
                    {
                        ["record"] = $"dashboard:query_{i}",
                        ["expr"] = query.Expression.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$__interval", "1m", StringComparison.Ordinal),
                    }).ToArray()),
                }),
            };
            var rulesFile = Path.Combine(folder, "rules.json");
            File.WriteAllText(rulesFile, rules.ToJsonString());
            var checkedRules = Run("promtool", ["check", "rules", rulesFile], TimeSpan.FromMinutes(1));
            Assert.True(checkedRules.ExitCode == 0, checkedRules.Output + checkedRules.Error);
            Assert.Contains($"{DashboardQueries(DashboardFolders[0]).Count()} rules found", checkedRules.Output, StringComparison.Ordinal);

            // Debian's Prometheus is built without Kubernetes service discovery, so its promtool
            // does not know kubernetes_sd_configs: that block alone is swapped for a static target;
            // everything else (jobs, paths, relabelling regexes and actions) is checked as written.
            const string discovery = "    kubernetes_sd_configs:\n      - role: endpoints\n";
            var scrape = File.ReadAllText(PathOf("deploy", "k8s", "base", "observability", "prometheus.yaml"));
            Assert.Equal(3, scrape.Split(discovery).Length - 1);
            var configFile = Path.Combine(folder, "prometheus.yaml");
            File.WriteAllText(configFile, scrape.Replace(discovery, "    static_configs:\n      - targets: [\"127.0.0.1:9090\"]\n", StringComparison.Ordinal));
            var config = Run("promtool", ["check", "config", "--syntax-only", configFile], TimeSpan.FromMinutes(1));
            Assert.True(config.ExitCode == 0, config.Output + config.Error);

            File.WriteAllText(rulesFile, """{"groups":[{"name":"broken","rules":[{"record":"x","expr":"sum by (le (rate(x[5m]))"}]}]}""");
            Assert.NotEqual(0, Run("promtool", ["check", "rules", rulesFile], TimeSpan.FromMinutes(1)).ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static IEnumerable<(string File, string Title, string Expression)> DashboardQueries(string folder) =>
        from file in Directory.GetFiles(PathOf(folder.Split('/')), "*.json").Order(StringComparer.Ordinal)
        let dashboard = JsonNode.Parse(File.ReadAllText(file))!
        from panel in dashboard["panels"]!.AsArray()
        from target in panel!["targets"]?.AsArray() ?? []
        select (Path.GetFileName(file), Text(panel["title"]), Text(target!["expr"]));
}

/// <summary>
/// The instruments the libraries a Distillery host subscribes to (DistilleryTelemetry's meter
/// names, its own and those its instrumentation packages add) create, seen by a <see cref="MeterListener"/> while a host with the service defaults
/// and the bus serves an HTTP request and consumes a message that fails once. Libraries create
/// some instruments once per process (MassTransit's are static), so the listener starts with
/// the test assembly and also keeps what the other tests' hosts published.
/// </summary>
internal static class LibraryInstruments
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly ConcurrentDictionary<string, Instrument> Seen = new(StringComparer.Ordinal);
    private static readonly string[] Meters = [.. MeterList("MeterNames"), .. MeterList("InstrumentationMeterNames")];
    private static MeterListener? _listener;
    private static bool _hostRan;

#pragma warning disable CA2255 // A test assembly: the listener must exist before any test creates a host.
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Listen()
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (Meters.Any(meter => meter.EndsWith('*') ? instrument.Meter.Name.StartsWith(meter[..^1], StringComparison.Ordinal) : instrument.Meter.Name == meter))
                {
                    Seen.TryAdd(instrument.Name, new Instrument(instrument.Name, KindOf(instrument), instrument.Unit ?? string.Empty, "meter " + instrument.Meter.Name));
                }
            },
        };
        _listener.Start();
    }

    private static string[] MeterList(string field) =>
        (string[])typeof(DistilleryTelemetry).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;

    public static async Task<IReadOnlyList<Instrument>> ObserveAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!_hostRan)
            {
                await RunHostAsync();
                _hostRan = true;
            }

            return Seen.Values.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task RunHostAsync()
    {
        var builder = WebApplication.CreateBuilder([.. TestSettings.Base, "--Distillery:Bus:Transport=InMemory", .. TestSettings.FastRetries(2)]);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.AddServiceDefaults("metric-probe", TextWriter.Null);
        var log = new AttemptLog();
        builder.Services.AddSingleton(log);
        builder.AddDistilleryBus(bus => bus.AddConsumer<FlakyWorkConsumer>());
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        using (var http = new HttpClient())
        {
            (await http.GetAsync(new Uri(new Uri(app.Urls.First()), "/health/live"))).EnsureSuccessStatusCode();
        }

        var id = Guid.NewGuid();
        await app.Services.GetRequiredService<IBus>().Publish(new FlakyWork(id));
        await Eventually.Within(log.SuccessOf(id), TimeSpan.FromSeconds(30), "the probe message's consumption");
        await app.StopAsync();
    }

    private static string KindOf(System.Diagnostics.Metrics.Instrument instrument)
    {
        for (var type = instrument.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType)
            {
                var name = type.GetGenericTypeDefinition().Name;
                name = name[..name.IndexOf('`', StringComparison.Ordinal)];
                if (name is "Counter" or "ObservableCounter" or "UpDownCounter" or "ObservableUpDownCounter" or "Histogram" or "Gauge" or "ObservableGauge")
                {
                    return CodeCatalogue.KindOf(name);
                }
            }
        }

        return "unknown";
    }
}
