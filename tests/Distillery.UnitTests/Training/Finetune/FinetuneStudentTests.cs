using System.Diagnostics;
using Distillery.Training.Encoders;
using Distillery.Training.Persistence;
using Distillery.Training.Students;
using Distillery.Training.Students.Finetune;
using Nito.AsyncEx;
using TorchSharp;
using Xunit.Abstractions;

namespace Distillery.UnitTests.Training.Finetune;

[Collection(LibTorchTests.Name)]
public sealed class FinetuneStudentTests(ITestOutputHelper output)
{
    // Small and fast: short inputs, few steps, one thread. The packaged MiniLM comes from the machine's encoder folder.
    private static readonly FinetuneOptions Quick = new()
    {
        MaxLength = 32,
        Epochs = 1,
        BatchSize = 8,
        Threads = 1,
        ValidationFraction = 0,
    };

    private static FinetuneStudent Student(FinetuneOptions options) => new(new EncoderCatalog(), options);

    [Fact]
    public async Task A_saved_model_loads_back_and_predicts_the_same_probabilities()
    {
        var data = TopicSentences.Make(24, seed: 1);
        var clock = Stopwatch.StartNew();
        var progress = new RecordingProgress();
        var fitted = await Student(Quick).FitAsync(data, seed: 7, progress);
        output.WriteLine($"fit of {data.Count} texts: {clock.Elapsed.TotalSeconds:F1} s; {string.Join(", ", fitted.Diagnostics.Select(d => $"{d.Key}={d.Value:G4}"))}");

        var bytes = StudentModelFile.Serialize(fitted.Model);
        var loaded = (FinetuneModel)StudentModelFile.Deserialize(bytes, new StudentModelReaders());
        loaded.Threads = 1;
        var texts = TopicSentences.Make(6, seed: 2).Texts;

        Assert.Equal(FinetuneStudent.KindName, loaded.Kind);
        Assert.Equal(fitted.Model.Labels, loaded.Labels);
        var before = await fitted.Model.PredictProbabilitiesAsync(texts);
        var after = await loaded.PredictProbabilitiesAsync(texts);
        Assert.Equal(before, after);
        Assert.All(after, row => Assert.Equal(1.0, row.Sum(), 6));
        Assert.Equal(bytes, StudentModelFile.Serialize(loaded));
        // One report as the epoch starts, then one per optimiser step, up to all 3 steps of 8 texts.
        Assert.Equal(
            [.. Enumerable.Range(0, 4).Select(step => new StudentProgress("fine-tuning epoch 1/1", step, 3))],
            progress.Reports);
    }

    [Fact]
    public async Task A_separable_task_is_learnt_and_the_same_seed_gives_the_same_model()
    {
        var options = Quick with { Epochs = 3, LearningRate = 1e-4, FreezeLayers = 4, ValidationFraction = 0.15 };
        var data = TopicSentences.Make(40, seed: 3);
        var test = TopicSentences.Make(20, seed: 4);
        var clock = Stopwatch.StartNew();
        var first = await Student(options).FitAsync(data, seed: 11);
        output.WriteLine($"fit: {clock.Elapsed.TotalSeconds:F1} s; {string.Join(", ", first.Diagnostics.Select(d => $"{d.Key}={d.Value:G4}"))}");
        // Fitted on another thread of the pool: the thread count follows the work, not the thread.
        var second = await Task.Run(() => Student(options).FitAsync(data, seed: 11));

        var predicted = await first.Model.PredictAsync(test.Texts);
        var expected = test.HardLabels().Select(k => test.Labels[k]).ToList();
        var accuracy = predicted.Zip(expected, (p, e) => p == e ? 1.0 : 0.0).Average();
        output.WriteLine($"held-out accuracy {accuracy:F2}");
        Assert.True(accuracy >= 0.8, $"accuracy {accuracy}");
        Assert.Equal(StudentModelFile.Serialize(first.Model), StudentModelFile.Serialize(second.Model));
        Assert.True(first.Diagnostics["validation_items"] > 0);

        // Frozen layers are not stored: the file holds the last two layers and the head.
        var stored = ((FinetuneModel)first.Model).Weights.Select(w => w.Key).ToList();
        Assert.DoesNotContain(stored, name => name.StartsWith("bert.embeddings.", StringComparison.Ordinal) || name.StartsWith("bert.encoder.layer.3.", StringComparison.Ordinal));
        Assert.Contains("bert.encoder.layer.4.attention.self.query.weight", stored);
        Assert.Contains("classifier.weight", stored);
    }

