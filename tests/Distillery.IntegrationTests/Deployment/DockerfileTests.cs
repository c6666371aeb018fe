using System.Text.RegularExpressions;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// deploy/docker: no Docker engine runs here, so each Dockerfile is read and checked against the
/// repository: a multi-stage build (the .NET SDK publishes, an ASP.NET runtime runs), a non-root
/// numeric user, the ports the manifests use (the gRPC one only where the host serves gRPC), the
/// host project it publishes and the assembly it starts (from the project file, or planned while
/// that host is being written), and every path it copies from the build context.
/// </summary>
public sealed partial class DockerfileTests(ITestOutputHelper output)
{
    public static readonly string[] Images = ["coordinator", "labeling", "inference", "inference-cpu", "training", "evaluation"];

    [Fact]
    public void Every_image_is_a_multi_stage_non_root_build_of_its_host_project_exposing_the_chart_ports()
    {
        var hosts = CodeCatalogue.HostProjects();
        var servingGrpc = CodeCatalogue.HostsServingGrpcHealth();
        var planned = AllowedNames.Load().PlannedHosts;
        var values = LoadFile("charts", "distillery", "values.yaml")!;
        Assert.Equal(Images.Order(StringComparer.Ordinal), Directory.GetFiles(PathOf("deploy", "docker"), "Dockerfile.*").Select(f => Path.GetFileName(f)["Dockerfile.".Length..]).Order(StringComparer.Ordinal));
        var problems = new List<string>();

        foreach (var (name, plannedHost) in Images.Select(image => (image, planned.FirstOrDefault(p => p.Assembly == "distillery-" + image.Replace("-cpu", string.Empty, StringComparison.Ordinal)))))
        {
            var file = PathOf("deploy", "docker", "Dockerfile." + name);
            var instructions = Instructions(file);
            var stages = instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
            Assert.True(stages.Count >= 2, $"{name}: not a multi-stage build");
            Assert.Contains(stages, s => s.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS build", StringComparison.Ordinal));
            Assert.Contains(stages, s => s.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", StringComparison.Ordinal));
            var finalStage = instructions.Skip(instructions.FindLastIndex(i => i.Keyword == "FROM")).ToList();
            Assert.Equal("1654", finalStage.Last(i => i.Keyword == "USER").Arguments);
            var assemblyName = $"distillery-{name.Replace("-cpu", string.Empty, StringComparison.Ordinal)}";
            var servesGrpc = servingGrpc.TryGetValue(assemblyName, out var serves) ? serves : plannedHost.ServesGrpc;
            string[] ports = servesGrpc ? [Text(values["ports"]!["grpc"]), Text(values["ports"]!["http"])] : [Text(values["ports"]!["http"])];
            Assert.Equal(ports, finalStage.Single(i => i.Keyword == "EXPOSE").Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var environment = string.Join(' ', finalStage.Where(i => i.Keyword == "ENV").Select(i => i.Arguments));
            Assert.Contains($"Kestrel__Endpoints__Http__Url=http://0.0.0.0:{Text(values["ports"]!["http"])}", environment, StringComparison.Ordinal);
            Assert.True(
                servesGrpc == environment.Contains($"Kestrel__Endpoints__Grpc__Url=http://0.0.0.0:{Text(values["ports"]!["grpc"])}", StringComparison.Ordinal),
                $"{name}: the host {(servesGrpc ? "serves" : "does not serve")} gRPC, the image {(servesGrpc ? "does not listen" : "listens")} for it");
            Assert.Equal($"[\"dotnet\", \"{assemblyName}.dll\"]", finalStage.Single(i => i.Keyword == "ENTRYPOINT").Arguments);

            var publish = PublishedProject().Match(string.Join('\n', instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments)));
            Assert.True(publish.Success, $"{name}: no dotnet publish of a project");
            var project = publish.Groups["project"].Value;
            if (hosts.TryGetValue(project, out var assembly))
            {
                Assert.Equal(assemblyName, assembly);
                output.WriteLine($"{name}: publishes {project} ({assembly}.dll)");
                if (plannedHost.Project == project)
                {
                    problems.Add($"{project} exists now: remove it from the planned hosts in {AllowedNames.File}");
                }
            }
            else if (plannedHost.Project == project)
            {
                output.WriteLine($"{name}: PLANNED host {project} does not exist yet; this image cannot be built until it does");
            }
            else
            {
                problems.Add($"{name}: publishes {project}, which is neither a host project under services/ nor a planned one");
            }

            foreach (var copy in instructions.Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal)))
            {
                foreach (var source in copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1])
                {
                    Assert.True(File.Exists(PathOf(source)) || Directory.Exists(PathOf(source)), $"{name}: COPY {source}: no such file in the repository");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_inference_images_carry_llama_cpp_from_the_pinned_fetch_the_GPU_one_on_a_CUDA_12_runtime()
    {
        var gpu = Instructions(PathOf("deploy", "docker", "Dockerfile.inference"));
        var cpu = Instructions(PathOf("deploy", "docker", "Dockerfile.inference-cpu"));
        Assert.StartsWith("nvidia/cuda:12.", gpu.Last(i => i.Keyword == "FROM").Arguments, StringComparison.Ordinal);
        Assert.Contains(gpu, i => i.Keyword == "RUN" && i.Arguments.Contains("scripts/fetch-native.sh cuda", StringComparison.Ordinal));
        Assert.Contains(gpu, i => i.Keyword == "COPY" && i.Arguments.Contains("/src/native/linux-x64-cuda/", StringComparison.Ordinal));
        Assert.Contains(cpu, i => i.Keyword == "RUN" && i.Arguments.Contains("scripts/fetch-native.sh cpu", StringComparison.Ordinal));
        Assert.DoesNotContain(cpu, i => i.Keyword == "FROM" && i.Arguments.Contains("cuda", StringComparison.Ordinal));
        // The native stage must unpack exactly what the lock file pins, for each variant the image uses.
        var lockFile = File.ReadAllText(PathOf("scripts", "native.lock"));
        Assert.Contains("cuda       @node-llama-cpp/linux-x64-cuda ", lockFile, StringComparison.Ordinal);
        Assert.Contains("native/linux-x64-cuda", lockFile, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_context_keeps_what_the_images_copy_and_drops_build_outputs()
    {
        var ignored = File.ReadAllLines(PathOf(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        foreach (var copied in new[] { "services/", "protos/", "scripts/", "global.json" })
        {
            Assert.DoesNotContain(ignored, pattern => copied.StartsWith(pattern.TrimStart('/'), StringComparison.Ordinal));
        }
    }

    /// <summary>A Dockerfile's instructions, continuation lines joined and comments dropped.</summary>
    internal static List<(string Keyword, string Arguments)> Instructions(string path)
    {
        var result = new List<(string, string)>();
        var current = string.Empty;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            current += (current.Length > 0 ? " " : string.Empty) + line.TrimEnd('\\').Trim();
            if (!line.EndsWith('\\'))
            {
                var space = current.IndexOf(' ', StringComparison.Ordinal);
                result.Add((current[..space].ToUpperInvariant(), WhiteSpace().Replace(current[(space + 1)..], " ")));
                current = string.Empty;
            }
        }

        return result;
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
