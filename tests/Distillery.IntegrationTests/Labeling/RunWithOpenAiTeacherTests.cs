using System.Text.Json.Nodes;
using Distillery.IntegrationTests.EndToEnd;

namespace Distillery.IntegrationTests.Labeling;

/// <summary><c>distillery run</c> with an <c>openai</c> teacher: provenance and tokens in the report, the label cache across runs.</summary>
public sealed class RunWithOpenAiTeacherTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("distillery-openai-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_report_names_model_and_prompt_version_and_a_second_run_is_served_from_the_label_cache()
    {
        await using var api = await ChatCompletionsStandIn.StartAsync();
        var job = WriteJob(api.BaseUrl);
        var cache = Path.Combine(_folder, "labels-cache.jsonl");
        var environment = new Dictionary<string, string> { ["STAND_IN_KEY"] = "sk-stand-in" };

        var first = await DistilleryProcess.RunAsync(Deadline, environment, "run", job, "--out", Path.Combine(_folder, "first"), "--label-cache", cache);
        var requestsAfterFirst = api.Requests.Count;
        var second = await DistilleryProcess.RunAsync(Deadline, environment, "run", job, "--out", Path.Combine(_folder, "second"), "--label-cache", cache);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("sk-stand-in", first.Output + File.ReadAllText(Path.Combine(_folder, "first", "run.log")), StringComparison.Ordinal);
        var firstUsage = Usage(Path.Combine(_folder, "first"));
        var secondUsage = Usage(Path.Combine(_folder, "second"));
        // Validation 12, pool 36 and test 24 texts, each asked once.
        Assert.Equal(72, requestsAfterFirst);
        Assert.Equal(72, firstUsage["textsLabelled"]!.GetValue<int>());
        Assert.Equal("stand-in-model", firstUsage["model"]!.GetValue<string>());
        Assert.Matches("^p-[0-9a-f]{12}$", firstUsage["promptVersion"]!.GetValue<string>());
        Assert.True(firstUsage["promptTokens"]!.GetValue<long>() > 72 * 50);
        Assert.Equal(72, firstUsage["completionTokens"]!.GetValue<long>());
        Assert.Equal(0, firstUsage["cacheHits"]!.GetValue<int>());
        Assert.Equal(requestsAfterFirst, api.Requests.Count);
        Assert.Equal(72, secondUsage["cacheHits"]!.GetValue<int>());
        Assert.Equal(0, secondUsage["promptTokens"]!.GetValue<long>());
        Assert.Equal(firstUsage["promptVersion"]!.GetValue<string>(), secondUsage["promptVersion"]!.GetValue<string>());
        Assert.Contains("stand-in-model", File.ReadAllText(Path.Combine(_folder, "first", "report.md")), StringComparison.Ordinal);
    }

    private static JsonNode Usage(string output) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "report.json")))!["tasks"]![0]!["teacherUsage"]!;

    private string WriteJob(Uri baseUrl) => MailJobFiles.Write(_folder, "openai-run", $"""
        teacher:
          kind: openai
          model: stand-in-model
          base_url: {baseUrl}
          api_key_env: STAND_IN_KEY
          prompt_price_per_million: 1
          completion_price_per_million: 2
        """, (12, 36, 24));
}
