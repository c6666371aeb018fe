using Distillery.Domain.Prompts;
using Distillery.Inference.Grpc;
using Distillery.IntegrationTests.Llama;
using Distillery.Labeling.Teachers;
using Distillery.Labeling.Teachers.Local;

namespace Distillery.IntegrationTests.Inference;

/// <summary>The Labeling service's local teacher against the real Inference service: they render the same prompt.</summary>
[Collection(SharedLlama.Name)]
public sealed class LocalTeacherTests(TinyModelFixture fixture)
{
    [Theory]
    [InlineData(LocalTeacherMode.Score)]
    [InlineData(LocalTeacherMode.Generate)]
    public async Task The_local_teacher_labels_through_the_service_under_its_own_prompt_version(LocalTeacherMode mode)
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var codebook = TestCodebooks.SpamHam().ToDomain();
        using var teacher = new LocalTeacher(new LocalTeacherSettings(server.GrpcAddress, InferenceServer.Model, mode, FewShotExamples: 1, BatchSize: 4));
        var texts = TestCodebooks.VariedTexts(10, seed: 21).Select((text, i) => new TextToLabel($"d{i}", text)).ToList();

        var result = await teacher.LabelAsync(new TeacherRequest("task", codebook, texts), CancellationToken.None);

        Assert.Equal(texts.Select(text => text.Id), result.Labels.Select(label => label.Id));
        Assert.All(result.Labels, label => Assert.Contains(label.Label, new[] { "spam", "ham" }));
        Assert.Equal(PromptTemplate.Render(codebook, fewShotExamples: 1).Version, result.Provenance!.PromptVersion);
        Assert.Equal(teacher.PromptVersion(codebook), result.Provenance.PromptVersion);
        Assert.True(result.PromptTokens > 100 * texts.Count);
        if (mode == LocalTeacherMode.Score)
        {
            Assert.All(result.Labels, label => Assert.Equal(1.0, label.Probabilities!.Sum(), 1e-4));
        }
        else
        {
            Assert.True(result.CompletionTokens >= 2 * texts.Count);
        }
    }
}
