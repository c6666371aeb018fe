using Distillery.Llama;
using Microsoft.Extensions.Logging;

namespace Distillery.IntegrationTests.Llama;

/// <summary>Loading models: errors that name the file, progress, cancellation, and llama.cpp's log in ILogger.</summary>
[Collection(SharedLlama.Name)]
public sealed class ModelLoadTests(TinyModelFixture fixture)
{
    [Fact]
    public void A_missing_model_file_is_an_error_naming_its_path()
    {
        var path = Path.Combine(fixture.Folder, "no-such-model.gguf");

        var error = Assert.Throws<FileNotFoundException>(() => LlamaModel.Load(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_gguf_is_an_error_naming_its_path_and_llama_cpps_reason()
    {
        var path = Path.Combine(fixture.Folder, "not-a-model.gguf");
        File.WriteAllText(path, "this is a text file, not a GGUF model");

        var error = Assert.Throws<LlamaModelLoadException>(() => LlamaModel.Load(path));

        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("magic", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Progress_is_reported_from_zero_upwards_ending_at_one()
    {
        var progress = new RecordedProgress();

        using var model = LlamaModel.Load(fixture.ModelPath, progress: progress);

        Assert.NotEmpty(progress.Values);
        Assert.All(progress.Values, value => Assert.InRange(value, 0f, 1f));
        Assert.Equal(progress.Values.Order(), progress.Values);
        Assert.Equal(1f, progress.Values[^1]);
    }

    [Fact]
    public void Cancelling_during_the_load_aborts_it_through_the_progress_callback()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordedProgress(_ => cancellation.Cancel());

        Assert.Throws<OperationCanceledException>(() => LlamaModel.Load(fixture.ModelPath, progress: progress, cancellationToken: cancellation.Token));

        // llama.cpp stopped at the first report instead of loading to the end.
        Assert.Single(progress.Values);
        using var loadedAfterwards = LlamaModel.Load(fixture.ModelPath);
        Assert.Equal(fixture.Model.ParameterCount, loadedAfterwards.ParameterCount);
    }

    [Fact]
    public void A_load_cancelled_before_it_starts_never_reaches_llama_cpp()
    {
        var progress = new RecordedProgress();

        Assert.Throws<OperationCanceledException>(() => LlamaModel.Load(fixture.ModelPath, progress: progress, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Empty(progress.Values);
    }

    [Fact]
    public void A_progress_sink_that_throws_stops_the_load_with_its_exception_inside()
    {
        var progress = new RecordedProgress(_ => throw new InvalidOperationException("sink broke"));

        var error = Assert.Throws<LlamaModelLoadException>(() => LlamaModel.Load(fixture.ModelPath, progress: progress));

        Assert.Equal("sink broke", error.InnerException?.Message);
    }

    [Fact]
    public void A_vocabulary_only_load_tokenises_like_the_full_model_and_runs_nothing()
    {
        using var vocabularyOnly = LlamaModel.Load(fixture.ModelPath, new LlamaModelOptions { VocabularyOnly = true });

        Assert.True(vocabularyOnly.IsVocabularyOnly);
        Assert.Equal(fixture.Model.Vocabulary.Tokenize("spam or ham"), vocabularyOnly.Vocabulary.Tokenize("spam or ham"));
        Assert.Equal(fixture.Model.ChatTemplate, vocabularyOnly.ChatTemplate);
        Assert.Equal(0, vocabularyOnly.LayerCount);
        Assert.Throws<InvalidOperationException>(() => vocabularyOnly.CreateContext());
    }

    [Fact]
    public void Llama_cpps_log_reaches_the_ilogger_with_its_levels()
    {
        LlamaModel.Load(fixture.ModelPath).Dispose();
        Assert.Throws<LlamaModelLoadException>(() => LlamaModel.Load(WriteGarbage()));

        var entries = fixture.Log.Entries.Where(entry => entry.Category == "llama.cpp").ToList();
        Assert.Contains(entries, entry => entry.Level == LogLevel.Information && entry.Message.StartsWith("llama_model_loader: ", StringComparison.Ordinal));
        Assert.Contains(entries, entry => entry.Level == LogLevel.Error && entry.Message.Contains("magic", StringComparison.OrdinalIgnoreCase));
        // Pieces of a line are joined: no entry is an empty fragment or ends in a newline.
        Assert.All(entries, entry => Assert.False(string.IsNullOrWhiteSpace(entry.Message) || entry.Message.EndsWith('\n')));
    }

    private string WriteGarbage()
    {
        var path = Path.Combine(fixture.Folder, $"garbage-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8]);
        return path;
    }

    /// <summary>Records every report synchronously (Progress&lt;T&gt; would post them elsewhere).</summary>
    private sealed class RecordedProgress(Action<float>? onReport = null) : IProgress<float>
    {
        public List<float> Values { get; } = [];

        public void Report(float value)
        {
            Values.Add(value);
            onReport?.Invoke(value);
        }
    }
}