    [Fact]
    public async Task Soft_labels_train_against_the_teacher_s_probabilities()
    {
        var hard = TopicSentences.Make(16, seed: 5);
        var soft = TrainingSet.FromSoftLabels(hard.Task, hard.Texts, [.. hard.Targets.Select(t => (IReadOnlyList<double>)[.. t.Select(p => (0.8 * p) + 0.1)])], hard.Labels);

        var fromHard = await Student(Quick with { FreezeLayers = 6 }).FitAsync(hard, seed: 1);
        var fromSoft = await Student(Quick with { FreezeLayers = 6 }).FitAsync(soft, seed: 1);

        Assert.NotEqual(
            await fromHard.Model.PredictProbabilitiesAsync(hard.Texts),
            await fromSoft.Model.PredictProbabilitiesAsync(hard.Texts));
    }

    [Fact]
    public async Task A_model_from_a_different_encoder_file_is_refused_naming_both_hashes()
    {
        var fitted = await Student(Quick with { FreezeLayers = 6 }).FitAsync(TopicSentences.Make(8, seed: 1), seed: 1);
        var bytes = StudentModelFile.Serialize(fitted.Model);
        var files = await Encoders.MiniLm.FilesAsync();
        var readers = new StudentModelReaders().Add(FinetuneStudent.KindName, reader => FinetuneModel.ReadPayload(reader, new FixedCatalog(files with { ModelSha256 = new string('0', 64) })));

        var loaded = StudentModelFile.Deserialize(bytes, readers);
        var error = await Assert.ThrowsAsync<StudentModelFormatException>(() => loaded.PredictProbabilitiesAsync(["text"]));

        Assert.Contains(PackagedMiniLm.ModelSha256, error.Message, StringComparison.Ordinal);
        Assert.Contains(new string('0', 64), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fitting_predicting_and_disposing_leave_no_tensor_for_the_finaliser()
    {
        // A validation slice, so the best-epoch snapshot is taken and restored too.
        var options = Quick with { Epochs = 2, FreezeLayers = 4, ValidationFraction = 0.25 };
        var data = TopicSentences.Make(16, seed: 6);
        var texts = TopicSentences.Make(4, seed: 7).Texts;

        // All on one thread: TorchSharp counts, per thread, the tensors made there and not yet
        // disposed; one the finaliser frees is freed on its thread, so it stays counted here
        // whenever the collector runs. (On a 14-task run such tensors held gigabytes of native
        // memory until the collector got to them.)
        var (before, after) = AsyncContext.Run(async () =>
        {
            async Task FitPredictAndDisposeAsync()
            {
                var fitted = await Student(options).FitAsync(data, seed: 3);
                await fitted.Model.PredictProbabilitiesAsync(texts);
                ((IDisposable)fitted.Model).Dispose();
            }

            // The first round makes whatever a process keeps on purpose.
            await FitPredictAndDisposeAsync();
            var alive = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            await FitPredictAndDisposeAsync();
            return (alive, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        });
        output.WriteLine($"tensors alive on the thread: {before} after the first round, {after} after the second");

        Assert.Equal(before, after);
    }

    [Fact]
    public void The_learning_rate_warms_up_then_decays_linearly_to_zero()
    {
        Assert.Equal([0.5, 1.0, 0.8, 0.6, 0.4, 0.2], Enumerable.Range(1, 6).Select(step => Math.Round(FinetuneStudent.Schedule(step, warmup: 2, totalSteps: 6), 12)));
        Assert.Equal(1.0 / 7, FinetuneStudent.Schedule(6, warmup: 0, totalSteps: 6), 12);
    }

    private sealed class FixedCatalog(EncoderFiles files) : IEncoderCatalog
    {
        public IReadOnlyCollection<string> Names => [files.Name];

        public Task<EncoderFiles> GetAsync(string name, CancellationToken cancellationToken = default) => Task.FromResult(files);

        public int MaxLengthOf(string name) => files.MaxLength;
    }
}
