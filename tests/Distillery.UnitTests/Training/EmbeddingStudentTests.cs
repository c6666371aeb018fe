using Distillery.Training.Embeddings;
using Distillery.Training.Models;
using Distillery.Training.Students;
using Distillery.Training.Students.EmbeddingLogReg;
using Distillery.Training.Students.EmbeddingMlp;

namespace Distillery.UnitTests.Training;

/// <summary>What both embedding students must learn, on seeded synthetic two-topic texts.</summary>
public sealed class EmbeddingStudentTests
{
    private const ulong Seed = 7;
    private static readonly HashedProjectionTestEmbeddings Provider = new();
    private static readonly (List<string> Texts, List<string> Labels) HeldOut = SyntheticTopics.Make(200, 99);

    internal static IStudent Student(string kind, ClassWeight classWeight = ClassWeight.None) => kind switch
    {
        EmbeddingLogRegStudent.KindName => new EmbeddingLogRegStudent(Provider, new EmbeddingLogRegOptions { ClassWeight = classWeight }),
        EmbeddingMlpStudent.KindName => new EmbeddingMlpStudent(Provider, new EmbeddingMlpOptions { ClassWeight = classWeight }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an embedding student"),
    };

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Learns_a_two_topic_task_to_95_percent_on_held_out_texts(string kind)
    {
        var fitted = await Student(kind).FitAsync(SyntheticTopics.Hard(200, 1), Seed);

        var predicted = await fitted.Model.PredictAsync(HeldOut.Texts);

        Assert.Equal(kind, fitted.Model.Kind);
        Assert.Equal(SyntheticTopics.Labels, fitted.Model.Labels);
        Assert.True(SyntheticTopics.Accuracy(predicted, HeldOut.Labels) >= 0.95, $"accuracy {SyntheticTopics.Accuracy(predicted, HeldOut.Labels)}");
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Soft_targets_of_0_9_on_the_true_label_predict_what_hard_labels_predict(string kind)
    {
        var hard = await Student(kind).FitAsync(SyntheticTopics.Hard(200, 1), Seed);
        var soft = await Student(kind).FitAsync(SyntheticTopics.Soft(200, 1, 0.9), Seed);

        var hardPredictions = await hard.Model.PredictAsync(HeldOut.Texts);
        var softPredictions = await soft.Model.PredictAsync(HeldOut.Texts);

        Assert.Equal(hardPredictions, softPredictions);
        Assert.True(SyntheticTopics.Accuracy(softPredictions, HeldOut.Labels) >= 0.95);
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Soft_targets_of_0_7_give_a_less_confident_fit_than_hard_labels(string kind)
    {
        var hard = await Student(kind).FitAsync(SyntheticTopics.Hard(200, 1), Seed);
        var soft = await Student(kind).FitAsync(SyntheticTopics.Soft(200, 1, 0.7), Seed);

        var hardConfidence = (await hard.Model.PredictProbabilitiesAsync(HeldOut.Texts)).Average(row => row.Max());
        var softConfidence = (await soft.Model.PredictProbabilitiesAsync(HeldOut.Texts)).Average(row => row.Max());

        Assert.True(softConfidence < hardConfidence - 0.05, $"soft {softConfidence}, hard {hardConfidence}");
        Assert.InRange(softConfidence, 0.55, 0.75);
    }

    [Theory]
    [InlineData(EmbeddingLogRegStudent.KindName)]
    [InlineData(EmbeddingMlpStudent.KindName)]
    public async Task Balanced_class_weights_recover_a_minority_class_that_unweighted_training_ignores(string kind)
    {
        // 90% sport; each topic word comes from the other topic 35% of the time, so the classes overlap.
        var data = SyntheticTopics.Hard(400, 3, firstShare: 0.9, leak: 0.35);
        var (texts, truth) = SyntheticTopics.Make(1000, 98, firstShare: 0.9, leak: 0.35);

        var unweighted = await (await Student(kind).FitAsync(data, Seed)).Model.PredictAsync(texts);
        var balanced = await (await Student(kind, ClassWeight.Balanced).FitAsync(data, Seed)).Model.PredictAsync(texts);

        Assert.True(MinorityRecall(balanced, truth) > MinorityRecall(unweighted, truth) + 0.3, $"balanced {MinorityRecall(balanced, truth)}, unweighted {MinorityRecall(unweighted, truth)}");
    }

    [Fact]
    public async Task The_mlp_reports_its_epochs_the_kept_epoch_and_its_validation_loss()
    {
        var student = new EmbeddingMlpStudent(Provider, new EmbeddingMlpOptions { Mlp = new() { HiddenSize = 32 } });

        var fitted = await student.FitAsync(SyntheticTopics.Soft(200, 1, 0.7), Seed);

        Assert.InRange(fitted.Diagnostics["best_epoch"], 1, fitted.Diagnostics["epochs"]);
        Assert.Equal(fitted.Diagnostics["best_epoch"] + 10, fitted.Diagnostics["epochs"]);
        Assert.InRange(fitted.Diagnostics["best_validation_loss"], 0.5, 0.7);
        Assert.Equal(20, fitted.Diagnostics["validation_items"]);
        Assert.Equal(32, ((MlpHead)((EmbeddingStudentModel)fitted.Model).Head).Hidden);
    }

    [Fact]
    public async Task A_provider_that_breaks_its_promise_is_named_in_the_error()
    {
        var broken = new BrokenProvider();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new EmbeddingMlpStudent(broken, new()).FitAsync(SyntheticTopics.Hard(20, 1), Seed));

        Assert.Contains("'broken'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 8", error.Message, StringComparison.Ordinal);
    }

    private static double MinorityRecall(string[] predicted, List<string> truth)
    {
        var minority = SyntheticTopics.Labels[1];
        var items = Enumerable.Range(0, truth.Count).Where(i => truth[i] == minority).ToList();
        return items.Count(i => predicted[i] == minority) / (double)items.Count;
    }

    private sealed class BrokenProvider : IEmbeddingProvider
    {
        public string Name => "broken";

        public int Dimension => 8;

        public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            Task.FromResult(texts.Select(_ => new float[7]).ToArray());
    }
}
