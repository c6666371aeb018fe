using Distillery.Domain.Metrics;
using Distillery.Training.Embeddings;
using Distillery.Training.Models;
using Distillery.Training.Persistence;

namespace Distillery.Training.Students;

/// <summary>
/// A trained embedding student (<c>embedding-logreg</c>, <c>embedding-mlp</c>): the provider it
/// embeds with and its head. The payload stores the provider's name and dimension, not the
/// provider, so loading takes the provider from the caller and refuses a different one.
/// </summary>
public sealed class EmbeddingStudentModel : IStudentModel
{
    public EmbeddingStudentModel(string kind, LabelSet labels, IEmbeddingProvider provider, IEmbeddingHead head)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(head);
        if (head.Classes != labels.Count || head.Inputs != provider.Dimension)
        {
            throw new ArgumentException(
                $"a '{kind}' head of {head.Classes} classes over {head.Inputs} inputs does not fit {labels.Count} labels and embeddings of dimension {provider.Dimension}");
        }

        Kind = kind;
        Labels = labels;
        Provider = provider;
        Head = head;
    }

    public string Kind { get; }

    public LabelSet Labels { get; }

    public IEmbeddingProvider Provider { get; }

    public IEmbeddingHead Head { get; }

    public async Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Head.PredictProbabilities(await ProviderEmbeddings.EmbedCheckedAsync(Provider, texts, cancellationToken));

    public void WritePayload(BinaryWriter writer)
    {
        StudentPayload.WriteLabels(writer, Labels);
        EmbeddingSignature.Of(Provider).Write(writer);
        Head.Write(writer);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>, embedding with <paramref name="provider"/>, which must be the one it was trained on.</summary>
    public static EmbeddingStudentModel ReadPayload(BinaryReader reader, string kind, IEmbeddingProvider provider, Func<BinaryReader, IEmbeddingHead> readHead)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return ReadPayload(reader, kind, _ => provider, readHead);
    }

    /// <summary>
    /// Reads a payload written by <see cref="WritePayload"/>, embedding with the provider
    /// <paramref name="resolve"/> gives for the stored name and dimension (it throws
    /// <see cref="EmbeddingProviderMismatchException"/> when it has none), checked to be that one.
    /// </summary>
    public static EmbeddingStudentModel ReadPayload(BinaryReader reader, string kind, Func<EmbeddingSignature, IEmbeddingProvider> resolve, Func<BinaryReader, IEmbeddingHead> readHead)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(readHead);
        var labels = StudentPayload.ReadLabels(reader);
        var signature = EmbeddingSignature.Read(reader);
        var provider = resolve(signature);
        signature.EnsureMatches(provider, kind);
        var head = readHead(reader);
        if (head.Classes != labels.Count || head.Inputs != provider.Dimension)
        {
            throw new StudentModelFormatException(
                $"the '{kind}' head has {head.Classes} classes over {head.Inputs} inputs, but the model has {labels.Count} labels and dimension {provider.Dimension}");
        }

        return new EmbeddingStudentModel(kind, labels, provider, head);
    }
}
