using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Distillery.IntegrationTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// The deployment files (deploy/, charts/, skaffold.yaml) and the offline tools that check them:
/// kubectl (Debian's kubernetes-client or any newer one; only <c>kubectl kustomize</c> is used),
/// Node with tests/k8s-validate's pinned packages, and Prometheus's promtool.
/// </summary>
internal static class DeploymentTools
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Rendered = new(StringComparer.Ordinal);

    public static string Root => RepositoryFiles.Root;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ValidatorFolder => PathOf("tests", "k8s-validate");

    /// <summary>Every folder under deploy/k8s with a kustomization.yaml.</summary>
    public static IReadOnlyList<string> Kustomizations { get; } = Directory
        .EnumerateFiles(PathOf("deploy", "k8s"), "kustomization.yaml", SearchOption.AllDirectories)
        .Select(file => Path.GetRelativePath(Root, Path.GetDirectoryName(file)!).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary><c>kubectl kustomize</c> of a folder relative to the repository root (cached per run).</summary>
    public static string Kustomize(string folder) => Rendered.GetOrAdd(folder, key => new Lazy<string>(() =>
    {
        var (exitCode, output, error) = Run("kubectl", ["kustomize", PathOf(key)], TimeSpan.FromMinutes(1));
        return exitCode == 0 ? output : throw new InvalidOperationException($"kubectl kustomize {key} exited with {exitCode}:\n{error}");
    })).Value;

    /// <summary>The objects of a rendered kustomization, as JSON (scalars as YAML gives them: strings).</summary>
    public static IReadOnlyList<JsonObject> Objects(string folder) => LoadAll(Kustomize(folder));

    public static IReadOnlyList<JsonObject> LoadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => ToJson(document.RootNode))
            .OfType<JsonObject>()
            .ToList();
    }

    public static JsonNode? LoadFile(params string[] parts)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(PathOf(parts))));
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Value: null or "~" or "null" } scalar when scalar.Style == YamlDotNet.Core.ScalarStyle.Plain => null,
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    public static string Text(JsonNode? node) => node?.GetValue<string>() ?? string.Empty;

    /// <summary>The Deployments' and StatefulSets' first containers, by object name.</summary>
    public static IEnumerable<(JsonObject Workload, JsonObject Container)> Containers(IEnumerable<JsonObject> objects, bool initContainers = false) =>
        from workload in objects
        where Text(workload["kind"]) is "Deployment" or "StatefulSet"
        let spec = workload["spec"]!["template"]!["spec"]!
        from container in (spec["containers"]?.AsArray() ?? []).Concat(initContainers ? spec["initContainers"]?.AsArray() ?? [] : [])
        select (workload, container!.AsObject());

    public static string? Find(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, tool);
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static (int ExitCode, string Output, string Error) Run(string tool, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Why the kubectl and Node checks cannot run here, or null when they can.</summary>
    internal static string? KubernetesToolsMissing()
    {
        if (Find("kubectl") is null)
        {
            return "kubectl is not on PATH (apt-get install kubernetes-client; make deps does)";
        }

        return Directory.Exists(Path.Combine(ValidatorFolder, "node_modules", "kubernetes-models"))
            ? null
            : "tests/k8s-validate has no node_modules: run npm ci --prefix tests/k8s-validate (make deps does)";
    }

    internal static string? PromtoolMissing() =>
        Find("promtool") is null ? "promtool is not on PATH (apt-get install prometheus; make deps does)" : null;
}

/// <summary>Needs kubectl and tests/k8s-validate's packages: skipped locally without them, failing in CI (CI=true).</summary>
public sealed class KubernetesToolsFactAttribute : FactAttribute
{
    public KubernetesToolsFactAttribute() => Skip = TestServers.InCi ? null : DeploymentTools.KubernetesToolsMissing();
}

/// <summary>Needs promtool: skipped locally without it, failing in CI.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute() => Skip = TestServers.InCi ? null : DeploymentTools.PromtoolMissing();
}

/// <summary>Needs kubectl, RabbitMQ and PostgreSQL: skipped locally without them, failing in CI.</summary>
public sealed class KubernetesToolsAndServersTheoryAttribute : TheoryAttribute
{
    public KubernetesToolsAndServersTheoryAttribute() => Skip = TestServers.InCi
        ? null
        : DeploymentTools.KubernetesToolsMissing()
          ?? TestServers.SkipReason(TestServers.RabbitMqVariable)
          ?? TestServers.SkipReason(TestServers.PostgresVariable);
}
