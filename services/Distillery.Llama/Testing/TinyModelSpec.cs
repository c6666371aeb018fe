namespace Distillery.Llama.Testing;

/// <summary>
/// The shape of a synthetic llama-architecture model (see <see cref="TinyModelFactory"/>).
/// <see cref="Tiny"/> is what tests run on: small enough that hundreds of decodes take seconds on
/// two cores. <see cref="Benchmark"/> is large enough that decoding costs what batching and
/// caching are meant to save.
/// </summary>
public sealed record TinyModelSpec
{
    /// <summary>2 layers of width 64 (4 heads of 16, 2 KV heads), feed-forward 128, F32.</summary>
    public static TinyModelSpec Tiny { get; } = new();

    /// <summary>8 layers of width 512 (8 heads of 64, 4 KV heads), feed-forward 1536, F16: about 25.5 M parameters, a 51 MB file.</summary>
    public static TinyModelSpec Benchmark { get; } = new()
    {
        Name = "distillery-benchmark-llama",
        LayerCount = 8,
        EmbeddingSize = 512,
        HeadCount = 8,
        KeyValueHeadCount = 4,
        FeedForwardSize = 1536,
        Precision = TinyModelPrecision.F16,
    };

    /// <summary>general.name in the file.</summary>
    public string Name { get; init; } = "distillery-tiny-llama";

    /// <summary>Seeds every weight: the same spec gives the same file, byte for byte.</summary>
    public ulong Seed { get; init; } = 7;

    public int LayerCount { get; init; } = 2;

    public int EmbeddingSize { get; init; } = 64;

    public int HeadCount { get; init; } = 4;

    /// <summary>Fewer than <see cref="HeadCount"/> makes grouped-query attention, as Mistral and Llama 3 use.</summary>
    public int KeyValueHeadCount { get; init; } = 2;

    public int FeedForwardSize { get; init; } = 128;

    /// <summary>The training context length written to the metadata (<c>llama.context_length</c>).</summary>
    public int ContextLength { get; init; } = 4096;

    public TinyModelPrecision Precision { get; init; } = TinyModelPrecision.F32;

    internal int HeadSize => EmbeddingSize / HeadCount;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LayerCount, nameof(LayerCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(HeadCount, nameof(HeadCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(KeyValueHeadCount, nameof(KeyValueHeadCount));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FeedForwardSize, nameof(FeedForwardSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ContextLength, nameof(ContextLength));
        if (EmbeddingSize <= 0 || EmbeddingSize % HeadCount != 0 || HeadSize % 2 != 0)
        {
            throw new ArgumentException($"{nameof(EmbeddingSize)} must split into {HeadCount} heads of an even size (RoPE rotates pairs)");
        }

        if (HeadCount % KeyValueHeadCount != 0)
        {
            throw new ArgumentException($"{nameof(HeadCount)} must be a multiple of {nameof(KeyValueHeadCount)}");
        }
    }
}
