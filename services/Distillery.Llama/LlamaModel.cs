using System.Runtime.InteropServices;
using System.Text;
using Distillery.Llama.Logging;
using Distillery.Llama.Native;

namespace Distillery.Llama;

/// <summary>
/// A GGUF model loaded by llama.cpp: its shape and metadata, its <see cref="Vocabulary"/>, and
/// the contexts that run it. Thread safe for reading and tokenising; each context is used by one
/// thread at a time. Contexts and samplers keep the native model alive, so disposing the model
/// while they are in use is safe: it is freed when the last of them is.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly SafeLlamaModelHandle _handle;

    private LlamaModel(SafeLlamaModelHandle handle, string path, bool vocabularyOnly)
    {
        _handle = handle;
        Path = path;
        IsVocabularyOnly = vocabularyOnly;
        Vocabulary = new LlamaVocabulary(handle);
        // A vocabulary-only load reads no hyperparameters, and llama.cpp aborts when asked for
        // the head count of a model without layers: its shape stays zero here.
        if (!vocabularyOnly)
        {
            TrainingContextLength = ModelImports.llama_model_n_ctx_train(handle);
            EmbeddingSize = ModelImports.llama_model_n_embd(handle);
            EmbeddingOutputSize = ModelImports.llama_model_n_embd_out(handle);
            LayerCount = ModelImports.llama_model_n_layer(handle);
            HeadCount = ModelImports.llama_model_n_head(handle);
            KeyValueHeadCount = ModelImports.llama_model_n_head_kv(handle);
        }

        ParameterCount = ModelImports.llama_model_n_params(handle);
        SizeInBytes = ModelImports.llama_model_size(handle);
        ChatTemplate = Marshal.PtrToStringUTF8((nint)ModelImports.llama_model_chat_template(handle, null));
        Description = ReadDescription(handle);
    }

    /// <summary>The absolute path of the file the model was loaded from.</summary>
    public string Path { get; }

    public LlamaVocabulary Vocabulary { get; }

    /// <summary>Loaded with <see cref="LlamaModelOptions.VocabularyOnly"/>: it tokenises, but has no shape and makes no contexts.</summary>
    public bool IsVocabularyOnly { get; }

    /// <summary>The context length the model was trained with (<c>n_ctx_train</c>).</summary>
    public int TrainingContextLength { get; }

    /// <summary>The width of the hidden state (<c>n_embd</c>).</summary>
    public int EmbeddingSize { get; }

    /// <summary>The width of the embeddings a context returns (usually <see cref="EmbeddingSize"/>).</summary>
    public int EmbeddingOutputSize { get; }

    public int LayerCount { get; }

    public int HeadCount { get; }

    public int KeyValueHeadCount { get; }

    public ulong ParameterCount { get; }

    /// <summary>The bytes of all tensors.</summary>
    public ulong SizeInBytes { get; }

    /// <summary>The default chat template (<c>tokenizer.chat_template</c>), or null when the model has none.</summary>
    public string? ChatTemplate { get; }

    /// <summary>llama.cpp's one-line description, e.g. <c>llama ?B F32</c>.</summary>
    public string Description { get; }

    internal SafeLlamaModelHandle Handle => _handle;

    /// <summary>
    /// Loads a GGUF file. <paramref name="progress"/> hears the fraction loaded (ending at 1),
    /// on the loading thread; cancelling <paramref name="cancellationToken"/> aborts the load
    /// through llama.cpp's progress callback and throws <see cref="OperationCanceledException"/>.
    /// A missing file throws <see cref="FileNotFoundException"/>, one llama.cpp cannot load
    /// <see cref="LlamaModelLoadException"/>, both naming the path.
    /// </summary>
    public static LlamaModel Load(
        string path,
        LlamaModelOptions? options = null,
        IProgress<float>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"model file '{fullPath}' does not exist", fullPath);
        }

        cancellationToken.ThrowIfCancellationRequested();
        LlamaBackend.EnsureInitialized();

        options ??= new LlamaModelOptions();
        var parameters = ModelImports.llama_model_default_params();
        if (options.GpuLayerCount is { } gpuLayers)
        {
            parameters.NGpuLayers = gpuLayers;
        }

        parameters.VocabOnly = options.VocabularyOnly;
        var state = new ModelLoadProgress(progress, cancellationToken);
        var stateHandle = GCHandle.Alloc(state);
        try
        {
            parameters.ProgressCallback = (nint)(delegate* unmanaged[Cdecl]<float, nint, bool>)&ModelLoadProgress.OnProgress;
            parameters.ProgressCallbackUserData = GCHandle.ToIntPtr(stateHandle);
            LlamaLogBridge.BeginCapture();
            var handle = ModelImports.llama_model_load_from_file(fullPath, parameters);
            if (!handle.IsInvalid)
            {
                return new LlamaModel(handle, fullPath, options.VocabularyOnly);
            }

            handle.Dispose();
            if (state.Failure is { } failure)
            {
                throw new LlamaModelLoadException($"loading the model '{fullPath}' stopped: the progress callback threw", failure) { Path = fullPath };
            }

            cancellationToken.ThrowIfCancellationRequested();
            var reason = LlamaLogBridge.CapturedErrors();
            throw new LlamaModelLoadException(
                $"llama.cpp could not load the model '{fullPath}'" + (reason.Length > 0 ? $": {reason}" : string.Empty))
            { Path = fullPath };
        }
        finally
        {
            stateHandle.Free();
        }
    }

    /// <summary>A metadata value (e.g. <c>general.name</c>, <c>llama.block_count</c>) as text, or null when absent. Arrays are not readable this way.</summary>
    public string? GetMetadata(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Span<byte> buffer = stackalloc byte[256];
        int length;
        fixed (byte* pointer = buffer)
        {
            length = ModelImports.llama_model_meta_val_str(_handle, key, pointer, (nuint)buffer.Length);
        }

        if (length < 0)
        {
            return null;
        }

        if (length < buffer.Length)
        {
            return Encoding.UTF8.GetString(buffer[..length]);
        }

        var large = new byte[length + 1];
        fixed (byte* pointer = large)
        {
            length = ModelImports.llama_model_meta_val_str(_handle, key, pointer, (nuint)large.Length);
        }

        return Encoding.UTF8.GetString(large, 0, length);
    }

    /// <summary>A context over this model; see <see cref="LlamaContextOptions"/>.</summary>
    public LlamaContext CreateContext(LlamaContextOptions? options = null) =>
        IsVocabularyOnly
            ? throw new InvalidOperationException($"the model '{Path}' was loaded without weights (vocabulary only) and cannot run")
            : LlamaContext.Create(this, options ?? new LlamaContextOptions());

    public void Dispose() => _handle.Dispose();

    private static string ReadDescription(SafeLlamaModelHandle handle)
    {
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* pointer = buffer)
        {
            var length = ModelImports.llama_model_desc(handle, pointer, (nuint)buffer.Length);
            return Encoding.UTF8.GetString(buffer[..Math.Clamp(length, 0, buffer.Length - 1)]);
        }
    }
}
