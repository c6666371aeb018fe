using Distillery.Training.Consumers;
using MassTransit;
using Xunit.Abstractions;
using static Distillery.IntegrationTests.Deployment.DeploymentTools;

namespace Distillery.IntegrationTests.Deployment;

/// <summary>
/// Every queue a KEDA ScaledObject watches (deploy/k8s/autoscaling and the chart's values) is an
/// endpoint MassTransit creates for a consumer in services/ (or a planned one).
/// </summary>
public sealed class QueueNameTests(ITestOutputHelper output)
{
    [Fact]
    public void Endpoint_names_derived_from_the_source_match_what_MassTransit_names_the_real_consumer()
    {
        Assert.Contains(("services/Distillery.Training", "TrainStudentConsumer"), CodeCatalogue.Consumers());
        Assert.Equal(KebabCaseEndpointNameFormatter.Instance.Consumer<TrainStudentConsumer>(), CodeCatalogue.EndpointName("TrainStudentConsumer"));
        Assert.Equal("train-student", CodeCatalogue.EndpointName("TrainStudentConsumer"));
        Assert.Equal("label-batch", CodeCatalogue.EndpointName("LabelBatchConsumer"));
    }

    [KubernetesToolsFact]
    public void Every_queue_KEDA_scales_on_is_a_MassTransit_endpoint_of_a_consumer_in_the_code()
    {
        var watched = Objects("deploy/k8s/autoscaling")
            .Where(o => Text(o["kind"]) == "ScaledObject")
            .SelectMany(o => o["spec"]!["triggers"]!.AsArray().Select(t => (Where: $"deploy/k8s/autoscaling ScaledObject {Text(o["metadata"]!["name"])}", Queue: Text(t!["metadata"]!["queueName"]))))
            .ToList();
        Assert.Equal(3, watched.Count);
        Assert.Equal(watched.Select(w => w.Queue).Order(StringComparer.Ordinal), ChartQueues(["charts/distillery/values.yaml"]).Select(q => q.Queue).Order(StringComparer.Ordinal));
        watched.AddRange(ChartQueues(["charts/distillery/values.yaml", .. Directory.GetFiles(PathOf("charts", "distillery", "examples"), "*.yaml").Select(f => Path.GetRelativePath(Root, f))]));
        Assert.True(Check(watched, out var report), report);
    }

    [Fact]
    public void A_queue_no_consumer_serves_is_reported()
    {
        Assert.False(Check([("a test", "train-students")], out var report));
        Assert.Contains("train-students", report, StringComparison.Ordinal);
    }

    private bool Check(IEnumerable<(string Where, string Queue)> watched, out string report)
    {
        var consumers = CodeCatalogue.Consumers();
        var endpoints = consumers.Select(c => CodeCatalogue.EndpointName(c.Consumer)).Concat(CodeCatalogue.ExplicitEndpointNames()).ToHashSet(StringComparer.Ordinal);
        var owners = consumers.Select(c => c.Project).ToHashSet(StringComparer.Ordinal);
        var planned = AllowedNames.Load().PlannedQueues;
        var problems = new List<string>();
        foreach (var (owner, name) in planned)
        {
            if (endpoints.Contains(name))
            {
                problems.Add($"planned queue {name} is a real endpoint now: remove it from {AllowedNames.File}");
            }
            else if (owners.Contains(owner))
            {
                problems.Add($"queue {name} is planned for {owner}, whose consumers now give {string.Join(", ", consumers.Where(c => c.Project == owner).Select(c => CodeCatalogue.EndpointName(c.Consumer)))}: scale on those");
            }
        }

        foreach (var (where, queue) in watched)
        {
            if (endpoints.Contains(queue))
            {
                output.WriteLine($"real     {queue}  ({where})");
            }
            else if (planned.Any(p => p.Name == queue))
            {
                output.WriteLine($"PLANNED  {queue}  ({where}; no consumer yet)");
            }
            else
            {
                problems.Add($"{where} watches queue '{queue}', which no consumer in services/ creates (endpoints: {string.Join(", ", endpoints.Order(StringComparer.Ordinal))})");
            }
        }

        report = string.Join("\n", problems);
        return problems.Count == 0;
    }

    private static IEnumerable<(string Where, string Queue)> ChartQueues(IEnumerable<string> valuesFiles) =>
        from file in valuesFiles
        let values = LoadFile(file.Split('/'))
        from component in new[] { "labeling", "training", "inference" }
        let queue = values?[component]?["keda"]?["queueName"]
        where queue is not null
        select ($"{file} {component}.keda.queueName", Text(queue));
}
