using System.Runtime.InteropServices;

namespace Distillery.Llama.Native;

/// <summary>Model loading and metadata (llama.h: "model" functions).</summary>
internal static unsafe partial class ModelImports
{
    [LibraryImport(LibraryNames.Llama)]
    internal static partial LlamaModelParams llama_model_default_params();

    /// <summary>Returns NULL when the file cannot be read or parsed, and when the progress callback returned false.</summary>
    [LibraryImport(LibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SafeLlamaModelHandle llama_model_load_from_file(string path, LlamaModelParams parameters);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial void llama_model_free(nint model);

    /// <summary>The vocabulary, owned by the model.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    /// <summary>The width of what <c>llama_get_embeddings_*</c> return.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_embd_out(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_head(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial ulong llama_model_size(SafeLlamaModelHandle model);

    /// <summary>Writes a NUL-terminated value; returns its length, or -1 when the key is absent.</summary>
    [LibraryImport(LibraryNames.Llama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buffer, nuint bufferSize);

    [LibraryImport(LibraryNames.Llama)]
    internal static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    /// <summary>The template string owned by the model, or NULL; <paramref name="name"/> NULL means the default template.</summary>
    [LibraryImport(LibraryNames.Llama)]
    internal static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);
}
