namespace Distillery.Llama;

/// <summary>How a model is loaded (a subset of <c>llama_model_params</c>).</summary>
public sealed record LlamaModelOptions
{
    /// <summary>Layers to place on a GPU; null keeps llama.cpp's default (all, when a GPU backend is loaded). Ignored on CPU.</summary>
    public int? GpuLayerCount { get; init; }

    /// <summary>Load only the vocabulary and metadata, no weights: enough to tokenise, not to decode.</summary>
    public bool VocabularyOnly { get; init; }
}
