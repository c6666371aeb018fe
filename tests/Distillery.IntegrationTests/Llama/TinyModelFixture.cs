using System.Diagnostics;
using Distillery.Llama;
using Distillery.Llama.Testing;

namespace Distillery.IntegrationTests.Llama;

/// <summary>
/// llama.cpp loaded once from the libraries the build put beside the tests, its log captured, and
/// the tiny synthetic model written to a temporary folder and loaded: shared by every llama test.
/// </summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Backend = LlamaBackend.Initialize(new LlamaNativeOptions { Path = NativeDirectory }, Log);
        ModelPath = Path.Combine(Folder, "tiny.gguf");
        var clock = Stopwatch.StartNew();
        TinyModelFactory.Write(ModelPath);
        WriteTime = clock.Elapsed;
        clock.Restart();
        Model = LlamaModel.Load(ModelPath);
        LoadTime = clock.Elapsed;
    }

    /// <summary>Where the build copied the CPU libraries (Directory.Build.targets).</summary>
    public static string NativeDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "native", "linux-x64");

    public CapturedLog Log { get; } = new();

    public LlamaBackend Backend { get; }

    /// <summary>A folder for this run's files, deleted afterwards.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("distillery-llama-").FullName;

    public string ModelPath { get; }

    public LlamaModel Model { get; }

    public TimeSpan WriteTime { get; }

    public TimeSpan LoadTime { get; }

    /// <summary>
    /// What the tests' contexts start from. One thread: the tiny model gains nothing from more,
    /// and on a busy two-core machine ggml's threads waiting on each other made a decode a
    /// thousand times slower (180 ms instead of 0.25 ms a token, measured here).
    /// </summary>
    public static LlamaContextOptions Options { get; } = new() { ContextSize = 512, Threads = 1 };

    /// <summary>A context over the shared model; the caller disposes it.</summary>
    public LlamaContext NewContext(LlamaContextOptions? options = null) => Model.CreateContext(options ?? Options);

    public void Dispose()
    {
        Model.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>
/// Every test that calls into llama.cpp: one loaded backend and model, and one test at a time,
/// since llama.cpp's process-wide state (backend registry, log callback) is not made for
/// concurrent set-up.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedLlama : ICollectionFixture<TinyModelFixture>
{
    public const string Name = "llama.cpp";
}
