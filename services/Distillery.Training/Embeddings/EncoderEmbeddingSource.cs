using System.Collections.Concurrent;
using Distillery.Training.Encoders;

namespace Distillery.Training.Embeddings;

/// <summary>
/// The embedding students' vectors: a pretrained encoder from <paramref name="catalog"/> at a
/// max_length, through <paramref name="cache"/> when one is given. <see cref="Get"/> hands out a
/// provider without touching the encoder's files, so a spec is checked (the Coordinator does so
/// at Submit) without loading a model; the files are fetched and the ONNX session created on the
/// first embedding, once per encoder per process (every max_length shares the session), with
/// <paramref name="threads"/> intra-op threads.
/// </summary>
public sealed class EncoderEmbeddingSource(IEncoderCatalog catalog, IEmbeddingCache? cache = null, int threads = 1) : IDisposable
{
    /// <summary>The max_length a student gets when its spec gives none (sentence-transformers' own for all-MiniLM-L6-v2).</summary>
    public const int DefaultMaxLength = 256;

    private readonly IEncoderCatalog _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    private readonly IEmbeddingCache? _cache = cache;
    private readonly int _threads = threads >= 1 ? threads : throw new ArgumentOutOfRangeException(nameof(threads), threads, "ONNX Runtime needs at least one thread");
    private readonly ConcurrentDictionary<string, Lazy<Task<OnnxSentenceEncoder>>> _encoders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Encoder, int MaxLength), Deferred> _providers = new();

    /// <summary>Where the encoders come from (the <c>finetune</c> student starts from the same files).</summary>
    public IEncoderCatalog Catalog => _catalog;

    /// <summary>The encoder names a spec may give.</summary>
    public IReadOnlyCollection<string> Encoders => _catalog.Names;

    /// <summary>The longest max_length <paramref name="encoder"/> accepts (known without its files).</summary>
    public int MaxLengthOf(string encoder) => _catalog.MaxLengthOf(encoder);

    /// <summary>The provider for <paramref name="encoder"/> at <paramref name="maxLength"/>; nothing is loaded until it embeds or is named.</summary>
    public IEmbeddingProvider Get(string encoder, int maxLength)
    {
        if (!Encoders.Contains(encoder))
        {
            throw new EncoderFilesException($"unknown encoder '{encoder}' (known: {string.Join(", ", Encoders)})");
        }

        var limit = MaxLengthOf(encoder);
        if (maxLength < 2 || maxLength > limit)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, $"encoder '{encoder}': max_length must be between 2 and its limit {limit}");
        }

        return _providers.GetOrAdd((encoder, maxLength), key => new Deferred(this, key.Encoder, key.MaxLength));
    }

    /// <summary>
    /// The provider a stored student names (<c>all-minilm-l6-v2@4a64cee3d413/256</c>), or null when
    /// the name is not one of this process's encoders: the caller then refuses the model.
    /// </summary>
    public IEmbeddingProvider? Resolve(string providerName)
    {
        return SentenceEncoderEmbeddings.Parse(providerName) is { } parsed
               && Encoders.Contains(parsed.Encoder)
               && parsed.MaxLength >= 2 && parsed.MaxLength <= MaxLengthOf(parsed.Encoder)
            ? Get(parsed.Encoder, parsed.MaxLength)
            : null;
    }

    public void Dispose()
    {
        foreach (var encoder in _encoders.Values.Where(lazy => lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully))
        {
            encoder.Value.Result.Dispose();
        }
    }

    private Task<OnnxSentenceEncoder> EncoderAsync(string name) =>
        _encoders.GetOrAdd(name, key => new Lazy<Task<OnnxSentenceEncoder>>(async () =>
            await OnnxSentenceEncoder.LoadAsync(await _catalog.GetAsync(key), _threads))).Value;

    /// <summary>A provider that loads its encoder on first use; a failed load is retried on the next use rather than remembered.</summary>
    private sealed class Deferred(EncoderEmbeddingSource source, string encoder, int maxLength) : IEmbeddingProvider
    {
        private readonly Lock _gate = new();
        private Task<IEmbeddingProvider>? _load;

        /// <summary>Needs the model's hash: loads the encoder when it is not loaded yet.</summary>
        public string Name => LoadAsync().GetAwaiter().GetResult().Name;

        /// <summary>Needs the model's hidden size: loads the encoder when it is not loaded yet.</summary>
        public int Dimension => LoadAsync().GetAwaiter().GetResult().Dimension;

        public async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            await (await LoadAsync().WaitAsync(cancellationToken)).EmbedAsync(texts, cancellationToken);

        private Task<IEmbeddingProvider> LoadAsync()
        {
            lock (_gate)
            {
                if (_load is null || _load.IsFaulted || _load.IsCanceled)
                {
                    _load = CreateAsync();
                }

                return _load;
            }
        }

        private async Task<IEmbeddingProvider> CreateAsync()
        {
            OnnxSentenceEncoder model;
            try
            {
                model = await source.EncoderAsync(encoder);
            }
            catch
            {
                // Not remembered: the next use tries again (files restored, say).
                source._encoders.TryRemove(encoder, out _);
                throw;
            }

            var embeddings = new SentenceEncoderEmbeddings(model, maxLength);
            return source._cache is null ? embeddings : new CachedEmbeddings(embeddings, source._cache, embeddings.CacheSpace);
        }
    }
}
