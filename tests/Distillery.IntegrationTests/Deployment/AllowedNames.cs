using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// deploy/planned-and-external-names.yaml: names the deployment may use without the code
/// defining them (external exporters' metrics, framework configuration keys, plain environment
/// variables the code reads by name), and names planned
/// by services still being written, each with the project that owns it.
/// </summary>
internal sealed class AllowedNames
{
    public const string File = "deploy/planned-and-external-names.yaml";

    private AllowedNames(JsonNode root)
    {
        ExternalMetricPrefixes = Items(root["externalMetricPrefixes"]).Select(item => DeploymentTools.Text(item["prefix"])).ToList();
        FrameworkKeys = Items(root["frameworkConfigurationKeys"]).Select(item => new Regex(DeploymentTools.Text(item["pattern"]), RegexOptions.CultureInvariant)).ToList();
        EnvironmentVariables = Items(root["environmentVariables"]).Select(item => (DeploymentTools.Text(item["name"]), DeploymentTools.Text(item["reader"]))).ToList();
        var planned = root["planned"]!;
        PlannedHosts = Items(planned["hosts"]).Select(item => (DeploymentTools.Text(item["project"]), DeploymentTools.Text(item["assembly"]), DeploymentTools.Text(item["servesGrpc"]) == "true")).ToList();
        PlannedMetrics = Items(planned["metrics"])
            .Select(item => (Owner: DeploymentTools.Text(item["owner"]), Instrument: new Instrument(DeploymentTools.Text(item["name"]), DeploymentTools.Text(item["kind"]), DeploymentTools.Text(item["unit"]), File)))
            .ToList();
        PlannedQueues = Items(planned["queues"]).Select(item => (DeploymentTools.Text(item["owner"]), DeploymentTools.Text(item["name"]))).ToList();
        PlannedKeys = Items(planned["configuration"]).Select(item => (DeploymentTools.Text(item["owner"]), DeploymentTools.Text(item["key"]))).ToList();
    }

    public IReadOnlyList<string> ExternalMetricPrefixes { get; }

    public IReadOnlyList<Regex> FrameworkKeys { get; }

    /// <summary>Environment variables read by name (not through configuration), with the source file that reads each.</summary>
    public IReadOnlyList<(string Name, string Reader)> EnvironmentVariables { get; }

    public IReadOnlyList<(string Project, string Assembly, bool ServesGrpc)> PlannedHosts { get; }

    public IReadOnlyList<(string Owner, Instrument Instrument)> PlannedMetrics { get; }

    public IReadOnlyList<(string Owner, string Name)> PlannedQueues { get; }

    public IReadOnlyList<(string Owner, string Key)> PlannedKeys { get; }

    public static AllowedNames Load() => new(DeploymentTools.LoadFile(File) ?? throw new InvalidOperationException($"{File} is empty"));

    private static IEnumerable<JsonNode> Items(JsonNode? node) => node?.AsArray().Select(item => item!) ?? [];
}
