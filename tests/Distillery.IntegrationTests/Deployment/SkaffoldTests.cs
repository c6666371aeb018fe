using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// skaffold.yaml (no skaffold binary here): each configuration, the default CPU one and the gpu
/// profile, builds every image the chart then deploys, from Dockerfiles that exist, and sets
/// only values the chart declares, from images it builds.
/// </summary>
public sealed partial class SkaffoldTests
{
    [Fact]
    public void Each_configuration_builds_every_image_its_helm_release_deploys_and_sets_only_declared_values()
    {
        var skaffold = LoadFile("skaffold.yaml")!;
        var values = LoadFile("charts", "distillery", "values.yaml")!;
        Assert.Equal("skaffold/v4beta11", Text(skaffold["apiVersion"]));
        var profiles = skaffold["profiles"]!.AsArray().ToDictionary(p => Text(p!["name"]), p => p!, StringComparer.Ordinal);
        Assert.Equal(["cpu", "gpu"], profiles.Keys.Order(StringComparer.Ordinal));

        foreach (var (name, build, deploy, gpu) in new[]
        {
            ("default", skaffold["build"]!, skaffold["deploy"]!, false),
            ("gpu", profiles["gpu"]["build"]!, profiles["gpu"]["deploy"]!, true),
        })
        {
            var artifacts = build["artifacts"]!.AsArray().Select(a => a!).ToList();
            foreach (var artifact in artifacts)
            {
                Assert.True(File.Exists(PathOf(Text(artifact["docker"]!["dockerfile"]).Split('/'))), $"{name}: {Text(artifact["docker"]!["dockerfile"])} does not exist");
                Assert.Equal(".", Text(artifact["context"]));
            }

            var images = artifacts.Select(a => Text(a["image"])).ToHashSet(StringComparer.Ordinal);
            var release = deploy["helm"]!["releases"]!.AsArray().Single()!;
            Assert.Equal("charts/distillery", Text(release["chartPath"]));
            var valuesFile = Text(release["valuesFiles"]![0]);
            Assert.True(File.Exists(PathOf(valuesFile.Split('/'))), $"{name}: {valuesFile} does not exist");
            Assert.Equal(gpu.ToString().ToLowerInvariant(), Text(LoadFile(valuesFile.Split('/'))!["inference"]!["gpu"]!["enabled"]));

            var set = release["setValueTemplates"]!.AsObject();
            foreach (var (path, template) in set)
            {
                JsonNode? node = values;
                foreach (var key in path.Split('.'))
                {
                    node = node?[key];
                    Assert.True(node is not null, $"{name}: setValueTemplates {path} is not a value the chart declares");
                }

                foreach (Match reference in ImageReference().Matches(Text(template)))
                {
                    Assert.Contains(reference.Groups["image"].Value, images.Select(i => i.Replace('-', '_')));
                }
            }

            // Every image the release deploys comes from this build: the repositories it sets are the artifacts, one each.
            var deployed = new[] { "coordinator", "labeling", "training", "evaluation" }.Select(c => $"{c}.image.repository")
                .Append(gpu ? "inference.image.repository" : "inference.image.cpuRepository")
                .Select(path => ImageReference().Match(Text(set[path])).Groups["image"].Value)
                .Order(StringComparer.Ordinal);
            Assert.Equal(images.Select(i => i.Replace('-', '_')).Order(StringComparer.Ordinal), deployed);
        }
    }

    [GeneratedRegex(@"\{\{\.IMAGE_(?:REPO|TAG|DIGEST)_(?<image>[a-z0-9_]+)\}\}")]
    private static partial Regex ImageReference();
}
