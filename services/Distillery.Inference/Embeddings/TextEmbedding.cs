namespace Distillery.Inference.Embeddings;

/// <summary>A text's embedding: the mean of its tokens' final hidden states, scaled to unit length.</summary>
public sealed record TextEmbedding(float[] Vector, bool Truncated);
