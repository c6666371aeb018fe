using Distillery.Inference.Engine;

namespace Distillery.Inference.Embeddings;

/// <summary>
/// Embeds texts with a model: each text is tokenised as data (control-token text is not parsed),
/// cut in the middle to what one step decodes, and embedded in the engine's embedding steps. A
/// text that occurs twice in a call is embedded once: the same text gets the very same vector
/// (decoded at another place in a batch its sums would round differently, in the seventh digit).
/// </summary>
public static class TextEmbedder
{
    public static async Task<IReadOnlyList<TextEmbedding>> EmbedAsync(ModelEngine engine, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(texts);
        var vocabulary = engine.Model.Vocabulary;
        var limit = Math.Min(engine.BatchCapacity, engine.ContextLength);
        var marker = vocabulary.Tokenize(MiddleTruncation.Marker, addSpecial: false);
        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        var prepared = distinct.Select((text, i) =>
        {
            var tokens = vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false);
            return tokens.Length > 0 ? MiddleTruncation.Fit(tokens, limit, marker) : throw new ArgumentException("texts: an empty text gives this model no tokens to embed");
        }).ToList();
        var usage = engine.NewUsage();
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var works = prepared.Select(item => new EmbeddingWork(item.Tokens, usage, call.Token)).ToList();
        foreach (var item in prepared)
        {
            usage.AddPrompt(item.Tokens.Length);
        }

        engine.SubmitAll(works);
        var vectors = await WorkSubmission.AllOrNothing([.. works.Select(work => work.Result)], call);
        var byText = distinct.Select((text, i) => (text, embedding: new TextEmbedding(vectors[i], prepared[i].Truncated)))
            .ToDictionary(pair => pair.text, pair => pair.embedding, StringComparer.Ordinal);
        return [.. texts.Select(text => byText[text])];
    }
}
