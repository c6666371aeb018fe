using Distillery.Training.Encoders;

namespace Distillery.Training.Embeddings;

/// <summary>
/// A pretrained sentence encoder's embeddings at one <c>max_length</c>, named
/// <c>&lt;encoder&gt;@&lt;first 12 hex digits of the model's SHA-256&gt;/&lt;max_length&gt;</c>
/// (<c>all-minilm-l6-v2@4a64cee3d413/256</c>): other weights, or the same weights cutting texts
/// elsewhere, give other vectors and therefore another name, so a stored student is never
/// loaded over vectors it was not trained on.
/// </summary>
public sealed class SentenceEncoderEmbeddings : IEmbeddingProvider
{
    /// <summary>Texts per ONNX Runtime call.</summary>
    public const int BatchSize = 16;

    private readonly OnnxSentenceEncoder _encoder;

    public SentenceEncoderEmbeddings(OnnxSentenceEncoder encoder, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        if (maxLength < 2 || maxLength > encoder.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"encoder '{encoder.Files.Name}': max_length must be between 2 and its limit {encoder.MaxLength}");
        }

        _encoder = encoder;
        MaxLength = maxLength;
        Name = NameOf(encoder.Files.Name, encoder.Files.ModelSha256, maxLength);
    }

    public string Name { get; }

    public int Dimension => _encoder.Dimension;

    public int MaxLength { get; }

    /// <summary>The embedding cache's key space: the full model hash, not the name's 12 digits.</summary>
    public string CacheSpace => $"{_encoder.Files.Name}@{_encoder.Files.ModelSha256}/{MaxLength}";

    public static string NameOf(string encoder, string modelSha256, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(modelSha256);
        return $"{encoder}@{modelSha256[..Math.Min(12, modelSha256.Length)]}/{maxLength}";
    }

    /// <summary>The encoder and max_length a provider name gives, or null when it is not an encoder's name (a hashed projection's, say).</summary>
    public static (string Encoder, string ShaPrefix, int MaxLength)? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var at = name.LastIndexOf('@');
        var slash = name.LastIndexOf('/');
        return at > 0 && slash > at + 1
               && int.TryParse(name.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var maxLength)
            ? (name[..at], name[(at + 1)..slash], maxLength)
            : null;
    }

    public Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return texts.Count == 0
            ? Task.FromResult(Array.Empty<float[]>())
            : Task.Run(() => _encoder.Embed(texts, MaxLength, BatchSize, cancellationToken), cancellationToken);
    }
}
