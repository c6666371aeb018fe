using Distillery.Domain.Metrics;
using Distillery.Training.Embeddings;
using Distillery.Training.Features;
using Distillery.Training.Models;
using Distillery.Training.Persistence;

namespace Distillery.Training.Students.EmbeddingLogReg;

/// <summary>
/// A trained <c>embedding-logreg</c> student: the provider it embeds with and its logistic head.
/// The payload stores the provider's name and dimension, not the provider, so loading it takes
/// the provider from the caller and refuses a different one.
/// </summary>
public sealed class EmbeddingLogRegModel : IStudentModel
{
    public EmbeddingLogRegModel(LabelSet labels, IEmbeddingProvider provider, LogisticRegressionHead head)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(head);
        if (head.Classes != labels.Count || head.Features != provider.Dimension)
        {
            throw new ArgumentException(
                $"a head of {head.Classes} classes over {head.Features} features does not fit {labels.Count} labels and embeddings of dimension {provider.Dimension}");
        }

        Labels = labels;
        Provider = provider;
        Head = head;
    }

    public string Kind => EmbeddingLogRegStudent.KindName;

    public LabelSet Labels { get; }

    public IEmbeddingProvider Provider { get; }

    public LogisticRegressionHead Head { get; }

    public async Task<double[][]> PredictProbabilitiesAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var embeddings = await ProviderEmbeddings.EmbedCheckedAsync(Provider, texts, cancellationToken);
        return Head.PredictProbabilities(SparseMatrix.FromDense(embeddings, Provider.Dimension));
    }

    public void WritePayload(BinaryWriter writer)
    {
        StudentPayload.WriteLabels(writer, Labels);
        EmbeddingSignature.Of(Provider).Write(writer);
        Head.Write(writer);
    }

    /// <summary>Reads a payload written by <see cref="WritePayload"/>, embedding with <paramref name="provider"/>, which must be the one it was trained on.</summary>
    public static EmbeddingLogRegModel ReadPayload(BinaryReader reader, IEmbeddingProvider provider)
    {
        var labels = StudentPayload.ReadLabels(reader);
        EmbeddingSignature.Read(reader).EnsureMatches(provider, EmbeddingLogRegStudent.KindName);
        var head = LogisticRegressionHead.Read(reader);
        if (head.Classes != labels.Count || head.Features != provider.Dimension)
        {
            throw new StudentModelFormatException(
                $"the '{EmbeddingLogRegStudent.KindName}' head has {head.Classes} classes over {head.Features} features, but the model has {labels.Count} labels and dimension {provider.Dimension}");
        }

        return new EmbeddingLogRegModel(labels, provider, head);
    }
}
