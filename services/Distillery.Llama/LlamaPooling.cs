namespace Distillery.Llama;

/// <summary>How a context pools token embeddings into one per sequence (<c>enum llama_pooling_type</c>).</summary>
public enum LlamaPooling
{
    /// <summary>The model's own choice (from its metadata); none for generative models.</summary>
    Unspecified = -1,

    /// <summary>No pooling: one embedding per output token.</summary>
    None = 0,

    Mean = 1,

    /// <summary>The first token's embedding.</summary>
    Cls = 2,

    /// <summary>The last token's embedding.</summary>
    Last = 3,

    /// <summary>A reranker's score head.</summary>
    Rank = 4,
}
