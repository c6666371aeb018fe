using Distillery.Contracts.Grpc;
using Distillery.Inference.Grpc;
using Distillery.IntegrationTests.Llama;
using Distillery.Labeling.Teachers;
using Distillery.Labeling.Teachers.OpenAi;

namespace Distillery.IntegrationTests.Inference;

/// <summary>
/// The <c>openai</c> teacher against a real OpenAI-compatible server: our Inference service's
/// /v1 endpoint on the tiny model. The model's weights are random, so its free-text answers are
/// rarely a label: what this proves is the whole path (SDK request, usage, logprobs, the strict
/// parser, the retry with a reminder, abstentions that keep the raw answer), not label quality.
/// </summary>
[Collection(SharedLlama.Name)]
public sealed class OpenAiTeacherOnInferenceTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task The_openai_teacher_labels_or_abstains_through_our_own_openai_endpoint()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var codebook = TestCodebooks.SpamHam().ToCodebook();
        var texts = TestCodebooks.VariedTexts(8, seed: 3).Select((text, i) => new TextToLabel($"d{i}", text)).ToList();
        using var teacher = new OpenAiTeacher(new OpenAiTeacherSettings(
            new Uri(server.HttpAddress, "/v1"), InferenceServer.Model, "sk-not-checked", FewShotExamples: 1, MaxConcurrency: 4, MaxAnswerTokens: 4,
            Price: new ModelPrice(1m, 2m)));

        var result = await teacher.LabelAsync(new TeacherRequest("task", codebook, texts), CancellationToken.None);

        Assert.Equal(texts.Select(text => text.Id), result.Labels.Select(label => label.Id));
        Assert.All(result.Labels, label =>
        {
            if (label.Label is null)
            {
                // An abstention keeps what the model said, so nothing is silently turned into a class.
                Assert.False(string.IsNullOrEmpty(label.RawAnswer));
            }
            else
            {
                Assert.Contains(label.Label, new[] { "spam", "ham" });
                Assert.True(label.Probabilities is null || Math.Abs(label.Probabilities.Sum() - 1.0) < 1e-3);
            }

            Assert.True(label.PromptTokens > 50, $"{label.Id}: {label.PromptTokens} prompt tokens");
            Assert.InRange(label.CompletionTokens, 1, 8);
        });
        Assert.Equal(result.Labels.Count(label => label.Label is null), result.Abstentions);
        // An unparseable first answer is asked again with a reminder: an abstention carries both answers' tokens.
        Assert.All(result.Labels.Where(label => label.Label is null), label => Assert.True(label.CompletionTokens >= 2, $"{label.Id}: {label.CompletionTokens} completion tokens"));
        Assert.Equal((result.PromptTokens * 1m + result.CompletionTokens * 2m) / 1_000_000m, result.CostUsd);
        Assert.Equal(InferenceServer.Model, result.Provenance!.Model);
        Assert.Equal(teacher.PromptVersion(codebook), result.Provenance.PromptVersion);
    }
}
