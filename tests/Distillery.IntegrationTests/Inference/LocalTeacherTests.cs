using Distillery.Contracts.Grpc;
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
    [InlineData(LocalTeacherMode.CalibratedScore)]
    [InlineData(LocalTeacherMode.Generate)]
    public async Task The_local_teacher_labels_through_the_service_under_its_own_prompt_version(LocalTeacherMode mode)
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var codebook = TestCodebooks.SpamHam().ToCodebook();
        using var teacher = new LocalTeacher(new LocalTeacherSettings(server.GrpcAddress, InferenceServer.Model, mode, FewShotExamples: 1, BatchSize: 4));
        var texts = TestCodebooks.VariedTexts(10, seed: 21).Select((text, i) => new TextToLabel($"d{i}", text)).ToList();

        var result = await teacher.LabelAsync(new TeacherRequest("task", codebook, texts), CancellationToken.None);

        Assert.Equal(texts.Select(text => text.Id), result.Labels.Select(label => label.Id));
        Assert.All(result.Labels, label => Assert.Contains(label.Label, new[] { "spam", "ham" }));
        Assert.Equal(PromptTemplate.Render(codebook, fewShotExamples: 1).Version, result.Provenance!.PromptVersion);
        Assert.Equal(teacher.PromptVersion(codebook), result.Provenance.PromptVersion);
        Assert.True(result.PromptTokens > 100 * texts.Count);
        if (mode != LocalTeacherMode.Generate)
        {
            Assert.All(result.Labels, label => Assert.Equal(1.0, label.Probabilities!.Sum(), 1e-4));
        }
        else
        {
            Assert.True(result.CompletionTokens >= 2 * texts.Count);
        }
    }

    [Fact]
    public async Task Calibrated_score_divides_out_the_bias_that_plain_score_shows_on_the_same_texts()
    {
        await using var server = await InferenceServer.StartAsync(fixture);
        var codebook = TestCodebooks.Balanced().ToCodebook();
        var texts = TestCodebooks.VariedTexts(24, seed: 5).Select((text, i) => new TextToLabel($"d{i}", text)).ToList();
        using var plain = new LocalTeacher(new LocalTeacherSettings(server.GrpcAddress, InferenceServer.Model, LocalTeacherMode.Score, BatchSize: 8));
        using var calibrated = new LocalTeacher(new LocalTeacherSettings(server.GrpcAddress, InferenceServer.Model, LocalTeacherMode.CalibratedScore, BatchSize: 8));

        var raw = await plain.LabelAsync(new TeacherRequest("task", codebook, texts), CancellationToken.None);
        var adjusted = await calibrated.LabelAsync(new TeacherRequest("task", codebook, texts), CancellationToken.None);

        Assert.Equal("tiny (local, calibrated score)", calibrated.Name);
        Assert.NotEqual(plain.CacheModel, calibrated.CacheModel);
        Assert.Equal(raw.Provenance!.PromptVersion, adjusted.Provenance!.PromptVersion);
        Assert.All(adjusted.Labels, label => Assert.Equal(1.0, label.Probabilities!.Sum(), 1e-4));
        // Calibration means something only if it moves probabilities: averaged over the texts, the
        // raw scores lean towards some label more than the calibrated ones do.
        double Spread(TeacherBatchResult result) =>
            Enumerable.Range(0, 4).Select(k => result.Labels.Average(label => label.Probabilities![k])).Max()
            - Enumerable.Range(0, 4).Select(k => result.Labels.Average(label => label.Probabilities![k])).Min();
        Assert.Contains(raw.Labels.Zip(adjusted.Labels), pair => Math.Abs(pair.First.Probabilities![0] - pair.Second.Probabilities![0]) > 1e-3);
        Assert.True(Spread(adjusted) < Spread(raw), $"mean-probability spread calibrated {Spread(adjusted):0.000} vs raw {Spread(raw):0.000}");
    }
}
